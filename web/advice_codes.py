"""Closing the loop (/beheer/groepen/<id>/aanmeldingen): a facilitator enters an advice's code.

Someone who comes via a VG advice names its code; the facilitator records that
they signed up, started, or that the group did not fit (with a reason from a
fixed list). No names: the code is the only link (catalogue.advice).
"""

from __future__ import annotations

import logging

from flask import Blueprint, abort, render_template, request
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from catalogue import advice as advices
from catalogue import taxonomy as tx
from catalogue.db import session_scope
from catalogue.errors import Forbidden, Invalid
from catalogue.groups import get_record
from catalogue.models import Group, User
from web import services
from web.accounts import same_origin_referrer

bp = Blueprint("advice_codes", __name__, url_prefix="/beheer/groepen")
bp.after_request(same_origin_referrer)
log = logging.getLogger(__name__)
STATUSES = {
    k: v for k, v in tx.ADVICE_OPTION_STATUSES.items() if k not in ("voorgesteld", "gekozen")
}


@bp.before_request
@login_required
def _logged_in() -> None:
    """Every page here needs a login."""


def _page(group_id: int, *, problems: list[str] | None = None, done: str = "",
          status: int = 200) -> ResponseReturnValue:  # fmt: skip
    with session_scope(services.engine()) as db:
        group = db.get(Group, group_id)
        if group is None:
            abort(404)
        user: User | None = db.get(User, current_user.id)
        try:
            advices.require_editor(db, user, group_id)
        except Forbidden:
            log.warning(
                "change refused",
                extra={"event": "authz.refused", "user_id": current_user.id, "group_id": group_id},
            )
            raise
        record = get_record(db, group_id)
        states = advices.option_states(db, group_id=group_id)
    body = render_template(
        "beheer/advice_codes.html",
        record=record,
        states=states,
        statuses=STATUSES,
        reasons=tx.NOT_FITTING_REASONS,
        problems=problems or [],
        done=done,
        values=request.form,
    )
    return body, status


@bp.get("/<int:group_id>/aanmeldingen")
def show(group_id: int) -> ResponseReturnValue:
    return _page(group_id)


@bp.post("/<int:group_id>/aanmeldingen")
def update(group_id: int) -> ResponseReturnValue:
    try:
        with session_scope(services.engine()) as db:
            state = advices.set_option_status(
                db,
                user=db.get(User, current_user.id),
                group_id=group_id,
                code=request.form.get("code", "")[:40],
                status=request.form.get("status", "")[:30],
                reason=request.form.get("reden", "")[:40] or None,
            )
    except Invalid as error:
        return _page(group_id, problems=error.problems, status=400)
    label = tx.ADVICE_OPTION_STATUSES[state.status].lower()
    return _page(group_id, done=f"Opgeslagen: code {state.code} staat nu op '{label}'.")
