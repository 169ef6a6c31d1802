"""What a family sees of their child: published posts, the published pads the child wrote in, comments.

Every post shown here passes permissions.readable_posts for the family member, the one visibility rule;
a pad shows only the child's own words, never a classmate's nor a teacher's (a teacher's line may name a
classmate, on a class-only pad that classmate's family may not read), and the child's approved pictures.
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
from board.pads.models import Pad, PadPicture
from board.prompts.models import Prompt


@dataclass
class ChildPad:
    pad: Pad
    #: the child's words in the published revision, as HTML ("" when the child added only pictures)
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


def _child_runs(pad: Pad, student_id: int):
    """The published revision with only the child's own words, or None if the child wrote none."""
    runs = document.without_held(store.runs_of_revision(store.revision(pad.id, pad.published_revision)))
    if not any(run.author == student_id and run.text.strip() for run in runs):
        return None
    return render.keep_authors(runs, lambda author: author == student_id)


def _with_approved_pictures(student_id: int, pad_ids) -> set[int]:
    """Which of these pads hold a picture of the child's that a teacher approved (one query)."""
    ids = list(pad_ids)
    if not ids:
        return set()
    return set(db.session.scalars(select(PadPicture.pad_id).where(
        PadPicture.pad_id.in_(ids), PadPicture.author_id == student_id, PadPicture.status == PUBLISHED)))


def _shown(pad: Pad, student_id: int, pictured: bool) -> ChildPad | None:
    runs = _child_runs(pad, student_id)
    if runs is None:
        return ChildPad(pad, "") if pictured else None
    return ChildPad(pad, render.to_html(runs))


def child_pads(student_id: int) -> list[ChildPad]:
    """Return the published pads of the child's classes that hold words the child wrote, or a picture of
    hers a teacher approved."""
    classes = select(Membership.classroom_id).where(Membership.user_id == student_id, Membership.role == "student")
    pads = [pad for pad in db.session.scalars(
        select(Pad).where(Pad.classroom_id.in_(classes), Pad.published_revision.is_not(None))
        .options(selectinload(Pad.prompt)).order_by(Pad.id.desc())) if pad.prompt.has_opened()]
    pictured = _with_approved_pictures(student_id, [pad.id for pad in pads])
    return [shown for pad in pads if (shown := _shown(pad, student_id, pad.id in pictured)) is not None]


def child_pad_or_none(student_id: int, pad_id: int) -> ChildPad | None:
    """One published pad the child wrote in or added an approved picture to, with only the child's words."""
    pad = db.session.get(Pad, pad_id)
    if pad is None or pad.published_revision is None or not pad.prompt.has_opened():
        return None
    if db.session.scalar(select(Membership.id).where(Membership.classroom_id == pad.classroom_id,
                                                    Membership.user_id == student_id,
                                                    Membership.role == "student")) is None:
        return None
    return _shown(pad, student_id, pad.id in _with_approved_pictures(student_id, [pad.id]))


def child_links(student) -> list[tuple[str, str]]:
    """Links other features offer for a child (a portfolio, when one exists): (label, url) pairs."""
    links = []
    for _, answer in signals.families.child_links.send(student):
        if answer:
            links.append(answer)
    return links
