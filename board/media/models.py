"""Pictures in student work: one row per picture, and the bytes when the database holds them."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from board.accounts.models import User
from board.extensions import db
from board.timeutil import utcnow


class Image(db.Model):
    """A picture as the server re-encoded it, and what it belongs to.

    Until the contribution it came with is saved, an image belongs to nothing (`item_type` is None)
    and only its owner sees it; once attached, it is seen by exactly those who may read the item.
    """

    __tablename__ = "images"
    __table_args__ = (Index("ix_images_item", "item_type", "item_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    #: the kind of contribution ("post", and whatever else registers with board.media.kinds), and its id
    item_type: Mapped[str | None] = mapped_column(String(20))
    item_id: Mapped[int | None]
    #: order among the item's pictures
    position: Mapped[int] = mapped_column(default=0)
    #: what the picture shows, for someone who cannot see it; plain text, escaped where shown
    alt: Mapped[str] = mapped_column(String(300), default="")
    #: random name of the stored files (the picture, and "<key>-thumb"); never taken from the upload
    storage_key: Mapped[str] = mapped_column(String(64), unique=True)
    #: what the server encoded ("webp"): the served Content-Type comes from this, not from the upload
    format: Mapped[str] = mapped_column(String(8), default="webp")
    width: Mapped[int]
    height: Mapped[int]
    thumb_width: Mapped[int]
    thumb_height: Mapped[int]
    byte_size: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    attached_at: Mapped[datetime | None]

    owner: Mapped[User] = relationship()

    @property
    def attached(self) -> bool:
        return self.item_type is not None

    def __repr__(self) -> str:
        return f"<Image {self.id} {self.item_type}:{self.item_id}>"


class ImageBlob(db.Model):
    """The bytes of a stored file, when MEDIA_STORAGE is "database" (see board.media.storage)."""

    __tablename__ = "image_blobs"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)
