"""Coordinator pages (/coordinatie): organisations, people and roles, import and export.

A sibling of the monitoring dashboard (web/dashboard.py) under the same prefix and
with the same gate: coordinators and admins only (others 403, anonymous visitors
to the login). Thin views over catalogue.organisations, which decides what an
account may manage (Forbidden → 403) and checks every value (Invalid → the page
again with the messages, 400). Every change is a POST with a CSRF token.

The import is two steps. "Controleer" reads the upload, checks every row without
writing (catalogue.interchange.spreadsheet.preview_file) and keeps the bytes on
the server (web/pending_imports.py); "Bevestig import" imports exactly those bytes,
all or nothing, after checking their SHA-256 against the one shown in the preview.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired, FileSize

from catalogue import organisations
from catalogue import taxonomy as tx
from catalogue.db import session_scope
from catalogue.errors import Forbidden, Invalid
from catalogue.interchange import spreadsheet
from catalogue.models import User
from web import pending_imports, services
from web.accounts import same_origin_referrer
from web.catalogue import public_base

bp = Blueprint("coordination", __name__, url_prefix="/coordinatie")
bp.after_request(same_origin_referrer)
log = logging.getLogger(__name__)

MAX_UPLOAD = 2 * 1024 * 1024  # the app's MAX_CONTENT_LENGTH: a larger request is a 413
WHOLE_REGION = "geen"


class ActionForm(FlaskForm):
    """Only the CSRF token: the fields are parsed by hand."""


class ImportForm(FlaskForm):
    """The spreadsheet to check (CSRF token included)."""

    file = FileField(
        "Bestand (.csv of .xlsx)",
        validators=[
            FileRequired("Kies een bestand."),
            FileAllowed(["csv", "xlsx"], "Kies een .csv- of .xlsx-bestand."),
            FileSize(MAX_UPLOAD, message="Het bestand is te groot (maximaal 2 MB)."),
        ],
    )


def _user(db: Any) -> User | None:
    if not current_user.is_authenticated:
        return None
    found: User | None = db.get(User, current_user.id)
    return found


@bp.before_request
@login_required
def _coordinators_only() -> None:
    """Only coordinators and admins; everyone else gets 403, anonymous visitors the login."""
    with session_scope(services.engine()) as db:
        try:
            organisations.coordinator_scope(db, _user(db))
        except Forbidden:
            _refused()
            raise


def _refused() -> None:
    log.warning(
        "coordination refused",
        extra={"event": "authz.refused", "user_id": getattr(current_user, "id", None)},
    )


@bp.after_request
def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.app_context_processor
def _coordinator_link() -> dict[str, Any]:
    def is_coordinator() -> bool:
        if not current_user.is_authenticated:
            return False
        with session_scope(services.engine()) as db:
            try:
                organisations.coordinator_scope(db, _user(db))
            except Forbidden:
                return False
        return True

    return {"is_coordinator": is_coordinator}


def _guard(action: Any) -> Any:
    """Run one service in a transaction; Forbidden is logged and becomes a 403."""
    try:
        with session_scope(services.engine()) as db:
            return action(db, _user(db))
    except Forbidden:
        _refused()
        raise


# --- organisations --------------------------------------------------------------------------


def _organisations_page(
    *, problems: list[str] | None = None, values: dict[str, str] | None = None, status: int = 200
) -> ResponseReturnValue:
    with session_scope(services.engine()) as db:
        user = _user(db)
        rows = organisations.list_organisations(db, user=user)
        scope = organisations.coordinator_scope(db, user)
    body = render_template(
        "coordination/organisations.html",
        form=ActionForm(formdata=None),
        rows=rows,
        regions=[(code, tx.REGIONS[code]) for code in scope.regions],
        problems=problems or [],
        values=values or {},
    )
    return body, status


@bp.get("/organisaties")
def organisation_list() -> ResponseReturnValue:
    return _organisations_page()


@bp.post("/organisaties")
def organisation_create() -> ResponseReturnValue:
    name = request.form.get("name", "")[:1000]
    region = request.form.get("region", "")[:40]
    try:
        _guard(
            lambda db, user: organisations.create_organisation(
                db, user=user, name=name, region=region
            )
        )
    except Invalid as error:
        return _organisations_page(
            problems=error.problems, values={"name": name, "region": region}, status=400
        )
    flash(f"De organisatie '{' '.join(name.split())}' is aangemaakt.", "info")
    return redirect(url_for("coordination.organisation_list"), code=303)


@bp.post("/organisaties/<int:organisation_id>/naam")
def organisation_rename(organisation_id: int) -> ResponseReturnValue:
    name = request.form.get("name", "")[:1000]
    try:
        _guard(
            lambda db, user: organisations.rename_organisation(
                db, user=user, organisation_id=organisation_id, name=name
            )
        )
    except Invalid as error:
        return _organisations_page(problems=error.problems, status=400)
    flash("De nieuwe naam is opgeslagen.", "info")
    return redirect(url_for("coordination.organisation_list"), code=303)


# --- people ---------------------------------------------------------------------------------


def _people_page(
    *, problems: list[str] | None = None, values: dict[str, str] | None = None, status: int = 200
) -> ResponseReturnValue:
    with session_scope(services.engine()) as db:
        user = _user(db)
        rows = organisations.list_people(db, user=user)
        scope = organisations.coordinator_scope(db, user)
        orgs = [(o.id, o.name) for o in organisations.visible_organisations(db, scope)]
        grantable = organisations.grantable_roles(db, user=user)
    body = render_template(
        "coordination/people.html",
        form=ActionForm(formdata=None),
        rows=rows,
        organisations=orgs,
        roles=[(code, tx.ROLES[code]) for code in grantable],
        whole_region=scope.everything,
        problems=problems or [],
        values=values or {},
    )
    return body, status


@bp.get("/mensen")
def people() -> ResponseReturnValue:
    return _people_page()


@bp.post("/mensen/uitnodigen")
def invite() -> ResponseReturnValue:
    email = request.form.get("email", "")[:320]
    role = request.form.get("role", "")[:20]
    raw_org = request.form.get("organisation", "")[:20]
    values = {"email": email, "role": role, "organisation": raw_org}
    if raw_org == WHOLE_REGION:
        organisation_id = None
    elif raw_org.isascii() and raw_org.isdigit():
        organisation_id = int(raw_org)
    else:
        message = "Organisatie: kies een organisatie uit de lijst."
        return _people_page(problems=[message], values=values, status=400)
    secret_key = services.services().settings.secret_key
    base = public_base()

    def run(db: Any, user: User | None) -> Any:
        return organisations.invite_person(
            db,
            user=user,
            email=email,
            role=role,
            organisation_id=organisation_id,
            base_url=base,
            secret_key=secret_key,
        )

    try:
        invitation = _guard(run)
    except Invalid as error:
        return _people_page(problems=error.problems, values=values, status=400)
    # The link is in the outbox only: never on a page, never in a log.
    flash(f"De uitnodiging voor {invitation.email} staat klaar om te versturen.", "info")
    return redirect(url_for("coordination.people"), code=303)


@bp.post("/mensen/<int:person_id>/uitzetten")
def deactivate(person_id: int) -> ResponseReturnValue:
    try:
        person = _guard(
            lambda db, user: (
                organisations.deactivate_person(db, user=user, person_id=person_id).email
            )
        )
    except Invalid as error:
        return _people_page(problems=error.problems, status=400)
    flash(f"Het account {person} staat uit. Wie ermee was ingelogd, is nu uitgelogd.", "info")
    return redirect(url_for("coordination.people"), code=303)


# --- import and export ----------------------------------------------------------------------


def _import_page(
    form: ImportForm,
    *,
    preview: spreadsheet.ImportPreview | None = None,
    problems: list[str] | None = None,
    digest: str = "",
    filename: str = "",
    status: int = 200,
) -> ResponseReturnValue:
    body = render_template(
        "coordination/import.html",
        form=form,
        confirm_form=ActionForm(formdata=None),
        preview=preview,
        problems=problems or [],
        digest=digest,
        filename=filename,
    )
    return body, status


def _checked(data: bytes, filename: str) -> spreadsheet.ImportPreview:
    """The dry run plus the account's own limits (a region's organisations) as row problems."""
    with session_scope(services.engine()) as db:
        found = spreadsheet.preview_file(db, data, filename)
        extra = organisations.import_problems(db, user=_user(db), labelled=found.rows)
    if not extra:
        return found
    return spreadsheet.ImportPreview(
        (*found.problems, *extra), found.new, found.changed, found.unchanged, found.rows
    )


@bp.get("/import")
def import_start() -> ResponseReturnValue:
    return _import_page(ImportForm(formdata=None))


@bp.post("/import")
def import_preview() -> ResponseReturnValue:
    """Check the upload and show what an import would do; writes nothing to the catalogue."""
    form = ImportForm()
    if not form.validate_on_submit():
        problems = [message for messages in form.errors.values() for message in messages]
        return _import_page(form, problems=[str(p) for p in problems], status=400)
    upload = form.file.data
    filename = (upload.filename or "").rsplit("/", 1)[-1][-200:]
    data = upload.read()
    preview = _checked(data, filename)
    if preview.problems:
        pending_imports.discard()
        return _import_page(form, preview=preview, filename=filename, status=400)
    digest = pending_imports.keep(data, filename)
    return _import_page(form, preview=preview, digest=digest, filename=filename)


@bp.post("/import/bevestig")
def import_confirm() -> ResponseReturnValue:
    """Import the previewed bytes, all or nothing, if they are still exactly what was shown."""
    expected = request.form.get("sha256", "")[:64]
    pending = pending_imports.take(expected)
    form = ImportForm(formdata=None)
    if pending is None:
        problem = (
            "Dit bestand is niet ingelezen: het is niet meer hetzelfde bestand als in de "
            "controle, of de controle is te lang geleden (meer dan 30 minuten). Kies het "
            "bestand opnieuw en controleer het nog een keer."
        )
        return _import_page(form, problems=[problem], status=409)
    preview = _checked(pending.data, pending.filename)
    if preview.problems:
        return _import_page(form, preview=preview, filename=pending.filename, status=400)
    with session_scope(services.engine()) as db:
        actor = _user(db)
        email = actor.email if actor is not None else "?"
    try:
        report = spreadsheet.import_file(
            services.engine(), pending.data, pending.filename, actor=email
        )
    except Invalid as error:
        return _import_page(form, problems=[error.message, *error.problems[1:]], status=400)
    log.info(
        "catalogue imported",
        extra={"event": "import.done", "user_id": current_user.id, "created": report.created},
    )
    flash(
        f"De import is klaar: {report.created} nieuw, {report.updated} gewijzigd, "
        f"{report.unchanged} ongewijzigd.",
        "info",
    )
    return redirect(url_for("coordination.import_start"), code=303)


@bp.get("/catalogus.csv")
def export_csv() -> ResponseReturnValue:
    """The whole catalogue as the transfertafel CSV (docs/spreadsheet.md)."""
    response = Response(spreadsheet.export_engine_csv(services.engine()), mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="groepenwijzer.csv"'
    return response


@bp.get("/catalogus.xlsx")
def export_xlsx() -> ResponseReturnValue:
    """The whole catalogue as an XLSX workbook with the same columns."""
    response = Response(
        spreadsheet.export_engine_xlsx(services.engine()),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response.headers["Content-Disposition"] = 'attachment; filename="groepenwijzer.xlsx"'
    return response
