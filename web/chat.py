"""The web chat (/chat): the same dialogue as the Telegram bot, as a plain form.

Works without JavaScript: every message or button is a POST (CSRF-checked) to
/chat/, answered with the page itself: the conversation so far, the bot's
new replies and the message box. The conversation on screen travels in a
signed hidden form field (web/chat_transcript.py): the server reads it in
memory and writes it into the next page, and never stores or logs it.

The Flask session cookie holds only a random chat id; the conversation state
(derived data only) and the bot's last replies (for a plain GET of /chat/)
live server-side under the keyed hash of that id and expire after two idle
hours: in small files under the instance folder (one host), or in Redis when
GROEPENWIJZER_REDIS_URL is set (several hosts). Nothing the resident types is kept.
When Redis cannot be reached, crisis words still get the crisis block; anything
else gets a calm "try again" notice (503) with the words left in the box.
"""

from __future__ import annotations

import logging
import secrets
import threading
from typing import Any

from flask import (
    Blueprint,
    Flask,
    current_app,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale, lazy_gettext
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from werkzeug.wrappers import Response
from wtforms import HiddenField, TextAreaField

from bot.chat import texts
from bot.chat.conversation import ChatService, service_matcher
from bot.chat.dialogue import crisis_reply
from bot.chat.identity import (
    FileStateStore,
    JsonFileStore,
    JsonStore,
    StateStore,
    StoreUnavailable,
)
from bot.chat.messages import Button, Event, Reply, events_from_text
from catalogue.settings import Settings
from web import chat_texts, errors, services
from web.chat_transcript import FIELD, Transcript, binding, decode, encode
from web.linkify import linkify

log = logging.getLogger(__name__)
bp = Blueprint("chat", __name__, url_prefix="/chat")

SESSION_KEY = "chat"
MAX_MESSAGE = 1000
MAX_RAW = 20_000  # crisis check on an over-long message reads this much
_EXTENSION = "groepenwijzer.chat"
_lock = threading.Lock()

# The page's own buttons below the conversation: action → command, and their labels.
# Sent as commands, so they also work before the conversation has started.
TOOLS: dict[str, str] = {
    "restart": "opnieuw",
    "help": "hulp",
    "privacy": "privacy",
    "forget": "vergeet",
}
TOOL_LABELS = {
    "restart": lazy_gettext("Opnieuw beginnen"),
    "help": lazy_gettext("Uitleg"),
    "privacy": lazy_gettext("Privacy"),
    "forget": lazy_gettext("Wis alles"),
}


class ChatForm(FlaskForm):
    """One chat turn: typed text or a button's action (CSRF token included).

    The length of the message is checked by the view, after the crisis check,
    so that an over-long message stays in the box with a friendly word.
    """

    message = TextAreaField("Je bericht")
    action = HiddenField()


class WebChat:
    """The web chat's service and its store of last replies."""

    def __init__(self, app: Flask) -> None:
        shared = app.extensions[services.KEY]
        store, self.replies = _stores(shared.settings)
        self.service = ChatService(
            channel="webchat",
            secret_key=shared.settings.secret_key,
            store=store,
            matcher=service_matcher(shared.match_service),
            engine=shared.engine,
            crisis_check=shared.match_service.detect_crisis,
        )


def _stores(settings: Settings) -> tuple[StateStore, JsonStore]:
    """State and last replies: in Redis when a URL is set (several hosts), else in files."""
    if settings.redis_url:
        from bot.chat.redis_store import RedisJsonStore, RedisStateStore, redis_client

        client = redis_client(settings.redis_url)
        return RedisStateStore(client), RedisJsonStore(client, "replies")
    folder = settings.instance_path / "webchat"
    return FileStateStore(folder / "state"), JsonFileStore(folder / "replies")


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


def _events(message: str, action: str, chat: WebChat) -> list[Event]:
    """A typed message is checked for crisis before a button's action is read."""
    if message.strip() and chat.service.crisis_check(message).crisis:
        return [Event.text(message)]
    action = action.strip()[:64]
    if action in TOOLS:
        return [Event.command(TOOLS[action])]
    if action:
        return [Event.action(action)]
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
def index() -> Response:
    """The chat page: the greeting, or the bot's last replies of this chat."""
    chat = _chat()
    sid = _session_id(create=False)
    try:
        replies = _from_json(chat.replies.get_json(chat.service.key(sid))) if sid else []
    except StoreUnavailable as error:
        log.warning("web chat store unavailable (%s)", error)
        start = [Reply(texts.GREETING), Reply(texts.ASK_WHAT)]
        transcript = Transcript().answered(start, greeting=texts.GREETING)
        return _unavailable(_page(transcript, sid, problem="unavailable", status=503))
    if replies:  # a reload: the greeting was shown before
        transcript = Transcript(greeted=True).answered(replies, greeting=texts.GREETING)
    else:
        start = [Reply(texts.GREETING), Reply(texts.ASK_WHAT)]
        transcript = Transcript().answered(start, greeting=texts.GREETING)
    return _page(transcript, sid)


@bp.post("/")
def send() -> Response:
    """One turn, answered with the page. Crisis words get help first, whatever else is wrong."""
    chat = _chat()
    raw = (request.form.get("message") or "")[:MAX_RAW].replace("\r\n", "\n")
    action = request.form.get("action") or ""
    sid = _session_id(create=False)
    shown = decode(request.form.get(FIELD), secret=_secret(), bound_to=binding(sid))
    form = ChatForm()
    valid = form.validate_on_submit()
    if not valid or len(raw) > MAX_MESSAGE:
        # Crisis help first, even when the form is stale (expired CSRF token) or too long:
        # nothing is stored or changed, the page only shows the help.
        signal = chat.service.crisis_check(raw)
        if signal.crisis:
            help_first = [crisis_reply(signal.kind), Reply(texts.AFTER_CRISIS)]
            return _page(shown.said(raw).answered(help_first, greeting=texts.GREETING), sid)
        if not valid:  # a stale page (expired token): the words stay in the box
            return _page(shown, sid, message=raw, problem="stale", status=400)
        return _page(shown, sid, message=raw, problem="too_long")
    events = _events(raw, action, chat)
    if not events:
        return _page(shown, sid)
    pressed = bool(action.strip()) and events[0].kind != "text"  # a button, not typed words
    line = _label(shown, action) if pressed else raw
    sid = _session_id(create=True)
    assert sid is not None
    key = chat.service.key(sid)
    try:
        before = chat.service.store.get(key)
        replies = [reply for event in events for reply in chat.service.handle(sid, event)]
        if chat.service.store.get(key) is None and (before is not None or _forgets(events)):
            # /vergeet: nothing of this chat remains, not even on the page
            chat.replies.delete(key)
            session.pop(SESSION_KEY, None)
            return redirect(url_for("chat.forgotten"), code=303)
        chat.replies.put_json(key, _to_json(replies))
    except StoreUnavailable as error:
        # Shared storage is away (never the resident's words in the log): crisis help
        # needs no storage; anything else is a calm "try again", the words kept in the box.
        log.warning("web chat store unavailable (%s)", error)
        signal = chat.service.crisis_check(raw)
        if signal.crisis:
            help_first = [crisis_reply(signal.kind), Reply(texts.AFTER_CRISIS)]
            return _page(shown.said(raw).answered(help_first, greeting=texts.GREETING), sid)
        return _unavailable(_page(shown, sid, message=raw, problem="unavailable", status=503))
    shown = shown.said(line).answered(replies, greeting=texts.GREETING)
    # Words typed before a button was pressed stay in the box.
    kept = raw if pressed else ""
    return _page(shown, sid, message=kept)


@bp.get("/gewist")
def forgotten() -> Response:
    """Shown after /vergeet: nothing of the chat is kept any more."""
    return _page(Transcript().answered([Reply(texts.FORGOTTEN)], greeting=texts.GREETING), None)


@bp.after_request
def _no_store(response: Response) -> Response:
    """A chat page may show the resident's words: no cache may keep it."""
    response.headers["Cache-Control"] = "no-store"
    return response


def _unavailable(response: Response) -> Response:
    response.headers["Retry-After"] = str(errors.RETRY_AFTER_SECONDS)
    return response


def _forgets(events: list[Event]) -> bool:
    return any(e.kind == "command" and e.value == "vergeet" for e in events)


def _label(shown: Transcript, action: str) -> str:
    """What the resident 'said' by pressing a button: its label as the page showed it."""
    action = action.strip()
    if action in TOOL_LABELS:
        return str(TOOL_LABELS[action])
    label = shown.label_of(action)
    return chat_texts.button(label, _language()) if label else ""


def _secret() -> str:
    return str(current_app.secret_key)


def _language() -> str:
    return str(get_locale() or "nl")


def _page(
    shown: Transcript,
    sid: str | None,
    *,
    message: str = "",
    problem: str | None = None,
    status: int = 200,
) -> Response:
    body = render_template(
        "chat/chat.html",
        transcript=shown,
        transcript_field=encode(shown, secret=_secret(), bound_to=binding(sid)),
        form=ChatForm(formdata=None),
        message=message,
        problem=problem,
        max_message=MAX_MESSAGE,
        tools=TOOL_LABELS,
    )
    return make_response(body, status)


@bp.context_processor
def _helpers() -> dict[str, Any]:
    language = _language()
    return {
        "bot_html": lambda text: _paragraphs(chat_texts.show(text, language), linkify),
        "resident_html": lambda text: _paragraphs(text, escape),
        "button_label": lambda label: chat_texts.button(label, language),
    }


def _paragraphs(text: str, inline: Any) -> Markup:
    """Paragraphs (blank line) and line breaks as HTML; each line through `inline`."""
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    return Markup("").join(
        Markup("<p>{}</p>").format(Markup("<br>").join(inline(line) for line in p.split("\n")))
        for p in paragraphs
    )
