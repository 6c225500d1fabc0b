"""Hard filters: a group that fails one never appears in a result.

`passes` states the rules for one group, readable and testable; `FilterColumns`
applies the same rules to the whole catalogue at once with numpy, which is
what keeps matching fast at 100,000 groups. Tests check both agree.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import numpy as np

from catalogue.records import TIMES_OF_DAY, GroupRecord
from catalogue.taxonomy import AUDIENCE_ALLOWED, WEEKDAYS
from matcher.profile import Constraints

_DAY_BIT = {code: 1 << i for i, code in enumerate(WEEKDAYS)}
_TIME_CODE = {name: i for i, name in enumerate(TIMES_OF_DAY)}  # -1: no fixed time


def allowed_audiences(audience: str | frozenset[str]) -> frozenset[str]:
    """Group audiences a person may join: explicit set, or by person category."""
    if isinstance(audience, frozenset):
        return audience
    # A category the taxonomy does not list may still join its own groups and open ones.
    return AUDIENCE_ALLOWED.get(audience, frozenset({audience, "iedereen"}))


def passes(record: GroupRecord, c: Constraints) -> bool:
    """Whether one group satisfies every hard constraint."""
    if record.status != "actief":
        return False
    place_ok = record.online and c.online_ok
    if record.in_person:
        wanted = _wanted_places(c)
        place_ok = place_ok or wanted is None or bool(record.area & wanted)
    if not place_ok:
        return False
    if c.weekdays is not None and record.weekdays and not record.weekdays & c.weekdays:
        return False
    if c.times_of_day is not None and record.time_of_day not in (None, *c.times_of_day):
        return False
    if not c.referral_possible and record.needs_referral:
        return False
    if c.audience is not None and record.audience not in allowed_audiences(c.audience):
        return False
    if c.age is not None and not _age_ok(record.age_min, record.age_max, c.age):
        return False
    if c.domains is not None and record.domain not in c.domains:
        return False
    if c.open_only and not record.open_group:
        return False
    return c.language is None or c.language in record.languages


def _wanted_places(c: Constraints) -> frozenset[str] | None:
    """In-person places allowed by the constraints; None = anywhere."""
    if c.municipality is None and c.municipalities is None:
        return None
    wanted = set(c.municipalities) if c.municipalities is not None else None
    if c.municipality is not None:
        wanted = {c.municipality} if wanted is None else wanted & {c.municipality}
    return frozenset(wanted or ())


def _age_ok(low: int | None, high: int | None, age: int) -> bool:
    return (low is None or age >= low) and (high is None or age <= high)


class FilterColumns:
    """The filter-relevant fields of every group as numpy columns."""

    def __init__(self, records: Sequence[GroupRecord]) -> None:
        self.size = len(records)
        self.active = np.array([r.status == "actief" for r in records], dtype=bool)
        self.online = np.array([r.online for r in records], dtype=bool)
        self.in_person = np.array([r.in_person for r in records], dtype=bool)
        self.referral = np.array([r.needs_referral for r in records], dtype=bool)
        self.open_group = np.array([r.open_group for r in records], dtype=bool)
        self.domain = np.array([r.domain for r in records], dtype=object)
        self.days = np.array(
            [sum(_DAY_BIT[d] for d in r.weekdays) for r in records], dtype=np.int16
        )
        self.time_of_day = np.array(
            [_TIME_CODE[r.time_of_day] if r.time_of_day else -1 for r in records], dtype=np.int8
        )
        self.age_min = np.array([r.age_min if r.age_min is not None else -1 for r in records])
        self.age_max = np.array([r.age_max if r.age_max is not None else 999 for r in records])
        self.by_area: dict[str, list[int]] = defaultdict(list)
        self.by_audience: dict[str, list[int]] = defaultdict(list)
        self.by_language: dict[str, list[int]] = defaultdict(list)
        for i, r in enumerate(records):
            for municipality in r.area:
                self.by_area[municipality].append(i)
            self.by_audience[r.audience].append(i)
            for language in r.languages:
                self.by_language[language].append(i)

    def _any_of(self, index: dict[str, list[int]], keys: frozenset[str]) -> np.ndarray:
        mask = np.zeros(self.size, dtype=bool)
        for key in keys:
            mask[index.get(key, [])] = True
        return mask

    def mask(self, c: Constraints) -> np.ndarray:
        """Boolean mask of the groups that pass every constraint (same rules as `passes`)."""
        wanted = _wanted_places(c)
        in_area = (
            np.ones(self.size, dtype=bool) if wanted is None else self._any_of(self.by_area, wanted)
        )
        ok = self.active & ((self.online & c.online_ok) | (self.in_person & in_area))
        if c.weekdays is not None:
            bits = sum(_DAY_BIT[d] for d in c.weekdays)
            ok &= (self.days == 0) | ((self.days & bits) != 0)
        if c.times_of_day is not None:
            codes = [_TIME_CODE[t] for t in c.times_of_day if t in _TIME_CODE]
            ok &= (self.time_of_day == -1) | np.isin(self.time_of_day, codes)
        if not c.referral_possible:
            ok &= ~self.referral
        if c.audience is not None:
            ok &= self._any_of(self.by_audience, allowed_audiences(c.audience))
        if c.age is not None:
            ok &= (self.age_min <= c.age) & (self.age_max >= c.age)
        if c.language is not None:
            ok &= self._any_of(self.by_language, frozenset({c.language}))
        if c.domains is not None:
            ok &= np.isin(self.domain, list(c.domains))
        if c.open_only:
            ok &= self.open_group
        return ok
