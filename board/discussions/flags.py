"""Reports on published work: a flag sends it to the queue; enough of them from the class hide it."""
from __future__ import annotations

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from board import permissions, signals
from board.accounts.models import User
from board.discussions.models import Flag, Post
from board.extensions import db


class FlagError(ValueError):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def flag_post(user, post: Post, reason: str) -> bool:
    """Record a report; return False if this person had already reported the post."""
    reason = (reason or "").strip()
    if not reason:
        raise FlagError("reason", "Say what is wrong, so a teacher can look at the right thing.")
    if len(reason) > 500:
        raise FlagError("reason", "Keep the reason under 500 characters.")
    db.session.add(Flag(post_id=post.id, user_id=user.id, reason=reason))
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        return False
    was_hidden = post.hidden
    refresh_flag_state(post.id)
    signals.discussions.reported.send(post, reporter=user, hidden=bool(post.hidden) and not was_hidden)
    db.session.commit()
    return True


def refresh_flag_state(post_id: int) -> None:
    """Recount a post's open flags; hide it once enough of the class, or one teacher, reported it.

    Every report reaches the teacher's Reported view, but only the class's own members count
    toward hiding: accounts from outside (self-registered readers, other classes) never hide a
    student's work by themselves, however many they are.
    """
    post = db.session.get(Post, post_id)
    open_flags = list(db.session.scalars(
        select(Flag).where(Flag.post_id == post_id, Flag.resolved_at.is_(None))
    ))
    people = [db.session.get(User, person) for person in {flag.user_id for flag in open_flags}]
    by_teacher = any(permissions.is_teacher_of(person, post.classroom_id) for person in people)
    members = [person for person in people if permissions.is_member(person, post.classroom_id)]
    threshold = current_app.config["FLAG_HIDE_THRESHOLD"]
    values = {"open_flags": len(open_flags), "hidden": by_teacher or len(members) >= threshold}
    db.session.execute(
        update(Post).where(Post.id == post_id).values(**values).execution_options(
            synchronize_session="fetch"
        )
    )
