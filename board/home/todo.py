"""A student's to-do: work to revise, work waiting, new replies, open prompts not yet answered.

Loaded in a fixed number of queries whatever the number of items: one per list, plus the visibility
rule's own batch for the replies (permissions.readable_posts).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import aliased, contains_eager, joinedload

from board import permissions
from board.classes.models import Classroom
from board.discussions.models import Post
from board.extensions import db
from board.moderation import states
from board.notifications.models import Notification
from board.pads.models import Pad, PadMember, PadSnapshot, PadUpdate
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
    #: prompt id -> the pad the student has not written in yet (it opens from the list)
    pads_to_write: dict[int, int] = field(default_factory=dict)
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
        todo.pads_to_write = _pads_not_written_in(user, can_answer)
        todo.open_prompts = _unanswered(user, can_answer, list(todo.pads_to_write))
    return todo


def _open_in(classroom_ids: list[int]):
    """The SQL condition for prompts of these classes that are open for work now."""
    now = utcnow()
    return and_(
        Prompt.classroom_id.in_(classroom_ids),
        Prompt.opens_at <= now, (Prompt.closes_at.is_(None)) | (Prompt.closes_at > now),
        # an archived prompt, or one of an archived class, is read-only: nothing to do there
        Prompt.archived_at.is_(None),
        Prompt.classroom_id.not_in(select(Classroom.id).where(Classroom.archived_at.is_not(None))),
    )


def _unanswered(user, classroom_ids: list[int], pad_prompt_ids: list[int]) -> list[Prompt]:
    """Open prompts of these classes the student has not answered: a discussion with no response from
    them (rejected or withdrawn ones do not count), or a pad they have not written in (given)."""
    answered = (
        select(Post.id)
        .where(Post.prompt_id == Prompt.id, Post.author_id == user.id, Post.parent_id.is_(None),
               Post.pad_id.is_(None), Post.status.in_(ANSWERED))
        .exists()
    )
    discussion = and_(Prompt.kind.in_(("discussion", "both")), ~answered)
    return list(db.session.scalars(
        select(Prompt).options(joinedload(Prompt.classroom))
        .where(_open_in(classroom_ids), or_(discussion, Prompt.id.in_(pad_prompt_ids)))
        # Closing soonest first: those are the ones not to miss.
        .order_by(Prompt.closes_at.is_(None), Prompt.closes_at, Prompt.opens_at.desc())
        .limit(LIST_MAX)
    ).unique())


def _pads_not_written_in(user, classroom_ids: list[int]) -> dict[int, int]:
    """Open prompts with a pad this student may write in but has not yet: prompt id -> that pad's id.

    A prompt whose pads the student wrote in any of is done. What they wrote is in the pad's log,
    or folded into its snapshot, which keeps every writer it ever folded.
    """
    grouped = select(PadMember.id).where(PadMember.pad_id == Pad.id).exists()
    in_group = select(PadMember.id).where(PadMember.pad_id == Pad.id, PadMember.user_id == user.id).exists()
    logged = select(PadUpdate.id).where(PadUpdate.pad_id == Pad.id, PadUpdate.user_id == user.id).exists()
    rows = db.session.execute(
        select(Pad.id, Pad.prompt_id, logged, PadSnapshot.writers)
        .join(Prompt, Prompt.id == Pad.prompt_id)
        .outerjoin(PadSnapshot, PadSnapshot.pad_id == Pad.id)
        .where(_open_in(classroom_ids), Prompt.kind.in_(("pad", "both")), or_(~grouped, in_group))
        # A group's own pad before the class pad: that is where the student writes.
        .order_by(Pad.prompt_id, grouped.desc(), Pad.id)
    ).all()
    key = str(user.id)
    wrote = {prompt_id for _, prompt_id, in_log, writers in rows if in_log or key in (writers or {})}
    waiting: dict[int, int] = {}
    for pad_id, prompt_id, _, _ in rows:
        if prompt_id not in wrote:
            waiting.setdefault(prompt_id, pad_id)
    return waiting


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

