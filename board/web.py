"""What every page shares: who is signed in, security headers, template helpers, nav counts."""
from __future__ import annotations

import unicodedata
from urllib.parse import unquote, urlsplit

from flask import g, render_template, request
from flask_login import current_user
from markupsafe import Markup
from werkzeug.routing import IntegerConverter

from board import carry, permissions
from board.accounts.models import User
from board.discussions.highlight import highlight, messages
from board.extensions import login_manager
from board.text import as_markup, excerpt
from board.timeutil import age, ago, to_local

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """Find the account for a session: a signed-in device still on record, of the current session_version."""
    from board.accounts.sessions import load

    return load(session_id)


@login_manager.unauthorized_handler
def unauthorized():
    """Ask for a sign-in; a form of this site that arrived without a session keeps its free text."""
    from flask import redirect, url_for

    if request.path.startswith("/norms/"):
        return {"error": "Sign in to check a draft."}, 401
    if request.method == "POST":
        if carry.is_foreign():
            from board.errors import refuse_foreign

            return refuse_foreign()
        return render_template(
            "accounts/login.html",
            form=_login_form(),
            carried=carried_fields(),
            next_url=safe_next(request.path),
            expired=True,
        ), 401
    return redirect(url_for("accounts.login", next=safe_next(request.full_path.rstrip("?"))))


def _login_form():
    from board.accounts.forms import LoginForm

    return LoginForm()


#: the largest id or page number the database can hold (a signed 64-bit integer)
MAX_INT = 2**63 - 1


def small_int(value, default: int | None = None) -> int | None:
    """Read a whole number from a form or query string; anything else (huge, signed, "²") is the default."""
    value = (value or "").strip() if isinstance(value, str) else ""
    if not value or len(value) > 19 or not (value.isascii() and value.isdigit()):
        return default
    number = int(value)
    return number if number <= MAX_INT else default


#: past any page a list can have; a larger page number is read as this one (an empty page)
MAX_PAGE = 1_000_000


def page_number(value) -> int:
    """Read a page number: 1 if missing or odd, never so large that its offset overflows."""
    return max(1, min(small_int(value, 1) or 1, MAX_PAGE))


class IdConverter(IntegerConverter):
    """`<int:...>` in a route: a number past what the database holds is not found, not an error."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_INT)
        super().__init__(map, *args, **kwargs)


#: the longest place to go next that is taken
_NEXT_MAX = 2000


def safe_next(url: str | None) -> str | None:
    """Accept only a path on this site as a place to go next; anything doubtful is refused.

    Browsers forgive a lot in a Location header: tabs and newlines are dropped, a backslash is a
    slash, "//host" and "/\\host" leave the site. So the text is refused if it has any of those,
    even percent-encoded, and must parse as a path alone: no scheme, no host, one leading slash.
    """
    if not url or not isinstance(url, str) or len(url) > _NEXT_MAX:
        return None
    decoded = url
    for _ in range(3):  # "%252f" is "%2f" once decoded, "/" twice
        decoded = unquote(decoded)
    for text in (url, decoded):
        if any(_doubtful(ch) for ch in text):
            return None
    path = url.split("?", 1)[0].split("#", 1)[0]
    if "%2f" in path.lower() or "%5c" in path.lower():
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme or parts.netloc or not parts.path.startswith("/") or decoded.startswith("//"):
        return None
    return url


def _doubtful(ch: str) -> bool:
    """A character a browser may drop or reinterpret in a URL: controls, spaces, backslashes."""
    return ch == "\\" or ch.isspace() or unicodedata.category(ch)[0] in ("C", "Z")


def carried_fields() -> list[tuple[str, str]]:
    """Return the free text of this request's form that may be shown back (see board.carry)."""
    return carry.carried_fields()


def typed_text(fields: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Keep the free text that has something in it."""
    return carry.typed_text(fields)


def _security_headers(response):
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if _signed_in() or request.method != "GET":
        # Private pages, and any page that shows back what someone typed, stay out of shared
        # caches and the back-forward cache of a shared computer.
        response.headers.setdefault("Cache-Control", "private, no-store")
    return response


def _signed_in() -> bool:
    """Tell whether someone is signed in without loading their account (the database may be away)."""
    from flask import session

    user = g.get("_login_user")
    if user is not None:
        return not user.is_anonymous  # is_authenticated reads the account, which may be unreachable
    return "_user_id" in session or bool(request.cookies.get(login_manager_cookie()))


def login_manager_cookie() -> str:
    from flask import current_app

    return current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")


def _nav_counts() -> dict:
    """Count what waits for the signed-in person: queue items and unread notifications."""
    if not current_user.is_authenticated:
        return {}
    if "nav_counts" not in g:
        from board.moderation.queue import waiting_summary
        from board.notifications.services import unread_count

        counts = {"unread": unread_count(current_user.id)}
        if permissions.teaches_any(current_user):
            counts["waiting"] = waiting_summary(current_user)
        g.nav_counts = counts
    return g.nav_counts


def _local_time(moment, fmt: str = "%b %-d, %Y %-I:%M %p") -> str:
    local = to_local(moment)
    return local.strftime(fmt) if local else ""


def time_tag(moment) -> Markup:
    """Render a <time> element: how long ago in words, the exact local time on hover (one conversion)."""
    local = to_local(moment)
    if local is None:
        return Markup("")
    return Markup('<time datetime="{}" title="{}">{}</time>').format(
        local.isoformat(), local.strftime("%b %-d, %Y %-I:%M %p"), ago(moment))


def _iso(moment) -> str:
    local = to_local(moment)
    return local.isoformat() if local else ""


def _html(stored_html: str | None) -> Markup:
    return as_markup(stored_html)


def and_list(items) -> str:
    """Join names as a sentence does: "Maya C.", "Maya C. and Jonah O.", "A, B and C"."""
    items = [str(item) for item in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def register(app) -> None:
    carry.register(app)
    app.after_request(_security_headers)
    app.jinja_env.filters.update(
        ago=ago, age=age, local_time=_local_time, iso=_iso, time_tag=time_tag, html=_html, excerpt=excerpt, and_list=and_list
    )
    app.jinja_env.globals.update(
        nav_counts=_nav_counts, perm=permissions, norms_messages=messages, norms_highlight=highlight
    )
