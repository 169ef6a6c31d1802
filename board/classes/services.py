"""Class rules: codes, rosters, consent, trust, suspension; every change leaves an audit entry."""
from __future__ import annotations

import secrets

from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager

from board import permissions, signals
from board.accounts.models import User
from board.classes.models import AuditEntry, Classroom, Membership
from board.errors import FieldError
from board.extensions import db
from board.timeutil import utcnow

#: no 0/O, 1/I/L: a code read aloud or off a board is typed right the first time
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_join_code() -> str:
    """Return an unused code like K7MX-PQ2D."""
    while True:
        raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
        code = f"{raw[:4]}-{raw[4:]}"
        if not db.session.scalar(select(Classroom.id).where(Classroom.join_code == code)):
            return code


def create_classroom(teacher: User, name: str) -> Classroom:
    """Create a class with its creator as its teacher."""
    classroom = Classroom(name=name.strip(), join_code=new_join_code())
    db.session.add(classroom)
    db.session.flush()
    db.session.add(Membership(classroom_id=classroom.id, user_id=teacher.id, role="teacher"))
    _audit(teacher, "created class", classroom.id, detail=classroom.name)
    db.session.commit()
    return classroom


def regenerate_code(actor: User, classroom: Classroom) -> None:
    classroom.join_code = new_join_code()
    _audit(actor, "changed join code", classroom.id)
    db.session.commit()


def set_joining(actor: User, classroom: Classroom, open_: bool) -> None:
    classroom.joining_open = open_
    _audit(actor, "opened joining" if open_ else "closed joining", classroom.id)
    db.session.commit()


def set_archived(actor: User, classroom: Classroom, archived: bool) -> None:
    """Archive a class (read-only, out of the lists) or restore it; its prompts follow it."""
    if archived == (classroom.archived_at is not None):
        return
    classroom.archived_at = utcnow() if archived else None
    _audit(actor, "archived class" if archived else "restored class", classroom.id, detail=classroom.name)
    db.session.commit()
    # Open pad sessions look at their rights again now, not at their next periodic check.
    for user_id in db.session.scalars(select(Membership.user_id).where(Membership.classroom_id == classroom.id)):
        signals.accounts.access_changed.send(user_id)


def add_teacher(actor: User, classroom: Classroom, login: str) -> Membership:
    """Add a co-teacher by their username or email."""
    login = (login or "").strip().lower()
    user = db.session.scalar(select(User).where((User.login == login) | (User.email == login)))
    if user is None or user.role not in ("teacher", "admin"):
        raise FieldError("login", "No teacher account has that username or email.")
    membership = db.session.scalar(
        select(Membership).where(Membership.classroom_id == classroom.id, Membership.user_id == user.id)
    )
    if membership is None:
        membership = Membership(classroom_id=classroom.id, user_id=user.id, role="teacher")
        db.session.add(membership)
    else:
        membership.role = "teacher"
    _audit(actor, "added co-teacher", classroom.id, user.id)
    db.session.commit()
    return membership


def set_consent(actor: User, membership: Membership, on: bool, note: str = "") -> None:
    """Record, or withdraw, a family's consent to publish the student's work publicly."""
    if on:
        membership.consent_at = utcnow()
        membership.consent_by_id = actor.id
        membership.consent_note = (note or "").strip()[:200]
    else:
        membership.consent_at = None
        membership.consent_by_id = None
        membership.consent_note = ""
    _audit(actor, "recorded consent" if on else "withdrew consent", membership.classroom_id,
           membership.user_id, membership.consent_note)
    db.session.commit()


def set_trusted(actor: User, membership: Membership, on: bool) -> None:
    membership.trusted = on
    _audit(actor, "trusted student" if on else "untrusted student", membership.classroom_id,
           membership.user_id)
    db.session.commit()


def set_suspended(actor: User, membership: Membership, on: bool) -> None:
    """Suspend a student from posting (or lift it); a suspended student's open pads close at once."""
    membership.suspended = on
    _audit(actor, "suspended student" if on else "lifted suspension", membership.classroom_id,
           membership.user_id)
    db.session.commit()
    if on:
        signals.accounts.access_changed.send(membership.user_id)


def end_memberships_for_role(actor: User, user: User) -> None:
    """End the roster places the person's (new) role cannot hold, each with an audit entry.

    A class this leaves without a teacher keeps its students and their work, and waits for an
    admin to add a teacher (classes_without_teacher lists it).
    """
    ended = [
        m for m in db.session.scalars(select(Membership).where(Membership.user_id == user.id))
        if not permissions.can_hold(user.role, m.role)
    ]
    for m in ended:
        _audit(actor, "ended membership", m.classroom_id, user.id,
               f"was {m.role}; role is now {user.role}")
        db.session.delete(m)
    db.session.flush()
    permissions.forget_memberships(user)
    for m in ended:
        if m.role == "teacher" and not _has_teacher(m.classroom_id):
            _audit(actor, "class has no teacher", m.classroom_id, user.id, m.classroom.name)


def _teacher_on_roster(classroom_id):
    """SQL: an active account that may teach holds a teacher's place in the class."""
    return (
        select(Membership.id).join(User, User.id == Membership.user_id)
        .where(Membership.classroom_id == classroom_id, Membership.role == "teacher",
               User.role.in_(permissions.MEMBERSHIP_ROLES["teacher"]), User.active.is_(True))
        .exists()
    )


def _has_teacher(classroom_id: int) -> bool:
    return bool(db.session.scalar(select(_teacher_on_roster(classroom_id))))


def classes_without_teacher(among: set[int] | None = None) -> list[Classroom]:
    """Return the classes no active teacher looks after (after a demotion or a deactivation)."""
    query = select(Classroom).where(~_teacher_on_roster(Classroom.id)).order_by(Classroom.name)
    if among is not None:
        query = query.where(Classroom.id.in_(among))
    return list(db.session.scalars(query))


def classes_taught_by(user: User) -> list[Classroom]:
    """Return the classes where the person holds a teacher's place on the roster."""
    return list(db.session.scalars(
        select(Classroom).join(Membership).where(Membership.user_id == user.id, Membership.role == "teacher")
    ))


def roster(classroom: Classroom) -> list[Membership]:
    """Return the class's memberships with people loaded, teachers first, then by name."""
    return list(db.session.scalars(
        select(Membership).join(Membership.user).options(contains_eager(Membership.user))
        .where(Membership.classroom_id == classroom.id)
        .order_by(Membership.role.desc(), func.lower(User.first_name), func.lower(User.last_name))
    ))


def _audit(actor: User, action: str, classroom_id: int | None = None,
           target_user_id: int | None = None, detail: str = "") -> None:
    db.session.add(AuditEntry(actor_id=actor.id, action=action, classroom_id=classroom_id,
                              target_user_id=target_user_id, detail=detail))
