"""Facilitator pages (/beheer): my groups, edit a group, "klopt nog", full, cancel a meeting,
and the schedule in plain Dutch (typed, shown back with its first dates, then saved).

Thin views over catalogue.groups: parse the form into typed values, call one service
with the logged-in account, render. The services decide who may change what
(Forbidden → 403), check every value (Invalid → the form again with a message per
field, 400), lock on the version (Conflict → the form again with what was typed, 409)
and write the audit log. Every state change is a POST with a CSRF token; GET never
changes anything. Works without JavaScript.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from catalogue import accounts, groups, quality, schedule_text
from catalogue import taxonomy as tx
from catalogue.db import session_scope
from catalogue.errors import Conflict, Forbidden, Invalid
from catalogue.models import User
from catalogue.records import GroupRecord
from catalogue.schedules import (
    AMSTERDAM,
    Meeting,
    ScheduleSpec,
    describe,
    dutch_date,
    next_meetings,
)
from web import services
from web.accounts import same_origin_referrer

bp = Blueprint("beheer", __name__, url_prefix="/beheer")
bp.after_request(same_origin_referrer)
log = logging.getLogger(__name__)

NEXT_MEETINGS = 8
PREVIEW_DATES = 4  # meeting dates shown before a new schedule is saved
# The edit form's fields: (name, label, kind). Kinds: text, textarea, int, status, email, url.
FIELDS: tuple[tuple[str, str, str], ...] = (
    ("title", "Titel", "text"),
    ("summary", "Korte omschrijving", "textarea"),
    ("description", "Beschrijving", "textarea"),
    ("status", "Status", "status"),
    ("capacity", "Aantal plekken in de groep", "int"),
    ("places_left", "Vrije plekken", "int"),
    ("waiting_weeks", "Wachttijd in weken", "int"),
    ("contact_phone", "Telefoon", "text"),
    ("contact_email", "E-mail", "email"),
    ("registration_url", "Aanmeldlink", "url"),
)
HINTS = {
    "summary": "Eén of twee zinnen. Deze zin staat in de zoekresultaten.",
    "places_left": "Laat leeg als je het niet weet.",
    "waiting_weeks": "0 als iemand meteen kan beginnen.",
    "registration_url": "Een webadres dat begint met https://",
}
_LABEL_TO_FIELD = {label: name for name, label in groups.FIELD_LABELS.items()}


class ActionForm(FlaskForm):
    """Only the CSRF token: the fields are parsed by hand into typed values."""


def _user(db: Any) -> User | None:
    found: User | None = db.get(User, current_user.id)
    return found


def _when(day: date) -> str:
    return dutch_date(day, year=True)


def _meeting_label(meeting: Meeting) -> str:
    return f"{_when(meeting.start.date())}, {meeting.start:%H:%M}"


@bp.before_request
@login_required
def _logged_in() -> None:
    """Every /beheer page needs a login; anonymous visitors go to /inloggen."""


@bp.route("/")
def overview() -> ResponseReturnValue:
    today = datetime.now(AMSTERDAM).date()
    with session_scope(services.engine()) as db:
        mine = accounts.editable_groups(db, _user(db))
        can_create = bool(groups.creatable_organisations(db, _user(db)))
        rows = [
            {
                "id": g.id,
                "title": g.title,
                "status": tx.STATUSES.get(g.status, g.status),
                "confirmed": g.last_confirmed_at,
                "days": (today - g.last_confirmed_at).days if g.last_confirmed_at else None,
            }
            for g in mine
        ]
    return render_template("beheer/overview.html", rows=rows, when=_when, can_create=can_create)


def _record_for_editor(group_id: int) -> GroupRecord:
    """The group's record when the logged-in account may change it; else 404 or 403."""
    with session_scope(services.engine()) as db:
        record = groups.get_record(db, group_id)
        group = groups._load_group(db, group_id)
        try:
            accounts.require_group_editor(db, _user(db), group.organisation_id)
        except Forbidden:
            _refused(group_id)
            raise
        return record


def _refused(group_id: int) -> None:
    log.warning(
        "change refused",
        extra={"event": "authz.refused", "user_id": current_user.id, "group_id": group_id},
    )


def _values(record: GroupRecord) -> dict[str, str]:
    return {
        name: "" if getattr(record, name) is None else str(getattr(record, name))
        for name, _label, _kind in FIELDS
    }


def _page(
    record: GroupRecord,
    *,
    values: dict[str, str] | None = None,
    version: int | None = None,
    errors: dict[str, list[str]] | None = None,
    problems: list[str] | None = None,
    status: int = 200,
) -> ResponseReturnValue:
    now = datetime.now(UTC)
    with session_scope(services.engine()) as db:
        found = groups.group_hints(db, record.id, now=now)
    meetings = next_meetings(record.schedule, NEXT_MEETINGS, now) if record.schedule else []
    today = now.astimezone(AMSTERDAM).date()
    cancelled = sorted(
        d for d in (record.schedule.exceptions if record.schedule else ()) if d >= today
    )
    body = render_template(
        "beheer/group.html",
        record=record,
        form=ActionForm(formdata=None),
        fields=FIELDS,
        hints=HINTS,
        statuses=tx.STATUSES,
        values=values if values is not None else _values(record),
        version=record.version if version is None else version,
        errors=errors or {},
        problems=problems or [],
        meetings=[(m.start.date().isoformat(), _meeting_label(m)) for m in meetings],
        cancelled=[_when(d) for d in cancelled],
        when=_when,
        conflict=status == 409,
        quality_hints=found,
    )
    return body, status


@bp.route("/groepen/<int:group_id>")
def edit(group_id: int) -> ResponseReturnValue:
    return _page(_record_for_editor(group_id))


def _version() -> int:
    raw = request.form.get("version", "")
    if not raw.isascii() or not raw.isdigit() or len(raw) > 9:
        abort(400)
    return int(raw)


def _parse(form: dict[str, str]) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Form text → typed changes for GroupUpdate, and per-field problems of the parsing."""
    changes: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for name, label, kind in FIELDS:
        raw = form.get(name, "").replace("\r\n", "\n").strip()
        if kind == "int":
            if not raw:
                changes[name] = None
            elif raw.isascii() and raw.isdigit() and len(raw) <= 6:
                changes[name] = int(raw)
            else:
                errors[name] = [f"{label}: vul een heel getal in, zoals 4."]
        elif kind in ("text", "email", "url") and name != "title":
            changes[name] = raw or None
        else:
            changes[name] = raw
    return changes, errors


def _by_field(problems: list[str]) -> tuple[dict[str, list[str]], list[str]]:
    """Split the service's Dutch messages ("Vrije plekken: …") over the form's fields."""
    shown = {name for name, _label, _kind in FIELDS}
    errors: dict[str, list[str]] = {}
    general: list[str] = []
    for problem in problems:
        label = problem.split(":", 1)[0]
        field = _LABEL_TO_FIELD.get(label)
        if field in shown:
            errors.setdefault(field, []).append(problem)
        else:
            general.append(problem)
    return errors, general


def _change(group_id: int, action: Callable[[Any, User | None], object], done: str) -> Any:
    """Run one service for the logged-in account; Forbidden is logged and becomes a 403."""
    try:
        with session_scope(services.engine()) as db:
            action(db, _user(db))
    except Forbidden:
        _refused(group_id)
        raise
    flash(done, "info")
    return redirect(url_for("beheer.edit", group_id=group_id), code=303)


@bp.route("/groepen/<int:group_id>", methods=["POST"])
def save(group_id: int) -> ResponseReturnValue:
    version = _version()
    typed = {name: request.form.get(name, "")[:5000] for name, _label, _kind in FIELDS}
    changes, errors = _parse(typed)
    if errors:
        record = _record_for_editor(group_id)
        problems = [p for found in errors.values() for p in found]
        return _page(
            record, values=typed, version=version, errors=errors, problems=problems, status=400
        )

    def run(db: Any, user: User | None) -> object:
        return groups.edit_group(
            db, user=user, group_id=group_id, expected_version=version, changes=changes
        )

    try:
        return _change(group_id, run, "Je wijzigingen zijn opgeslagen.")
    except Invalid as exc:
        record = _record_for_editor(group_id)
        errors, _general = _by_field(exc.problems)
        return _page(
            record, values=typed, version=version, errors=errors, problems=exc.problems, status=400
        )
    except Conflict as exc:
        record = _record_for_editor(group_id)
        return _page(record, values=typed, version=version, problems=[exc.message], status=409)


@bp.route("/groepen/<int:group_id>/klopt-nog", methods=["POST"])
def confirm(group_id: int) -> ResponseReturnValue:
    version = _version()
    today = datetime.now(AMSTERDAM).date()

    def run(db: Any, user: User | None) -> object:
        return groups.edit_group(
            db,
            user=user,
            group_id=group_id,
            expected_version=version,
            changes={"last_confirmed_at": today},
        )

    return _guarded(group_id, run, "Bedankt! We hebben genoteerd dat alles nog klopt.")


@bp.route("/groepen/<int:group_id>/vol", methods=["POST"])
def full(group_id: int) -> ResponseReturnValue:
    version = _version()
    raw = request.form.get("waiting_weeks", "").strip()
    if raw and not (raw.isascii() and raw.isdigit() and len(raw) <= 3):
        record = _record_for_editor(group_id)
        message = "Wachttijd in weken: vul een heel getal in, zoals 4."
        return _page(
            record, problems=[message], errors={"full_waiting_weeks": [message]}, status=400
        )
    weeks = int(raw) if raw else None

    def run(db: Any, user: User | None) -> object:
        return groups.mark_full(
            db, user=user, group_id=group_id, expected_version=version, waiting_weeks=weeks
        )

    return _guarded(group_id, run, "De groep staat nu op vol.")


@bp.route("/groepen/<int:group_id>/afgelast", methods=["POST"])
def cancel(group_id: int) -> ResponseReturnValue:
    raw = request.form.get("day", "")
    try:
        day = date.fromisoformat(raw[:10])
    except ValueError:
        abort(400)
    reason = request.form.get("reason", "")[:1000].strip() or None

    def run(db: Any, user: User | None) -> object:
        return groups.cancel_session(db, user=user, group_id=group_id, day=day, reason=reason)

    return _guarded(
        group_id, run, f"Op {_when(day)} gaat de groep niet door. Dat staat nu op de site."
    )


def _guarded(group_id: int, run: Callable[[Any, User | None], object], done: str) -> Any:
    """Run a one-button action; Invalid and Conflict show the page again with the message."""
    try:
        return _change(group_id, run, done)
    except Invalid as exc:
        return _page(_record_for_editor(group_id), problems=exc.problems, status=400)
    except Conflict as exc:
        return _page(_record_for_editor(group_id), problems=[exc.message], status=409)


# --- the schedule editor: plain Dutch → preview → save (issue 10) -----------------------------


@bp.context_processor
def _schedule_words() -> dict[str, Any]:
    return {"schedule_words": schedule_words, "schedule_input": schedule_input}


def schedule_words(spec: ScheduleSpec | None) -> str:
    """The schedule as a facilitator would type it (or, for other rules, the short description)."""
    if spec is None:
        return ""
    try:
        return schedule_text.describe(spec)
    except schedule_text.ScheduleTextError:
        return describe(spec)


def schedule_input(spec: ScheduleSpec | None) -> str:
    """The current schedule as editable text; empty when the editor cannot say it in words."""
    if spec is None:
        return ""
    try:
        return schedule_text.describe(spec)
    except schedule_text.ScheduleTextError:
        return ""


def _schedule_page(
    record: GroupRecord,
    *,
    text: str,
    version: int,
    preview: ScheduleSpec | None = None,
    problems: list[str] | None = None,
    status: int = 200,
) -> ResponseReturnValue:
    dates = schedule_text.first_dates(preview, PREVIEW_DATES + 1) if preview else []
    body = render_template(
        "beheer/schedule.html",
        record=record,
        form=ActionForm(formdata=None),
        text=text,
        version=version,
        preview=schedule_text.describe(preview) if preview else "",
        dates=[dutch_date(day) for day in dates[:PREVIEW_DATES]],
        more=len(dates) > PREVIEW_DATES,
        problems=problems or [],
        conflict=status == 409,
    )
    return body, status


@bp.route("/groepen/<int:group_id>/rooster", methods=["POST"])
def schedule(group_id: int) -> ResponseReturnValue:
    """First post: show the typed schedule back as text and dates; second (confirm=ja): save."""
    version = _version()
    text = request.form.get("schedule_text", "")[:1000]
    record = _record_for_editor(group_id)
    try:
        spec = schedule_text.parse(text, today=datetime.now(AMSTERDAM).date())
    except schedule_text.ScheduleTextError as exc:
        return _schedule_page(record, text=text, version=version, problems=exc.problems, status=400)
    if request.form.get("confirm") != "ja":
        return _schedule_page(record, text=text, version=version, preview=spec)
    changes = {
        "schedule": {
            "rrule": spec.rrule,
            "first_session": spec.first_session,
            "duration_minutes": spec.duration_minutes,
            "until": spec.until,
            "session_count": spec.session_count,
        }
    }

    def run(db: Any, user: User | None) -> object:
        return groups.edit_group(
            db, user=user, group_id=group_id, expected_version=version, changes=changes
        )

    words = schedule_text.describe(spec)
    try:
        return _change(group_id, run, f"Het rooster is opgeslagen: {words}.")
    except Invalid as exc:
        return _schedule_page(record, text=text, version=version, problems=exc.problems, status=400)
    except Conflict as exc:
        return _schedule_page(
            record, text=text, version=version, problems=[exc.message], status=409
        )


# --- a new group for the facilitator's own organisation (issue 10) ---------------------------

# The create form's single-line fields: (name, label, kind); the choices and lists come after.
NEW_TEXT_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("title", "Titel", "text"),
    ("summary", "Korte omschrijving", "textarea"),
    ("description", "Beschrijving", "textarea"),
    ("location_name", "Naam van de locatie (mag leeg blijven)", "text"),
    ("address", "Adres (mag leeg blijven)", "text"),
    ("contact_email", "E-mail", "email"),
    ("contact_phone", "Telefoon", "text"),
    ("registration_url", "Aanmeldlink", "url"),
)
NEW_CHOICES: tuple[tuple[str, str], ...] = (
    ("domain", "Soort aanbod"),
    ("audience", "Voor wie"),
    ("mode", "Vorm"),
    ("municipality", "Gemeente (niet nodig als de groep alleen online is)"),
    ("access_route", "Hoe kom je in de groep?"),
)
NEW_LISTS: tuple[tuple[str, str], ...] = (("themes", "Thema's"), ("elements", "Werkvormen"))


def _vocabularies() -> dict[str, dict[str, str]]:
    return {
        "domain": dict(tx.DOMAINS),
        "audience": dict(tx.AUDIENCES),
        "mode": dict(tx.MODES),
        "municipality": {name: name for name in tx.MUNICIPALITIES},
        "access_route": dict(tx.ACCESS_ROUTES),
        "themes": {code: theme.label for code, theme in tx.THEMES.items()},
        "elements": dict(tx.ELEMENTS),
    }


def _new_page(
    *,
    values: dict[str, Any] | None = None,
    errors: dict[str, list[str]] | None = None,
    problems: list[str] | None = None,
    hints: tuple[quality.Hint, ...] | list[quality.Hint] = (),
    status: int = 200,
) -> ResponseReturnValue:
    with session_scope(services.engine()) as db:
        orgs = [(o.id, o.name) for o in groups.creatable_organisations(db, _user(db))]
    if not orgs:
        raise Forbidden("Je mag geen groepen toevoegen.")
    body = render_template(
        "beheer/new_group.html",
        form=ActionForm(formdata=None),
        organisations=orgs,
        text_fields=NEW_TEXT_FIELDS,
        choices=NEW_CHOICES,
        lists=NEW_LISTS,
        vocabularies=_vocabularies(),
        hints=HINTS,
        values=values or {"themes": [], "elements": []},
        errors=errors or {},
        problems=problems or [],
        quality_hints=list(hints),
    )
    return body, status


@bp.route("/groepen/nieuw")
def new() -> ResponseReturnValue:
    return _new_page()


def _parse_new(form: Any) -> tuple[dict[str, Any], dict[str, Any], dict[str, list[str]]]:
    """The create form → (typed data for NewGroup, the values to show again, parse problems)."""
    data: dict[str, Any] = {}
    shown: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for name, _label, _kind in NEW_TEXT_FIELDS:
        raw = form.get(name, "")[:5000].replace("\r\n", "\n").strip()
        shown[name] = raw
        if name == "title" or raw:
            data[name] = raw
    for name, _label in NEW_CHOICES:
        raw = form.get(name, "")[:100].strip()
        shown[name] = raw
        if raw:  # an empty choice is left out: "is verplicht" or the default, and a hint
            data[name] = raw
    for name, _label in NEW_LISTS:
        picked = [code[:100] for code in form.getlist(name)[:100]]
        shown[name] = picked
        if picked:
            data[name] = picked
    text = form.get("schedule_text", "")[:1000]
    shown["schedule_text"] = text
    if text.strip():
        try:
            spec = schedule_text.parse(text, today=datetime.now(AMSTERDAM).date())
        except schedule_text.ScheduleTextError as exc:
            errors["schedule_text"] = exc.problems
        else:
            data["schedule"] = {
                "rrule": spec.rrule,
                "first_session": spec.first_session,
                "duration_minutes": spec.duration_minutes,
                "until": spec.until,
                "session_count": spec.session_count,
            }
    return data, shown, errors


_NEW_LABEL_TO_FIELD = {**_LABEL_TO_FIELD, "Contact": "contact_email", "Rooster": "schedule_text"}


@bp.route("/groepen/nieuw", methods=["POST"])
def create() -> ResponseReturnValue:
    raw_org = request.form.get("organisation_id", "")
    if not raw_org.isascii() or not raw_org.isdigit() or len(raw_org) > 9:
        abort(400)
    data, shown, errors = _parse_new(request.form)
    shown["organisation_id"] = raw_org
    if errors:
        problems = [p for found in errors.values() for p in found]
        return _new_page(values=shown, errors=errors, problems=problems, status=400)
    try:
        with session_scope(services.engine()) as db:
            created = groups.create_group(
                db, user=_user(db), organisation_id=int(raw_org), data=data
            )
    except Forbidden:
        log.warning(
            "create refused",
            extra={"event": "authz.refused", "user_id": current_user.id, "org_id": raw_org},
        )
        raise
    except Invalid as exc:
        by_field: dict[str, list[str]] = {}
        for problem in exc.problems:
            field = _NEW_LABEL_TO_FIELD.get(problem.split(":", 1)[0])
            if field is not None:
                by_field.setdefault(field, []).append(problem)
        hints = exc.hints if isinstance(exc, groups.NotCreated) else ()
        return _new_page(
            values=shown, errors=by_field, problems=exc.problems, hints=hints, status=400
        )
    flash("De groep is toegevoegd en staat nu op de site.", "info")
    return redirect(url_for("beheer.edit", group_id=created.group_id), code=303)
