"""Pictures for any feature: store an upload, attach it to an item, list an item's pictures, delete them.

    image = store_upload(request.files["picture"], alt, owner)   # raises ImageRefused or AltRefused
    attach(image, post)                                          # before the caller commits the item
    images_for(post)                                             # in order
    image_index(Post, [ids])[post.id]                            # one query for a whole page

An image that belongs to nothing yet is its owner's alone; once attached it is seen by whoever may
read the item (board.media.kinds), and by nobody else: the same rule, page and picture alike.
"""
from __future__ import annotations

import secrets
import unicodedata
from collections import defaultdict
from datetime import timedelta

from flask import current_app
from flask_login import AnonymousUserMixin
from sqlalchemy import select

from board.extensions import db
from board.media import kinds
from board.media.models import Image
from board.media.processing import ImageRefused, process
from board.media.storage import storage
from board.timeutil import utcnow

__all__ = ["AltRefused", "ImageRefused", "attach", "can_view", "delete_for", "discard", "image_index",
           "images_for", "is_public", "store_upload"]

#: staged pictures (uploaded with a composer that was never sent) are removed after this long
STAGED_LIFETIME = timedelta(days=1)


class AltRefused(ValueError):
    """The description cannot be accepted; the message says why, beside its field."""


def _config(name: str):
    return current_app.config[name]


def clean_alt(text: str | None, required: bool = True) -> str:
    """Return the description as it will be stored: plain text on one line, no invisible characters."""
    kept = "".join(ch for ch in (text or "") if unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co")
                   or ch in "\t\n\r")
    kept = " ".join(kept.split())
    limit = _config("MEDIA_ALT_MAX_CHARS")
    if required and not kept:
        raise AltRefused("Describe the picture for someone who cannot see it (what it shows, in a sentence).")
    if len(kept) > limit:
        raise AltRefused(f"This description is {len(kept):,} characters; keep it under {limit:,}.")
    return kept


def read_upload(file) -> bytes:
    """Read an uploaded file, but never much more than the limit (the rest is not needed to refuse it)."""
    limit = _config("MEDIA_MAX_UPLOAD_BYTES")
    stream = getattr(file, "stream", file)
    return stream.read(limit + 1)


def store_upload(file, alt: str | None, owner, *, require_alt: bool = True, commit: bool = True) -> Image:
    """Decode, clean and store an uploaded picture for its owner; raise ImageRefused or AltRefused.

    `file` is a werkzeug FileStorage (or any object with read()); its name and declared type are
    ignored. The picture belongs to nothing until attach(); only its owner may see it until then.
    """
    description = clean_alt(alt, required=require_alt)
    data = read_upload(file)
    processed = process(
        data,
        max_bytes=_config("MEDIA_MAX_UPLOAD_BYTES"),
        max_pixels=_config("MEDIA_MAX_PIXELS"),
        max_side=_config("MEDIA_MAX_SIDE"),
        thumb_side=_config("MEDIA_THUMB_SIDE"),
    )
    key = secrets.token_urlsafe(18)
    store = storage()
    store.put(f"{key}.webp", processed.data)
    store.put(f"{key}-thumb.webp", processed.thumb)
    image = Image(
        owner_id=owner.id, alt=description, storage_key=key, format=processed.format,
        width=processed.width, height=processed.height, thumb_width=processed.thumb_width,
        thumb_height=processed.thumb_height, byte_size=len(processed.data), created_at=utcnow(),
    )
    db.session.add(image)
    _forget_stale(owner)
    if commit:
        db.session.commit()
    return image


def attach(image: Image, item, position: int | None = None) -> Image:
    """Make the picture part of an item (flushed, not committed: it lands with the item's own commit)."""
    if image.attached:
        raise ValueError("this picture already belongs to something")
    kind = kinds.of(item)
    if item.id is None:
        db.session.flush()
    if position is None:
        position = len(images_for(item))
    image.item_type, image.item_id, image.position = kind.name, item.id, position
    image.attached_at = utcnow()
    db.session.flush()
    _tell_page_cache(image)
    return image


def images_for(item) -> list[Image]:
    """Return the item's pictures, in order."""
    kind = kinds.of(item)
    return list(db.session.scalars(
        select(Image).where(Image.item_type == kind.name, Image.item_id == item.id)
        .order_by(Image.position, Image.id)))


def image_index(kind_or_model, ids) -> dict[int, list[Image]]:
    """Return the pictures of many items of one kind by item id, in one query (absent ids: no pictures)."""
    name = kind_or_model if isinstance(kind_or_model, str) else kinds.of(kind_or_model).name
    ids = list(ids)
    found: dict[int, list[Image]] = defaultdict(list)
    if ids:
        for image in db.session.scalars(
            select(Image).where(Image.item_type == name, Image.item_id.in_(ids))
            .order_by(Image.item_id, Image.position, Image.id)
        ):
            found[image.item_id].append(image)
    return dict(found)


def item_of(image: Image):
    """Return the item a picture belongs to, or None (not attached, or its item is gone)."""
    kind = kinds.named(image.item_type)
    return None if kind is None or image.item_id is None else db.session.get(kind.model, image.item_id)


def can_view(user, image: Image) -> bool:
    """Its owner while it belongs to nothing; afterwards whoever may read its item, and nobody else."""
    if not image.attached:
        return bool(getattr(user, "is_authenticated", False)) and user.id == image.owner_id
    kind = kinds.named(image.item_type)
    item = item_of(image)
    return item is not None and kind.can_view(user, item)


def is_public(image: Image) -> bool:
    """Tell whether a visitor who is not signed in may see the picture (then shared caches may keep it)."""
    return can_view(AnonymousUserMixin(), image)


def discard(image: Image) -> None:
    """Delete one picture and its files (not committed)."""
    _tell_page_cache(image)
    store = storage()
    store.delete(f"{image.storage_key}.webp")
    store.delete(f"{image.storage_key}-thumb.webp")
    db.session.delete(image)


def delete_for(item) -> int:
    """Delete every picture of an item (withdrawn work takes its pictures with it); return how many."""
    images = images_for(item)
    for image in images:
        discard(image)
    return len(images)


def _tell_page_cache(image: Image) -> None:
    """A picture added to (or taken from) something the public sees changes a cached public page."""
    if image.attached and is_public(image):
        # The page cache (board/pagecache.py) bumps its generation after a commit that set this.
        db.session.info["public_changed"] = True


def staged(owner, ids) -> list[Image]:
    """Return the owner's pictures that belong to nothing yet, among these ids, in the order given."""
    wanted = [i for i in ids if isinstance(i, int)]
    if not wanted:
        return []
    rows = {image.id: image for image in db.session.scalars(select(Image).where(
        Image.id.in_(wanted), Image.owner_id == owner.id, Image.item_type.is_(None)))}
    return [rows[i] for i in dict.fromkeys(wanted) if i in rows]


def _forget_stale(owner) -> None:
    """Remove the owner's pictures from composers never sent, once they are a day old."""
    for image in db.session.scalars(select(Image).where(
            Image.owner_id == owner.id, Image.item_type.is_(None),
            Image.created_at < utcnow() - STAGED_LIFETIME).limit(20)):
        discard(image)
