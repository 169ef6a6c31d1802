"""Account rules: creating people, checking passwords, joining classes."""
from __future__ import annotations

import re
import secrets
import unicodedata

from flask import current_app
from sqlalchemy import func, or_, select
from werkzeug.security import check_password_hash, generate_password_hash

from board import signals
from board.accounts import sessions
from board.accounts.models import User
from board.classes.models import AuditEntry, Classroom, Membership
from board.errors import FieldError
from board.extensions import db

_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,39}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PASSWORD_MIN, PASSWORD_MAX = 8, 200
NAME_MAX = 60
#: control, format (zero-width, bidi), private-use and surrogate characters: never part of a name
_HIDDEN = {"Cc", "Cf", "Co", "Cs", "Cn"}
#: checked when no account matches, so a missing account costs the same time as a wrong password
_DUMMY_HASHES: dict[str, str] = {}


class AccountError(FieldError):
    """The account cannot be made or changed so; the message says why, next to the field."""


class UnknownCode(AccountError):
    """No class has the code: a wrong guess, counted against whoever made it."""


def clean_name(value: str) -> str:
    """Return a name in one canonical form (NFC, single spaces), or raise AccountError saying what to fix."""
    name = " ".join(unicodedata.normalize("NFC", value or "").split())
    if any(unicodedata.category(c) in _HIDDEN for c in name):
        raise AccountError("name", "Use letters, spaces, hyphens and apostrophes: this name has hidden "
                                   "or control characters.")
    if not any(unicodedata.category(c).startswith("L") for c in name):
        raise AccountError("name", "A name needs at least one letter.")
    if len(name) > NAME_MAX:
        raise AccountError("name", f"Keep it to {NAME_MAX} characters or fewer.")
    return name


def check_password_rules(password: str, login: str) -> None:
    """Refuse a password sign-up would refuse."""
    if len(password or "") < PASSWORD_MIN:
        raise AccountError("password", f"Use at least {PASSWORD_MIN} characters.")
    if len(password) > PASSWORD_MAX:
        raise AccountError("password", f"Use at most {PASSWORD_MAX} characters.")
    if password.strip().lower() == login:
        raise AccountError("password", "Choose a password that is not your username.")


def normalize_login(value: str) -> str:
    return (value or "").strip().lower()


def normalize_code(value: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", (value or "").upper())


def create_user(first_name: str, last_name: str, login: str, password: str,
                role: str = "student", email: str | None = None) -> User:
    """Create an account, or raise AccountError naming the field to fix."""
    login = normalize_login(login)
    if _EMAIL.match(login):
        email = email or login
    elif not _USERNAME.match(login):
        raise AccountError(
            "login", "Use 3 to 40 letters, digits, dots, dashes or underscores, or an email address."
        )
    email = normalize_login(email) if email else None
    taken = db.session.scalar(
        select(User.id).where(or_(User.login == login, User.email == (email or login)))
    )
    if taken:
        raise AccountError("login" if role != "reader" else "email",
                           "That name is already taken. Try another, or sign in.")
    check_password_rules(password, login)
    names = []
    for field, value in (("first_name", first_name), ("last_name", last_name)):
        try:
            names.append(clean_name(value))
        except AccountError as problem:
            raise AccountError(field, str(problem)) from None
    user = User(first_name=names[0], last_name=names[1], login=login, email=email, role=role)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user


def authenticate(login: str, password: str) -> User | None:
    """Return the active account matching these credentials, or None."""
    login = normalize_login(login)
    user = db.session.scalar(select(User).where(or_(User.login == login, User.email == login)))
    if user is None:
        method = current_app.config["PASSWORD_HASH_METHOD"]
        if method not in _DUMMY_HASHES:
            _DUMMY_HASHES[method] = generate_password_hash(secrets.token_hex(8), method=method)
        check_password_hash(_DUMMY_HASHES[method], password)
        return None
    if not user.check_password(password) or not user.active:
        return None
    return user


def find_class_by_code(code: str) -> Classroom | None:
    code = normalize_code(code)
    if not code:
        return None
    return db.session.scalar(
        select(Classroom).where(func.replace(Classroom.join_code, "-", "") == code)
    )


def join_class(user: User, code: str) -> Membership:
    """Add a student to the class whose code this is."""
    classroom = find_class_by_code(code)
    if classroom is None:
        raise UnknownCode("join_code", "No class has that code. Check it with your teacher.")
    if not classroom.joining_open or classroom.archived_at is not None:
        raise AccountError("join_code", "This class is not taking new students. Ask your teacher.")
    existing = db.session.scalar(
        select(Membership).where(Membership.classroom_id == classroom.id, Membership.user_id == user.id)
    )
    if existing is not None:
        return existing
    membership = Membership(classroom_id=classroom.id, user_id=user.id, role="student")
    db.session.add(membership)
    db.session.add(AuditEntry(actor_id=user.id, action="joined class", classroom_id=classroom.id,
                              target_user_id=user.id))
    db.session.flush()
    signals.classes.joined.send(membership)
    return membership


def change_name(user: User, first_name: str, last_name: str) -> None:
    """Rename an account; the names arrive checked by clean_name."""
    user.first_name, user.last_name = clean_name(first_name), clean_name(last_name)
    db.session.commit()


def change_password(user: User, current: str, new: str) -> None:
    """Set a new password and end every other sign-in of the account."""
    if not user.check_password(current):
        raise AccountError("current", "That is not your current password.")
    check_password_rules(new, user.login)
    user.set_password(new)
    user.session_version += 1
    sessions.end_others(user)
    db.session.commit()
