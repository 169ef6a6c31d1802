"""Signed-in devices: each sign-in is a row on the server, so signing out ends it for good."""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import current_app, g, request, session
from flask_login import login_user, logout_user
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import SQLAlchemyError

from board.accounts.models import User, UserSession
from board.extensions import db
from board.timeutil import utcnow

#: how stale last_seen may get before a page view writes it again
_TOUCH_EVERY = timedelta(minutes=10)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _lifetime() -> timedelta:
    """Return the longest a sign-in lives, remembered or not: REMEMBER_COOKIE_DURATION."""
    duration = current_app.config["REMEMBER_COOKIE_DURATION"]
    return duration if isinstance(duration, timedelta) else timedelta(seconds=int(duration))


def start(user: User, user_agent: str = "") -> str:
    """Record a new signed-in device for this account and return its token."""
    now = utcnow()
    db.session.execute(delete(UserSession).where(
        UserSession.user_id == user.id, UserSession.created_at < now - _lifetime()))
    token = secrets.token_urlsafe(32)
    db.session.add(UserSession(id=_digest(token), user_id=user.id, created_at=now, last_seen_at=now,
                               user_agent=(user_agent or "")[:200]))
    db.session.commit()
    user.session_token = token
    return token


def load(session_id: str) -> User | None:
    """Return the account of a live sign-in named by a cookie, or None."""
    user_id, version, token = (session_id.split(".", 2) + ["", ""])[:3]
    if not user_id.isdigit() or not token:
        return None
    digest = _digest(token)
    # One query for the account and its device: this runs on every signed-in request.
    found = db.session.execute(
        select(User, UserSession.created_at, UserSession.last_seen_at)
        .join(UserSession, UserSession.user_id == User.id)
        .where(User.id == int(user_id), UserSession.id == digest)
    ).first()
    if found is None:
        return None
    user, created_at, last_seen_at = found
    now = utcnow()
    if str(user.session_version) != version or created_at < now - _lifetime():
        return None
    if last_seen_at < now - _TOUCH_EVERY:
        _touch(digest, now)
    user.session_token = token
    return user


def _touch(row_id: str, now) -> None:
    """Note that a device was seen, in its own short transaction, never the page's."""
    try:
        with db.engine.begin() as connection:
            connection.execute(update(UserSession).where(UserSession.id == row_id).values(last_seen_at=now))
    except SQLAlchemyError:
        current_app.logger.warning("Could not note when a signed-in device was last seen", exc_info=True)


def end(user: User) -> None:
    """Forget this device's sign-in."""
    if user.session_token:
        db.session.execute(delete(UserSession).where(UserSession.id == _digest(user.session_token)))
        db.session.commit()


def end_others(user: User) -> None:
    """Forget every sign-in of this account but this device's (after a password change)."""
    query = delete(UserSession).where(UserSession.user_id == user.id)
    if user.session_token:
        query = query.where(UserSession.id != _digest(user.session_token))
    db.session.execute(query)


def end_all(user: User) -> None:
    """Forget every sign-in of this account, on every device."""
    db.session.execute(delete(UserSession).where(UserSession.user_id == user.id))
    user.session_version += 1
    db.session.commit()


def devices(user: User) -> int:
    """Count the devices this account is signed in on."""
    return db.session.scalar(select(func.count(UserSession.id)).where(
        UserSession.user_id == user.id, UserSession.created_at >= utcnow() - _lifetime())) or 0


def _new_form_token() -> None:
    """Give the browser a new CSRF token: one seen before a sign-in or sign-out is worth nothing after."""
    session.pop("csrf_token", None)
    g.pop("csrf_token", None)


def sign_in(user: User, remember: bool = False) -> None:
    """Sign this browser in as a new device of the account."""
    _new_form_token()
    start(user, request.headers.get("User-Agent", ""))
    login_user(user, remember=remember)


def sign_out(user: User, everywhere: bool = False) -> None:
    """Sign this browser out (and every other device of the account, when asked)."""
    if everywhere:
        end_all(user)
    else:
        end(user)
    logout_user()
    _new_form_token()
