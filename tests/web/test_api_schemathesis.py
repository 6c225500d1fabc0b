"""The JSON API against its own OpenAPI document, with schemathesis (issues 12 and 13).

The document is loaded from the app itself (`/api/v1/openapi.json` over WSGI),
checked against the OpenAPI 3.1 meta-schema, and then every operation gets a
bounded number of generated requests, valid and invalid ones: no answer may be
a server error, and every answer must match the schema documented for its
status. Runs on the seeded SQLite app without a model (tests/web/conftest.py).
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from web.api import MATCH_LIMIT, READ_LIMIT
from web.api_spec import OPERATIONS, PREFIX

EXAMPLES = 25


@pytest.fixture
def api_schema(app: Flask) -> Any:
    # Hundreds of requests from one address in a minute: the limits are tested elsewhere.
    app.config[READ_LIMIT] = app.config[MATCH_LIMIT] = "100000 per minute"
    return schemathesis.openapi.from_wsgi(f"{PREFIX}/openapi.json", app)


def test_the_document_is_valid_openapi_31(api_schema: Any) -> None:
    api_schema.validate()  # raises on any violation of the OpenAPI 3.1 meta-schema
    assert api_schema.raw_schema["openapi"] == "3.1.0"
    documented = {
        (method.upper(), path)
        for path, item in api_schema.raw_schema["paths"].items()
        for method in item
    }
    assert documented == {(op.method.upper(), PREFIX + op.path) for op in OPERATIONS}


# schemathesis's own pytest integration (`from_fixture`, `parametrize`) does not run on
# pytest 9 (it sets a node attribute pytest no longer has), so each operation and
# generation mode is its own pytest case driving schemathesis's Hypothesis strategy.
CASES = [
    pytest.param(op.operation_id, mode, id=f"{op.operation_id}-{mode.value}")
    for op in OPERATIONS
    for mode in GenerationMode
    # Invalid requests need something to be invalid: parameters or a body.
    if mode is GenerationMode.POSITIVE or op.query or op.body or op.path_parameters
]


@pytest.mark.parametrize(("operation_id", "mode"), CASES)
def test_every_operation_conforms(api_schema: Any, operation_id: str, mode: GenerationMode) -> None:
    operation = api_schema.find_operation_by_id(operation_id)

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def conforms(case: Any) -> None:
        case.call_and_validate(checks=[not_a_server_error, response_schema_conformance])

    conforms()
