"""Where the bytes of pictures live: one small interface, two places.

- "folder" (the default): files under instance/media/, for one machine.
- "database": the bytes in the image_blobs table, for several app hosts that share one database.
  An S3-compatible object store would serve several hosts as well, but there is no such server to
  test against here, and a school that outgrows one machine already runs the shared PostgreSQL;
  pictures are small once re-encoded (a few hundred KB), so the database is the tested choice.

Both take a key made by board.media.services (random letters, digits and dashes); anything else
is refused, so a key can never name a path outside the folder.
"""
from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from flask import current_app
from sqlalchemy import delete

from board.extensions import db
from board.media.models import ImageBlob

_KEY = re.compile(r"^[A-Za-z0-9_-]{8,70}\.webp$")


def _checked(key: str) -> str:
    if not _KEY.match(key or ""):
        raise ValueError(f"not a storage key: {key!r}")
    return key


class FolderStorage:
    """Files in a folder; written to a temporary name and renamed, so a reader never sees half a file."""

    def __init__(self, root: str | Path):
        self.root = Path(root)

    def put(self, key: str, data: bytes) -> None:
        self.root.mkdir(mode=0o700, parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=self.root, prefix=".upload-")
        try:
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(data)
            os.replace(temporary, self.root / _checked(key))
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def get(self, key: str) -> bytes | None:
        try:
            return (self.root / _checked(key)).read_bytes()
        except FileNotFoundError:
            return None

    def delete(self, key: str) -> None:
        (self.root / _checked(key)).unlink(missing_ok=True)

    def listing(self):
        """Yield (name, path, modified time) of every stored file and half-written upload in the folder."""
        if not self.root.is_dir():
            return
        for path in self.root.iterdir():
            if path.is_file() and (_KEY.match(path.name) or path.name.startswith(".upload-")):
                yield path.name, path, path.stat().st_mtime


class DatabaseStorage:
    """Rows of the image_blobs table, written in the caller's transaction (committed with the Image row)."""

    def put(self, key: str, data: bytes) -> None:
        db.session.add(ImageBlob(key=_checked(key), data=data))

    def get(self, key: str) -> bytes | None:
        blob = db.session.get(ImageBlob, _checked(key))
        return None if blob is None else blob.data

    def delete(self, key: str) -> None:
        db.session.execute(delete(ImageBlob).where(ImageBlob.key == _checked(key)))


def storage():
    """Return the store the configuration names (MEDIA_STORAGE: "folder" or "database")."""
    config = current_app.config
    kind = config.get("MEDIA_STORAGE", "folder")
    if kind == "database":
        return DatabaseStorage()
    if kind == "folder":
        return FolderStorage(config.get("MEDIA_FOLDER") or Path(current_app.instance_path) / "media")
    raise ValueError(f"MEDIA_STORAGE must be 'folder' or 'database', not {kind!r}")
