"""Classes and who belongs to them: rosters, consent, trust, suspension."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from board.accounts.models import User
from board.extensions import db
from board.timeutil import utcnow


class Classroom(db.Model):
    __tablename__ = "classrooms"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    #: what students type to join; shown to the class's teachers only
    join_code: Mapped[str] = mapped_column(String(16), unique=True)
    joining_open: Mapped[bool] = mapped_column(default=True)
    #: an archived class is read-only and out of the lists until a teacher restores it
    archived_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="classroom", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Classroom {self.id} {self.name!r}>"


class Membership(db.Model):
    __tablename__ = "memberships"
    __table_args__ = (
        UniqueConstraint("classroom_id", "user_id"),
        CheckConstraint("role IN ('student', 'teacher')", name="role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    classroom_id: Mapped[int] = mapped_column(ForeignKey("classrooms.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    role: Mapped[str] = mapped_column(String(16), default="student")
    #: when the teacher recorded the family's publication consent; None means no consent
    consent_at: Mapped[datetime | None]
    consent_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    consent_note: Mapped[str] = mapped_column(String(200), default="")
    #: a trusted student's work publishes at once unless the norms check finds something
    trusted: Mapped[bool] = mapped_column(default=False)
    #: a suspended student can read but not post
    suspended: Mapped[bool] = mapped_column(default=False)
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)

    classroom: Mapped[Classroom] = relationship(back_populates="memberships")
    user: Mapped[User] = relationship(foreign_keys=[user_id])

    @property
    def has_consent(self) -> bool:
        return self.consent_at is not None

    def __repr__(self) -> str:
        return f"<Membership {self.user_id}@{self.classroom_id} {self.role}>"


class AuditEntry(db.Model):
    """A roster or account change worth a record: consent, trust, suspension, roles."""

    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(40))
    classroom_id: Mapped[int | None] = mapped_column(ForeignKey("classrooms.id"))
    target_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    detail: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])
    target_user: Mapped[User | None] = relationship(foreign_keys=[target_user_id])
    classroom: Mapped[Classroom | None] = relationship()


class ResetCode(db.Model):
    """A one-time code a teacher gives a student who forgot their password; only its digest is kept."""

    __tablename__ = "reset_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: the class whose teacher made it (the audit log and the sheet name it)
    classroom_id: Mapped[int] = mapped_column(ForeignKey("classrooms.id", ondelete="CASCADE"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: HMAC-SHA256 of the code under the app's secret key: the table alone opens no account
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    #: set when the student used it; a used code opens nothing again
    used_at: Mapped[datetime | None]
