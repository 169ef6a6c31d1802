"""Telling people what happened to their work.

A notification about a contribution is sent only to someone who may read it, and it is shown
(text and count, in the app or by mail) only while they still may: consent withdrawn, a report, an
undone decision or a role change later take it out of the inbox. The text about someone else's
words is written when it is read, from the contribution as it is then. A notification about a pad
follows the live pad's rule (its class's teachers).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from board import permissions
from board.accounts.models import User
from board.classes.models import Membership
from board.discussions.models import Post
from board.extensions import db
from board.mail import outbox
from board.moderation import states
from board.notifications.models import Notification
from board.pads.models import Pad
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


#: the newest unread notifications the nav count looks at (each is checked against the visibility rule)
UNREAD_WINDOW = 100


@dataclass
class Shown:
    """A notification as its reader sees it now."""

    id: int
    kind: str
    text: str
    post_id: int | None
    created_at: datetime
    read_at: datetime | None
    pad_id: int | None = None


def notify(user_id: int, kind: str, message: str, post_id=None, decision_id=None, pad_id=None,
           once_key: str | None = None) -> Notification | None:
    """Send a notification (and queue its mail), unless it is about work its reader may not read."""
    reader = db.session.get(User, user_id)
    if reader is None:
        return None
    if post_id is not None and not permissions.can_read_post(reader, db.session.get(Post, post_id)):
        return None
    if pad_id is not None and not _can_read_pad(reader, db.session.get(Pad, pad_id)):
        return None
    notification = Notification(
        user_id=user_id, kind=kind, message=message[:300], post_id=post_id, decision_id=decision_id,
        pad_id=pad_id, once_key=once_key,
    )
    if once_key is None:
        db.session.add(notification)
        db.session.flush()
    else:
        # Said once only, whichever worker says it first: the second is refused by a unique index.
        try:
            with db.session.begin_nested():
                db.session.add(notification)
        except IntegrityError:
            return None
    outbox.enqueue(notification, reader)
    return notification


def _can_read_pad(user, pad: Pad | None) -> bool:
    return pad is not None and (permissions.can_read_live_pad(user, pad) or permissions.can_family_read_pad(user, pad))


def teachers_of(classroom_id: int) -> list[int]:
    """The ids of a class's teachers."""
    return list(db.session.scalars(select(Membership.user_id).where(
        Membership.classroom_id == classroom_id, Membership.role == "teacher").order_by(Membership.user_id)))


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
    notify(parent.author_id, post.kind if post.kind == "comment" else "reply", _answer_text(post), post.id,
           decision.id if decision is not None else None)


def _answer_text(post: Post) -> str:
    """Say who answered the reader's work, and how it begins (for someone allowed to read it)."""
    verb = "commented on" if post.kind == "comment" else "replied to"
    parent_kind = _KIND_WORDS[post.parent.kind] if post.parent is not None else "post"
    return f"{post.author.display_name} {verb} your {parent_kind}: “{excerpt(post.body_md, 80)}”"


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


def _readable(user: User, rows: list[Notification]) -> list[Notification]:
    """Keep the notifications whose contribution (if any) this person may read now."""
    posts = {n.post_id: n.post for n in rows if n.post_id is not None}
    allowed = permissions.readable_posts(user, [post for post in posts.values() if post is not None])
    pads = {n.pad_id for n in rows if n.pad_id is not None and _can_read_pad(user, n.pad)}
    return [n for n in rows
            if (n.post_id is None or n.post_id in allowed) and (n.pad_id is None or n.pad_id in pads)]


def shown_now(user: User, notification: Notification | None) -> Shown | None:
    """Return a notification as its reader may see it now (for a mail about to go), or None."""
    if notification is None or notification.user_id != user.id or not _readable(user, [notification]):
        return None
    n = notification
    return Shown(n.id, n.kind, _text(n), n.post_id, n.created_at, n.read_at, n.pad_id)


def _query(user_id: int):
    return (
        select(Notification)
        .where(Notification.user_id == user_id)
        .options(selectinload(Notification.post).selectinload(Post.prompt),
                 selectinload(Notification.post).selectinload(Post.author),
                 selectinload(Notification.pad).selectinload(Pad.prompt))
        .order_by(Notification.id.desc())
    )


def unread_count(user_id: int) -> int:
    """Count unread notifications this person may still read (the newest UNREAD_WINDOW of them)."""
    user = db.session.get(User, user_id)
    if user is None:
        return 0
    rows = list(db.session.scalars(_query(user_id).where(Notification.read_at.is_(None)).limit(UNREAD_WINDOW)))
    return len(_readable(user, rows))


def inbox(user_id: int, limit: int = 50) -> list[Shown]:
    """Return this person's notifications as they may see them now, newest first."""
    user = db.session.get(User, user_id)
    if user is None:
        return []
    rows = _readable(user, list(db.session.scalars(_query(user_id).limit(limit))))
    return [
        Shown(n.id, n.kind, _text(n), n.post_id, n.created_at, n.read_at, n.pad_id) for n in rows
    ]


def _text(n: Notification) -> str:
    # Words by someone else are quoted as they are now (a teacher may have edited them since).
    if n.kind in ("reply", "comment") and n.post is not None:
        return _answer_text(n.post)
    return n.message


def mark_read(user_id: int, notification_id: int | None = None) -> None:
    """Mark one notification, or all of them, as read."""
    query = update(Notification).where(
        Notification.user_id == user_id, Notification.read_at.is_(None)
    )
    if notification_id is not None:
        query = query.where(Notification.id == notification_id)
    db.session.execute(query.values(read_at=utcnow()))
    db.session.commit()
