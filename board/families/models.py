"""Family invitations, the links they make between a family account and a student, and consent records."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from board.accounts.models import User
from board.extensions import db
from board.timeutil import utcnow

#: how a family member may describe themselves; anything else is typed under "other"
RELATIONSHIPS = ("Mother", "Father", "Parent", "Guardian", "Grandparent", "Carer")


class FamilyInvitation(db.Model):
    """The code a teacher prints for one student's family; a new code for the student retires it."""

    __tablename__ = "family_invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    classroom_id: Mapped[int] = mapped_column(ForeignKey("classrooms.id", ondelete="CASCADE"), index=True)
    #: what the family types, like FAM-K7MX-PQ2D; shown to the class's teachers only
    code: Mapped[str] = mapped_column(String(20), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: set when a newer code replaced it: then it opens nothing
    retired_at: Mapped[datetime | None]

    student: Mapped[User] = relationship(foreign_keys=[student_id])


class FamilyLink(db.Model):
    """A family account that may follow one student's work."""

    __tablename__ = "family_links"
    __table_args__ = (UniqueConstraint("family_id", "student_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: the invitation used, so the teacher sees who joined with which code
    invitation_id: Mapped[int | None] = mapped_column(ForeignKey("family_invitations.id", ondelete="SET NULL"))
    #: as the family member typed it: mother, grandfather, guardian ...
    relationship_label: Mapped[str] = mapped_column("relationship", String(40))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    family: Mapped[User] = relationship(foreign_keys=[family_id])
    student: Mapped[User] = relationship(foreign_keys=[student_id])


class FamilyConsent(db.Model):
    """A family's consent given or withdrawn in the app: the signature typed, who, as what, and when."""

    __tablename__ = "family_consents"

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    family_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: True: consent given; False: withdrawn
    given: Mapped[bool]
    #: the full name the family member typed as a signature
    signature: Mapped[str] = mapped_column(String(120))
    relationship_label: Mapped[str] = mapped_column("relationship", String(40))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    family: Mapped[User | None] = relationship(foreign_keys=[family_id])
