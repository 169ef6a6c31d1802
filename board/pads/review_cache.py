"""Pad reviews already computed, so the queue diffs a long pad once per change, not once per look.

Kept in Redis when REDIS_URL is set (every process shares them) and in a bounded dictionary in
this process otherwise. The key names everything a review is made of (the pad, the log position
shown, the published revision, the word lists, the length of the view): any change makes a new
key, and an entry that no longer fits is never read again. Authors' names are compared on
reading (a renamed student is shown by the new name). Redis trouble never fails the queue: the
review is computed as if nothing were kept.
"""
from __future__ import annotations

import hashlib
import json
import threading
import time
from collections import OrderedDict

from flask import Flask

from board.norms import WordLists

#: bump when what a review holds, or how it is computed, changes: older entries are then not read
FORMAT = 1
#: how long Redis keeps an entry no queue asked for (a pad that changes gets new keys anyway)
TTL_SECONDS = 24 * 3600
#: how long the cache steps aside after Redis fails to answer
PAUSE_SECONDS = 5.0


def key_of(pad, position: int, short: bool, lists: WordLists) -> str:
    """Name one review: the same name means the same diff, findings and authors."""
    words = hashlib.sha1(repr((lists.block, lists.flag, lists.allow)).encode()).hexdigest()[:16]
    # The pad's creation time keeps a new database's pad 1 apart from an old one's.
    made = pad.created_at.isoformat() if pad.created_at else ""
    return f"v{FORMAT}:{pad.id}:{made}:{position}:{pad.published_revision or 0}:{int(short)}:{words}"


def pack(entry: dict) -> bytes:
    return json.dumps(entry, separators=(",", ":")).encode()


def unpack(payload: bytes | None) -> dict | None:
    if payload is None:
        return None
    try:
        return json.loads(payload)
    except ValueError:
        return None


class MemoryReviews:
    """The newest reviews of this process, up to a number of bytes; shared by its threads."""

    def __init__(self, max_bytes: int = 16 * 1024 * 1024):
        self.max_bytes = max_bytes
        self._entries: OrderedDict[str, bytes] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self._lock:
            payload = self._entries.get(key)
            if payload is not None:
                self._entries.move_to_end(key)
            return payload

    def put(self, key: str, payload: bytes) -> None:
        if len(payload) > self.max_bytes // 4:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            self._size -= len(old) if old is not None else 0
            self._entries[key] = payload
            self._size += len(payload)
            while self._size > self.max_bytes:
                _, dropped = self._entries.popitem(last=False)
                self._size -= len(dropped)


class RedisReviews:
    """Reviews in Redis for every process; a failure makes the cache step aside for a moment."""

    def __init__(self, url: str, prefix: str = "commons:pad-reviews"):
        import redis

        # redis-py clients are thread-safe: each command takes a connection from the pool.
        self.redis = redis.Redis.from_url(url, socket_timeout=0.25, socket_connect_timeout=0.25)
        self.prefix = prefix
        self._paused_until = 0.0

    def get(self, key: str) -> bytes | None:
        if time.monotonic() < self._paused_until:
            return None
        try:
            return self.redis.get(f"{self.prefix}:{key}")
        except Exception:  # noqa: BLE001  (any Redis trouble: compute the review instead)
            self._paused_until = time.monotonic() + PAUSE_SECONDS
            return None

    def put(self, key: str, payload: bytes) -> None:
        if time.monotonic() < self._paused_until:
            return
        try:
            self.redis.set(f"{self.prefix}:{key}", payload, ex=TTL_SECONDS)
        except Exception:  # noqa: BLE001
            self._paused_until = time.monotonic() + PAUSE_SECONDS


_made = threading.Lock()


def cache_of(app: Flask) -> MemoryReviews | RedisReviews:
    """The app's review cache, made on first use."""
    cache = app.extensions.get("pad_reviews")
    if cache is None:
        with _made:
            cache = app.extensions.get("pad_reviews")
            if cache is None:
                url = app.config.get("REDIS_URL")
                cache = RedisReviews(url) if url else MemoryReviews()
                app.extensions["pad_reviews"] = cache
    return cache
