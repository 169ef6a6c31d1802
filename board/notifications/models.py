"""In-app notifications: a decision on your work, a reply or comment to it; for teachers, reports,
pads with norms findings and work waiting too long."""
from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from board.extensions import db
from board.timeutil import utcnow

if TYPE_CHECKING:
    from board.discussions.models import Post
    from board.pads.models import Pad


class Notification(db.Model):
    __tablename__ = "notifications"
    __table_args__ = (
        Index("ix_notifications_inbox", "user_id", "read_at"),
        Index("ix_notifications_once", "user_id", "once_key", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    #: decision, reply, comment; for teachers: hidden, report, pad_findings, overdue
    kind: Mapped[str] = mapped_column(String(20))
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id"))
    #: a pad is removed only while nobody has written in it; what was said about it goes with it
    pad_id: Mapped[int | None] = mapped_column(ForeignKey("pads.id", ondelete="CASCADE"))
    #: set on what must be said once only (an item waiting too long): a second one is refused
    once_key: Mapped[str | None] = mapped_column(String(120))
    #: the decision that caused it, so an undo can take it back
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decisions.id"))
    message: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]

    #: what it is about; shown only while its reader may read it (notifications.services)
    post: Mapped[Post | None] = relationship("Post")
    pad: Mapped[Pad | None] = relationship("Pad")
