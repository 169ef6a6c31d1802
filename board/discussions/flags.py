"""Reports on published work: a flag sends it to the queue; enough of them hide it."""
from __future__ import annotations

from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from board import permissions
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
    # A teacher's report hides the work at once; otherwise it takes several people.
    hide_now = permissions.is_teacher_of(user, post.classroom_id)
    refresh_flag_state(post.id, hide_now=hide_now)
    db.session.commit()
    return True


def refresh_flag_state(post_id: int, hide_now: bool = False) -> None:
    """Recount a post's open flags and hide it once the threshold is reached."""
    count, people = db.session.execute(
        select(func.count(Flag.id), func.count(func.distinct(Flag.user_id))).where(
            Flag.post_id == post_id, Flag.resolved_at.is_(None)
        )
    ).one()
    threshold = current_app.config["FLAG_HIDE_THRESHOLD"]
    values = {"open_flags": count}
    if hide_now or people >= threshold:
        values["hidden"] = True
    elif count == 0:
        values["hidden"] = False
    db.session.execute(
        update(Post).where(Post.id == post_id).values(**values).execution_options(
            synchronize_session="fetch"
        )
    )
