"""Live editing: one room per open pad in this process, its peers, and the fan-out between processes.

A room holds the document in memory for syncing, but the database log is the truth: every
update is committed before anyone else hears of it, so a restart or a second process loses
nothing. With REDIS_URL set, updates and cursors fan out to the other processes through
Redis pub/sub; without it, this process is the only one.
"""
from __future__ import annotations

import logging
import threading
import time
import uuid
from dataclasses import dataclass, field

from flask import Flask

from board.pads import document, protocol, store
from board.pads.protocol import AwarenessEntry, Reader

log = logging.getLogger(__name__)

#: an empty Yjs update: nothing to apply, nothing to log
EMPTY_UPDATE = b"\x00\x00"


@dataclass(eq=False)
class Peer:
    """One browser (or script) connected to a pad."""

    ws: object
    user_id: int
    name: str
    colour: int
    can_edit: bool
    #: students get norms reminders about their own words; teachers do not
    reminded: bool = False
    #: Yjs client ids this connection announced in its awareness, to clear its cursor when it leaves
    client_ids: set[int] = field(default_factory=set)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _check_timer: threading.Timer | None = None
    _last_check: float = 0.0

    def send(self, data: bytes) -> bool:
        """Send one message; several threads may send to the same socket, one at a time."""
        with self._lock:
            try:
                self.ws.send(data)
                return True
            except Exception:  # noqa: BLE001  (a closed socket is noticed by its own loop)
                return False


class Room:
    """The peers of one pad in this process, and the document they share."""

    def __init__(self, hub: Hub, pad_id: int):
        self.hub = hub
        self.pad_id = pad_id
        self.lock = threading.RLock()
        self.peers: set[Peer] = set()
        self.awareness: dict[int, AwarenessEntry] = {}
        #: which connection owns each Yjs client id: nobody speaks for another's cursor
        self.owners: dict[int, Peer] = {}
        with hub.app.app_context():
            loaded = store.load(pad_id)
        self.doc = loaded.doc
        self.replayed = loaded.replayed
        self.text = document.text_of(self.doc)
        self._inserts: list[tuple[int, int, dict]] = []
        self._subscription = self.text.observe(self._on_change)
        self.changed = False
        self.last_revision_at = time.monotonic()
        self.last_marked_at = 0.0

    def _on_change(self, event) -> None:
        self._inserts.extend(document.inserted_ranges(event.delta))

    # ---- peers ---------------------------------------------------------------------------

    def greet(self, peer: Peer) -> None:
        """Start the sync with a new peer and show it who else is here."""
        with self.lock:
            peer.send(protocol.sync_step1(self.doc.get_state()))
            if self.awareness:
                peer.send(protocol.awareness_message(protocol.encode_awareness(list(self.awareness.values()))))

    def leave(self, peer: Peer) -> bool:
        """Forget a peer and its cursor; return True when nobody is left in this process."""
        if peer._check_timer is not None:
            peer._check_timer.cancel()
        with self.lock:
            self.peers.discard(peer)
            gone = [AwarenessEntry(cid, self.awareness[cid].clock + 1, None)
                    for cid in peer.client_ids if cid in self.awareness]
            for entry in gone:
                self.awareness.pop(entry.client_id, None)
            for client_id in peer.client_ids:
                self.owners.pop(client_id, None)
            if gone:
                message = protocol.encode_awareness(gone)
                self._broadcast(protocol.awareness_message(message))
                self.hub.fanout.publish(self.pad_id, "awareness", message)
            empty = not self.peers
        if empty and self.changed:
            try:
                self.cut_revision()
            except Exception:  # noqa: BLE001  (the log has every update; the next visit cuts it)
                log.exception("could not cut a revision of pad %s", self.pad_id)
        return empty

    def _broadcast(self, message: bytes, exclude: Peer | None = None) -> None:
        for peer in list(self.peers):
            if peer is not exclude:
                peer.send(message)

    # ---- messages --------------------------------------------------------------------------

    def handle(self, peer: Peer, message: bytes) -> None:
        """Act on one message from a peer."""
        reader = Reader(message)
        kind = reader.varuint()
        if kind == protocol.SYNC:
            step = reader.varuint()
            payload = reader.bytes()
            if step == protocol.SYNC_STEP1:
                with self.lock:
                    peer.send(protocol.sync_step2(self.doc.get_update(payload)))
            elif step in (protocol.SYNC_STEP2, protocol.SYNC_UPDATE) and peer.can_edit:
                self.apply_from(peer, payload)
        elif kind == protocol.AWARENESS:
            self.awareness_from(peer, reader.bytes())
        elif kind == protocol.QUERY_AWARENESS:
            # Always answered, even with nobody else here: browsers use it to keep the socket alive.
            with self.lock:
                states = list(self.awareness.values())
            peer.send(protocol.awareness_message(protocol.encode_awareness(states)))

    def apply_from(self, peer: Peer, update: bytes) -> None:
        """Apply a writer's update: log it, pass it on, and sign its new text with the writer's id."""
        if update == EMPTY_UPDATE:
            return
        with self.lock:
            # The log first: if it cannot be written, nothing is applied, and the browser sends the
            # change again when it reconnects (its state vector shows what the server lacks).
            with self.hub.app.app_context():
                store.append(self.pad_id, peer.user_id, update)
            self._inserts.clear()
            self.doc.apply_update(update)
            inserts, self._inserts = self._inserts, []
            self._broadcast(protocol.update_message(update), exclude=peer)
            self.hub.fanout.publish(self.pad_id, "update", update)
            wrong = [(start, end) for start, end, attrs in inserts
                     if str((attrs or {}).get(document.AUTHOR)) != str(peer.user_id)]
            if wrong:
                before = self.doc.get_state()
                document.stamp_author(self.doc, wrong, peer.user_id)
                self._inserts.clear()
                stamp = self.doc.get_update(before)
                with self.hub.app.app_context():
                    store.append(self.pad_id, None, stamp)
                self._broadcast(protocol.update_message(stamp))
                self.hub.fanout.publish(self.pad_id, "update", stamp)
            self._after_change(2 if wrong else 1)
        if peer.reminded and inserts:
            self.schedule_check(peer)

    def apply_remote(self, update: bytes) -> None:
        """Apply an update another process already logged, and pass it to this process's peers."""
        with self.lock:
            self.doc.apply_update(update)
            self._inserts.clear()
            self._broadcast(protocol.update_message(update))

    def awareness_from(self, peer: Peer, update: bytes) -> None:
        """Pass on a cursor, with the name and colour the server knows, whatever the client claimed."""
        try:
            entries = protocol.decode_awareness(update)
        except ValueError:
            return
        with self.lock:
            # A connection speaks for the first client id it announces, and only for that one.
            if not peer.client_ids and entries and entries[0].client_id not in self.owners:
                peer.client_ids.add(entries[0].client_id)
                self.owners[entries[0].client_id] = peer
            entries = [entry for entry in entries if entry.client_id in peer.client_ids]
            if not entries:
                return
            for entry in entries:
                if entry.state is not None:
                    entry.state["user"] = {"name": peer.name, "colour": peer.colour, "id": peer.user_id}
                    self.awareness[entry.client_id] = entry
                else:
                    self.awareness.pop(entry.client_id, None)
            message = protocol.encode_awareness(entries)
            self._broadcast(protocol.awareness_message(message), exclude=peer)
        self.hub.fanout.publish(self.pad_id, "awareness", message)

    def awareness_remote(self, update: bytes) -> None:
        entries = protocol.decode_awareness(update)
        with self.lock:
            for entry in entries:
                if entry.state is None:
                    self.awareness.pop(entry.client_id, None)
                else:
                    self.awareness[entry.client_id] = entry
            self._broadcast(protocol.awareness_message(update))

    # ---- keeping --------------------------------------------------------------------------

    def _after_change(self, logged: int) -> None:
        config = self.hub.app.config
        self.changed = True
        self.replayed += logged
        now = time.monotonic()
        with self.hub.app.app_context():
            if now - self.last_marked_at > config["PAD_MARK_SECONDS"]:
                store.mark_changed(self.pad_id)
                self.last_marked_at = now
            if self.replayed >= config["PAD_COMPACT_EVERY"]:
                store.compact(self.pad_id)
                self.replayed = 0
        if now - self.last_revision_at >= config["PAD_REVISION_SECONDS"]:
            self.cut_revision()

    def cut_revision(self) -> None:
        with self.hub.app.app_context():
            store.cut_live_revision(self.pad_id)
        self.changed = False
        self.last_revision_at = time.monotonic()

    def schedule_check(self, peer: Peer) -> None:
        """Check a writer's own words at most every few seconds, and tell only them."""
        wait = self.hub.app.config["PAD_CHECK_SECONDS"] - (time.monotonic() - peer._last_check)
        if wait <= 0:
            self.send_findings(peer)
        elif peer._check_timer is None or not peer._check_timer.is_alive():
            peer._check_timer = threading.Timer(wait, self.send_findings, args=(peer,))
            peer._check_timer.daemon = True
            peer._check_timer.start()

    def send_findings(self, peer: Peer) -> None:
        peer._last_check = time.monotonic()
        with self.lock:
            runs = document.runs_of(self.doc)
        with self.hub.app.app_context():
            payload = store.findings_for_writer(runs, peer.user_id)
        peer.send(protocol.findings_message(payload))


class LocalFanout:
    """One process: nobody else to tell."""

    def publish(self, pad_id: int, kind: str, payload: bytes) -> None:
        return None

    def close(self) -> None:
        return None


class RedisFanout:
    """Several processes: updates and cursors go to the others through Redis pub/sub."""

    KINDS = {"update": b"u", "awareness": b"a"}

    def __init__(self, hub: Hub, url: str):
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


class Hub:
    """The rooms of this process."""

    def __init__(self, app: Flask):
        self.app = app
        self.rooms: dict[int, Room] = {}
        self.lock = threading.Lock()
        self.prefix = app.config.get("PAD_CHANNEL_PREFIX", "commons:pad")
        url = app.config.get("REDIS_URL")
        self.fanout = RedisFanout(self, url) if url else LocalFanout()

    def join(self, pad_id: int, peer: Peer) -> Room:
        # Joining and leaving change rooms under the hub's lock, so nobody joins a room being closed.
        with self.lock:
            room = self.rooms.get(pad_id)
            if room is None:
                room = self.rooms[pad_id] = Room(self, pad_id)
            with room.lock:
                room.peers.add(peer)
        room.greet(peer)
        return room

    def leave(self, pad_id: int, peer: Peer) -> None:
        with self.lock:
            room = self.rooms.get(pad_id)
            if room is None:
                return
            try:
                room.leave(peer)
            finally:
                # An empty room never stays in memory, whatever happened while it closed.
                if not room.peers:
                    del self.rooms[pad_id]

    def broadcast_update(self, pad_id: int, update: bytes) -> None:
        """Tell everyone of a change the server made itself (a restore), here and elsewhere."""
        room = self.rooms.get(pad_id)
        if room is not None:
            room.apply_remote(update)
        self.fanout.publish(pad_id, "update", update)


def hub_of(app: Flask) -> Hub:
    """Return this process's hub, created on first use."""
    hub = app.extensions.get("pads")
    if hub is None:
        hub = app.extensions["pads"] = Hub(app)
    return hub
