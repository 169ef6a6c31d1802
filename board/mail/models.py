"""What each person wants by email, and the outbox the worker sends from."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from board.extensions import db
from board.timeutil import utcnow

#: outbox statuses: waiting to be sent, waiting for the digest, folded into a digest, being sent, ...
QUEUED, HELD, FOLDED, SENDING, SENT, CANCELLED, FAILED = (
    "queued", "held", "folded", "sending", "sent", "cancelled", "failed")


class MailPreference(db.Model):
    """One person's choice for one kind of mail; without a row, their role's default applies."""

    __tablename__ = "mail_preferences"
    __table_args__ = (UniqueConstraint("user_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    #: a kind of board.mail.preferences.KINDS
    kind: Mapped[str] = mapped_column(String(20))
    #: now, digest or never
    choice: Mapped[str] = mapped_column(String(10))


class OutboxMessage(db.Model):
    """A mail to send: one notification, or a person's digest. Its words are written when it is sent."""

    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_due", "status", "not_before"),
        Index("ix_outbox_digest", "digest_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: the notification's kind, or "digest"
    kind: Mapped[str] = mapped_column(String(20))
    #: no foreign key: an undo deletes the notification, and the mail then sends nothing
    notification_id: Mapped[int | None] = mapped_column(index=True)
    #: the digest a held message was folded into
    digest_id: Mapped[int | None]
    status: Mapped[str] = mapped_column(String(10), default=QUEUED)
    #: not sent before this: the end of the undo window, or the next try after a failure
    not_before: Mapped[datetime] = mapped_column(default=utcnow)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(String(300), default="")
    #: which worker holds it while sending (a claim), and since when
    claimed_by: Mapped[str | None] = mapped_column(String(40))
    claimed_at: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: one digest per person a day, whichever worker builds it
    once_key: Mapped[str | None] = mapped_column(String(80), unique=True)
