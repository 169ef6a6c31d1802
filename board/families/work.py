"""What a family sees of their child: published posts, the published pads the child wrote in, comments.

Every post shown here passes permissions.readable_posts for the family member, the one visibility rule;
a pad shows only the child's words (and the teachers'), never a classmate's.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from board import permissions, signals
from board.classes.models import Membership
from board.discussions.models import Post
from board.extensions import db
from board.moderation.states import PUBLISHED
from board.pads import document, render, store
from board.pads.models import Pad
from board.prompts.models import Prompt


@dataclass
class ChildPad:
    pad: Pad
    html: str


def child_posts(family, student_id: int, limit: int = 100) -> list[Post]:
    """Return the child's published work in class that this family member may read, newest first."""
    rows = list(db.session.scalars(
        select(Post).where(Post.author_id == student_id, Post.status == PUBLISHED, Post.hidden.is_(False),
                           Post.kind != "comment")
        .options(selectinload(Post.prompt).selectinload(Prompt.classroom))
        .order_by(Post.published_at.desc(), Post.id.desc()).limit(limit)))
    allowed = permissions.readable_posts(family, rows)
    return [post for post in rows if post.id in allowed]


def comments_under(family, post: Post) -> list[Post]:
    """Return the comments under the child's post this family member may read (their own pending ones too)."""
    rows = list(db.session.scalars(select(Post).where(Post.parent_id == post.id, Post.kind == "comment")
                                   .order_by(Post.created_at)))
    allowed = permissions.readable_posts(family, rows)
    return [row for row in rows if row.id in allowed]


def _teachers(classroom_id: int) -> set[int]:
    return set(db.session.scalars(select(Membership.user_id).where(
        Membership.classroom_id == classroom_id, Membership.role == "teacher")))


def _child_runs(pad: Pad, student_id: int):
    """The published revision with only the child's and the teachers' words, or None if the child wrote none."""
    runs = document.without_held(store.runs_of_revision(store.revision(pad.id, pad.published_revision)))
    if not any(run.author == student_id for run in runs):
        return None
    keep = _teachers(pad.classroom_id) | {student_id}
    return render.keep_authors(runs, lambda author: author in keep)


def child_pads(student_id: int) -> list[ChildPad]:
    """Return the published pads of the child's classes that hold words the child wrote."""
    classes = select(Membership.classroom_id).where(Membership.user_id == student_id, Membership.role == "student")
    pads = db.session.scalars(select(Pad).where(Pad.classroom_id.in_(classes), Pad.published_revision.is_not(None))
                              .options(selectinload(Pad.prompt)).order_by(Pad.id.desc()))
    shown = []
    for pad in pads:
        if not pad.prompt.has_opened():
            continue
        runs = _child_runs(pad, student_id)
        if runs is not None:
            shown.append(ChildPad(pad, render.to_html(runs)))
    return shown


def child_pad_or_none(student_id: int, pad_id: int) -> ChildPad | None:
    """One published pad the child wrote in, with only the child's and the teachers' words."""
    pad = db.session.get(Pad, pad_id)
    if pad is None or pad.published_revision is None or not pad.prompt.has_opened():
        return None
    if db.session.scalar(select(Membership.id).where(Membership.classroom_id == pad.classroom_id,
                                                    Membership.user_id == student_id,
                                                    Membership.role == "student")) is None:
        return None
    runs = _child_runs(pad, student_id)
    return ChildPad(pad, render.to_html(runs)) if runs is not None else None


def child_links(student) -> list[tuple[str, str]]:
    """Links other features offer for a child (a portfolio, when one exists): (label, url) pairs."""
    links = []
    for _, answer in signals.families.child_links.send(student):
        if answer:
            links.append(answer)
    return links
