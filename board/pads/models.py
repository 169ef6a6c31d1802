"""Pads: one shared document per prompt (or per group), its update log, snapshots and revisions."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from board.accounts.models import User
from board.extensions import db
from board.moderation.states import PUBLISHED, Moderated
from board.prompts.models import Prompt
from board.timeutil import utcnow


class Pad(Moderated, db.Model):
    """A document the class writes together; its status is that of its unpublished changes.

    status "published": what the class wrote is what the public sees; "pending": there are
    changes since the last published revision, waiting for a teacher.
    """

    __tablename__ = "pads"
    __table_args__ = (Index("ix_pads_queue", "classroom_id", "status", "submitted_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    prompt_id: Mapped[int] = mapped_column(ForeignKey("prompts.id"), index=True)
    #: copied from the prompt so the queue filters without a join
    classroom_id: Mapped[int] = mapped_column(ForeignKey("classrooms.id"))
    #: the group's name when the prompt has one pad per group; empty for the whole class
    name: Mapped[str] = mapped_column(String(80), default="")
    #: number of the revision the public sees; None until a teacher publishes one
    published_revision: Mapped[int | None]
    #: number of the newest revision cut from the log
    latest_revision: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: how many times a teacher redacted words from it: an editor whose offline copy is from
    #: before the latest forgets that copy (it may hold the words)
    redactions: Mapped[int] = mapped_column(default=0, server_default="0")

    prompt: Mapped[Prompt] = relationship()
    members: Mapped[list[PadMember]] = relationship(cascade="all, delete-orphan")

    @property
    def title(self) -> str:
        return f"{self.prompt.question} — {self.name}" if self.name else self.prompt.question

    @property
    def has_unpublished_changes(self) -> bool:
        """Any change marks the pad pending, before a revision is even cut from it."""
        return self.status != PUBLISHED

    def __repr__(self) -> str:
        return f"<Pad {self.id} {self.name!r} rev {self.latest_revision}>"


class PadMember(db.Model):
    """A student of a group pad; a pad without members belongs to the whole class."""

    __tablename__ = "pad_members"
    __table_args__ = (UniqueConstraint("pad_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pad_id: Mapped[int] = mapped_column(ForeignKey("pads.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))

    user: Mapped[User] = relationship()


class PadUpdate(db.Model):
    """One Yjs update as it arrived: the append-only log a restart replays."""

    __tablename__ = "pad_updates"
    #: ids are never reused, even after a compaction empties the table (SQLite would otherwise)
    __table_args__ = {"sqlite_autoincrement": True}

    #: the order updates arrived in
    id: Mapped[int] = mapped_column(primary_key=True)
    pad_id: Mapped[int] = mapped_column(ForeignKey("pads.id"), index=True)
    #: who sent it; None for the server's own changes (authorship marks, restores)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PadSnapshot(db.Model):
    """The whole document as of one update: loading starts here, then replays the rest of the log."""

    __tablename__ = "pad_snapshots"

    id: Mapped[int] = mapped_column(primary_key=True)
    pad_id: Mapped[int] = mapped_column(ForeignKey("pads.id"), index=True)
    #: the last update folded into this snapshot
    upto_update_id: Mapped[int]
    state: Mapped[bytes] = mapped_column(LargeBinary)
    #: everyone whose updates it folds (user id as text -> id of their last one), for revisions' authors
    writers: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PadRevision(db.Model):
    """A point in the pad's history: the whole document, its text, and who changed it since the last."""

    __tablename__ = "pad_revisions"
    __table_args__ = (UniqueConstraint("pad_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pad_id: Mapped[int] = mapped_column(ForeignKey("pads.id"), index=True)
    number: Mapped[int]
    #: the document (a Yjs update from nothing), or store.COPY_OF and the number of an older
    #: revision it repeats word for word (a restore keeps no second copy)
    state: Mapped[bytes] = mapped_column(LargeBinary)
    #: the text as Markdown, for export, search and diffs
    markdown: Mapped[str] = mapped_column(Text, default="")
    #: ids of the people whose changes went into this revision
    authors: Mapped[list] = mapped_column(JSON, default=list)
    #: norms findings on what students added since the previous revision
    findings: Mapped[list] = mapped_column(JSON, default=list)
    #: the last logged update it includes, so the next revision knows who wrote what since
    upto_update_id: Mapped[int] = mapped_column(default=0)
    #: why it was cut: "edits", "restored 4", "published", "edited by teacher"
    note: Mapped[str] = mapped_column(String(60), default="edits")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PadPicture(Moderated, db.Model):
    """A picture a student added beside a pad: her own contribution, moderated on its own.

    The picture itself is a board.media Image attached to this row (kind "pad_picture"); why it
    lives here and not in the shared document is told in board/pads/pictures.py.
    """

    __tablename__ = "pad_pictures"
    __table_args__ = (Index("ix_pad_pictures_queue", "classroom_id", "status", "submitted_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pad_id: Mapped[int] = mapped_column(ForeignKey("pads.id"), index=True)
    #: copied from the pad so the queue filters without a join
    classroom_id: Mapped[int] = mapped_column(ForeignKey("classrooms.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    #: the reason a teacher gave when rejecting it, shown to its author
    feedback: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    pad: Mapped[Pad] = relationship()
    author: Mapped[User] = relationship()

    def __repr__(self) -> str:
        return f"<PadPicture {self.id} pad {self.pad_id} {self.status}>"
