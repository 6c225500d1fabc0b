"""Hard filters: one table of cases, and the vectorised mask must agree with `passes`."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, time

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from catalogue.records import TIMES_OF_DAY, GroupRecord, part_of_day
from catalogue.schedules import ScheduleSpec
from matcher.filters import FilterColumns, passes
from matcher.profile import Constraints, Profile, validate_profile
from tests.matcher.conftest import make_record

G = make_record


def _at(hour: int, minute: int = 0) -> ScheduleSpec:
    """A weekly schedule starting at this local wall-clock time (a Monday in winter)."""
    return ScheduleSpec("FREQ=WEEKLY", datetime(2025, 1, 6, hour, minute))


DAYTIME = frozenset({"ochtend", "middag"})
CASES = [
    # (record, constraints, expected)
    (G(), Constraints(), True),
    (G(status="gepauzeerd"), Constraints(), False),
    (G(municipality="Deventer"), Constraints(municipality="Deventer"), True),
    (G(municipality="Zwolle"), Constraints(municipality="Deventer"), False),
    (
        G(municipality="Zwolle", service_area=frozenset({"Zwolle", "Deventer"})),
        Constraints(municipality="Deventer"),
        True,
    ),
    (G(mode="online", municipality=None), Constraints(online_ok=False), False),
    (G(mode="online", municipality=None), Constraints(municipality="Deventer"), True),
    (
        G(mode="hybride", municipality="Zwolle"),
        Constraints(municipality="Deventer", online_ok=False),
        False,
    ),
    (G(mode="hybride", municipality="Zwolle"), Constraints(municipality="Deventer"), True),
    (G(municipality="Raalte"), Constraints(municipalities=("Raalte", "Deventer")), True),
    (G(municipality="Zwolle"), Constraints(municipalities=("Raalte", "Deventer")), False),
    (G(municipality="Raalte"), Constraints(municipalities=()), False),
    (G(mode="online", municipality=None), Constraints(municipalities=()), True),
    (G(fixed_weekdays=frozenset({"di"})), Constraints(weekdays=frozenset({"ma", "di"})), True),
    (G(fixed_weekdays=frozenset({"wo"})), Constraints(weekdays=frozenset({"ma", "di"})), False),
    (G(fixed_weekdays=frozenset()), Constraints(weekdays=frozenset({"ma"})), True),
    (G(access_route="huisarts"), Constraints(referral_possible=False), False),
    (G(access_route="gemeente"), Constraints(referral_possible=False), False),
    (G(access_route="zonder_verwijzing"), Constraints(referral_possible=False), True),
    (G(audience="volwassenen"), Constraints(audience="ouderen"), True),
    (G(audience="jongeren"), Constraints(audience="ouderen"), False),
    (G(audience="volwassenen"), Constraints(audience="jongeren"), False),
    (G(audience="naasten"), Constraints(audience=frozenset({"naasten", "iedereen"})), True),
    (G(audience="vrouwen"), Constraints(audience=frozenset({"iedereen"})), False),
    (G(age_min=16, age_max=27), Constraints(age=30), False),
    (G(age_min=16, age_max=27), Constraints(age=20), True),
    (G(languages=("nl", "ar")), Constraints(language="ar"), True),
    (G(languages=("nl",)), Constraints(language="en"), False),
    (G(domain="ggz"), Constraints(domains=frozenset({"welzijn", "zelfhulp"})), False),
    (G(domain="zelfhulp"), Constraints(domains=frozenset({"welzijn", "zelfhulp"})), True),
    (G(open_group=False), Constraints(open_only=True), False),
    (G(open_group=True), Constraints(open_only=True), True),
    (G(schedule=_at(10)), Constraints(times_of_day=frozenset({"ochtend"})), True),
    (G(schedule=_at(19, 30)), Constraints(times_of_day=DAYTIME), False),
    (G(schedule=_at(12)), Constraints(times_of_day=frozenset({"middag"})), True),
    (G(schedule=_at(11, 59)), Constraints(times_of_day=frozenset({"middag"})), False),
    (G(schedule=_at(17)), Constraints(times_of_day=frozenset({"avond"})), True),
    (G(schedule=_at(16, 59)), Constraints(times_of_day=frozenset({"avond"})), False),
    (G(schedule=None), Constraints(times_of_day=frozenset({"avond"})), True),  # no fixed time
]


@pytest.mark.parametrize(("record", "constraints", "expected"), CASES)
def test_filter_table(record: GroupRecord, constraints: Constraints, expected: bool) -> None:
    assert passes(record, constraints) is expected
    assert bool(FilterColumns([record]).mask(constraints)[0]) is expected


PLACES = ["Deventer", "Zwolle", "Raalte"]
records_strategy = st.builds(
    lambda mode, place, day, route, audience, status, hour: G(
        mode=mode,
        municipality=None if mode == "online" else place,
        fixed_weekdays=frozenset({day}) if day else frozenset(),
        access_route=route,
        audience=audience,
        status=status,
        schedule=_at(hour) if hour is not None else None,
    ),
    st.sampled_from(["locatie", "online", "hybride"]),
    st.sampled_from(PLACES),
    st.sampled_from(["", "ma", "di", "za"]),
    st.sampled_from(["zonder_verwijzing", "huisarts"]),
    st.sampled_from(["iedereen", "volwassenen", "jongeren", "ouderen", "vrouwen", "naasten"]),
    st.sampled_from(["actief", "actief", "gestopt"]),
    st.sampled_from([None, 9, 12, 16, 17, 20]),
)
constraints_strategy = st.builds(
    Constraints,
    online_ok=st.booleans(),
    municipality=st.none() | st.sampled_from(PLACES),
    municipalities=st.none() | st.lists(st.sampled_from(PLACES), max_size=2).map(tuple),
    weekdays=st.none() | st.frozensets(st.sampled_from(["ma", "di", "wo", "za"]), min_size=1),
    referral_possible=st.booleans(),
    audience=st.none() | st.sampled_from(["jongeren", "ouderen", "vrouwen", "mannen"]),
    times_of_day=st.none() | st.frozensets(st.sampled_from(list(TIMES_OF_DAY)), min_size=1),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(records_strategy, min_size=1, max_size=12), constraints_strategy)
def test_mask_agrees_with_passes(records: list[GroupRecord], constraints: Constraints) -> None:
    records = [replace(r, id=i) for i, r in enumerate(records)]
    expected = np.array([passes(r, constraints) for r in records])
    assert (FilterColumns(records).mask(constraints) == expected).all()


@pytest.mark.parametrize(
    ("start", "part"),
    [
        (time(0), "ochtend"),
        (time(9), "ochtend"),
        (time(11, 59), "ochtend"),
        (time(12), "middag"),
        (time(16, 59), "middag"),
        (time(17), "avond"),
        (time(17, 30), "avond"),
        (time(23, 59), "avond"),
    ],
)
def test_part_of_day_boundaries(start: time, part: str) -> None:
    assert part_of_day(start) == part


@pytest.mark.parametrize(
    ("times", "ok"),
    [
        (None, True),
        (frozenset({"avond"}), True),
        (frozenset(), False),
        (frozenset({"nacht"}), False),
    ],
)
def test_times_of_day_are_validated(times: frozenset[str] | None, ok: bool) -> None:
    problems = validate_profile(Profile("eenzaam", constraints=Constraints(times_of_day=times)))
    assert (problems == []) is ok, problems
