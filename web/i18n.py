"""Languages of the UI: Dutch by default, English on request (Flask-Babel).

The language comes from `?lang=` (remembered in a cookie), else the cookie,
else the browser's Accept-Language, else Dutch. Catalogue data (titles,
vocabulary labels) stays Dutch: only the interface is translated.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

from flask import Flask, Response, request
from flask_babel import Babel, get_locale

LANGUAGES: dict[str, str] = {"nl": "Nederlands", "en": "English"}
DEFAULT = "nl"
COOKIE = "taal"
COOKIE_AGE = 60 * 60 * 24 * 365

babel = Babel()


def select_locale() -> str:
    """The language of this request."""
    asked = request.args.get("lang", "")
    if asked in LANGUAGES:
        return asked
    remembered = request.cookies.get(COOKIE, "")
    if remembered in LANGUAGES:
        return remembered
    # By primary subtag in the browser's order of preference: "nl-NL" means Dutch, even when
    # plain "en" is also listed (werkzeug's best_match would pick the exact "en").
    for tag, _quality in request.accept_languages:
        primary = tag.replace("_", "-").split("-")[0].lower()
        if primary in LANGUAGES:
            return primary
    return DEFAULT


def _remember_choice(response: Response) -> Response:
    asked = request.args.get("lang", "")
    if asked in LANGUAGES and request.cookies.get(COOKIE) != asked:
        response.set_cookie(
            COOKIE,
            asked,
            max_age=COOKIE_AGE,
            samesite="Lax",
            secure=request.is_secure,
            httponly=True,  # only the server reads it
        )
    response.vary.update(("Accept-Language", "Cookie"))
    return response


def lang_query(code: str) -> str:
    """The current query string with `lang` set to `code` (for the language switch)."""
    args = [(k, v) for k, v in request.args.items(multi=True) if k != "lang"]
    return urlencode([*args, ("lang", code)])


def lang_href(code: str) -> str:
    """This page in another language, as a link that always stays on this site.

    The path is the visitor's (a 404 page shows any path), and browsers read
    `/\\host` and `//host` as another site: so the path is percent-encoded
    (a backslash becomes %5C) and starts with exactly one slash.
    """
    path = "/" + quote(request.path, safe=_PATH_SAFE).lstrip("/")
    return f"{path}?{lang_query(code)}"


_PATH_SAFE = "/-._~!$&'()*+,;=:@"


def _template_globals() -> dict[str, Any]:
    return {
        "current_language": str(get_locale() or DEFAULT),
        "languages": LANGUAGES,
        "lang_query": lang_query,
        "lang_href": lang_href,
    }


def init_app(app: Flask) -> None:
    """Attach Flask-Babel with our locale rules to an app."""
    babel.init_app(
        app,
        default_locale=DEFAULT,
        default_timezone="Europe/Amsterdam",
        locale_selector=select_locale,
    )
    app.after_request(_remember_choice)
    app.context_processor(_template_globals)
