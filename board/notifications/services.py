"""Telling people what happened to their work."""
from __future__ import annotations

from sqlalchemy import delete, func, select, update

from board.discussions.models import Post
from board.extensions import db
from board.moderation import states
from board.notifications.models import Notification
from board.text import excerpt
from board.timeutil import utcnow

_KIND_WORDS = {"response": "response", "reply": "reply", "comment": "comment"}

_DECISION_MESSAGES = {
    states.APPROVE: "Your {kind} to “{q}” was published.",
    states.EDIT_APPROVE: "Your {kind} to “{q}” was published with a small edit by your teacher.",
    states.RETURN: "Your {kind} to “{q}” came back with feedback: revise it and send it again.",
    states.REJECT: "Your {kind} to “{q}” was not published. The reason is beside your text.",
    states.KEEP: "Your {kind} to “{q}” was reviewed after a report and stays published.",
}


def notify(user_id: int, kind: str, message: str, post_id=None, decision_id=None) -> None:
    db.session.add(
        Notification(
            user_id=user_id, kind=kind, message=message[:300], post_id=post_id, decision_id=decision_id
        )
    )


def _question(post: Post) -> str:
    return excerpt(post.prompt.question, 60)


def decision_made(post: Post, decision) -> None:
    """Tell the author what a teacher decided about their work."""
    template = _DECISION_MESSAGES.get(decision.action)
    if template is None or post.author_id == decision.actor_id:
        return
    message = template.format(kind=_KIND_WORDS[post.kind], q=_question(post))
    notify(post.author_id, "decision", message, post.id, decision.id)


def published(post: Post, decision=None) -> None:
    """Tell the parent's author that a reply or comment to their work is now visible."""
    if post.parent_id is None:
        return
    parent = db.session.get(Post, post.parent_id)
    if parent is None or parent.author_id == post.author_id:
        return
    verb = "commented on" if post.kind == "comment" else "replied to"
    message = f"{post.author.display_name} {verb} your {_KIND_WORDS[parent.kind]}: “{excerpt(post.body_md, 80)}”"
    notify(parent.author_id, post.kind if post.kind == "comment" else "reply", message, post.id,
           decision.id if decision is not None else None)


def decision_undone(post: Post, decision) -> None:
    """Take back what an undone decision told people; say so if they already read it."""
    read = db.session.scalar(
        select(func.count(Notification.id)).where(
            Notification.decision_id == decision.id, Notification.read_at.is_not(None)
        )
    )
    db.session.execute(
        delete(Notification).where(
            Notification.decision_id == decision.id, Notification.read_at.is_(None)
        )
    )
    if read and post.author_id != decision.actor_id:
        notify(
            post.author_id,
            "decision",
            f"A teacher took back a decision on your {_KIND_WORDS[post.kind]} to “{_question(post)}”: "
            "it is being reviewed again.",
            post.id,
        )


def unread_count(user_id: int) -> int:
    return db.session.scalar(
        select(func.count(Notification.id)).where(
            Notification.user_id == user_id, Notification.read_at.is_(None)
        )
    ) or 0


def inbox(user_id: int, limit: int = 50) -> list[Notification]:
    return list(
        db.session.scalars(
            select(Notification)
            .where(Notification.user_id == user_id)
            .order_by(Notification.id.desc())
            .limit(limit)
        )
    )


def mark_read(user_id: int, notification_id: int | None = None) -> None:
    """Mark one notification, or all of them, as read."""
    query = update(Notification).where(
        Notification.user_id == user_id, Notification.read_at.is_(None)
    )
    if notification_id is not None:
        query = query.where(Notification.id == notification_id)
    db.session.execute(query.values(read_at=utcnow()))
    db.session.commit()
