"""The published work a student may put in their portfolio, and what it looks like there.

The one place this package reads other features' work: posts of a discussion, and the words a
student wrote in a pad's published revision.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_login import AnonymousUserMixin
from sqlalchemy import select

from board import permissions
from board.classes.models import Membership
from board.discussions.models import Post
from board.extensions import db
from board.media import services as media
from board.moderation.states import PUBLISHED
from board.pads import document, render, store
from board.pads.models import Pad, PadRevision
from board.text import excerpt, render_markdown

#: anyone at all: the public page and the feeds ask what this person may read
NOBODY = AnonymousUserMixin()


@dataclass
class Work:
    """A piece of published work as a portfolio shows it."""

    source: str
    ident: int
    classroom_id: int
    title: str
    body_md: str
    body_html: str
    published_at: datetime | None
    prompt_id: int | None = None


def published_posts(student) -> list[Post]:
    """The student's published responses and replies, newest first."""
    return list(db.session.scalars(
        select(Post).where(Post.author_id == student.id, Post.status == PUBLISHED, Post.hidden.is_(False),
                           Post.kind.in_(("response", "reply")))
        .order_by(Post.published_at.desc())
    ))


def _own_words(pad: Pad, student) -> list:
    """The student's words in the pad's published revision (held words are never published)."""
    if pad.published_revision is None:
        return []
    runs = document.without_held(store.runs_of_revision(store.revision(pad.id, pad.published_revision)))
    return render.keep_authors(runs, lambda author: author == student.id)


def pads_written_in(student) -> list[Pad]:
    """Pads of the student's classes with a published revision the student wrote in."""
    classes = select(Membership.classroom_id).where(Membership.user_id == student.id, Membership.role == "student")
    pads = db.session.scalars(
        select(Pad).where(Pad.classroom_id.in_(classes), Pad.published_revision.is_not(None)).order_by(Pad.id)
    )
    found = []
    for pad in pads:
        revisions = db.session.scalars(select(PadRevision.authors).where(
            PadRevision.pad_id == pad.id, PadRevision.number <= pad.published_revision))
        if any(student.id in (authors or []) for authors in revisions) and document.plain(_own_words(pad, student)).strip():
            found.append(pad)
    return found


def post_work(post: Post) -> Work:
    what = "Reply" if post.kind == "reply" else "Response"
    return Work("post", post.id, post.classroom_id, f"{what}: {post.prompt.question}", post.body_md,
                post.body_html, post.published_at, post.prompt_id)


def pad_work(pad: Pad, student) -> Work:
    words = _own_words(pad, student)
    markdown = document.to_markdown(words)
    published = store.revision(pad.id, pad.published_revision)
    return Work("pad", pad.id, pad.classroom_id, f"Pad: {pad.title}", markdown,
                render_markdown(markdown, headings=True), published.created_at if published else None,
                pad.prompt_id)


def candidates(student, taken_posts: set[int], taken_pads: set[int]) -> list[Work]:
    """Everything the student could still add: published posts, and pads they wrote in."""
    works = [post_work(post) for post in published_posts(student) if post.id not in taken_posts]
    works += [pad_work(pad, student) for pad in pads_written_in(student) if pad.id not in taken_pads]
    return works


def find(student, source: str, ident: int | None) -> Work | None:
    """The student's own published work by kind and id, or None when it is not theirs to pick."""
    if ident is None:
        return None
    if source == "post":
        post = db.session.get(Post, ident)
        ok = (post is not None and post.author_id == student.id and post.status == PUBLISHED
              and not post.hidden and post.kind in ("response", "reply"))
        return post_work(post) if ok else None
    if source == "pad":
        pad = db.session.get(Pad, ident)
        if pad is None or pad not in pads_written_in(student):
            return None
        return pad_work(pad, student)
    return None


def work_readable(user, piece) -> bool:
    """Tell whether this person may read the work under a piece, as its own page would say."""
    if piece.source == "post":
        post = db.session.get(Post, piece.post_id) if piece.post_id else None
        return post is not None and permissions.can_read_post(user, post)
    if piece.source == "pad":
        pad = db.session.get(Pad, piece.pad_id) if piece.pad_id else None
        if pad is None or pad.published_revision is None:
            return False
        if permissions.is_member(user, pad.classroom_id):
            return permissions.can_read_live_pad(user, pad)
        return permissions.can_read_published_pad(user, pad) and has_consent(piece.student_id, pad.classroom_id)
    # An archived piece has no work here but its copy: the class sees it, the public with consent.
    return permissions.is_member(user, piece.classroom_id) or has_consent(piece.student_id, piece.classroom_id)


def pad_published(piece) -> bool:
    """Tell whether the pad under a piece still has a published revision its class may read."""
    pad = db.session.get(Pad, piece.pad_id) if piece.pad_id else None
    return pad is not None and pad.published_revision is not None and pad.prompt.has_opened()


def has_consent(student_id: int, classroom_id: int) -> bool:
    """Tell whether the student's publication consent is on record in this class."""
    return db.session.scalar(select(Membership.id).where(
        Membership.user_id == student_id, Membership.classroom_id == classroom_id,
        Membership.role == "student", Membership.consent_at.is_not(None))) is not None


def work_pictures(piece) -> list:
    """The pictures of the post under a piece (moderated and seen with that post)."""
    if piece.source == "post" and piece.post_id:
        post = db.session.get(Post, piece.post_id)
        return media.images_for(post) if post is not None else []
    return []


def own_pictures(piece) -> list:
    """The piece's own pictures: added with its reflection (or brought by an import), seen with it."""
    return media.images_for(piece)


def pictures(piece) -> list:
    """Every picture a piece shows: its work's, then its own."""
    return work_pictures(piece) + own_pictures(piece)


def summary(work: Work) -> str:
    return excerpt(work.body_md, 160)
