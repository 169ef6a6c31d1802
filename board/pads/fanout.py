"""Passing a pad's updates and cursors to the other app processes: nobody, or Redis pub/sub."""
from __future__ import annotations

import logging
import threading
import uuid

log = logging.getLogger(__name__)


class LocalFanout:
    """One process: nobody else to tell."""

    def publish(self, pad_id: int, kind: str, payload: bytes) -> None:
        return None

    def close(self) -> None:
        return None


class RedisFanout:
    """Several processes: updates and cursors go to the others through Redis pub/sub.

    A message is this process's 16-byte origin, a kind byte (u: update, a: awareness) and the
    payload; a process ignores its own messages.
    """

    KINDS = {"update": b"u", "awareness": b"a"}

    def __init__(self, hub, url: str):
        import redis

        self.hub = hub
        self.origin = uuid.uuid4().bytes
        self.redis = redis.Redis.from_url(url)
        self.pubsub = self.redis.pubsub(ignore_subscribe_messages=True)
        self.pubsub.psubscribe(f"{hub.prefix}:*")
        self.thread = threading.Thread(target=self._listen, name="pad-fanout", daemon=True)
        self.thread.start()

    def publish(self, pad_id: int, kind: str, payload: bytes) -> None:
        try:
            self.redis.publish(f"{self.hub.prefix}:{pad_id}", self.origin + self.KINDS[kind] + payload)
        except Exception:  # noqa: BLE001  (the log has it; other processes reload from it)
            log.exception("could not fan out an update of pad %s", pad_id)

    def _listen(self) -> None:
        for message in self.pubsub.listen():
            data = message.get("data")
            if not isinstance(data, bytes) or data[:16] == self.origin:
                continue
            try:
                pad_id = int(message["channel"].decode().rsplit(":", 1)[1])
                room = self.hub.rooms.get(pad_id)
                if room is None:
                    continue
                if data[16:17] == b"u":
                    room.apply_remote(data[17:])
                else:
                    room.awareness_remote(data[17:])
            except Exception:  # noqa: BLE001  (one bad message must not stop the listener)
                log.exception("could not apply a fanned-out message")

    def close(self) -> None:
        try:
            self.pubsub.close()
        except Exception:  # noqa: BLE001
            pass
