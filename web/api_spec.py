"""The OpenAPI 3.1 document of /api/v1, generated from the API's own models.

Request and response bodies and the query parameters of GET /groups are the
JSON schemas of `web.api_models` (collected under components/schemas); the
paths come from the small table below. The views serialise through the same
models, so the document cannot drift from what the API does; a schemathesis
run in the tests checks every operation against it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import JsonSchemaMode, models_json_schema

from web import api_models as m

PREFIX = "/api/v1"
VERSION = "1.0.0"
REF = "#/components/schemas/{model}"

Responses = Mapping[int, type[BaseModel] | None]
_STATUS = {
    200: "OK",
    400: "A parameter or the body cannot be read (the error names it)",
    404: "No such group",
    413: "The body is too large",
    415: "The body is not application/json",
    422: "The profile has a bad value (the error names the field)",
    429: "Too many requests from this address: wait for Retry-After seconds",
    503: "The catalogue or the matcher is unavailable: try again after Retry-After seconds",
}
_RETRY_AFTER = {"Retry-After": {"schema": {"type": "integer", "minimum": 1}}}


@dataclass(frozen=True)
class Operation:
    """One path and method of the API."""

    method: str
    path: str
    operation_id: str
    summary: str
    responses: Responses
    description: str = ""
    query: type[BaseModel] | None = None
    body: type[BaseModel] | None = None
    path_parameters: tuple[dict[str, Any], ...] = field(default=())


_GROUP_ID = {
    "name": "id",
    "in": "path",
    "required": True,
    "description": "The group's id.",
    "schema": {"type": "integer", "minimum": 1},
}
_MATCH_ERRORS: Responses = {code: m.MatchErrorResponse for code in (400, 413, 415, 422, 429, 503)}

OPERATIONS: tuple[Operation, ...] = (
    Operation(
        "get",
        "/groups",
        "listGroups",
        "Groups, filtered and paged",
        {200: m.GroupList, 400: m.ErrorResponse, 429: m.ErrorResponse, 503: m.ErrorResponse},
        "The public search's filters (Dutch names, as in shared search URLs), paging, and "
        "`modified_after` for incremental sync (as Open Referral's HSDA API has it).",
        query=m.GroupListQuery,
    ),
    Operation(
        "get",
        "/groups/{id}",
        "getGroup",
        "One group in full",
        {200: m.GroupDetail, 404: m.ErrorResponse, 429: m.ErrorResponse, 503: m.ErrorResponse},
        path_parameters=(_GROUP_ID,),
    ),
    Operation(
        "post",
        "/match",
        "match",
        "Ranked, explained groups for a profile; crisis help first",
        {200: m.MatchResponse, **_MATCH_ERRORS},
        "`crisis` comes first in every answer, errors included: when the words signal a "
        "crisis it holds the help to show before anything else (112 first for acute danger). "
        "It is there even when matching fails (503). The text is never stored or logged.",
        body=m.MatchRequest,
    ),
    Operation(
        "get",
        "/municipalities",
        "listMunicipalities",
        "The GEM municipalities and their regions",
        {200: m.MunicipalityList, 429: m.ErrorResponse},
    ),
    Operation(
        "get",
        "/vocabularies",
        "getVocabularies",
        "Every code the API uses, with its Dutch label",
        {200: m.Vocabularies, 429: m.ErrorResponse},
    ),
    Operation(
        "get",
        "/openapi.json",
        "getOpenApi",
        "This document",
        {200: None, 429: m.ErrorResponse},
    ),
)


def _models() -> list[tuple[type[BaseModel], JsonSchemaMode]]:
    found: dict[tuple[type[BaseModel], JsonSchemaMode], None] = {}
    for op in OPERATIONS:
        if op.body is not None:
            found[(op.body, "validation")] = None
        for model in op.responses.values():
            if model is not None:
                found[(model, "serialization")] = None
    return list(found)


def _query_parameters(model: type[BaseModel]) -> list[dict[str, Any]]:
    """One query parameter per field of a model, described by the field's own schema."""
    properties = model.model_json_schema(ref_template=REF)["properties"]
    parameters = []
    for name, schema in properties.items():
        schema = {k: v for k, v in schema.items() if k not in ("title", "default")}
        description = schema.pop("description", "")
        branches = [s for s in schema.pop("anyOf", []) if s.get("type") != "null"]
        if branches:  # "X or null": a parameter is simply left out instead
            schema = {**schema, **branches[0]}
            description = description or schema.pop("description", "")
        parameter = {"name": name, "in": "query", "required": False, "schema": schema}
        if description:
            parameter["description"] = description
        if schema.get("type") == "array":
            parameter.update(style="form", explode=True)
        parameters.append(parameter)
    return parameters


def _response(status: int, ref: dict[str, Any] | None) -> dict[str, Any]:
    schema = ref if ref is not None else {"type": "object"}
    response: dict[str, Any] = {
        "description": _STATUS[status],
        "content": {"application/json": {"schema": schema}},
    }
    if status in (429, 503):
        response["headers"] = _RETRY_AFTER
    return response


@cache
def openapi_document() -> dict[str, Any]:
    """The OpenAPI 3.1 document (built once per process)."""
    refs, definitions = models_json_schema(_models(), ref_template=REF)
    paths: dict[str, dict[str, Any]] = {}
    for op in OPERATIONS:
        parameters = list(op.path_parameters)
        if op.query is not None:
            parameters += _query_parameters(op.query)
        entry: dict[str, Any] = {
            "operationId": op.operation_id,
            "summary": op.summary,
            "responses": {
                str(status): _response(
                    status, refs[(model, "serialization")] if model is not None else None
                )
                for status, model in op.responses.items()
            },
        }
        if op.description:
            entry["description"] = op.description
        if parameters:
            entry["parameters"] = parameters
        if op.body is not None:
            entry["requestBody"] = {
                "required": True,
                "content": {"application/json": {"schema": refs[(op.body, "validation")]}},
            }
        paths.setdefault(PREFIX + op.path, {})[op.method] = entry
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Groepenwijzer API",
            "version": VERSION,
            "description": "Read-only catalogue of mental-health groups in the GEM regions, and "
            "matching of a profile to groups. No login; rate-limited per address. See docs/api.md.",
        },
        "paths": paths,
        "components": {"schemas": definitions.get("$defs", {})},
    }
