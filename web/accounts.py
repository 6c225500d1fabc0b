"""Login and logout for facilitators, teams, coordinators and admins (docs/accounts.md).

Sessions are Flask's signed cookie (HttpOnly, SameSite=Lax, Secure behind the proxy)
holding Flask-Login's user id, which is "<user id>:<session_version>". The user
loader reads the account on every request: a raised `session_version` (logout,
deactivation) or an inactive account makes every cookie issued before it worthless,
so a captured cookie cannot be replayed. The session is emptied at login (a new
session id, no fixation) and ends after IDLE_SECONDS without a request or
ABSOLUTE_SECONDS after login, whatever happens in between.

Login attempts are limited with Flask-Limiter: per client address (all attempts) and
per account (failed attempts only: a temporary lockout). The account's key is a keyed
hash of the address, so neither the limiter's storage nor its log ever hold it.
Failed logins are logged as a structured record without address or password.

Password reset and invitations (`catalogue.account_links`): "/wachtwoord-vergeten"
asks for a reset link (rate-limited per client address and per typed address, the
same answer whether or not the address has an account), "/wachtwoord-nieuw/<token>"
and "/uitnodiging/<token>" set a password once. Their links are built from
GROEPENWIJZER_BASE_URL when it is set, never from the request's Host header.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import time
from dataclasses import dataclass
from typing import Any

from flask import (
    Blueprint,
    Flask,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_limiter import Limiter, RateLimitExceeded
from flask_limiter.util import get_remote_address
from flask_login import LoginManager, current_user, login_user, logout_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import EmailField, PasswordField

from catalogue import account_links, accounts
from catalogue.db import session_scope
from catalogue.errors import Invalid
from catalogue.models import User
from web import services
from web.catalogue import public_base

bp = Blueprint("accounts", __name__)
log = logging.getLogger(__name__)

IDLE_SECONDS = 30 * 60
ABSOLUTE_SECONDS = 12 * 60 * 60
# Refresh the "last seen" time at most this often (each refresh re-sends the cookie).
SEEN_RESOLUTION_SECONDS = 60
# Flask config keys, so tests can use short windows.
RATE_LIMIT = "GROEPENWIJZER_LOGIN_RATE_LIMIT"  # all login attempts per client address
LOCKOUT = "GROEPENWIJZER_LOGIN_LOCKOUT"  # failed attempts per account before a lockout
RESET_RATE_LIMIT = "GROEPENWIJZER_RESET_RATE_LIMIT"  # reset requests per client address
RESET_PER_ADDRESS = "GROEPENWIJZER_RESET_PER_ADDRESS"  # reset requests per typed address
DEFAULTS = {
    RATE_LIMIT: "20 per minute",
    LOCKOUT: "5 per 15 minutes",
    RESET_RATE_LIMIT: "10 per hour",
    RESET_PER_ADDRESS: "3 per hour",
}
LIMITER_KEY = "groepenwijzer.limiter"
FAILED = "E-mailadres of wachtwoord klopt niet. Let op hoofdletters in je wachtwoord."


@dataclass(frozen=True)
class Account:
    """The logged-in person as Flask-Login sees them (never the password hash)."""

    id: int
    email: str
    name: str
    session_version: int
    is_authenticated: bool = True
    is_active: bool = True
    is_anonymous: bool = False

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"


class LoginForm(FlaskForm):
    """E-mail address and password (CSRF token included)."""

    email = EmailField("E-mailadres")
    password = PasswordField("Wachtwoord")


class ForgotForm(FlaskForm):
    """The address a reset link should go to (CSRF token included)."""

    email = EmailField("E-mailadres")


class NewPasswordForm(FlaskForm):
    """A new password, typed twice (CSRF token included)."""

    password = PasswordField("Nieuw wachtwoord")
    confirm = PasswordField("Nog een keer")


login_manager = LoginManager()
login_manager.login_view = "accounts.login"
login_manager.login_message = "Log eerst in om deze pagina te zien."
login_manager.login_message_category = "info"
# Flask-Login's own "session protection" would write a flag and a hash of the address
# and browser into every session, residents' chat sessions included. Sessions here are
# renewed at login and ended server-side through `session_version` instead.
login_manager.session_protection = None


@login_manager.user_loader
def _load_account(session_id: str) -> Account | None:
    user_part, _, version_part = session_id.partition(":")
    if not (user_part.isdigit() and version_part.isdigit()):
        return None
    with session_scope(services.engine()) as db:
        user = db.get(User, int(user_part))
        if user is None or not user.active or user.session_version != int(version_part):
            return None
        return _account(user)


def _account(user: User) -> Account:
    assert user.id is not None
    return Account(user.id, user.email, user.name, user.session_version)


def _now() -> int:
    return int(time.time())


def _check_timeouts() -> None:
    """End a login session that was idle too long or is older than the absolute limit."""
    if "_user_id" not in session:
        return
    now = _now()
    login_at, seen = session.get("login_at"), session.get("seen")
    if (
        not isinstance(login_at, int)
        or not isinstance(seen, int)
        or now - login_at > ABSOLUTE_SECONDS
        or now - seen > IDLE_SECONDS
    ):
        session.clear()
        g.session_expired = True
        return
    if now - seen >= SEEN_RESOLUTION_SECONDS:
        session["seen"] = now


def same_origin_referrer(response: Response) -> Response:
    """Pages with forms send their own origin as Referer (never to other sites).

    Behind TLS, Flask-WTF refuses a POST whose Referer is missing or from another
    origin (WTF_CSRF_SSL_STRICT); the site-wide "no-referrer" would refuse every form.
    """
    response.headers["Referrer-Policy"] = "same-origin"
    return response


bp.after_request(same_origin_referrer)


def _safe_next(target: str | None) -> str:
    """Only a path on this site (no scheme, no host, no '//'); else the overview."""
    if target and target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return url_for("beheer.overview")


def _account_key() -> str:
    """A keyed hash of the address typed at login: the lockout's key, never the address."""
    return "account:" + _typed_address_hash()


def _typed_address_hash() -> str:
    typed = request.form.get("email", "")[:320].strip().lower()
    secret = services.services().settings.secret_key.encode()
    return hmac.new(secret, typed.encode(), hashlib.sha256).hexdigest()[:32]


def _login_failed(_response: Response) -> bool:
    return bool(g.get("login_failed"))


def _limits(limiter: Limiter) -> None:
    only_login = {"exempt_when": lambda: request.endpoint != "accounts.login"}
    limiter.limit(
        lambda: current_app.config[RATE_LIMIT],
        methods=["POST"],
        key_func=get_remote_address,
        **only_login,  # type: ignore[arg-type]
    )(bp)
    limiter.limit(
        lambda: current_app.config[LOCKOUT],
        methods=["POST"],
        key_func=_account_key,
        deduct_when=_login_failed,
        **only_login,  # type: ignore[arg-type]
    )(bp)
    # Reset requests: each one may send a mail, so fewer per address and per inbox.
    only_forgot = {"exempt_when": lambda: request.endpoint != "accounts.forgot_password"}
    limiter.limit(
        lambda: current_app.config[RESET_RATE_LIMIT],
        methods=["POST"],
        key_func=lambda: "reset-client:" + get_remote_address(),
        **only_forgot,  # type: ignore[arg-type]
    )(bp)
    limiter.limit(
        lambda: current_app.config[RESET_PER_ADDRESS],
        methods=["POST"],
        key_func=lambda: "reset-address:" + _typed_address_hash(),
        **only_forgot,  # type: ignore[arg-type]
    )(bp)


@bp.route("/inloggen", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    if current_user.is_authenticated:
        return redirect(url_for("beheer.overview"))
    form = LoginForm()
    problem = ""
    status = 200
    if g.get("session_expired"):
        problem = "Je was te lang niet actief of te lang ingelogd. Log opnieuw in."
    if form.validate_on_submit():
        email = form.email.data or ""
        password = form.password.data or ""
        with session_scope(services.engine()) as db:
            user = accounts.authenticate(db, email=email, password=password)
            account = _account(user) if user is not None else None
        if account is None:
            g.login_failed = True
            log.warning("login refused", extra={"event": "login.refused"})
            problem, status = FAILED, 400
        else:
            next_url = _safe_next(request.args.get("next"))
            session.clear()  # a new session: nothing from before the login carries over
            login_user(account)
            now = _now()
            session.update(sid=secrets.token_urlsafe(24), login_at=now, seen=now)
            log.info("login", extra={"event": "login.ok", "user_id": account.id})
            return redirect(next_url, code=303)
    elif request.method == "POST":
        problem, status = FAILED, 400
    return render_template("beheer/login.html", form=form, problem=problem), status


@bp.errorhandler(RateLimitExceeded)
def _too_many(error: RateLimitExceeded) -> ResponseReturnValue:
    if request.endpoint == "accounts.forgot_password":
        log.warning("reset requests limited", extra={"event": "reset.limited"})
        problem = (
            "Er zijn net al een paar links aangevraagd. Wacht een uur en probeer het dan "
            "opnieuw. Kijk intussen ook in je map met ongewenste e-mail."
        )
        body = render_template(
            "accounts/forgot.html", form=ForgotForm(formdata=None), problem=problem
        )
        return body, 429, {"Retry-After": "3600"}
    log.warning("login locked", extra={"event": "login.locked"})
    problem = (
        "Er is te vaak een verkeerd wachtwoord ingevuld. Wacht een kwartier en probeer het "
        "dan opnieuw. Wachtwoord vergeten? Vraag je coördinator om hulp."
    )
    body = render_template("beheer/login.html", form=LoginForm(formdata=None), problem=problem)
    return body, 429, {"Retry-After": "900"}


@bp.route("/uitloggen", methods=["POST"])
def logout() -> ResponseReturnValue:
    if current_user.is_authenticated:
        with session_scope(services.engine()) as db:
            accounts.end_sessions(db, user_id=current_user.id)
    logout_user()
    session.clear()
    flash("Je bent uitgelogd.", "info")
    return redirect(url_for("accounts.login"), code=303)


@bp.route("/wachtwoord-vergeten", methods=["GET", "POST"])
def forgot_password() -> ResponseReturnValue:
    form = ForgotForm()
    if form.validate_on_submit():
        settings = services.services().settings
        with session_scope(services.engine()) as db:
            account_links.request_reset(
                db, form.email.data or "", public_base(), secret_key=settings.secret_key
            )
        # The same page whether or not the address has an account (no enumeration).
        return render_template("accounts/forgot_sent.html")
    return render_template("accounts/forgot.html", form=form, problem="")


@bp.route("/wachtwoord-nieuw/<token>", methods=["GET", "POST"])
def new_password(token: str) -> ResponseReturnValue:
    return _password_page(token, "reset")


@bp.route("/uitnodiging/<token>", methods=["GET", "POST"])
def accept_invitation(token: str) -> ResponseReturnValue:
    return _password_page(token, "invite")


def _password_page(token: str, purpose: account_links.Purpose) -> ResponseReturnValue:
    """Check the link (GET only reads), then set the password on a valid POST."""
    secret_key = services.services().settings.secret_key
    try:
        with session_scope(services.engine()) as db:
            email = account_links.check_token(db, token, purpose, secret_key=secret_key).email
    except Invalid as exc:
        return _link_refused(exc, purpose)
    form = NewPasswordForm()
    problems: list[str] = []
    if form.validate_on_submit():
        password = form.password.data or ""
        if password != (form.confirm.data or ""):
            problems = ["De twee wachtwoorden zijn niet hetzelfde. Typ ze nog een keer."]
        else:
            set_password = (
                account_links.reset_password
                if purpose == "reset"
                else account_links.accept_invitation
            )
            try:
                with session_scope(services.engine()) as db:
                    set_password(db, token, password, secret_key=secret_key)
            except Invalid as exc:
                if "password" not in exc.fields:
                    return _link_refused(exc, purpose)
                problems = exc.problems
            else:
                logout_user()
                session.clear()  # this browser starts afresh too
                flash(_DONE[purpose], "info")
                return redirect(url_for("accounts.login"), code=303)
    page = render_template(
        "accounts/new_password.html", form=form, purpose=purpose, email=email, problems=problems
    )
    return page, 400 if problems else 200


_DONE = {
    "reset": "Je nieuwe wachtwoord is opgeslagen. Log nu in met je nieuwe wachtwoord.",
    "invite": "Welkom! Je wachtwoord is opgeslagen. Log nu in om je groepen bij te houden.",
}


def _link_refused(exc: Invalid, purpose: str) -> ResponseReturnValue:
    log.warning("account link refused", extra={"event": "account.link_refused", "kind": purpose})
    body = render_template("accounts/link_problem.html", message=exc.message, purpose=purpose)
    return body, 400


def init_app(app: Flask) -> None:
    """Flask-Login, the login limits and the session timeouts."""
    for key, value in DEFAULTS.items():
        app.config.setdefault(key, value)
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", False)
    app.config["REMEMBER_COOKIE_HTTPONLY"] = True
    app.config["REMEMBER_COOKIE_SAMESITE"] = "Lax"
    if app.config.get("SESSION_COOKIE_SECURE"):
        app.config["REMEMBER_COOKIE_SECURE"] = True
    login_manager.init_app(app)
    limiter = Limiter(
        get_remote_address,
        storage_uri=services.services_of(app).settings.ratelimit_storage,
        strategy="fixed-window",
        key_prefix="groepenwijzer-login",
    )
    _limits(limiter)
    limiter.init_app(app)
    app.extensions[LIMITER_KEY] = limiter
    app.before_request(_check_timeouts)


def limiter_of(app: Flask) -> Any:
    """The app's login limiter (tests reset it)."""
    return app.extensions[LIMITER_KEY]
