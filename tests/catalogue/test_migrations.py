"""Migrations: head matches the models exactly, on SQLite and PostgreSQL, and can go back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

from catalogue.db import downgrade, make_engine, upgrade
from catalogue.models import Group

MODEL_TABLES = set(SQLModel.metadata.tables)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database with no tables yet."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'fresh.db'}"
    return request.getfixturevalue("pg_url")


@pytest.fixture
def empty_engine(empty_url: str) -> Iterator[sa.Engine]:
    engine = make_engine(empty_url)
    yield engine
    engine.dispose()


def _tables(engine: sa.Engine) -> set[str]:
    return set(sa.inspect(engine).get_table_names())


def _diff(engine: sa.Engine) -> list[object]:
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "compare_server_default": True}
        )
        return list(compare_metadata(context, SQLModel.metadata))


def test_upgrade_creates_every_model_table(empty_url: str, empty_engine: sa.Engine) -> None:
    assert _tables(empty_engine) == set()
    upgrade(empty_url)
    assert _tables(empty_engine) == MODEL_TABLES | {"alembic_version"}
    with empty_engine.connect() as conn:
        assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one()


def test_head_schema_matches_the_models(empty_url: str, empty_engine: sa.Engine) -> None:
    upgrade(empty_url)
    assert _diff(empty_engine) == []


def test_compare_metadata_notices_a_missing_table(empty_url: str, empty_engine: sa.Engine) -> None:
    """Guard against a vacuous comparison: a real difference is reported."""
    upgrade(empty_url)
    with empty_engine.begin() as conn:
        conn.execute(sa.text("DROP TABLE chatsubscription"))
    diff = _diff(empty_engine)
    assert any(
        op[0] == "add_table" and op[1].name == "chatsubscription"
        for op in diff
        if isinstance(op, tuple)
    )


def test_downgrade_to_base_removes_the_tables_and_upgrade_again_works(
    empty_url: str, empty_engine: sa.Engine
) -> None:
    upgrade(empty_url)
    downgrade(empty_url, "base")
    assert _tables(empty_engine) - {"alembic_version"} == set()
    upgrade(empty_url)
    assert _tables(empty_engine) >= MODEL_TABLES
    assert _diff(empty_engine) == []


def test_upgrade_twice_is_harmless_and_keeps_data(empty_url: str, empty_engine: sa.Engine) -> None:
    upgrade(empty_url)
    with empty_engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO organisation (name, is_example) VALUES ('Org', false)"))
    upgrade(empty_url)
    with empty_engine.connect() as conn:
        names = conn.execute(sa.text("SELECT name FROM organisation")).scalars().all()
    assert names == ["Org"]
    assert _diff(empty_engine) == []


def test_group_table_has_the_optimistic_lock_column(
    empty_url: str, empty_engine: sa.Engine
) -> None:
    upgrade(empty_url)
    columns = {c["name"]: c for c in sa.inspect(empty_engine).get_columns(Group.__tablename__)}
    assert columns["version"]["nullable"] is False
    assert columns["external_id"]["nullable"] is False
    unique = {
        tuple(ix["column_names"])
        for ix in sa.inspect(empty_engine).get_indexes("group")
        if ix["unique"]
    }
    assert ("external_id",) in unique
