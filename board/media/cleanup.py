"""Remove pictures nobody will use: staged ones never sent, and stored files with no row.

A picture is stored the moment its composer arrives (board.media.composer), before the contribution
is saved; one whose contribution was never sent belongs to nothing for ever. And the folder store
writes a file before the row that names it is committed: a failed commit leaves the file behind.
`flask --app app media-cleanup` removes both, and the worker runs it once an hour.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

import click
from flask import current_app
from sqlalchemy import select

from board import signals
from board.extensions import db
from board.media.models import Image
from board.media.services import STAGED_LIFETIME, discard
from board.media.storage import FolderStorage, storage
from board.timeutil import utcnow

#: a stored file with no row is left alone this long: its row may still be on its way to the commit
ORPHAN_GRACE = timedelta(hours=1)
#: the worker cleans up at most this often (per worker process)
EVERY = timedelta(hours=1)
BATCH = 500


@dataclass
class Removed:
    staged: int = 0
    files: int = 0

    def __bool__(self) -> bool:
        return bool(self.staged or self.files)


def remove_staged(now: datetime | None = None) -> int:
    """Delete pictures that belong to nothing and are older than a day, with their files; return how many."""
    cutoff = (now or utcnow()) - STAGED_LIFETIME
    removed = 0
    while True:
        batch = list(db.session.scalars(select(Image).where(Image.item_type.is_(None), Image.created_at < cutoff)
                                        .order_by(Image.id).limit(BATCH)))
        for image in batch:
            discard(image)
        db.session.commit()
        removed += len(batch)
        if len(batch) < BATCH:
            return removed


def _key_of(name: str) -> str:
    stem = name.removesuffix(".webp")
    return stem.removesuffix("-thumb")


def remove_orphan_files(now: datetime | None = None) -> int:
    """Delete files in the folder store that no picture names (and half-written uploads), once an hour old."""
    store = storage()
    if not isinstance(store, FolderStorage):
        return 0  # the database store writes its bytes in the same transaction as the row
    cutoff = ((now or utcnow()) - ORPHAN_GRACE).timestamp()
    old = [(name, path) for name, path, mtime in store.listing() if mtime < cutoff]
    if not old or db.session.scalar(select(Image.id).limit(1)) is None:
        # Files but no picture at all: this folder more likely belongs to another database (a copy of
        # the instance folder, a database being restored) than every picture in it is an orphan.
        return 0
    keys = {_key_of(name) for name, _ in old if not name.startswith(".upload-")}
    known: set[str] = set()
    pending = list(keys)
    while pending:
        chunk, pending = pending[:BATCH], pending[BATCH:]
        known |= set(db.session.scalars(select(Image.storage_key).where(Image.storage_key.in_(chunk))))
    removed = 0
    for name, path in old:
        if name.startswith(".upload-") or _key_of(name) not in known:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def clean(now: datetime | None = None) -> Removed:
    """Do both; return how many pictures and files went."""
    return Removed(staged=remove_staged(now), files=remove_orphan_files(now))


_last_run = 0.0
_lock = threading.Lock()


@signals.worker.round.connect
def _hourly(_sender=None, now: datetime | None = None, **_) -> dict:
    """Clean up during the worker's round, once an hour at most."""
    global _last_run
    with _lock:
        if _last_run and time.monotonic() - _last_run < EVERY.total_seconds():
            return {}
        _last_run = time.monotonic()
    removed = clean(now)
    return {"pictures_removed": removed.staged + removed.files}


def register(bp) -> None:
    @bp.cli.command("media-cleanup")
    def media_cleanup_command():
        """Remove pictures never attached (a day old) and stored files that no picture names."""
        removed = clean()
        where = current_app.config.get("MEDIA_STORAGE", "folder")
        click.echo(f"Removed {removed.staged} picture(s) never attached and {removed.files} file(s) "
                   f"with no picture ({where} store).")
