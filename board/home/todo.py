"""A student's to-do: work to revise, work waiting, new replies, open prompts not yet answered.

Loaded in a fixed number of queries whatever the number of items: one per list, plus the visibility
rule's own batch for the replies (permissions.readable_posts).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import and_, select
from sqlalchemy.orm import aliased, contains_eager, joinedload

from board import permissions
from board.classes.models import Classroom
from board.discussions.models import Post
from board.extensions import db
from board.moderation import states
from board.notifications.models import Notification
from board.prompts.models import Prompt
from board.timeutil import utcnow

#: the most items a list shows; the rest is one click away on "My work" or in notifications
LIST_MAX = 20
#: a prompt is answered while the student has a response in one of these states
ANSWERED = (states.PENDING, states.PUBLISHED, states.RETURNED)


@dataclass
class Reply:
    """A new reply to the student's work, with the notification that opens it (and marks it read)."""

    notification_id: int
    post: Post


@dataclass
class Todo:
    to_revise: list[Post] = field(default_factory=list)
    waiting: list[Post] = field(default_factory=list)
    replies: list[Reply] = field(default_factory=list)
    open_prompts: list[Prompt] = field(default_factory=list)
    #: in at least one class (otherwise the page says how to join one)
    in_a_class: bool = False


def student_todo(user) -> Todo:
    """Return what this student can do next, each prompt at most once."""
    places = [m for m in permissions.memberships(user).values() if m.role == "student"]
    todo = Todo(in_a_class=bool(places))
    mine = list(db.session.scalars(
        select(Post).join(Post.prompt).options(contains_eager(Post.prompt))
        .where(Post.author_id == user.id, Post.status.in_((states.RETURNED, states.PENDING)))
        .order_by(Post.submitted_at.desc(), Post.id.desc())
    ))
    todo.to_revise = [p for p in mine if p.status == states.RETURNED][:LIST_MAX]
    todo.waiting = [p for p in mine if p.status == states.PENDING][:LIST_MAX]
    todo.replies = _new_replies(user)
    can_answer = [m.classroom_id for m in places if not m.suspended]
    if can_answer:
        todo.open_prompts = _unanswered(user, can_answer)
    return todo


def _unanswered(user, classroom_ids: list[int]) -> list[Prompt]:
    """Open discussion prompts of these classes the student has no response to (rejected or withdrawn ones
    do not count: the prompt still waits for an answer)."""
    now = utcnow()
    answered = (
        select(Post.id)
        .where(Post.prompt_id == Prompt.id, Post.author_id == user.id, Post.parent_id.is_(None),
               Post.pad_id.is_(None), Post.status.in_(ANSWERED))
        .exists()
    )
    return list(db.session.scalars(
        select(Prompt).options(joinedload(Prompt.classroom))
        .where(Prompt.classroom_id.in_(classroom_ids), Prompt.kind.in_(("discussion", "both")),
               Prompt.opens_at <= now, (Prompt.closes_at.is_(None)) | (Prompt.closes_at > now), ~answered,
               # an archived prompt, or one of an archived class, is read-only: nothing to do there
               Prompt.archived_at.is_(None),
               Prompt.classroom_id.not_in(select(Classroom.id).where(Classroom.archived_at.is_not(None))))
        # Closing soonest first: those are the ones not to miss.
        .order_by(Prompt.closes_at.is_(None), Prompt.closes_at, Prompt.opens_at.desc())
        .limit(LIST_MAX)
    ).unique())


def _new_replies(user) -> list[Reply]:
    """Unread replies and comments on the student's work that the visibility rule lets them read now."""
    parent = aliased(Post)
    rows = db.session.execute(
        select(Notification.id, Post)
        .join(Post, Post.id == Notification.post_id)
        .join(parent, and_(parent.id == Post.parent_id, parent.author_id == user.id))
        .join(Post.author).join(Post.prompt)
        .options(contains_eager(Post.author), contains_eager(Post.prompt),
                 contains_eager(Post.parent.of_type(parent)))
        .where(Notification.user_id == user.id, Notification.read_at.is_(None),
               Notification.kind.in_(("reply", "comment")), Post.author_id != user.id)
        .order_by(Notification.id.desc())
        .limit(LIST_MAX * 2)
    ).all()
    readable = permissions.readable_posts(user, [post for _, post in rows])
    replies: dict[int, Reply] = {}
    for notification_id, post in rows:
        if post.id in readable and post.id not in replies:
            replies[post.id] = Reply(notification_id, post)
    return list(replies.values())[:LIST_MAX]

