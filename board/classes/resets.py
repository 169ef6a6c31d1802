"""Password reset codes: a teacher gives a student who forgot their password a one-time code.

A code is 8 letters and digits without look-alikes, lives 7 days, is shown once and kept only as an
HMAC under the app's secret key. Using it sets a new password, ends every sign-in of the account and
leaves an audit entry; a new code for the same student replaces the one before.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, select, update

from board.accounts import sessions
from board.accounts.models import User
from board.classes.models import AuditEntry, Classroom, Membership, ResetCode
from board.classes.services import CODE_ALPHABET, roster
from board.errors import FieldError
from board.extensions import db
from board.timeutil import utcnow

LIFETIME = timedelta(days=7)
CODE_LENGTH = 8


@dataclass
class Issued:
    """A code as its teacher sees it, the one time it is shown."""

    name: str
    login: str
    code: str
    expires_at: datetime


def normalize(code: str) -> str:
    """Read a code as typed: any case, with or without the dash or spaces."""
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def _digest(code: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, normalize(code).encode(), hashlib.sha256).hexdigest()


def _new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:4]}-{raw[4:]}"


def _issue(actor: User, membership: Membership, now: datetime) -> Issued:
    """Make a code for one student, replacing any unused one (not committed)."""
    student = membership.user
    db.session.execute(delete(ResetCode).where(ResetCode.user_id == student.id, ResetCode.used_at.is_(None)))
    code = _new_code()
    db.session.add(ResetCode(user_id=student.id, classroom_id=membership.classroom_id, created_by_id=actor.id,
                             digest=_digest(code), created_at=now, expires_at=now + LIFETIME))
    db.session.add(AuditEntry(actor_id=actor.id, action="made password reset code",
                              classroom_id=membership.classroom_id, target_user_id=student.id))
    return Issued(student.full_name, student.login, code, now + LIFETIME)


def issue(actor: User, membership: Membership) -> Issued:
    """Make a reset code for one student of the class."""
    issued = _issue(actor, membership, utcnow())
    db.session.commit()
    return issued


def issue_for_class(actor: User, classroom: Classroom) -> list[Issued]:
    """Make a reset code for every student of the class, by name (the printable sheet)."""
    now = utcnow()
    issued = [_issue(actor, m, now) for m in roster(classroom) if m.role == "student"]
    db.session.commit()
    return issued


def student_count(classroom: Classroom) -> int:
    return sum(1 for m in roster(classroom) if m.role == "student")


def use(login: str, code: str, password: str) -> User:
    """Set a new password with a reset code, sign the account out everywhere, and record it."""
    login = (login or "").strip().lower()
    user = db.session.scalar(select(User).where(User.login == login))
    wrong = FieldError("code", "That code does not work for this username. Check both with your teacher; "
                               "a code works once, for 7 days.")
    if user is None or not user.active or user.role != "student":
        raise wrong
    now = utcnow()
    found = db.session.scalar(select(ResetCode).where(ResetCode.user_id == user.id,
                                                       ResetCode.digest == _digest(code)))
    if found is None or found.used_at is not None:
        raise wrong
    if found.expires_at <= now:
        raise FieldError("code", "This code is more than 7 days old. Ask your teacher for a new one.")
    # One use only, even when the form is sent twice at once.
    taken = db.session.execute(
        update(ResetCode).where(ResetCode.id == found.id, ResetCode.used_at.is_(None)).values(used_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if taken != 1:
        db.session.rollback()
        raise wrong
    user.set_password(password)
    db.session.add(AuditEntry(actor_id=user.id, action="reset password with code",
                              classroom_id=found.classroom_id, target_user_id=user.id,
                              detail="signed out on every device"))
    sessions.end_all(user)  # commits
    return user
