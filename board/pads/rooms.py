"""Live editing: one room per open pad in this process, its peers, and the fan-out between processes.

A room holds the document in memory for syncing, but the database log is the truth: every
update is committed before anyone else hears of it, so a restart or a second process loses
nothing. Updates that arrive while a commit is under way wait for the next one, and go
into the log together (a group commit): one commit per batch, not per keystroke, however
many people type at once. With REDIS_URL set, updates and cursors fan out to the other
processes through Redis pub/sub (board/pads/fanout.py); without it, this process is the
only one.
"""
from __future__ import annotations

import itertools
import json
import logging
import threading
import time
from dataclasses import dataclass, field
from types import SimpleNamespace

from flask import Flask, current_app, has_app_context
from pycrdt import Doc, merge_updates

from board import signals
from board.extensions import db
from board.pads import checks, document, pending, protocol, reminders, schema, store
from board.pads.fanout import LocalFanout, RedisFanout
from board.pads.models import Pad
from board.pads.protocol import AwarenessEntry, Reader

log = logging.getLogger(__name__)

#: an empty Yjs update: nothing to apply, nothing to log
EMPTY_UPDATE = b"\x00\x00"
#: names of holds on flagged words: digits, as the schema wants, and not reused after a restart
_hold_ids = itertools.count(int(time.time() * 1000))

#: the close code that tells an editor to forget its copy of the pad (offline copy included) and
#: load it again: a teacher redacted words its history may still hold
CLOSE_REDACTED = 4410
REDACTED_REASON = "Your teacher removed something from this pad: it is loading again."


class LogUnavailable(RuntimeError):
    """The update log could not be written: nothing was applied; the writer should send it again."""


@dataclass(eq=False)
class Peer:
    """One browser (or script) connected to a pad."""

    ws: object
    user_id: int
    name: str
    colour: int
    can_edit: bool
    #: a teacher of the class: gets no norms reminders, and their edits of students' words are moderation
    moderator: bool = False
    #: set when this person's rights changed (suspended, left a group): the session looks again now
    recheck: threading.Event = field(default_factory=threading.Event)
    #: Yjs client ids this connection announced in its awareness, to clear its cursor when it leaves
    client_ids: set[int] = field(default_factory=set)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    #: the norms check of this writer's words: the timer pending or running, and whether words came since
    _check_lock: threading.Lock = field(default_factory=threading.Lock)
    _check_timer: threading.Timer | None = None
    _check_due: bool = False
    _last_check: float = 0.0
    #: sentences of this writer's already checked, with what was found (see checks.findings_in)
    _check_cache: dict = field(default_factory=dict)
    #: this writer's words since their last check, and the findings in them (under the room's lock)
    words: pending.WriterWords = field(default_factory=pending.WriterWords)
    #: the norms reminders this writer was shown here, and what became of them
    ledger: reminders.Ledger = field(default_factory=reminders.Ledger)
    _gone: bool = False

    def send(self, data: bytes) -> bool:
        """Send one message; several threads may send to the same socket, one at a time."""
        with self._lock:
            try:
                self.ws.send(data)
                return True
            except Exception:  # noqa: BLE001  (a closed socket is noticed by its own loop)
                return False


@dataclass(eq=False)
class _Waiting:
    """A writer's update waiting for the next group commit."""

    peer: Peer
    update: bytes
    done: bool = False
    failed: bool = False


class Room:
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

    # ---- peers ---------------------------------------------------------------------------

    def greet(self, peer: Peer) -> None:
        """Start the sync with a new peer and show it who else is here."""
        with self.lock:
            peer.send(protocol.sync_step1(self.doc.get_state()))
            if self.awareness:
                peer.send(protocol.awareness_message(protocol.encode_awareness(list(self.awareness.values()))))

    def leave(self, peer: Peer) -> bool:
        """Forget a peer and its cursor; return True when nobody is left in this process (the hub
        then saves a revision of what changed and closes the room)."""
        with peer._check_lock:
            peer._gone = True
            if peer._check_timer is not None:
                peer._check_timer.cancel()
        with self.lock:
            self.peers.discard(peer)
            peer.ledger.close()
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
            return not self.peers

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
        """Log a writer's update, then apply it and pass it on; return once that is done.

        The first writer to find no commit under way writes everything waiting (its own update
        and whatever arrived meanwhile) in one commit; the others wait for that commit and return.
        Raises LogUnavailable when the log could not be written: then nothing of the batch was
        applied, and each writer's browser sends its change again when it reconnects. Raises
        schema.Refused (a ValueError), before anything is logged, for an update that does not
        decode, holds what the editor cannot show, or would make the pad too long.
        """
        if update == EMPTY_UPDATE:
            return
        # Only what every editor can show reaches the log: one bad update would stop them all.
        inserted = schema.inspect(update)
        # Garbage never reaches the log (where it would stop the pad from loading): it must decode.
        Doc().apply_update(update)
        if inserted:
            self._check_size(update, inserted)
        mine = _Waiting(peer, update)
        with self._queue:
            self._waiting.append(mine)
            while self._writing and not mine.done:
                self._queue.wait()
            if not mine.done:
                self._writing = True
                batch, self._waiting = self._waiting, []
        if not mine.done:
            try:
                logged = self._commit(batch)
            except Exception:  # noqa: BLE001  (every writer of the batch is told, below)
                log.exception("could not log %s updates of pad %s", len(batch), self.pad_id)
                logged = 0
            with self._queue:
                for waiting in batch:
                    waiting.done, waiting.failed = True, not logged
                self._writing = False
                self._queue.notify_all()
            if logged:
                self._upkeep_after(logged)
        if mine.failed:
            raise LogUnavailable(f"the log of pad {self.pad_id} could not be written")

    def _check_size(self, update: bytes, inserted: int) -> None:
        """Refuse an update that would make the pad longer than PAD_MAX_CHARS (UTF-16 units, as browsers count).

        Cheap bounds first; only near the limit is the update tried on a copy of the document
        (it may delete as much as it inserts). A pad already past the limit may still shrink.
        """
        limit = self.hub.app.config["PAD_MAX_CHARS"]
        if inserted > limit:
            raise schema.PadFull(limit)
        with self.lock:
            # pycrdt counts UTF-8 bytes, never fewer than a browser's UTF-16 units.
            if len(self.text) + inserted <= limit:
                return
            now = document.utf16_length(str(self.text))
            if now + inserted <= limit:
                return
            state = self.doc.get_update()
        scratch = document.load(state, [update])
        after = document.utf16_length(str(document.text_of(scratch)))
        if after > limit and after > now:
            raise schema.PadFull(limit)

    def _commit(self, batch: list[_Waiting]) -> int:
        """Log a batch, apply it, sign new text with its writer's id, pass it on; return updates logged."""
        if self.student_changes and any(w.peer.moderator for w in batch):
            # A teacher starts editing what students wrote: their version goes into the history first.
            self.cut_revision()
        with self.hub.app.app_context():
            store.append_many(self.pad_id, [(w.peer.user_id, w.update) for w in batch])
        stamps, to_check = [], []
        with self.lock:
            for waiting in batch:
                self._inserts.clear()
                self._forged.clear()
                self._forged_holds.clear()
                self._trusted = False
                self._writer = waiting.peer.user_id
                try:
                    self.doc.apply_update(waiting.update)
                except ValueError:  # checked before logging; load() skips it too
                    log.warning("pad %s: an update from user %s does not apply", self.pad_id, waiting.peer.user_id)
                finally:
                    self._trusted = True
                    self._writer = None
                inserts, self._inserts = self._inserts, []
                if not waiting.peer.moderator and inserts:
                    to_check.append(waiting.peer)
                    for start, end, _attrs in inserts:
                        waiting.peer.words.wrote(start, end)
                marks = [(start, end, waiting.peer.user_id) for start, end, attrs in inserts
                         if str((attrs or {}).get(document.AUTHOR)) != str(waiting.peer.user_id)]
                # Older text keeps the author it had, whatever a writer's format operation said.
                marks += self._forged
                # Held words stay held, whatever a writer's format operation said.
                held_back, self._forged_holds = self._forged_holds, []
                if marks or held_back:
                    before = self.doc.get_state()
                    document.stamp_authors(self.doc, marks)
                    document.stamp_authors(self.doc, held_back, key=document.HELD)
                    stamps.append(self.doc.get_update(before))
            self._inserts.clear()
            if stamps:
                # The server's own marks are logged too, before anyone sees them.
                with self.hub.app.app_context():
                    store.append_many(self.pad_id, [(None, stamp) for stamp in stamps])
            updates = [w.update for w in batch] + stamps
            # One message for the whole batch; a writer alone in it does not get its own words back.
            merged = updates[0] if len(updates) == 1 else merge_updates(*updates)
            writers = {w.peer for w in batch}
            message, peers = protocol.update_message(merged), list(self.peers)
            self.changes += 1
            if any(not w.peer.moderator for w in batch):
                self.student_changes += 1
            to_check += self._touched
            self._touched = set()
        # Sent outside the room's lock: cursors and checks need not wait for thirty sockets.
        alone = next(iter(writers)) if len(writers) == 1 and not stamps else None
        for peer in peers:
            if peer is not alone:
                peer.send(message)
        self.hub.fanout.publish(self.pad_id, "update", merged)
        for peer in dict.fromkeys(to_check):
            self.schedule_check(peer)
        return len(updates)

    def apply_remote(self, update: bytes) -> None:
        """Apply an update another process already logged, and pass it to this process's peers."""
        with self.lock:
            self.doc.apply_update(update)
            self._inserts.clear()
            self._forged.clear()
            self._forged_holds.clear()
            peers = list(self.peers)
        message = protocol.update_message(update)
        for peer in peers:
            peer.send(message)

    def catch_up(self) -> None:
        """Apply what the log holds and this room lacks, and pass it to the peers here."""
        with self.hub.app.app_context():
            logged = store.load(self.pad_id).doc
        with self.lock:
            missing = logged.get_update(self.doc.get_state())
            before = self.doc.get_state()
            self.doc.apply_update(missing)
            self._inserts.clear()
            self._forged.clear()
            self._forged_holds.clear()
            if self.doc.get_state() != before:
                self._broadcast(protocol.update_message(missing))

    def awareness_from(self, peer: Peer, update: bytes) -> None:
        """Pass on a cursor, with the name and colour the server knows, whatever the client claimed."""
        try:
            entries = protocol.decode_awareness(update)
        except ValueError:
            return
        with self.lock:
            # A connection speaks for the first client id it announces, and only for that one; a
            # newer connection of the same person (back from a dead line) takes their cursor over.
            if not peer.client_ids and entries:
                client_id = entries[0].client_id
                owner = self.owners.get(client_id)
                if owner is None or (owner is not peer and owner.user_id == peer.user_id):
                    if owner is not None:
                        owner.client_ids.discard(client_id)
                    peer.client_ids.add(client_id)
                    self.owners[client_id] = peer
            entries = [entry for entry in entries if entry.client_id in peer.client_ids]
            for entry in entries:
                if entry.state is not None:
                    # Only the shape the editor sends goes on to other browsers' cursor code.
                    entry.state = protocol.clean_awareness_state(entry.state) or {"cursor": None}
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

    def _upkeep_after(self, logged: int) -> None:
        """After a commit: fold the log and cut a revision, when each is due.

        Writers do not wait for this: whoever finds upkeep under way leaves it to that thread.
        """
        with self._queue:
            self.replayed += logged
        if not self._upkeep.acquire(blocking=False):
            return
        try:
            config = self.hub.app.config
            now = time.monotonic()
            with self.hub.app.app_context():
                if self.replayed >= config["PAD_COMPACT_EVERY"]:
                    folded = store.compact(self.pad_id)
                    with self._queue:
                        self.replayed = max(0, self.replayed - folded)
            if now - self.last_revision_at >= config["PAD_REVISION_SECONDS"]:
                self.cut_revision()
        except Exception:  # noqa: BLE001  (the log has every update; upkeep runs again after the next)
            log.exception("upkeep of pad %s failed", self.pad_id)
        finally:
            self._upkeep.release()

    def cut_revision(self) -> None:
        seen, students = self.changes, self.student_changes
        with self.hub.app.app_context():
            store.cut_live_revision(self.pad_id)
        self.changes_cut = max(self.changes_cut, seen)
        self.student_changes -= students
        self.last_revision_at = time.monotonic()

    def schedule_check(self, peer: Peer) -> None:
        """Check a writer's new words at most every few seconds, on a timer's thread, and tell only them."""
        with peer._check_lock:
            peer._check_due = True
            if peer._check_timer is None and not peer._gone:
                wait = self.hub.app.config["PAD_CHECK_SECONDS"] - (time.monotonic() - peer._last_check)
                self._start_check(peer, max(0.0, wait))

    def _start_check(self, peer: Peer, wait: float) -> None:
        peer._check_timer = threading.Timer(wait, self.send_findings, args=(peer,))
        peer._check_timer.daemon = True
        peer._check_timer.start()

    def send_findings(self, peer: Peer) -> None:
        with peer._check_lock:
            peer._check_due = False
            peer._last_check = time.monotonic()
        again = False
        try:
            # Only the sentences around what changed are read under the lock, and checked outside it.
            with self.lock:
                regions = peer.words.claim(self.copy)
            with self.hub.app.app_context():
                results = [(region, checks.check_region(region, cache=peer._check_cache)) for region in regions]
            with self.lock:
                checked = []
                for region, marks in results:
                    # Changed inside while it was checked: checked again, after the usual pause.
                    settled = peer.words.settle(region, marks)
                    again = not settled or again
                    if settled:
                        checked.append((region.mark.start, region.mark.end))
                # In the same hold of the lock: the regions' places are those of the text now.
                held = self.hold_findings(peer, checked)
                found = list(peer.words.found)
                # Reminders shown for the first time, and those the writer revised, from this check.
                owed = peer.ledger.seen(found, peer.words.awaiting())
                # Browsers count in UTF-16 units: only a text that is not ASCII needs reading to place them.
                text = None if self.copy.data.isascii() else bytes(self.copy.data)
            peer.send(protocol.findings_message(checks.writer_payload(found, text)))
            self.tell_moderators()
            if held:
                self._tell_teachers(held)
            if owed:
                self.record_reminders(peer)
        finally:
            with peer._check_lock:
                # Words that arrived during this check get a check of their own, after the usual pause.
                peer._check_timer = None
                if (peer._check_due or again) and not peer._gone:
                    self._start_check(peer, self.hub.app.config["PAD_CHECK_SECONDS"])


    def _holds_for(self, peer: Peer, checked: list[tuple[int, int]]) -> list[tuple[int, int, int | None]]:
        """What to hold back or release after a writer's check of some regions (under the room's lock).

        Their findings not yet held are held; their holds in the regions just checked that hold
        no finding any more (revised) are released; holds elsewhere wait for their own check.
        Words a teacher released are not held again.
        """
        held, position = [], 0
        for length, hold in self.holds.spans:
            if hold is not None:
                held.append((position, position + length, hold))
            position += length
        found = [m for m in peer.words.found if m.end > m.start
                 and not any(str(m.data.get("words", "")).lower() in words for words in self.released)]
        changes: list[tuple[int, int, int | None]] = []
        for start, end, hold in held:
            if (self.hold_owner.get(hold) == peer.user_id
                    and any(low < end and high > start for low, high in checked)
                    and not any(m.start < end and m.end > start for m in found)):
                changes.append((start, end, None))
        for mark in found:
            if not any(start <= mark.start and mark.end <= end for start, end, _ in held):
                start, end = self._sentence(mark.start, mark.end)
                if changes and changes[-1][2] is not None and changes[-1][1] >= start:
                    # Two findings in one sentence: one hold.
                    changes[-1] = (changes[-1][0], max(end, changes[-1][1]), changes[-1][2])
                    continue
                hold = next(_hold_ids)
                self.hold_owner[hold] = peer.user_id
                changes.append((start, end, hold))
        return changes

    def _sentence(self, start: int, end: int) -> tuple[int, int]:
        """The sentence around a finding, within its line (a classmate sees no half of it)."""
        data, reach = self.copy.data, checks.CONTEXT
        low = start
        while low > max(0, start - reach) and data[low - 1:low] != b"\n" and not (
                data[low - 1:low] == b" " and data[low - 2:low - 1] in (b".", b"!", b"?")):
            low -= 1
        high = end
        while high < min(len(data), end + reach) and data[high:high + 1] != b"\n":
            high += 1
            if data[high - 1:high] in (b".", b"!", b"?"):
                break
        return self.copy.boundary(low, forward=True), self.copy.boundary(high, forward=False)

    def hold_findings(self, peer: Peer, checked: list[tuple[int, int]]) -> list:
        """Hold a writer's flagged words back from classmates, or release what they revised; logged first.

        Returns the new holds.
        """
        with self.lock:
            changes = self._holds_for(peer, checked)
            if not changes:
                return []
            before = self.doc.get_state()
            document.stamp_authors(self.doc, changes, key=document.HELD)
            update = self.doc.get_update(before)
            with self.hub.app.app_context():
                store.append_many(self.pad_id, [(None, update)])
            message, peers = protocol.update_message(update), list(self.peers)
        for other in peers:
            other.send(message)
        self.hub.fanout.publish(self.pad_id, "update", update)
        return [change for change in changes if change[2] is not None]

    def record_reminders(self, peer: Peer) -> None:
        """Write what a writer's reminders owe the database: off the room's lock, once per check at most."""
        if not peer.ledger.due:
            return
        try:
            with self.hub.app.app_context():
                if self._place is None:
                    pad = db.session.get(Pad, self.pad_id)
                    if pad is None:
                        return
                    self._place = (pad.prompt_id, pad.classroom_id)
                peer.ledger.record(peer.user_id, self.pad_id, *self._place)
        except Exception:  # noqa: BLE001  (a figure for teachers never stops anyone writing)
            log.exception("could not record the norms reminders of pad %s", self.pad_id)

    def _tell_teachers(self, held: list) -> None:
        """Teachers elsewhere hear of new holds too (those in the pad see them highlighted at once)."""
        with self.hub.app.app_context():
            pad = db.session.get(Pad, self.pad_id)
            if pad is not None:
                signals.pads.findings_recorded.send(pad, revision=SimpleNamespace(findings=held))

    def _class_findings(self) -> bytes | None:
        """The teachers' findings message: every writer's findings here (under the room's lock)."""
        found = [(mark, peer.user_id, peer.name) for peer in self.peers if not peer.moderator
                 for mark in peer.words.found]
        text = None if self.copy.data.isascii() else bytes(self.copy.data)
        return protocol.findings_message(checks.class_payload(found, text))

    def tell_moderators(self, only: Peer | None = None) -> None:
        """Show the class's teachers here what the norms check found in the writers' words."""
        with self.lock:
            moderators = [p for p in self.peers if p.moderator and (only is None or p is only)]
            if not moderators:
                return
            message = self._class_findings()
        for moderator in moderators:
            moderator.send(message)


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
