"""Passing a pad's updates and cursors to the other app processes: nobody, or Redis pub/sub."""
from __future__ import annotations

import json
import logging
import threading
import time
import uuid

log = logging.getLogger(__name__)


class LocalFanout:
    """One process: nobody else to tell."""

    def publish(self, pad_id: int, kind: str, payload: bytes) -> None:
        return None

    def publish_recheck(self, user_id: int) -> None:
        return None

    def close(self) -> None:
        return None


class RedisFanout:
    """Several processes: updates and cursors go to the others through Redis pub/sub.

    A message is this process's 16-byte origin, a kind byte (u: update, a: awareness, x: words
    redacted, editors start again; l: held words released, as JSON; p: the pictures changed, the
    message its editors hear) and the payload; a process
    ignores its own messages.
    """

    KINDS = {"update": b"u", "awareness": b"a", "redacted": b"x", "released": b"l", "pictures": b"p"}
    #: the channel (after the prefix) for "this person's rights changed" messages
    PEOPLE = "people"
    #: seconds between attempts to reach Redis again, at most
    RETRY_MAX = 5.0

    def __init__(self, hub, url: str):
        import redis

        self.hub = hub
        self.origin = uuid.uuid4().bytes
        #: named, so an operator (or a test) can tell this process's listener in CLIENT LIST
        self.name = f"commons-pads-{self.origin.hex()[:12]}"
        self.redis = redis.Redis.from_url(url, client_name=self.name)
        self.closed = threading.Event()
        #: set each time the listener is subscribed (again)
        self.subscribed = threading.Event()
        self.pubsub = self._subscribe()
        self.thread = threading.Thread(target=self._run, name="pad-fanout", daemon=True)
        self.thread.start()

    def _subscribe(self):
        pubsub = self.redis.pubsub(ignore_subscribe_messages=True)
        pubsub.psubscribe(f"{self.hub.prefix}:*")
        return pubsub

    def _run(self) -> None:
        """Listen for ever: when Redis goes away, subscribe again, then catch up from the log."""
        wait = 0.1
        while not self.closed.is_set():
            try:
                if self.pubsub is None:
                    self.pubsub = self._subscribe()
                    # Messages sent while this process was not listening are lost to pub/sub, not to
                    # the log: every open room reads what it missed from there.
                    self.hub.catch_up()
                self.subscribed.set()
                wait = 0.1
                self._listen()
                if not self.closed.is_set():
                    raise ConnectionError("Redis ended the subscription")
            except Exception:  # noqa: BLE001  (Redis restarted, the network dropped...)
                if self.closed.is_set():
                    return
                log.warning("pad fan-out lost Redis; trying again in %.1f s", wait, exc_info=True)
                self.subscribed.clear()
                self._drop(self.pubsub)
                self.pubsub = None
                time.sleep(wait)
                wait = min(wait * 2, self.RETRY_MAX)

    @staticmethod
    def _drop(pubsub) -> None:
        try:
            if pubsub is not None:
                pubsub.close()
        except Exception:  # noqa: BLE001
            pass

    def publish(self, pad_id: int, kind: str, payload: bytes) -> None:
        try:
            self.redis.publish(f"{self.hub.prefix}:{pad_id}", self.origin + self.KINDS[kind] + payload)
        except Exception as problem:  # noqa: BLE001  (the log has it; other processes catch up from it)
            log.warning("could not fan out a change of pad %s: %s", pad_id, problem)

    def publish_recheck(self, user_id: int) -> None:
        try:
            self.redis.publish(f"{self.hub.prefix}:{self.PEOPLE}", self.origin + b"r" + str(user_id).encode())
        except Exception as problem:  # noqa: BLE001  (sessions look again within RECHECK_SECONDS anyway)
            log.warning("could not tell other processes to recheck user %s: %s", user_id, problem)

    def _listen(self) -> None:
        for message in self.pubsub.listen():
            data = message.get("data")
            if not isinstance(data, bytes) or data[:16] == self.origin:
                continue
            try:
                channel = message["channel"].decode().rsplit(":", 1)[1]
                if channel == self.PEOPLE:
                    self.hub.recheck_user(int(data[17:]))
                    continue
                pad_id = int(channel)
                if data[16:17] == b"x":
                    self.hub.redacted(pad_id, data[17:], tell_others=False)
                    continue
                if data[16:17] == b"l":
                    self.hub.released(pad_id, json.loads(data[17:]), tell_others=False)
                    continue
                if data[16:17] == b"p":
                    self.hub.pictures_changed(pad_id, data[17:], tell_others=False)
                    continue
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
        self.closed.set()
        self._drop(self.pubsub)
