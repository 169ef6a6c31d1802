"""Pictures in backups and exports.

With MEDIA_STORAGE=folder the pictures are files, not rows: `flask backup PATH` writes them to
PATH.pictures.zip beside the database's copy, and `flask restore PATH` puts them back from there.
(With MEDIA_STORAGE=database they are rows of image_blobs, in the database's own copy.)

The database is copied first and the pictures second: a picture added in between is a file with
no row, which `flask media-cleanup` removes later; the other order would leave rows without files.
"""
from __future__ import annotations

import os
import zipfile
from pathlib import Path

from sqlalchemy import select

from board.extensions import db
from board.media.models import Image
from board.media.storage import FolderStorage, storage

SUFFIX = ".pictures.zip"


class PicturesError(RuntimeError):
    """A pictures file that cannot be written or read; the message says what to do."""


def pictures_path(backup: Path) -> Path:
    return backup.with_name(backup.name + SUFFIX)


def folder_store() -> FolderStorage | None:
    store = storage()
    return store if isinstance(store, FolderStorage) else None


def check_free(backup: Path) -> None:
    """Refuse before anything is written when the pictures file is already there."""
    target = pictures_path(backup)
    if folder_store() is not None and target.exists():
        raise PicturesError(f"{target} already exists: choose a new name, so no backup is overwritten.")


def back_up(backup: Path) -> str:
    """Copy every stored picture file into the zip beside the backup; say what was done."""
    store = folder_store()
    if store is None:
        return "pictures are in the database, so in the backup itself"
    target = pictures_path(backup)
    partial = target.with_name(target.name + ".partial")
    count = 0
    try:
        # WebP is compressed already: stored as is, the zip is quick to write.
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_STORED) as archive:
            for name, path, _ in store.listing():
                if name.startswith(".upload-"):
                    continue
                try:
                    archive.write(path, name)
                except FileNotFoundError:
                    continue  # removed since it was listed: its row went with it
                count += 1
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return f"{count:,} picture file(s) to {target}"


def restore(backup: Path) -> str:
    """Put the pictures saved beside a backup back where this Commons keeps pictures; say what was done."""
    source = pictures_path(backup)
    if not source.is_file():
        if folder_store() is None:
            return "pictures come from the database's own copy"
        return (f"no {source.name} beside the backup: the pictures folder was left as it is "
                "(copy it back by hand if it was lost)")
    store = storage()
    in_folder = isinstance(store, FolderStorage)
    count = 0
    try:
        with zipfile.ZipFile(source) as archive:
            for info in archive.infolist():
                try:
                    if not in_folder and store.get(info.filename) is not None:
                        count += 1  # the database's copy holds it already
                        continue
                    store.put(info.filename, archive.read(info))
                except ValueError:
                    continue  # not a name this store makes (a stray file): never written anywhere
                count += 1
    except zipfile.BadZipFile:
        raise PicturesError(f"{source} is not a pictures archive made by `flask backup`.") from None
    db.session.commit()  # the database store adds rows; the folder store has written its files
    return f"{count:,} picture file(s) put back from {source}"


def of_posts(post_ids: list[int]) -> dict[int, list[Image]]:
    """The pictures of these posts, by post id (an export of a class carries its posts' pictures)."""
    found: dict[int, list[Image]] = {}
    if post_ids:
        for image in db.session.scalars(select(Image).where(Image.item_type == "post", Image.item_id.in_(post_ids))
                                        .order_by(Image.item_id, Image.position, Image.id)):
            found.setdefault(image.item_id, []).append(image)
    return found
