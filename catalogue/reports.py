"""Plain-text overviews of the catalogue for the command line."""

from __future__ import annotations

from collections import Counter

from sqlalchemy.engine import Engine

from catalogue.db import session_scope
from catalogue.groups import load_records
from catalogue.taxonomy import DOMAINS


def catalogue_summary(engine: Engine) -> str:
    """Counts of groups by domain, place and access: a quick sanity view."""
    with session_scope(engine) as session:
        records = load_records(session)
    by_domain = Counter(r.domain for r in records)
    places = Counter(r.municipality or "online" for r in records)
    direct = sum(not r.needs_referral for r in records)
    lines = [f"{len(records)} groepen, {direct} zonder verwijzing."]
    lines += [f"  {DOMAINS[code]}: {by_domain[code]}" for code in DOMAINS if by_domain[code]]
    lines.append("Plaatsen: " + ", ".join(f"{name} ({n})" for name, n in places.most_common()))
    return "\n".join(lines)
