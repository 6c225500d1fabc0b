"""VG-team pages (/team): samen-begrijpen form → pick options → printable advice.

Three steps, each one POST: the form is matched (crisis checked first), the
options are picked with the advice texts, and the advice is stored as an
anonymous record (catalogue.advice) and shown ready to print. What the team
wrote travels between the steps only inside the forms; it is never stored
or logged, and every response carrying it is no-store (web.privacy).
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from flask import Blueprint, render_template, request
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from catalogue import advice as advices
from catalogue import taxonomy as tx
from catalogue.db import session_scope
from catalogue.errors import Forbidden, Invalid
from catalogue.models import User
from catalogue.records import TIMES_OF_DAY, GroupRecord
from matcher.advice_sheet import check_reference, days_to_first_session, make_sheet
from matcher.crisis import CrisisSignal
from matcher.pipeline import Option
from matcher.team_request import AGE_GROUPS, TeamRequest, parse_team_form
from web import services
from web.accounts import same_origin_referrer
from web.search_results import find_record, log_failure

bp = Blueprint("team", __name__, url_prefix="/team")
bp.after_request(same_origin_referrer)
log = logging.getLogger(__name__)

OPTIONS = 6  # a short list: enough to choose from, diverse across domains
ENOUGH = 3  # fewer fitting options than this is a gap in the offer
FORM_FIELDS = (
    "samenvatting", "belangrijk", "krachten", "context", "dimensie", "gemeente", "online",
    "reizen", "dag", "dagdeel", "leeftijdsgroep", "leeftijd", "taal", "verwijzing",
)  # fmt: skip


def _user(db: Any) -> User | None:
    # Flask-Login's login_required lets OPTIONS through: an anonymous one is refused (403).
    if not current_user.is_authenticated:
        return None
    found: User | None = db.get(User, current_user.id)
    return found


@bp.before_request
@login_required
def _team_only() -> None:
    """Only accounts with a team, coordinator or admin role; others get 403."""
    with session_scope(services.engine()) as db:
        try:
            advices.team_of(db, _user(db))
        except Forbidden:
            log.warning(
                "team page refused",
                extra={"event": "authz.refused", "user_id": getattr(current_user, "id", None)},
            )
            raise


def _form() -> dict[str, list[str]]:
    return {name: request.form.getlist(name) for name in (*FORM_FIELDS, *_STEP_FIELDS)}


_STEP_FIELDS = (
    "kies", "voorgesteld", "thema", "categorie", "zelf", "kort", "lang", "kenmerk", "formulier",
    "tekort",
)  # fmt: skip


def _crisis(form: Mapping[str, Sequence[str]]) -> CrisisSignal:
    """The crisis check over everything the team wrote, before anything that can fail."""
    words = " ".join(v for name in ("samenvatting", "belangrijk", "krachten", "zelf", "kort",
                                     "lang") for v in form.get(name, ()))  # fmt: skip
    return services.match_service().detect_crisis(words)


def _form_page(
    form: Mapping[str, Sequence[str]],
    *,
    crisis: CrisisSignal | None = None,
    errors: Mapping[str, str] | None = None,
    problems: Sequence[str] = (),
    status: int = 200,
) -> ResponseReturnValue:
    body = render_template(
        "team/form.html",
        values=form,
        crisis=crisis,
        errors=errors or {},
        problems=problems,
        age_groups=AGE_GROUPS,
        times_of_day=TIMES_OF_DAY,
    )
    return body, status


@bp.route("/", methods=["GET", "POST"])
def start() -> ResponseReturnValue:
    """Step 1: the form. A POST only fills it again (the "pas aan" button); it stores nothing."""
    if request.method == "POST":
        return _form_page(_form())
    return _form_page({"verwijzing": ["ja"], "online": ["ja"]})


@bp.post("/opties")
def options() -> ResponseReturnValue:
    """Step 2: the matcher's short list for the form, with the advice texts to fill in."""
    form = _form()
    signal = _crisis(form)
    try:
        wanted = parse_team_form(form)
    except Invalid as error:
        return _form_page(form, crisis=signal, errors=error.fields, problems=error.problems,
                          status=400)  # fmt: skip
    return _options_page(form, wanted, signal)


def _options_page(
    form: Mapping[str, Sequence[str]],
    wanted: TeamRequest,
    signal: CrisisSignal,
    *,
    errors: Sequence[str] = (),
    status: int = 200,
) -> ResponseReturnValue:
    now = datetime.now(UTC)
    try:
        result = services.match_service().match(
            wanted.profile(), now=now, limit=OPTIONS, crisis=signal
        )
    except Exception as exc:
        log_failure("team match", exc)
        return _form_page(
            form,
            crisis=signal,
            problems=["Zoeken lukt nu even niet. Probeer het over een paar minuten opnieuw."],
            status=503,
        )
    shown: list[tuple[Option, bool]] = [(o, False) for o in result.options]
    shown += [(o, True) for o in result.unavailable[: max(0, OPTIONS - len(shown))]]
    body = render_template(
        "team/options.html",
        values=form,
        crisis=signal,
        options=[
            {
                "option": option,
                "full": full,
                "days": days_to_first_session(option.record, now),
                "route": tx.ACCESS_ROUTES_SHORT[option.record.access_route],
            }
            for option, full in shown
        ],
        themes=result.themes,
        gap=len(result.options) < ENOUGH,
        form_key=(form.get("formulier") or [""])[0] or secrets.token_urlsafe(24),
        chosen=set(form.get("kies", ())),
        categories=tx.ADVICE_CATEGORIES,
        errors=errors,
        carried=FORM_FIELDS,
    )
    return body, status


@bp.post("/advies")
def advice() -> ResponseReturnValue:
    """Step 3: store the anonymous record and show the advice, ready to print."""
    form = _form()
    signal = _crisis(form)
    try:
        wanted = parse_team_form(form)
    except Invalid as error:
        return _form_page(form, crisis=signal, errors=error.fields, problems=error.problems,
                          status=400)  # fmt: skip
    now = datetime.now(UTC)
    try:
        reference = check_reference((form.get("kenmerk") or [""])[0])
        suggested = _records(form.get("voorgesteld", ()))
        chosen_ids = tuple(int(v) for v in form.get("kies", ()) if _is_id(v))
        facts = advices.AdviceFacts(
            form_key=(form.get("formulier") or [""])[0],
            municipality=wanted.municipality,
            advice_categories=tuple(form.get("categorie", ())),
            contexts=wanted.contexts,
            pg_dimensions=wanted.pg_dimensions,
            themes=tuple(form.get("thema", ())),
            suggested=tuple(
                advices.SuggestedGroup(
                    r.id, r.domain, not r.needs_referral, days_to_first_session(r, now)
                )
                for r in suggested
            ),
            chosen_ids=chosen_ids,
            gap=(form.get("tekort") or [""])[0] == "ja",
        )
        with session_scope(services.engine()) as db:
            stored = advices.record_advice(db, facts, user=_user(db))
            code = stored.code
            chosen_order = advices.chosen_groups(db, stored)
    except Invalid as error:
        return _options_page(form, wanted, signal, errors=error.problems, status=400)
    by_id = {r.id: r for r in suggested}
    sheet = make_sheet(
        code=code,
        now=now,
        reference=reference,
        self_text=(form.get("zelf") or [""])[0],
        support_short=(form.get("kort") or [""])[0],
        support_long=(form.get("lang") or [""])[0],
        categories=[c for c in tx.ADVICE_CATEGORIES if c in form.get("categorie", ())],
        records=[by_id[g] for g in chosen_order if g in by_id],
    )
    return render_template("team/advice.html", sheet=sheet, crisis=signal)


def _is_id(value: str) -> bool:
    return value.isascii() and value.isdigit() and len(value) <= 9


def _records(ids: Sequence[str]) -> list[GroupRecord]:
    """The suggested groups from the live catalogue; an unknown id is a stale form."""
    service = services.match_service()
    found = []
    for raw in dict.fromkeys(ids):
        record = find_record(service, int(raw)) if _is_id(raw) else None
        if record is None:
            raise Invalid("Een voorgestelde groep bestaat niet meer. Zoek opnieuw.")
        found.append(record)
    return found


@bp.get("/adviezen")
def listing() -> ResponseReturnValue:
    """The team's recent advices: codes, dates, categories and how the groups went."""
    with session_scope(services.engine()) as db:
        rows = advices.advice_rows(db, _user(db))
    return render_template("team/list.html", rows=rows)
