"""What a form that could not be taken may give back: the person's own free text, to them only.

A refused form (an expired token, a lost session, a failure on our side) shows its text again so
nothing typed is lost. Shown back with a fresh token, a form is one click from being sent: so
only free text is ever carried (never a role, an activation, a password, a consent, a join code,
a decision or an id), and only when the browser says the form came from a page of this site.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, request
from werkzeug.exceptions import HTTPException

#: free-text fields a person types, and how a page names them; nothing else is ever carried
FREE_TEXT = {
    "body": "Your text",
    "feedback": "Feedback",
    "reason": "Reason",
    "note": "Note",
    "title": "Title",
    "name": "Name",
    "question": "Guiding question",
    "context_md": "Context",
    "norms": "Norms",
    "why": "Why it is in your portfolio",
    "learned": "What you learned",
    "next": "What comes next",
    "goal": "Goal",
    "reflection": "Reflection",
}

#: keys that only make sending again safe: one post per composer, a revision of the version seen
RESEND_KEYS = {"submission_key", "version"}

#: endpoints whose form is nothing but free text and those keys, so it can be sent again as it is
RESENDABLE = {
    "discussions.respond",
    "discussions.reply",
    "discussions.revise",
    "discussions.flag",
    "pads.comment",
}


def from_this_site() -> bool:
    """Tell whether the browser says this request came from a page of this site."""
    fetch_site = request.headers.get("Sec-Fetch-Site", "").strip().lower()
    if fetch_site:
        return fetch_site == "same-origin"
    origin = request.headers.get("Origin", "").strip()
    if origin:
        return _same_host(origin)
    # Every current browser sends Origin with a form POST; one that says nothing could be anything.
    referrer = request.headers.get("Referer", "").strip()
    return bool(referrer) and _same_host(referrer)


def _same_host(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    # The host, not the scheme: behind a proxy that ends TLS the app itself is reached over http.
    return parts.scheme in ("http", "https") and parts.netloc.lower() == request.host.lower()


def is_foreign() -> bool:
    """A state-changing request that another site (or nobody can say who) made the browser send."""
    return request.method not in ("GET", "HEAD", "OPTIONS") and not from_this_site()


def carried_fields() -> list[tuple[str, str]]:
    """Return what the person typed into this request's form that may be shown back to them."""
    if not is_foreign() and request.method == "POST":
        try:
            form = request.form
        except HTTPException:  # a body too large to read has nothing to give back
            return []
        return [(k, v) for k, v in form.items(multi=True) if k in FREE_TEXT or k in RESEND_KEYS]
    return []


def typed_text(fields: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Keep the free text that has something in it."""
    return [(k, v) for k, v in fields if k in FREE_TEXT and v.strip()]


def can_resend(path: str | None) -> bool:
    """Tell whether a form of free text alone, posted to this path, does what the person meant."""
    if not path:
        return False
    try:
        adapter = current_app.url_map.bind_to_environ(request.environ)
        endpoint, _ = adapter.match(path.split("?", 1)[0], method="POST")
    except HTTPException:
        return False
    return endpoint in RESENDABLE


def register(app) -> None:
    app.jinja_env.globals.update(carry_labels=FREE_TEXT, carry_keys=RESEND_KEYS, can_resend=can_resend)
