"""Guiding questions: what the class answers, under which norms, for whom, and when."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from board.accounts.models import User
from board.classes.models import Classroom
from board.extensions import db
from board.timeutil import utcnow

#: a threaded discussion, a pad the class writes together, or both under one question
KINDS = ("discussion", "pad", "both")
VISIBILITIES = ("class", "public")


class Prompt(db.Model):
    __tablename__ = "prompts"
    __table_args__ = (
        CheckConstraint("visibility IN ('class', 'public')", name="visibility"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    classroom_id: Mapped[int] = mapped_column(ForeignKey("classrooms.id"), index=True)
    #: the guiding question, in one sentence
    question: Mapped[str] = mapped_column(String(300))
    #: background in Markdown, and the sanitized HTML made from it when saved
    context_md: Mapped[str] = mapped_column(Text, default="")
    context_html: Mapped[str] = mapped_column(Text, default="")
    #: one norm a line, shown beside every composer and offered when giving feedback
    norms: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(16), default="discussion")
    visibility: Mapped[str] = mapped_column(String(16), default="class")
    #: before opens_at students cannot see it; after closes_at nobody can add to it
    opens_at: Mapped[datetime] = mapped_column(default=utcnow)
    closes_at: Mapped[datetime | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: an archived prompt is read-only and out of the lists until a teacher restores it
    archived_at: Mapped[datetime | None]

    classroom: Mapped[Classroom] = relationship()
    created_by: Mapped[User | None] = relationship()

    @property
    def norm_list(self) -> list[str]:
        return [line.strip(" -*\t") for line in self.norms.splitlines() if line.strip(" -*\t")]

    @property
    def has_discussion(self) -> bool:
        return self.kind in ("discussion", "both")

    @property
    def has_pad(self) -> bool:
        return self.kind in ("pad", "both")

    @property
    def is_public(self) -> bool:
        return self.visibility == "public"

    @property
    def is_archived(self) -> bool:
        """Tell whether the prompt, or its whole class, is archived (read-only)."""
        return self.archived_at is not None or self.classroom.archived_at is not None

    def has_opened(self, now: datetime | None = None) -> bool:
        return self.opens_at <= (now or utcnow())

    def is_closed(self, now: datetime | None = None) -> bool:
        return self.closes_at is not None and self.closes_at <= (now or utcnow())

    def is_open(self, now: datetime | None = None) -> bool:
        """Tell whether new contributions are accepted now."""
        now = now or utcnow()
        return self.has_opened(now) and not self.is_closed(now) and not self.is_archived

    def __repr__(self) -> str:
        return f"<Prompt {self.id} {self.question[:30]!r}>"


class PromptTrust(db.Model):
    """A student trusted for one prompt only (class-wide trust lives on Membership)."""

    __tablename__ = "prompt_trusts"
    __table_args__ = (UniqueConstraint("prompt_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    prompt_id: Mapped[int] = mapped_column(ForeignKey("prompts.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
