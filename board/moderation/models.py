"""Decisions: who decided what about which contribution, when and why."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from board.accounts.models import User
from board.extensions import db
from board.timeutil import utcnow


class Decision(db.Model):
    __tablename__ = "decisions"
    __table_args__ = (Index("ix_decisions_item", "item_type", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: the kind of contribution ("post"), and its id
    item_type: Mapped[str] = mapped_column(String(20))
    item_id: Mapped[int]
    classroom_id: Mapped[int] = mapped_column(ForeignKey("classrooms.id"), index=True)
    action: Mapped[str] = mapped_column(String(20))
    from_status: Mapped[str] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    actor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    #: feedback on a return, reason on a rejection, note on anything else
    feedback: Mapped[str] = mapped_column(Text, default="")
    #: the norm the feedback names, picked from the prompt's norms
    norm: Mapped[str] = mapped_column(String(200), default="")
    #: the revision shown before the decision (undo restores it after an edit)
    revision_before: Mapped[int | None]
    #: shared by the decisions of one bulk action, so one undo takes back the whole batch
    batch: Mapped[str | None] = mapped_column(String(32), index=True)
    #: set on the decision an undo reversed
    undone_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    actor: Mapped[User] = relationship()
