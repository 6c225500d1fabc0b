"""A small monitoring fixture with known numbers, for the dashboard tests.

Two regional organisations, four groups, six advices with their options and
a dozen match events, dated relative to now so the tests pass on any day.
The figures they must give are worked out by hand in the tests (and in
comments here), never by running the code under test.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session

from catalogue.db import session_scope
from catalogue.models import Advice, AdviceOption, Group, MatchEvent, Organisation
from catalogue.schedules import AMSTERDAM

REGION_A = "midden_ijssel"
REGION_B = "ijssel_vecht"
ORG_A = "Dashboard VG-team Midden-IJssel"
ORG_B = "Dashboard VG-team IJssel-Vecht"
ORG_NO_REGION = "Dashboard organisatie zonder regio"
PERIOD_DAYS = 30


@dataclass(frozen=True)
class Fixture:
    """The inserted groups (by short name) and the period that holds the recent records."""

    groups: dict[str, int]
    start: date  # first day of the period
    end: date  # day after the last day (today + 1)


def _group(name: str, title: str, domain: str, org_id: int) -> Group:
    return Group(external_id=f"dash-{name}", organisation_id=org_id, title=title, domain=domain)


def insert_fixture(engine: Engine) -> Fixture:
    """Insert the organisations, groups, advices, options and events of the dashboard tests."""
    now = datetime.now(UTC)
    recent, older, old = now - timedelta(days=2), now - timedelta(days=10), now - timedelta(days=60)
    today = now.astimezone(AMSTERDAM).date()
    with session_scope(engine) as session:
        org_a = Organisation(name=ORG_A, region=REGION_A)
        org_b = Organisation(name=ORG_B, region=REGION_B)
        session.add_all([org_a, org_b, Organisation(name=ORG_NO_REGION)])
        session.flush()
        assert org_a.id is not None and org_b.id is not None
        groups = {
            "g1": _group("g1", "Lotgenoten somberheid", "zelfhulp", org_a.id),
            "g2": _group("g2", "Wandelgroep Samen Op Pad", "welzijn", org_a.id),
            "g3": _group("g3", "Training Grip op je dip", "ggz", org_a.id),
            "g4": _group("g4", "Rouwgroep Na het verlies", "zelfhulp", org_b.id),
        }
        session.add_all(groups.values())
        session.flush()
        ids = {name: g.id for name, g in groups.items() if g.id is not None}
        _advices(session, ids, org_a.id, org_b.id, recent=recent, older=older, old=old)
        _events(session, recent=recent, older=older, old=old)
    return Fixture(ids, today - timedelta(days=PERIOD_DAYS - 1), today + timedelta(days=1))


# (group, domain, without referral, days, status, reason)
Opt = tuple[str, str, bool, int | None, str, str | None]


def _advices(session: Session, ids: dict[str, int], org_a: int, org_b: int, *,
             recent: datetime, older: datetime, old: datetime) -> None:  # fmt: skip
    # region A, in the period: A1..A4; A5 is region A but 60 days old; A6 is region B.
    # fmt: off
    advices: list[tuple[str, datetime, int, str, list[str], list[str], list[str], int | None,
                        bool, list[Opt]]] = [
        ("AAAA-0001", recent, org_a, REGION_A, ["inwoner_zelf", "brede_sociale_basis"],
         ["relationeel_anderen", "levensfase"], ["eenzaamheid"], 3, False,
         [("g1", "zelfhulp", True, 3, "gekozen", None),
          ("g2", "welzijn", True, 7, "aangemeld", None),
          ("g3", "ggz", False, 20, "voorgesteld", None)]),
        ("AAAA-0002", older, org_a, REGION_A, ["ggz"], ["pijn_van_vroeger"], ["trauma"], 10, True,
         [("g3", "ggz", False, 10, "gestart", None),
          ("g1", "zelfhulp", True, 4, "niet_passend", "tijd_of_dag")]),
        ("AAAA-0003", recent, org_a, REGION_A, ["brede_sociale_basis"],
         ["levensfase", "relationeel_anderen"], ["eenzaamheid", "rouw"], None, True,
         [("g2", "welzijn", True, None, "gekozen", None),
          ("g4", "zelfhulp", True, None, "niet_passend", "vol_of_wachttijd")]),
        ("AAAA-0004", older, org_a, REGION_A, ["brede_sociale_basis", "sociaal_domein"], [], [],
         5, False, [("g2", "welzijn", True, 5, "gestart", None)]),
        ("AAAA-0005", old, org_a, REGION_A, ["ggz"], ["hechting"], ["somberheid"], 100, True,
         [("g3", "ggz", False, 100, "gekozen", None)]),
        ("AAAA-0006", recent, org_b, REGION_B, ["poh_ggz"], ["hechting"], ["somberheid"], 1, True,
         [("g4", "zelfhulp", True, 1, "aangemeld", None),
          ("g3", "ggz", False, 30, "voorgesteld", None)]),
    ]
    # fmt: on
    for code, at, org, region, cats, contexts, themes, days, gap, options in advices:
        advice = Advice(code=code, form_key=f"key-{code}", at=at, organisation_id=org,
                        region=region, advice_categories=cats, contexts=contexts, themes=themes,
                        days_to_first_session=days, gap=gap)  # fmt: skip
        session.add(advice)
        session.flush()
        assert advice.id is not None
        for group, domain, direct, option_days, status, reason in options:
            session.add(AdviceOption(advice_id=advice.id, group_id=ids[group], domain=domain,
                                     without_referral=direct, days_to_first_session=option_days,
                                     status=status, reason=reason))  # fmt: skip


def _events(session: Session, *, recent: datetime, older: datetime, old: datetime) -> None:
    # (channel, at, region, themes, gap)
    events: list[tuple[str, datetime, str | None, list[str], bool]] = [
        ("web", recent, REGION_A, ["eenzaamheid", "angst"], True),
        ("web", older, REGION_A, [], True),
        ("web", recent, REGION_A, ["somberheid"], False),
        ("webchat", recent, REGION_A, ["rouw"], True),
        ("webchat", older, REGION_A, ["stress"], False),
        ("telegram", recent, REGION_A, [], False),
        ("cli", recent, REGION_A, ["eenzaamheid"], True),  # staff testing: never counted
        ("web", old, REGION_A, ["eenzaamheid"], True),  # before the period
        ("telegram", recent, REGION_B, ["somberheid"], True),
        ("web", recent, REGION_B, ["angst"], False),
        ("web", recent, None, ["eenzaamheid"], True),  # online only: in "all regions" alone
    ]
    for channel, at, region, themes, gap in events:
        session.add(MatchEvent(channel=channel, at=at, region=region, themes=themes, gap=gap,
                               suggested_ids=[], result_count=0))  # fmt: skip
