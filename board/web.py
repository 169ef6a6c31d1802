"""What every page shares: who is signed in, security headers, template helpers, nav counts."""
from __future__ import annotations

from flask import g, render_template, request
from flask_login import current_user
from markupsafe import Markup

from board import permissions
from board.accounts.models import User
from board.discussions.highlight import highlight, messages
from board.extensions import db, login_manager
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

#: form fields that are machinery, not something a person typed
_MACHINERY = {"csrf_token", "submission_key", "reminder_id", "version", "next"}


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """Find the account for a session; a bumped session_version ends old sessions."""
    user_id, _, version = session_id.partition(".")
    if not user_id.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or str(user.session_version) != version:
        return None
    return user


@login_manager.unauthorized_handler
def unauthorized():
    """Ask for a sign-in; a form that arrived without a session keeps what was typed."""
    from flask import redirect, url_for

    if request.path.startswith("/norms/"):
        return {"error": "Sign in to check a draft."}, 401
    if request.method == "POST":
        return render_template(
            "accounts/login.html",
            form=_login_form(),
            carried=carried_fields(),
            next_url=request.path,
            expired=True,
        ), 401
    return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))


def _login_form():
    from board.accounts.forms import LoginForm

    return LoginForm()


def carried_fields() -> list[tuple[str, str]]:
    """Return what a person typed into the form of this request, minus the machinery."""
    return [(k, v) for k, v in request.form.items(multi=True) if k not in {"csrf_token", "next"}]


def safe_next(url: str | None) -> str | None:
    """Accept only a path on this site as a place to go next."""
    if url and url.startswith("/") and not url.startswith("//") and "\\" not in url:
        return url
    return None


def typed_text(fields: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(k, v) for k, v in fields if k not in _MACHINERY and v.strip()]


def _security_headers(response):
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if current_user.is_authenticated or request.method != "GET":
        # Private pages, and any page that shows back what someone typed, stay out of shared
        # caches and the back-forward cache of a shared computer.
        response.headers.setdefault("Cache-Control", "private, no-store")
    return response


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
    app.after_request(_security_headers)
    app.jinja_env.filters.update(
        ago=ago, age=age, local_time=_local_time, iso=_iso, html=_html, excerpt=excerpt, and_list=and_list
    )
    app.jinja_env.globals.update(
        nav_counts=_nav_counts, perm=permissions, norms_messages=messages, norms_highlight=highlight
    )
