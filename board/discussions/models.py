"""Contributions to a discussion: responses, replies, reader comments, their history and flags."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from board.accounts.models import User
from board.extensions import db
from board.moderation.states import PUBLISHED, Moderated
from board.prompts.models import Prompt
from board.timeutil import utcnow

#: a response answers the prompt; a reply answers a post from inside the class;
#: a comment answers a post from outside the class (a reader), always moderated
KINDS = ("response", "reply", "comment")
#: what a report is about, as the reporter chose it; the text says the rest
FLAG_CATEGORIES = {
    "unkind": "Unkind or hurtful",
    "unsafe": "Unsafe or threatening",
    "private": "Private information",
    "off_topic": "Off topic",
    "other": "Something else",
}
#: a post its author took back before a teacher decided: out of the queue and the thread, kept in history
WITHDRAWN = "withdrawn"


class Post(Moderated, db.Model):
    __tablename__ = "posts"
    __table_args__ = (
        UniqueConstraint("author_id", "submission_key"),
        CheckConstraint("kind IN ('response', 'reply', 'comment')", name="kind"),
        Index("ix_posts_queue", "classroom_id", "status", "submitted_at"),
        Index("ix_posts_thread", "prompt_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    prompt_id: Mapped[int] = mapped_column(ForeignKey("prompts.id"))
    #: copied from the prompt so the queue filters without a join
    classroom_id: Mapped[int] = mapped_column(ForeignKey("classrooms.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id"), index=True)
    #: a reader's comment on a published pad (then parent_id is None)
    pad_id: Mapped[int | None] = mapped_column(ForeignKey("pads.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    #: the current text: Markdown as typed, and the sanitized HTML pages show
    body_md: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    #: norms findings on the current text, as dicts (rule, category, message, start, end)
    findings: Mapped[list] = mapped_column(JSON, default=list)
    #: the writer saw a reminder and posted anyway
    posted_anyway: Mapped[bool] = mapped_column(default=False)
    #: the writer saw a reminder and changed the text before posting
    revised_after_reminder: Mapped[bool] = mapped_column(default=False)
    #: number of the PostVersion whose text is current
    revision: Mapped[int] = mapped_column(default=1)
    #: the last feedback or reason from a teacher, shown beside the text
    feedback: Mapped[str] = mapped_column(Text, default="")
    feedback_norm: Mapped[str] = mapped_column(String(200), default="")
    #: hidden from everyone but teachers and the author while flags await a teacher
    hidden: Mapped[bool] = mapped_column(default=False)
    open_flags: Mapped[int] = mapped_column(default=0)
    #: when the newest open report arrived: the Reported view dates and orders by it, not by the post
    reported_at: Mapped[datetime | None]
    #: a random key per composer form: a double submit creates one post
    submission_key: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_at: Mapped[datetime | None]

    prompt: Mapped[Prompt] = relationship()
    author: Mapped[User] = relationship()
    parent: Mapped[Post | None] = relationship(remote_side=[id])

    @property
    def is_visible_published(self) -> bool:
        return self.status == PUBLISHED and not self.hidden

    def __repr__(self) -> str:
        return f"<Post {self.id} {self.kind} {self.status}>"


class PostVersion(db.Model):
    """Every text a post has had: the student's drafts and a teacher's edits."""

    __tablename__ = "post_versions"
    __table_args__ = (UniqueConstraint("post_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id"), index=True)
    number: Mapped[int]
    body_md: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    findings: Mapped[list] = mapped_column(JSON, default=list)
    #: who wrote this version (the author, or a teacher editing before approval)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    #: submitted, resubmitted, edited by teacher
    note: Mapped[str] = mapped_column(String(40), default="submitted")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    author: Mapped[User] = relationship()


class Flag(db.Model):
    """Someone reported published work; open until a teacher decides."""

    __tablename__ = "flags"
    __table_args__ = (UniqueConstraint("post_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    #: one of FLAG_CATEGORIES; reports made before categories existed are "other"
    category: Mapped[str] = mapped_column(String(16), default="other", server_default="other")
    reason: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None]
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: the decision that settled it, so undoing that decision reopens it
    resolved_by_decision_id: Mapped[int | None] = mapped_column(ForeignKey("decisions.id"))

    user: Mapped[User] = relationship(foreign_keys=[user_id])

    @property
    def category_label(self) -> str:
        return FLAG_CATEGORIES.get(self.category, FLAG_CATEGORIES["other"])


class Reminder(db.Model):
    """A norms reminder shown to a writer (in the composer, or as they type in a pad), and what they did next."""

    __tablename__ = "reminders"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    prompt_id: Mapped[int] = mapped_column(ForeignKey("prompts.id"), index=True)
    classroom_id: Mapped[int] = mapped_column(ForeignKey("classrooms.id"), index=True)
    #: the norms it was about: the composer's may name several, a pad's one per finding
    categories: Mapped[list] = mapped_column(JSON, default=list)
    #: "revised" or "posted_anyway" once the writer chose; None while they have not, or if nothing was posted
    outcome: Mapped[str | None] = mapped_column(String(20))
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id"))
    #: the pad it was shown in; None for the composer's
    pad_id: Mapped[int | None] = mapped_column(ForeignKey("pads.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
