"""Reports on published work: a flag sends it to the queue; enough of them from the class hide it."""
from __future__ import annotations

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from board import permissions, signals
from board.accounts.models import User
from board.classes.models import AuditEntry
from board.discussions.models import FLAG_CATEGORIES, Flag, Post
from board.errors import FieldError
from board.extensions import db


def existing_report(user, post: Post) -> Flag | None:
    """Return this person's report on the post, if they made one (open or settled)."""
    return db.session.scalar(select(Flag).where(Flag.post_id == post.id, Flag.user_id == user.id))


def flag_post(user, post: Post, reason: str, category: str = "other") -> bool:
    """Record a report; return False if this person had already reported the post."""
    reason = (reason or "").strip()
    if category not in FLAG_CATEGORIES:
        raise FieldError("category", "Choose what kind of problem it is.")
    if not reason:
        raise FieldError("reason", "Say what is wrong, so a teacher can look at the right thing.")
    if len(reason) > 500:
        raise FieldError("reason", "Keep the reason under 500 characters.")
    db.session.add(Flag(post_id=post.id, user_id=user.id, reason=reason, category=category))
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        return False
    was_hidden = post.hidden
    refresh_flag_state(post.id)
    hid = bool(post.hidden) and not was_hidden
    if hid:
        _audit_hide(post)
    signals.discussions.reported.send(post, reporter=user, hidden=hid)
    db.session.commit()
    return True


def _open_flags(post_id: int) -> list[Flag]:
    return list(db.session.scalars(
        select(Flag).where(Flag.post_id == post_id, Flag.resolved_at.is_(None)).order_by(Flag.created_at)
    ))


def _hiding_reporters(post: Post) -> tuple[list[User], list[User]]:
    """Return the open reports' people who count toward hiding: the class's teachers, and its members."""
    people = [db.session.get(User, person) for person in dict.fromkeys(f.user_id for f in _open_flags(post.id))]
    teachers = [person for person in people if permissions.is_teacher_of(person, post.classroom_id)]
    members = [person for person in people if permissions.is_member(person, post.classroom_id)]
    return teachers, members


def _audit_hide(post: Post) -> None:
    """Record who hid the post by reporting it, and which rule hid it; no one chose it alone."""
    teachers, members = _hiding_reporters(post)
    names = ", ".join(person.full_name for person in members)
    if teachers:
        why = f"reported by a teacher of the class ({', '.join(t.full_name for t in teachers)})"
    else:
        why = (f"{len(members)} reports from the class reached the threshold of "
               f"{current_app.config['FLAG_HIDE_THRESHOLD']} ({names})")
    db.session.add(AuditEntry(actor_id=None, action="hid work after reports", classroom_id=post.classroom_id,
                              target_user_id=post.author_id, detail=f"{post.kind.capitalize()} #{post.id}: {why}"))


def refresh_flag_state(post_id: int) -> None:
    """Recount a post's open flags; hide it once enough of the class, or one teacher, reported it.

    Every report reaches the teacher's Reported view, but only the class's own members count
    toward hiding: accounts from outside (self-registered readers, other classes) never hide a
    student's work by themselves, however many they are.
    """
    post = db.session.get(Post, post_id)
    open_flags = _open_flags(post_id)
    teachers, members = _hiding_reporters(post)
    threshold = current_app.config["FLAG_HIDE_THRESHOLD"]
    values = {
        "open_flags": len(open_flags),
        "hidden": bool(teachers) or len(members) >= threshold,
        "reported_at": max((flag.created_at for flag in open_flags), default=None),
    }
    db.session.execute(
        update(Post).where(Post.id == post_id).values(**values).execution_options(
            synchronize_session="fetch"
        )
    )
