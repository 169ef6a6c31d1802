"""School-wide settings an admin edits: default norms and the norms word lists."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Text
from sqlalchemy.orm import Mapped, mapped_column

from board.extensions import db
from board.timeutil import utcnow

DEFAULT_NORMS = """Critique the idea, not the person.
Back up your claims with evidence.
Listen to understand: ask before you assume.
Keep it kind and keep it school-appropriate."""


class SchoolSettings(db.Model):
    """One row: the school's norms and word lists."""

    __tablename__ = "school_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: offered as the norms of every new prompt
    norms: Mapped[str] = mapped_column(Text, default=DEFAULT_NORMS)
    #: one word or phrase a line
    block_words: Mapped[str] = mapped_column(Text, default="")
    flag_words: Mapped[str] = mapped_column(Text, default="")
    allow_words: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
