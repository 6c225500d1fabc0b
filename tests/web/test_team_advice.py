"""VG-team flow: samen-begrijpen form → options → advice, and closing the loop by code.

Real app on a seeded SQLite copy (and PostgreSQL where marked), CSRF on, real
accounts. The marker phrase checks that nothing the team wrote is stored.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import select

from catalogue import accounts
from catalogue.db import session_scope
from catalogue.models import Advice, AdviceOption, Organisation
from tests.web.beheer_support import (
    PASSWORD,
    World,
    cheap_hashes,
    csrf_token,
    login,
    make_world,
)
from tests.web.html_checks import crisis_block_first, elements

MARKER = "Zwanenbloesem-7731"
SUMMARY = (
    f"Inwoner voelt zich eenzaam sinds de verhuizing, kent niemand in de buurt en wil graag "
    f"andere mensen ontmoeten. {MARKER}."
)
_CODE = re.compile(r'class="advice-code">([0-9A-Z]{4}-[0-9A-Z]{4})<')
_OPTION = re.compile(r'name="kies" value="(\d+)"')
_KEY = re.compile(r'name="formulier" value="([^"]+)"')


@dataclass(frozen=True)
class Team:
    client: FlaskClient
    token: str


@pytest.fixture
def world(db_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> World:
    cheap_hashes(monkeypatch)
    return make_world(db_engine)


def _as(app: Flask, email: str) -> Team:
    client = app.test_client()
    login(client, email)
    return Team(client, csrf_token(client, "/beheer/"))


@pytest.fixture
def team(app: Flask, world: World) -> Team:
    return _as(app, world.emails["team"])


def _form(token: str, **overrides: str | list[str]) -> dict[str, str | list[str]]:
    data: dict[str, str | list[str]] = {
        "csrf_token": token,
        "samenvatting": SUMMARY,
        "context": ["relationeel_anderen", "levensfase"],
        "dimensie": ["meedoen"],
        "belangrijk": f"Weer ergens bij horen. {MARKER}",
        "krachten": f"Wandelt graag, kookt voor de buren. {MARKER}",
        "gemeente": "Deventer",
        "online": "ja",
        "reizen": "ja",
        "verwijzing": "ja",
        "leeftijd": "",
        "leeftijdsgroep": "",
        "taal": "",
    }
    data.update(overrides)
    return data


def _options(team: Team, **overrides: str | list[str]) -> str:
    response = team.client.post("/team/opties", data=_form(team.token, **overrides))
    assert response.status_code == 200, response.get_data(as_text=True)[:800]
    return response.get_data(as_text=True)


def _advice_form(page: str, token: str, chosen: list[str], **extra: str | list[str]) -> dict:
    """The step-2 form as a browser would send it: every hidden field plus the choices."""
    hidden = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page)
    data: dict[str, list[str]] = {}
    for name, value in hidden:
        data.setdefault(name, []).append(value.replace("&amp;", "&").replace("&#39;", "'"))
    data["csrf_token"] = [token]
    data["kies"] = chosen
    data["categorie"] = ["brede_sociale_basis", "inwoner_zelf"]
    data["zelf"] = [f"Elke week een wandeling met de buurvrouw. {MARKER}"]
    data["kort"] = [f"Aanmelden bij een ontmoetingsgroep. {MARKER}"]
    data["lang"] = ["Vrijwilligerswerk zoeken."]
    data["kenmerk"] = ["VG-2026-014"]
    data.update({k: v if isinstance(v, list) else [v] for k, v in extra.items()})
    return data


def _all_text(engine: Engine) -> str:
    """Every stored value of every table, as one string (to search for the marker)."""
    with engine.connect() as connection:
        tables = [
            r[0]
            for r in connection.execute(
                text("SELECT name FROM sqlite_master WHERE type='table'")
            ).all()
        ]
        return "\n".join(
            repr(connection.execute(text(f'SELECT * FROM "{t}"')).all()) for t in tables
        )


# --- access ---------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_login(client: FlaskClient) -> None:
    response = client.get("/team/")
    assert response.status_code == 302
    assert "/inloggen" in response.headers["Location"]


@pytest.mark.parametrize("who", ["facilitator_a", "facilitator_b"])
def test_facilitators_cannot_open_the_team_pages(app: Flask, world: World, who: str) -> None:
    member = _as(app, world.emails[who])
    assert member.client.get("/team/").status_code == 403
    refused = member.client.post("/team/opties", data=_form(member.token))
    assert refused.status_code == 403


def test_the_form_asks_for_no_name_and_has_a_real_textarea(team: Team) -> None:
    page = team.client.get("/team/").get_data(as_text=True)
    assert '<textarea id="samenvatting" name="samenvatting"' in page
    assert 'name="naam"' not in page and "geboortedatum" in page  # told not to, never asked
    for code in ("existentieel", "pijn_van_vroeger", "zingeving"):
        assert f'id="context-{code}"' in page


# --- step 1: validation ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("leeftijd", "zeventig", "Leeftijd: vul een leeftijd in jaren in"),
        ("leeftijd", "7", "Leeftijd: vul een leeftijd in jaren in"),
        ("gemeente", "Atlantis", "Gemeente: 'Atlantis' is geen gemeente"),
        ("context", ["bestaat_niet"], "Contexten: onbekende keuze"),
        ("dimensie", ["geluk"], "Positieve gezondheid: onbekende keuze"),
        ("dag", ["zondagmiddag"], "Dagen: onbekende keuze"),
        ("dagdeel", ["nacht"], "Dagdeel: onbekende keuze"),
        ("taal", "klingon", "Taal: onbekende keuze"),
        ("leeftijdsgroep", "baby", "Leeftijdsgroep: onbekende keuze"),
        ("verwijzing", "misschien", "Verwijzing: kies ja of nee"),
        ("samenvatting", "x" * 5001, "Samenvatting: te lang (5001 tekens"),
        ("belangrijk", "x" * 2001, "Wat is echt belangrijk: te lang"),
    ],
)
def test_each_bad_field_gets_its_own_message_and_stores_nothing(
    team: Team, db_engine: Engine, field: str, value: str | list[str], message: str
) -> None:
    response = team.client.post("/team/opties", data=_form(team.token, **{field: value}))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in page.replace("&#39;", "'")
    assert f'id="{field}-fout"' in page
    with session_scope(db_engine) as s:
        assert s.exec(select(Advice)).all() == []


def test_no_place_and_no_online_is_refused(team: Team) -> None:
    response = team.client.post("/team/opties", data=_form(team.token, gemeente="", online="nee"))
    assert response.status_code == 400
    assert "Gemeente: kies een gemeente, of vink online aan" in response.get_data(as_text=True)


# --- steps 2 and 3 --------------------------------------------------------------------------


def test_three_steps_from_summary_to_printed_advice(team: Team, db_engine: Engine) -> None:
    page = _options(team)
    offered = _OPTION.findall(page)
    assert len(offered) >= 3, "a loneliness question in Deventer should find options"
    assert "Waarom:" in page
    chosen = offered[:2]
    response = team.client.post("/team/advies", data=_advice_form(page, team.token, chosen))
    advice = response.get_data(as_text=True)
    assert response.status_code == 200, advice[:800]
    found = _CODE.search(advice)
    assert found, "the advice shows its code"
    code = found.group(1)
    for part in (
        "1. Wat u zelf kunt doen (met mensen om u heen)",
        "2. Welke steun",
        "3. Groepen en hoe u erin komt",
    ):
        assert part in advice
    assert "Elke week een wandeling met de buurvrouw" in advice  # the team's words, printed
    assert "Kenmerk VG-2026-014" in advice
    assert "Brede sociale basis" in advice
    assert advice.count('<div class="advice-group">') == len(chosen)
    assert response.headers["Cache-Control"] == "no-store"

    with session_scope(db_engine) as s:
        stored = s.exec(select(Advice)).one()
        assert stored.code == code
        assert stored.contexts == ["relationeel_anderen", "levensfase"]
        assert stored.advice_categories == ["brede_sociale_basis", "inwoner_zelf"]
        assert stored.region is not None
        options = s.exec(select(AdviceOption)).all()
        assert {str(o.group_id) for o in options} == set(offered)
        assert {str(o.group_id) for o in options if o.status == "gekozen"} == set(chosen)
    everything = _all_text(db_engine)
    assert MARKER not in everything
    assert "VG-2026-014" not in everything  # the team's own reference is printed, not stored
    assert "buurvrouw" not in everything


def test_sending_the_advice_twice_stores_it_once(team: Team, db_engine: Engine) -> None:
    page = _options(team)
    data = _advice_form(page, team.token, _OPTION.findall(page)[:1])
    first = _CODE.search(team.client.post("/team/advies", data=data).get_data(as_text=True))
    again = _CODE.search(team.client.post("/team/advies", data=data).get_data(as_text=True))
    assert first and again and first.group(1) == again.group(1)
    with session_scope(db_engine) as s:
        assert len(s.exec(select(Advice)).all()) == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"kies": []}, "Kies minstens één groep voor het advies."),
        ({"categorie": []}, "Kies minstens één adviescategorie."),
        ({"categorie": ["alles"]}, "Onbekende adviescategorie: alles."),
        ({"kenmerk": "Jansen"}, "Geen naam of geboortedatum."),
        ({"kies": ["999999"]}, "Een gekozen groep hoort niet bij de voorgestelde groepen."),
    ],
)
def test_bad_step_two_input_is_refused_and_stores_nothing(
    team: Team, db_engine: Engine, change: dict, message: str
) -> None:
    page = _options(team)
    data = _advice_form(page, team.token, _OPTION.findall(page)[:1], **change)
    response = team.client.post("/team/advies", data=data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    with session_scope(db_engine) as s:
        assert s.exec(select(Advice)).all() == []
        assert s.exec(select(AdviceOption)).all() == []


def test_a_summary_with_acute_risk_shows_the_crisis_block_first(team: Team) -> None:
    risky = "Mevrouw heeft een concreet plan om vanavond een einde aan haar leven te maken."
    page = _options(team, samenvatting=risky)
    crisis = [e for e in elements(page) if e.tag == "section" and "crisis" in e.classes]
    assert crisis, "crisis block shown"
    assert crisis[0].attrs.get("data-crisis-kind") == "acute"
    assert crisis_block_first(page)  # above every form, with tap-to-call links
    assert page.index('class="crisis"') < page.index("<h1>Nieuw advies")


def test_a_team_sees_only_its_own_regions_advices(
    app: Flask, world: World, db_engine: Engine, team: Team
) -> None:
    with session_scope(db_engine) as s:
        s.add(Organisation(name="VG-team Oost", region="achterhoek"))
        s.add(Organisation(name="VG-team Midden", region="midden_ijssel"))
        s.flush()
        for email, org in (("oost@example.org", "VG-team Oost"), ("midden@example.org",
                                                                  "VG-team Midden")):  # fmt: skip
            accounts.create_user(
                s, email=email, password=PASSWORD, role="team", organisation=org, actor="t"
            )
    oost, midden = _as(app, "oost@example.org"), _as(app, "midden@example.org")
    page = _options(oost, gemeente="Winterswijk")
    code = _CODE.search(
        oost.client.post(
            "/team/advies", data=_advice_form(page, oost.token, _OPTION.findall(page)[:1])
        ).get_data(as_text=True)
    )
    assert code
    assert code.group(1) in oost.client.get("/team/adviezen").get_data(as_text=True)
    assert code.group(1) not in midden.client.get("/team/adviezen").get_data(as_text=True)


# --- closing the loop -----------------------------------------------------------------------


@pytest.fixture
def advice_for_world_group(team: Team, world: World, db_engine: Engine) -> Iterator[str]:
    """An advice whose options include the world's group (of organisation A)."""
    page = _options(team)
    offered = _OPTION.findall(page)
    data = _advice_form(page, team.token, offered[:1])
    data["voorgesteld"] = [*data["voorgesteld"], str(world.group_id)]
    data["kies"] = [str(world.group_id)]
    found = _CODE.search(team.client.post("/team/advies", data=data).get_data(as_text=True))
    assert found
    yield found.group(1)


def _set(member: Team, group_id: int, **data: str) -> tuple[int, str]:
    response = member.client.post(
        f"/beheer/groepen/{group_id}/aanmeldingen", data={"csrf_token": member.token, **data}
    )
    return response.status_code, response.get_data(as_text=True)


def test_a_facilitator_closes_the_loop_with_the_code(
    app: Flask, world: World, db_engine: Engine, advice_for_world_group: str
) -> None:
    code = advice_for_world_group
    mine = _as(app, world.emails["facilitator_a"])
    status, page = _set(mine, world.group_id, code=code.lower().replace("-", " "),
                        status="aangemeld")  # fmt: skip
    assert status == 200 and f"code {code} staat nu op" in page.replace("&#39;", "'")
    status, page = _set(mine, world.group_id, code=code, status="gestart")
    assert status == 200
    status, page = _set(mine, world.group_id, code=code, status="aangemeld")
    assert status == 400 and "kan daarna niet meer" in page
    status, page = _set(mine, world.group_id, code=code, status="niet_passend")
    assert status == 400 and "Kies een reden uit de lijst." in page
    status, page = _set(mine, world.group_id, code=code, status="niet_passend", reden="tijd_of_dag")
    assert status == 200
    with session_scope(db_engine) as s:
        option = s.exec(select(AdviceOption).where(AdviceOption.group_id == world.group_id)).one()
        assert (option.status, option.reason) == ("niet_passend", "tijd_of_dag")


def test_the_loop_refuses_other_organisations_and_wrong_codes(
    app: Flask, world: World, db_engine: Engine, advice_for_world_group: str
) -> None:
    other = _as(app, world.emails["facilitator_b"])
    status, _page = _set(other, world.group_id, code=advice_for_world_group, status="aangemeld")
    assert status == 403
    mine = _as(app, world.emails["facilitator_a"])
    status, page = _set(mine, world.group_id, code="ABCD-EFGH", status="aangemeld")
    assert status == 400 and "hoort niet bij een advies met deze groep" in page
    status, page = _set(mine, world.group_id, code="12", status="aangemeld")
    assert status == 400 and "Een code heeft 8 tekens" in page
    with session_scope(db_engine) as s:
        option = s.exec(select(AdviceOption).where(AdviceOption.group_id == world.group_id)).one()
        assert option.status == "gekozen"
