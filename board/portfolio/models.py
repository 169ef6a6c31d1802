"""Showcase portfolios: the pieces a student picks from their published work, their goals, the class's tags."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, Column, ForeignKey, Index, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from board.accounts.models import User
from board.classes.models import Classroom
from board.extensions import db
from board.moderation.states import Moderated
from board.timeutil import utcnow

#: where a piece's work comes from: a post (response or reply), the student's words in a published
#: pad revision, or another school's Commons (an imported, archived piece)
SOURCES = ("post", "pad", "archived")

piece_tags = Table(
    "portfolio_piece_tags",
    db.metadata,
    Column("piece_id", ForeignKey("portfolio_pieces.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("portfolio_tags.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Tag(db.Model):
    """A skill or topic a class's teachers name, which pieces of that class carry."""

    __tablename__ = "portfolio_tags"
    __table_args__ = (UniqueConstraint("classroom_id", "name", name="uq_portfolio_tags_classroom_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    classroom_id: Mapped[int] = mapped_column(ForeignKey("classrooms.id"), index=True)
    #: plain text, escaped wherever it is shown
    name: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    classroom: Mapped[Classroom] = relationship()


class Reflective(Moderated):
    """What a moderated reflection carries besides its status: findings, feedback, publication."""

    #: norms findings on the reflection's text, as dicts (rule, category, message, start, end)
    findings: Mapped[list] = mapped_column(JSON, default=list)
    #: the writer saw a reminder and sent the text anyway
    posted_anyway: Mapped[bool] = mapped_column(default=False)
    #: the last feedback or reason from a teacher, shown beside the text
    feedback: Mapped[str] = mapped_column(Text, default="")
    feedback_norm: Mapped[str] = mapped_column(String(200), default="")
    published_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: the school year it belongs to, by the year it starts in (2026 is 2026–27); it never changes
    school_year: Mapped[int] = mapped_column(index=True)


class Piece(Reflective, db.Model):
    """A piece of published work a student chose for their portfolio, with why it is there."""

    __tablename__ = "portfolio_pieces"
    __table_args__ = (
        CheckConstraint("source IN ('post', 'pad', 'archived')", name="source"),
        # A piece of work is in a portfolio once.
        UniqueConstraint("student_id", "post_id", name="uq_portfolio_pieces_student_post"),
        UniqueConstraint("student_id", "pad_id", name="uq_portfolio_pieces_student_pad"),
        Index("ix_portfolio_pieces_queue", "classroom_id", "status", "submitted_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    #: the class whose teachers review the reflection (the work's class)
    classroom_id: Mapped[int] = mapped_column(ForeignKey("classrooms.id"))
    source: Mapped[str] = mapped_column(String(16))
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id"))
    pad_id: Mapped[int | None] = mapped_column(ForeignKey("pads.id"))
    title: Mapped[str] = mapped_column(String(300))
    #: the work as it was published when picked (for a pad, the student's own words only)
    work_md: Mapped[str] = mapped_column(Text, default="")
    work_html: Mapped[str] = mapped_column(Text, default="")
    #: the reflection: why it is here, what the student learned, what comes next
    why_md: Mapped[str] = mapped_column(Text, default="")
    why_html: Mapped[str] = mapped_column(Text, default="")
    learned_md: Mapped[str] = mapped_column(Text, default="")
    learned_html: Mapped[str] = mapped_column(Text, default="")
    next_md: Mapped[str] = mapped_column(Text, default="")
    next_html: Mapped[str] = mapped_column(Text, default="")
    #: when the work itself was published (its school year follows it)
    work_date: Mapped[datetime | None]
    #: for an archived piece: where it came from, and tags it carried there that this class lacks
    origin: Mapped[str] = mapped_column(String(300), default="")

    student: Mapped[User] = relationship()
    classroom: Mapped[Classroom] = relationship()
    tags: Mapped[list[Tag]] = relationship(secondary=piece_tags, order_by="Tag.name")

    @property
    def reflection_md(self) -> str:
        """The three answers as one text, for the norms check and the queue."""
        return "\n\n".join(part for part in (self.why_md, self.learned_md, self.next_md) if part)

    def __repr__(self) -> str:
        return f"<Piece {self.id} {self.source} {self.status}>"


class Goal(Reflective, db.Model):
    """A goal a student set for the year, and their reflection on it."""

    __tablename__ = "portfolio_goals"
    __table_args__ = (Index("ix_portfolio_goals_queue", "classroom_id", "status", "submitted_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    classroom_id: Mapped[int] = mapped_column(ForeignKey("classrooms.id"))
    #: the goal in one sentence, plain text
    goal: Mapped[str] = mapped_column(String(300))
    reflection_md: Mapped[str] = mapped_column(Text, default="")
    reflection_html: Mapped[str] = mapped_column(Text, default="")

    student: Mapped[User] = relationship()
    classroom: Mapped[Classroom] = relationship()

    def __repr__(self) -> str:
        return f"<Goal {self.id} {self.status}>"
