"""A piece of student work shared with colleagues, without names, and what they said about it."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from board.accounts.models import User
from board.extensions import db
from board.timeutil import utcnow


class SharedWork(db.Model):
    """A copy of one post or pad revision, made when it was shared, with every student's name replaced."""

    __tablename__ = "shared_works"
    __table_args__ = (
        UniqueConstraint("presenter_id", "submission_key"),
        Index("ix_shared_works_open", "closed_at", "last_activity_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: the teacher who brought the work and leads the conversation
    presenter_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    classroom_id: Mapped[int] = mapped_column(ForeignKey("classrooms.id"))
    #: where the copy came from; only the class's teachers are ever shown the way back to it
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id", ondelete="SET NULL"))
    pad_id: Mapped[int | None] = mapped_column(ForeignKey("pads.id", ondelete="SET NULL"))
    pad_revision: Mapped[int | None]
    #: what kind of work it is, in words: "Student’s response", "The class pad, revision 4"
    kind_label: Mapped[str] = mapped_column(String(120))
    #: the guiding question the work answers, names replaced
    question: Mapped[str] = mapped_column(Text, default="")
    #: the work itself, names replaced: Markdown, and the sanitized HTML pages show
    body_md: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    #: the posts around it, names replaced: dicts (place "above"/"below", label, depth, body_html)
    thread: Mapped[list] = mapped_column(JSON, default=list)
    #: what the presenter wants to learn from colleagues, names replaced
    framing_md: Mapped[str] = mapped_column(Text)
    framing_html: Mapped[str] = mapped_column(Text)
    #: the people whose names were replaced: dicts (user id, label); never shown to colleagues,
    #: kept so that what colleagues write later has the same names replaced the same way
    people: Mapped[list] = mapped_column(JSON, default=list)
    #: the protocol step the conversation is in (board.colleagues.protocol.STEPS)
    step: Mapped[str] = mapped_column(String(16), default="framing")
    #: a random key per share form: a double submit shares once
    submission_key: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: the last contribution or step change, for the list of conversations
    last_activity_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]

    presenter: Mapped[User] = relationship()
    contributions: Mapped[list[Contribution]] = relationship(
        back_populates="shared_work", cascade="all, delete-orphan", order_by="Contribution.id"
    )

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    def __repr__(self) -> str:
        return f"<SharedWork {self.id} {self.step}>"


class Contribution(db.Model):
    """A colleague's short question or feedback (or the presenter's) in one step of the conversation."""

    __tablename__ = "shared_work_contributions"
    __table_args__ = (UniqueConstraint("author_id", "submission_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    shared_work_id: Mapped[int] = mapped_column(ForeignKey("shared_works.id", ondelete="CASCADE"), index=True)
    step: Mapped[str] = mapped_column(String(16))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    #: as typed (names replaced), and the sanitized HTML pages show
    body_md: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    submission_key: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    author: Mapped[User] = relationship()
    shared_work: Mapped[SharedWork] = relationship(back_populates="contributions")
