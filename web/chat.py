"""The web chat (/chat): the same dialogue as the Telegram bot, as a plain form.

Works without JavaScript: every message or button is a POST (CSRF-checked),
answered by a redirect to the page with the bot's last replies. The Flask
session cookie holds only a random chat id; the conversation state and the
last replies live server-side under the keyed hash of that id, in small
files that expire after two idle hours. Nothing the resident types is kept.
"""

from __future__ import annotations

import secrets
import threading
from typing import Any

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import HiddenField, StringField
from wtforms.validators import Length

from bot import texts
from bot.conversation import ChatService, service_matcher
from bot.dialogue import crisis_reply
from bot.identity import FileStateStore, JsonFileStore
from bot.messages import Button, Event, Reply, events_from_text
from web import services

bp = Blueprint("chat", __name__, url_prefix="/chat")

SESSION_KEY = "chat"
MAX_MESSAGE = 1000
MAX_RAW = 20_000  # crisis check on an over-long message reads this much
_EXTENSION = "groepenwijzer.chat"
_lock = threading.Lock()


class ChatForm(FlaskForm):
    """One chat turn: typed text or a button's action (CSRF token included)."""

    message = StringField("Je bericht", validators=[Length(max=MAX_MESSAGE)])
    action = HiddenField()


class WebChat:
    """The web chat's service and its store of last replies."""

    def __init__(self, app: Flask) -> None:
        shared = app.extensions[services.KEY]
        folder = shared.settings.instance_path / "webchat"
        self.service = ChatService(
            channel="webchat",
            secret_key=shared.settings.secret_key,
            store=FileStateStore(folder / "state"),
            matcher=service_matcher(shared.match_service),
            engine=shared.engine,
            crisis_check=shared.match_service.detect_crisis,
        )
        self.replies = JsonFileStore(folder / "replies")


def _chat() -> WebChat:
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    with _lock:
        if _EXTENSION not in app.extensions:
            app.extensions[_EXTENSION] = WebChat(app)
        found: WebChat = app.extensions[_EXTENSION]
    return found


def _session_id(*, create: bool) -> str | None:
    sid = session.get(SESSION_KEY)
    if sid is None and create:
        sid = session[SESSION_KEY] = secrets.token_urlsafe(32)
    return sid if isinstance(sid, str) else None


def _events(form: ChatForm, chat: WebChat) -> list[Event]:
    """A typed message is checked for crisis before a button's action is read."""
    message = form.message.data or ""
    if message.strip() and chat.service.crisis_check(message).crisis:
        return [Event.text(message)]
    action = (form.action.data or "").strip()
    if action:
        return [Event.action(action[:64])]
    return events_from_text(message)


def _to_json(replies: list[Reply]) -> list[dict[str, Any]]:
    return [
        {
            "text": r.text,
            "buttons": [[[b.label, b.action] for b in row] for row in r.buttons],
            "crisis": r.crisis,
        }
        for r in replies
    ]


def _from_json(data: Any) -> list[Reply]:
    if not isinstance(data, list):
        return []
    return [
        Reply(
            item["text"],
            tuple(tuple(Button(label, action) for label, action in row) for row in item["buttons"]),
            item.get("crisis"),
        )
        for item in data
    ]


@bp.get("/")
def index() -> str:
    """The chat page: the bot's last replies and the message form."""
    chat = _chat()
    sid = _session_id(create=False)
    replies = _from_json(chat.replies.get_json(chat.service.key(sid))) if sid else []
    return _page(replies or [Reply(texts.GREETING), Reply(texts.ASK_WHAT)])


@bp.post("/")
def send() -> Response:
    """One turn. An invalid form (stale token, too long) changes nothing: 400 or crisis help."""
    form = ChatForm()
    if not form.validate_on_submit():
        # Crisis help first, even when the form is stale (expired CSRF token) or too long:
        # nothing is stored or changed, the page only shows the help.
        signal = _chat().service.crisis_check((request.form.get("message") or "")[:MAX_RAW])
        if signal.crisis:
            page = _page([crisis_reply(signal.kind), Reply(texts.AFTER_CRISIS)])
            return make_response(page, 200)
        abort(400)
    chat = _chat()
    events = _events(form, chat)
    if events:
        sid = _session_id(create=True)
        assert sid is not None
        key = chat.service.key(sid)
        replies = [reply for event in events for reply in chat.service.handle(sid, event)]
        if chat.service.store.get(key) is None:  # /vergeet: nothing of this chat remains
            chat.replies.delete(key)
            session.pop(SESSION_KEY, None)
            return redirect(url_for("chat.forgotten"), code=303)
        chat.replies.put_json(key, _to_json(replies))
    return redirect(url_for("chat.index") + "#antwoord", code=303)


@bp.get("/gewist")
def forgotten() -> str:
    """Shown after /vergeet: nothing of the chat is kept any more."""
    return _page([Reply(texts.FORGOTTEN)])


def _page(replies: list[Reply]) -> str:
    return render_template(
        "chat/chat.html",
        replies=replies,
        form=ChatForm(),
        max_message=MAX_MESSAGE,
    )
