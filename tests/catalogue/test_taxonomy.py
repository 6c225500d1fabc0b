"""Vocabularies: municipalities, regions and postcodes fit together and match DESIGN.md."""

from __future__ import annotations

import pytest

from catalogue import taxonomy as tx

# Regions as DESIGN.md §1 names them.
DESIGN_REGIONS = (
    "Midden-IJssel",
    "IJssel-Vecht",
    "Noordwest-Veluwe & Zeewolde",
    "Achterhoek",
    "Amsterdam Zuidoost",
    "Rijk van Nijmegen",
)


def test_every_municipality_has_a_known_region() -> None:
    for name, municipality in tx.MUNICIPALITIES.items():
        assert municipality.name == name
        assert municipality.region in tx.REGIONS, name
        assert tx.region_of(name) == municipality.region


def test_region_of_unknown_or_online_is_none() -> None:
    assert tx.region_of(None) is None
    assert tx.region_of("Utrecht") is None


def test_every_design_region_has_municipalities() -> None:
    labels = {label: code for code, label in tx.REGIONS.items()}
    assert set(labels) == set(DESIGN_REGIONS)
    for label in DESIGN_REGIONS:
        members = [m for m in tx.MUNICIPALITIES.values() if m.region == labels[label]]
        assert members, label


def test_regions_hold_the_municipalities_design_md_names() -> None:
    by_region: dict[str, set[str]] = {}
    for m in tx.MUNICIPALITIES.values():
        by_region.setdefault(m.region, set()).add(m.name)
    assert by_region["midden_ijssel"] == {"Deventer", "Olst-Wijhe", "Raalte", "Voorst"}
    assert "Zwolle" in by_region["ijssel_vecht"] and len(by_region["ijssel_vecht"]) == 8
    assert "Zeewolde" in by_region["noordwest_veluwe"]
    assert "Doetinchem" in by_region["achterhoek"]
    assert "Amsterdam" in by_region["amsterdam_zuidoost"]
    assert "Nijmegen" in by_region["rijk_van_nijmegen"]


def test_municipality_centroids_lie_in_the_netherlands() -> None:
    for m in tx.MUNICIPALITIES.values():
        assert 50.7 < m.lat < 53.6 and 3.3 < m.lon < 7.3, m


@pytest.mark.parametrize(
    ("postcode", "expected"),
    [
        ("7411", "Deventer"),
        ("7411 AB", "Deventer"),
        (" 7411ab ", "Deventer"),
        ("3841", "Harderwijk"),
        ("6511", "Nijmegen"),
        ("1102", "Amsterdam"),
        ("7001 AA", "Doetinchem"),
        ("8011", "Zwolle"),
        ("9999", None),
        ("abcd", None),
        ("", None),
        ("74", None),
        ("3500", None),  # Utrecht: outside the GEM regions
    ],
)
def test_municipality_for_postcode(postcode: str, expected: str | None) -> None:
    assert tx.municipality_for_postcode(postcode) == expected


def test_postcode_ranges_are_valid_and_do_not_overlap() -> None:
    covered: dict[int, str] = {}
    for low, high, name in tx.POSTCODE_RANGES:
        assert 1000 <= low <= high <= 9999
        assert name in tx.MUNICIPALITIES
        for number in range(low, high + 1):
            assert number not in covered, (number, covered.get(number), name)
            covered[number] = name


def test_every_municipality_is_reachable_by_some_postcode() -> None:
    named = {name for _low, _high, name in tx.POSTCODE_RANGES}
    assert named == set(tx.MUNICIPALITIES)
    for low, high, name in tx.POSTCODE_RANGES:
        assert tx.municipality_for_postcode(str(low)) == name
        assert tx.municipality_for_postcode(f"{high} ZZ") == name


def test_themes_name_known_contexts_and_have_terms() -> None:
    for code, theme in tx.THEMES.items():
        assert theme.terms, code
        # "meedoen" is a positieve-gezondheid dimension, the rest are VG contexts.
        assert set(theme.contexts) <= set(tx.CONTEXTS) | set(tx.PG_DIMENSIONS), code


def test_audience_rules_only_name_known_audiences() -> None:
    assert set(tx.AUDIENCE_ALLOWED) == set(tx.AUDIENCES)
    for allowed in tx.AUDIENCE_ALLOWED.values():
        assert allowed <= set(tx.AUDIENCES)
        assert "iedereen" in allowed


def test_weekday_codes_line_up_with_rrule_days() -> None:
    assert len(tx.WEEKDAYS) == len(tx.RRULE_DAYS) == 7
    assert [tx.weekday_code(i) for i in range(7)] == list(tx.WEEKDAYS)
    assert tx.weekday_code(0) == "ma" and tx.RRULE_DAYS[0] == "MO"
    assert tx.weekday_code(6) == "zo" and tx.RRULE_DAYS[6] == "SU"


def test_the_five_domains() -> None:
    assert set(tx.DOMAINS) == {"ggz", "wmo", "welzijn", "herstelacademie", "zelfhulp"}
