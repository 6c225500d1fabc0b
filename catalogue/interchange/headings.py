"""Dutch column headings a transfertafel spreadsheet may use instead of our column names.

The one table of them (docs/spreadsheet.md lists it): every column in
`rows.COLUMNS` has one Dutch heading, and a few columns one or two more
spellings seen in the wild. Headings match case- and whitespace-insensitively;
our own column names keep working. Export always writes our column names.
"""

from __future__ import annotations

from catalogue.interchange.rows import COLUMNS

# column → its Dutch heading(s); the first is the one the documentation shows.
DUTCH_HEADINGS: dict[str, tuple[str, ...]] = {
    "external_id": ("Kenmerk",),
    "title": ("Naam groep",),
    "summary": ("Korte omschrijving",),
    "description": ("Omschrijving",),
    "domain": ("Domein",),
    "elements": ("Werkvormen",),
    "themes": ("Thema's",),
    "tags": ("Trefwoorden",),
    "audience": ("Voor wie",),
    "age_min": ("Leeftijd van",),
    "age_max": ("Leeftijd tot",),
    "special_audiences": ("Speciale doelgroepen",),
    "languages": ("Talen",),
    "open_group": ("Open groep",),
    "mode": ("Vorm",),
    "access_route": ("Toegang",),
    "cost": ("Kosten",),
    "cost_note": ("Toelichting kosten",),
    "capacity": ("Aantal plaatsen",),
    "places_left": ("Plaatsen vrij",),
    "waiting_weeks": ("Wachttijd in weken",),
    "facilitator_roles": ("Begeleiding",),
    "organisation": ("Aanbieder",),
    "contact_phone": ("Telefoon",),
    "contact_email": ("Contact e-mail", "E-mail"),
    "registration_url": ("Aanmelden", "Aanmeldlink"),
    "location_name": ("Locatie",),
    "address": ("Adres",),
    "postcode": ("Postcode",),
    "municipality": ("Gemeente",),
    "service_area": ("Werkgebied",),
    "accessibility": ("Toegankelijkheid",),
    "address_after_registration": ("Adres na aanmelding",),
    "rrule": ("Herhaling",),
    "first_session": ("Eerste bijeenkomst",),
    "duration_minutes": ("Duur in minuten",),
    "until": ("Tot en met",),
    "session_count": ("Aantal bijeenkomsten",),
    "exception_dates": ("Vervalt op",),
    "enrolment_open": ("Aanmelden mogelijk",),
    "next_intake": ("Volgende intake",),
    "later_runs": ("Volgende rondes",),
    "status": ("Status",),
    "last_confirmed": ("Laatst bevestigd",),
    "example": ("Voorbeeld",),
}


def normalised(heading: str) -> str:
    """A heading as compared: case-folded, runs of whitespace as one space."""
    return " ".join(heading.split()).casefold()


def _lookup() -> dict[str, str]:
    table: dict[str, str] = {}
    for column in COLUMNS:
        for heading in (column, *DUTCH_HEADINGS[column]):
            key = normalised(heading)
            if table.setdefault(key, column) != column:
                raise AssertionError(f"heading {heading!r} names two columns")
    return table


_COLUMN_FOR = _lookup()


def column_for(heading: str) -> str | None:
    """The column a header cell names (our name or a Dutch heading), else None."""
    return _COLUMN_FOR.get(normalised(heading))
