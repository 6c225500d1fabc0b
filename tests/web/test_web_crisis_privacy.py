"""Crisis first, and privacy: monitoring keeps codes and ids, never the words typed."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from sqlalchemy.engine import Engine
from sqlmodel import select

from catalogue.db import session_scope
from catalogue.models import MatchEvent
from catalogue.records import GroupRecord
from matcher.crisis import SUICIDE, VIOLENCE, help_for
from matcher.explain import NO_EVIDENCE, explain
from web.privacy import QueryStringFilter

CRISIS_TEXTS = [
    ("ik wil niet meer leven", SUICIDE),
    ("ik denk aan zelfmoord en voel me eenzaam", SUICIDE),
    ("hij slaat me en ik ben niet meer veilig thuis", VIOLENCE),
]
SECRET = "zorgkwartelbes"  # a made-up word: if it shows up anywhere, text was stored


def _events(engine: Engine) -> list[MatchEvent]:
    with session_scope(engine) as session:
        return list(session.exec(select(MatchEvent)).all())


@pytest.mark.parametrize(("text", "kind"), CRISIS_TEXTS)
def test_crisis_block_comes_before_the_results(client: FlaskClient, text: str, kind: str) -> None:
    html = client.get("/zoeken", query_string={"q": text}).get_data(as_text=True)
    assert f'data-crisis-kind="{kind}"' in html
    assert html.index('class="crisis"') < html.index('class="search-form"')
    if "results-title" in html:
        assert html.index('class="crisis"') < html.index("results-title")
    block = html[html.index('class="crisis"') : html.index("</section>")]
    hrefs = re.findall(r'href="([^"]+)"', block)
    assert hrefs == [action.href for action in help_for(kind).actions]


@pytest.mark.parametrize("text", ["ik ga nog dood aan die deadlines", "eenzaam", ""])
def test_no_crisis_block_without_crisis(client: FlaskClient, text: str) -> None:
    html = client.get("/zoeken", query_string={"q": text}).get_data(as_text=True)
    assert 'class="crisis"' not in html


def test_crisis_is_checked_even_when_the_text_is_too_long(client: FlaskClient) -> None:
    response = client.get("/zoeken", query_string={"q": "ik wil dood. " + "bla " * 2000})
    assert response.status_code == 400
    assert 'class="crisis"' in response.get_data(as_text=True)


def test_text_search_records_facts_without_text(
    client: FlaskClient, db_engine: Engine, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    assert _events(db_engine) == []
    client.get(
        "/zoeken", query_string={"q": f"ik voel me eenzaam {SECRET}", "gemeente": "Deventer"}
    )
    (event,) = _events(db_engine)
    assert event.channel == "web"
    assert event.region == "midden_ijssel"
    assert "eenzaamheid" in event.themes
    assert 0 < len(event.suggested_ids) <= 10
    assert event.result_count == len(event.suggested_ids)
    assert event.crisis is False
    db_engine.dispose()
    stored = b"".join(p.read_bytes() for p in db_path.parent.glob(db_path.name + "*"))
    assert SECRET.encode() not in stored
    assert "eenzaam" not in repr(event.model_dump()).replace("eenzaamheid", "")
    assert SECRET not in caplog.text


def test_crisis_search_is_counted_as_crisis(client: FlaskClient, db_engine: Engine) -> None:
    client.get("/zoeken", query_string={"q": CRISIS_TEXTS[0]})
    (event,) = _events(db_engine)
    assert event.crisis is True
    assert event.region is None


@pytest.mark.parametrize(
    "query",
    [{"q": "eenzaam", "pagina": "2"}, {"gemeente": "Deventer"}, {}, {"q": "x" * 6000}],
)
def test_only_first_page_text_searches_are_counted(
    client: FlaskClient, db_engine: Engine, query: dict[str, str]
) -> None:
    client.get("/zoeken", query_string=query)
    client.get("/zoeken.ics", query_string={"q": "eenzaam"})
    assert _events(db_engine) == []


def test_monitoring_failure_does_not_break_the_search(
    client: FlaskClient, db_engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    with db_engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE matchevent")
    response = client.get("/zoeken", query_string={"q": f"eenzaam {SECRET}"})
    assert response.status_code == 200
    assert "could not record monitoring facts" in caplog.text
    assert SECRET not in caplog.text


def test_request_log_lines_lose_their_query_string() -> None:
    record = logging.LogRecord(
        "werkzeug",
        logging.INFO,
        __file__,
        1,
        '%s - - [x] "%s" %s %s',
        ("127.0.0.1", f"GET /zoeken?q=ik+wil+{SECRET}&gemeente=Deventer HTTP/1.1", "200", "-"),
        None,
    )
    QueryStringFilter().filter(record)
    line = record.getMessage()
    assert SECRET not in line
    assert '"GET /zoeken?… HTTP/1.1" 200' in line


def test_an_option_without_evidence_says_so(records: dict[str, GroupRecord]) -> None:
    from datetime import UTC, datetime

    bare = explain(records["vb-049"], themes=[], words=[], now=datetime.now(UTC))
    assert not bare.evidence and bare.reasons == (NO_EVIDENCE,)
    backed = explain(records["vb-049"], themes=["rouw"], words=[], now=datetime.now(UTC))
    assert backed.evidence
