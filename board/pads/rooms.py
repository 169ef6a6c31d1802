"""Live editing: one room per open pad in this process, its peers, and the fan-out between processes.

A room holds the document in memory for syncing, but the database log is the truth: every
update is committed before anyone else hears of it, so a restart or a second process loses
nothing. Updates that arrive while a commit is under way wait for the next one, and go
into the log together (a group commit): one commit per batch, not per keystroke, however
many people type at once. With REDIS_URL set, updates and cursors fan out to the other
processes through Redis pub/sub (board/pads/fanout.py); without it, this process is the
only one.

A Room is read in four files: this one (its state, and the Hub of rooms), room_peers.py
(connections, messages, cursors), room_log.py (the group commit and upkeep) and
room_checks.py (the norms check cycle). One lock, the room's, guards them all.
"""
from __future__ import annotations

import json
import logging
import threading
import time

from flask import Flask, current_app, has_app_context

from board.pads import checks, document, pending, protocol, store
from board.pads.fanout import LocalFanout, RedisFanout
from board.pads.protocol import AwarenessEntry
from board.pads.room_checks import NormsCycle
from board.pads.room_log import EMPTY_UPDATE, GroupCommit, LogUnavailable, _Waiting
from board.pads.room_peers import Peer, Presence

__all__ = ["CLOSE_REDACTED", "EMPTY_UPDATE", "Hub", "LogUnavailable", "Peer", "REDACTED_REASON", "Room",
           "_Waiting", "hub_of", "recheck_user"]

log = logging.getLogger(__name__)

#: the close code that tells an editor to forget its copy of the pad (offline copy included) and
#: load it again: a teacher redacted words its history may still hold
CLOSE_REDACTED = 4410
REDACTED_REASON = "Your teacher removed something from this pad: it is loading again."


class Room(Presence, GroupCommit, NormsCycle):
    """The peers of one pad in this process, and the document they share."""

    def __init__(self, hub: Hub, pad_id: int):
        self.hub = hub
        self.pad_id = pad_id
        #: guards the document, the peers and the cursors
        self.lock = threading.RLock()
        self.peers: set[Peer] = set()
        self.awareness: dict[int, AwarenessEntry] = {}
        #: which connection owns each Yjs client id: nobody speaks for another's cursor
        self.owners: dict[int, Peer] = {}
        self.doc = document.new_doc()
        self.text = document.text_of(self.doc)
        #: the text as bytes, in step with the document: norms checks read only the pieces they need
        self.copy = pending.TextCopy()
        #: writers whose findings someone else's change touched: checked again
        self._touched: set[Peer] = set()
        #: what the last change inserted, and where a writer changed the author mark of older text
        self._inserts: list[tuple[int, int, dict]] = []
        self._forged: list[tuple[int, int, int | None]] = []
        #: who wrote what, followed change by change; a writer's change of it is undone
        self.authorship = document.Authorship()
        #: which words are held back from classmates (the server's holds), followed the same way
        self.holds = document.Authorship(key=document.HELD)
        self._forged_holds: list[tuple[int, int, int | None]] = []
        #: whose words each hold keeps back, and words a teacher released (not held again here)
        self.hold_owner: dict[int, int | None] = {}
        self.released: set[str] = set()
        self._trusted = True
        #: whose update is being applied (None: the server's, or another process's)
        self._writer: int | None = None
        #: (prompt id, class id) of the pad, read once when a reminder is first recorded
        self._place: tuple[int, int] | None = None
        self._subscription = self.text.observe(self._on_change)
        #: updates waiting for the next group commit, and whether one is being written
        self._queue = threading.Condition()
        self._waiting: list[_Waiting] = []
        self._writing = False
        #: upkeep (compaction, revisions) runs in one thread at a time, off the hot path
        self._upkeep = threading.Lock()
        self.replayed = 0
        #: batches applied, and how many of them the last revision saw
        self.changes = 0
        self.changes_cut = 0
        self.last_revision_at = time.monotonic()
        #: students' batches since the last revision, so a teacher's edit starts from a saved version
        self.student_changes = 0

    def load(self) -> None:
        """Fill the document from the log (updates fanned out meanwhile merge in, in any order)."""
        with self.lock, self.hub.app.app_context():
            self.replayed = store.load(self.pad_id, into=self.doc).replayed
            runs = document.runs_of(self.doc)
            self.authorship = document.Authorship(runs)
            self.holds = document.Authorship(runs, key=document.HELD)
            self.hold_owner = {hold: author for hold, _, _, author in document.held_runs(runs)}
            self._inserts.clear()
            self._forged_holds.clear()

    @property
    def changed(self) -> bool:
        return self.changes > self.changes_cut

    def _on_change(self, event) -> None:
        delta = event.delta
        self.copy.follow(delta)
        self._inserts.extend(document.inserted_ranges(delta))
        self._forged.extend(self.authorship.follow(delta, trusted=self._trusted))
        self._forged_holds.extend(self.holds.follow(delta, trusted=self._trusted))
        changes = pending.changes_of(delta)
        if changes:
            # Every writer's unchecked words and findings move with the text (a few marks each).
            for peer in self.peers:
                if peer.words and peer.words.follow(changes):
                    self._touched.add(peer)
                if peer.ledger:
                    peer.ledger.follow(changes, own=peer.user_id == self._writer)



class Hub:
    """The rooms of this process."""

    def __init__(self, app: Flask):
        self.app = app
        self.rooms: dict[int, Room] = {}
        self.lock = threading.Lock()
        self.prefix = app.config.get("PAD_CHANNEL_PREFIX", "commons:pad")

        url = app.config.get("REDIS_URL")
        self.fanout = RedisFanout(self, url) if url else LocalFanout()

    def close_all(self, code: int, reason: str) -> int:
        """Close every editor's socket of this process (it is leaving); return how many were open."""
        closed = 0
        for room in list(self.rooms.values()):
            with room.lock:
                peers = list(room.peers)
            for peer in peers:
                try:
                    peer.ws.close(code, reason)
                    closed += 1
                except Exception:  # noqa: BLE001  (already closed by its browser)
                    pass
        return closed

    def join(self, pad_id: int, peer: Peer) -> Room:
        # Joining and leaving change rooms under the hub's lock, so nobody joins a room being closed.
        with self.lock:
            room = self.rooms.get(pad_id)
            if room is None:
                # Listed before it loads, so updates fanned out meanwhile reach it too.
                room = self.rooms[pad_id] = Room(self, pad_id)
                try:
                    room.load()
                except BaseException:
                    del self.rooms[pad_id]
                    raise
            with room.lock:
                room.peers.add(peer)
        room.greet(peer)
        if peer.moderator:
            room.tell_moderators(only=peer)
        return room

    def leave(self, pad_id: int, peer: Peer) -> None:
        with self.lock:
            room = self.rooms.get(pad_id)
            if room is None:
                return
            save = False
            try:
                room.leave(peer)
                save = not room.peers and room.changed
            finally:
                if not room.peers and not save:
                    del self.rooms[pad_id]
        # Their reminders still open were posted anyway: the words stay in what the teacher reviews.
        room.record_reminders(peer)
        if not save:
            return
        # The last one out saves a revision, without holding up every other pad of this process.
        try:
            room.cut_revision()
        except Exception:  # noqa: BLE001  (the log has every update; the next visit cuts it)
            log.exception("could not cut a revision of pad %s", pad_id)
        finally:
            with self.lock:
                # An empty room never stays in memory; one that someone joined meanwhile does.
                if not room.peers and self.rooms.get(pad_id) is room:
                    del self.rooms[pad_id]

    def recheck_user(self, user_id: int) -> None:
        """Have this person's sessions here look at their rights again at their next message."""
        for room in list(self.rooms.values()):
            with room.lock:
                peers = [peer for peer in room.peers if peer.user_id == user_id]
            for peer in peers:
                peer.recheck.set()

    def catch_up(self) -> None:
        """Bring every open room up to date with the log (after fan-out messages may have been lost)."""
        for room in list(self.rooms.values()):
            try:
                room.catch_up()
            except Exception:  # noqa: BLE001  (the next catch-up, or the next visit, tries again)
                log.exception("could not catch pad %s up with its log", room.pad_id)

    def redacted(self, pad_id: int, change: bytes, tell_others: bool = True) -> None:
        """Words were redacted: apply the change here, then have every editor of the pad start again.

        A browser's Yjs history (and its offline copy) still holds the words; the close code
        tells it to forget that copy and load the pad from the server.
        """
        # Sentences the reviews checked are remembered by their text: forget them with the words.
        checks.forget_checked()
        room = self.rooms.get(pad_id)
        if room is not None:
            room.apply_remote(change)
            with room.lock:
                peers = list(room.peers)
            for peer in peers:
                peer._check_cache.clear()
                peer.send(protocol.permission_denied(f"{CLOSE_REDACTED} {REDACTED_REASON}"))
                try:
                    peer.ws.close(CLOSE_REDACTED, REDACTED_REASON)
                except Exception:  # noqa: BLE001  (already closed by its browser)
                    pass
        if tell_others:
            self.fanout.publish(pad_id, "redacted", change)

    def released(self, pad_id: int, words: list[str], tell_others: bool = True) -> None:
        """A teacher released held words: the writer's next checks do not hold them again (in any process)."""
        room = self.rooms.get(pad_id)
        if room is not None:
            with room.lock:
                room.released.update(str(word).lower() for word in words)
                owed = [peer for peer in room.peers if peer.ledger.release(room.released)]
            for peer in owed:
                room.record_reminders(peer)
        if tell_others:
            self.fanout.publish(pad_id, "released", json.dumps(list(words)).encode())

    def pictures_changed(self, pad_id: int, message: bytes, tell_others: bool = True) -> None:
        """The pad's pictures changed (board/pads/pictures.py): its editors, here and elsewhere, hear it."""
        room = self.rooms.get(pad_id)
        if room is not None:
            with room.lock:
                room._broadcast(message)
        if tell_others:
            self.fanout.publish(pad_id, "pictures", message)

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


def recheck_user(user_id: int) -> None:
    """A person's rights changed: their open pad sessions, in every process, look again at once.

    Call it after the change is committed. A writer's next keystroke is then refused if they
    may no longer write; an idle session looks again within RECHECK_SECONDS anyway.
    """
    if not has_app_context():
        return
    hub = hub_of(current_app._get_current_object())
    hub.recheck_user(user_id)
    hub.fanout.publish_recheck(user_id)
