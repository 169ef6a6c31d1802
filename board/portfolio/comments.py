"""Readers' comments on a portfolio piece: the discussions' own comment path, on the work under the piece.

A piece of a post is commented on as that post is (a reply from outside the class); a piece of a pad,
as the published pad is. The comment is pre-moderated by the class's teacher like every comment, and
shows both here and beside the work. An archived piece has no work here to comment on.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from board import permissions
from board.discussions.models import Post
from board.discussions.services import SubmissionError, Submitted, submit
from board.extensions import db
from board.moderation.states import PUBLISHED
from board.pads.models import Pad


@dataclass
class Comments:
    #: the post or pad the comments hang on, None for an archived piece
    target: Post | Pad | None = None
    prompt: object = None
    comments: list[Post] = field(default_factory=list)
    can_comment: bool = False


def _target(piece) -> Post | Pad | None:
    if piece.source == "post" and piece.post_id:
        return db.session.get(Post, piece.post_id)
    if piece.source == "pad" and piece.pad_id:
        return db.session.get(Pad, piece.pad_id)
    return None


def for_piece(user, piece) -> Comments:
    """The comments on the piece's work this person may read, and whether they may add one."""
    target = _target(piece)
    if target is None:
        return Comments()
    query = select(Post).options(selectinload(Post.author)).where(Post.kind == "comment")
    query = query.where(Post.parent_id == target.id) if isinstance(target, Post) else query.where(
        Post.pad_id == target.id)
    rows = list(db.session.scalars(query.order_by(Post.created_at)))
    readable = permissions.readable_posts(user, rows)
    shown = [c for c in rows if c.id in readable or (c.author_id == getattr(user, "id", None))]
    allowed = (piece.status == PUBLISHED and permissions.can_comment(user, target.prompt)
               and (not isinstance(target, Post) or target.status == PUBLISHED))
    return Comments(target, target.prompt, shown, allowed)


def add(user, piece, body: str, submission_key: str, reminder_id, post_anyway: bool) -> Submitted:
    """Leave a comment on the piece's work; it waits for the class's teacher."""
    found = for_piece(user, piece)
    if not found.can_comment:
        raise SubmissionError("body", "Comments are not open on this piece.")
    if isinstance(found.target, Post):
        return submit(user, found.prompt, body, found.target, submission_key, reminder_id, post_anyway)
    return submit(user, found.prompt, body, None, submission_key, reminder_id, post_anyway, pad=found.target)
