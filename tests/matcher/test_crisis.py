"""Crisis detection: Dutch phrasings, indirect language, typos, and the calm hard negatives."""

from __future__ import annotations

import pytest

from matcher.crisis import CRISIS_CONTACTS, detect

CRISIS = [
    "ik wil er niet meer zijn",
    "ik wil er gewoon niet meer zijn",
    "soms wil ik er niet meer zijn",
    "eigenlijk wil ik dood",
    "ik wil echt niet meer verder",
    "Ik wil niet meer leven.",
    "ik wil nie meer levn",
    "ik denk steeds aan zelfmoord",
    "denk aan zelfmord",
    "ik wil dood",
    "ik ga er een eind aan maken",
    "ik heb pillen gespaard en ik ga het vanavond doen",
    "iedereen is beter af zonder mij",
    "ik wil mezelf iets aandoen",
    "I want to kill myself",
    "suïcidale gedachten, wil niet meer wakker worden",
    "hij slaat me en ik ben bang dat hij me iets aandoet",
    "de stemmen zeggen dat ik mezelf pijn moet doen, ik heb een mes",
    "ik sta nu op de brug en weet niet of ik nog terug wil",
    "Mevrouw is vandaag overgedragen aan de crisisdienst.",
    # Several clauses: a negation or history elsewhere must not cancel the alarm.
    "ik kan niet meer, ik wil dood",
    "geen idee meer, zelfmoord lijkt de enige uitweg",
    "ik heb geen hoop meer en wil dood",
    "het is bijzonder zwaar, ik wil dood",
    "ik heb eerder hulp gehad maar nu wil ik dood",
    "ik heb geen zin meer in het leven",
    "ik wil sterven",
    "ik maak er een eind aan",
    "ik wil mijn leven beëindigen",
    "ik wil mezelf pijn doen",
    "ik snij mezelf",
]
CALM = [
    "ik ga nog dood aan die deadlines haha",
    "ik word er gek van",
    "ik schaam me kapot",
    "ik ben op, helemaal opgebrand",
    "Geen suïcidale gedachten. Wel somber en moe.",
    "Jaren geleden een suïcidepoging; nu stabiel en geen suïcidale gedachten.",
    "Ze beschadigt zichzelf soms, er is geen acuut gevaar.",
    "ik lees graag en wil een leesclub",
    "ik wil door met mijn leven en zoek een wandelgroep",
    "ik voel me eenzaam sinds mijn man is overleden",
    "ik ben doodmoe van het werk",
    "Er is geen sprake van suïcidale gedachten.",
    "Hij ontkent suïcidaliteit.",
    "ik heb geen zin meer in mijn werk",
    "de film had een bijzonder einde",
]


@pytest.mark.parametrize("text", CRISIS)
def test_crisis_language_raises_the_flag(text: str) -> None:
    assert detect(text).crisis, text


@pytest.mark.parametrize("text", CALM)
def test_idioms_and_negated_notes_do_not(text: str) -> None:
    assert not detect(text).crisis, text


def test_kind_tells_danger_from_suicide() -> None:
    assert detect("ik wil dood").kind == "suicide"
    assert detect("hij bedreigt me met een mes").kind == "danger"


def test_contacts_carry_113_0800_112_and_huisartsenpost() -> None:
    text = " ".join(f"{c.label} {c.how}" for c in CRISIS_CONTACTS)
    for needle in ("113", "0800-0113", "112", "uisartsenpost"):
        assert needle in text
