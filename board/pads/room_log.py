"""A room's writes: every update is logged before anyone hears of it, in group commits.

Updates that arrive while a commit is under way wait for the next one, and go into the log
together: one commit per batch, not per keystroke. GroupCommit is the part of a Room
(board/pads/rooms.py) that does this, applies what other processes logged, and keeps the log
short (compaction, revisions) off the hot path.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from pycrdt import Doc, merge_updates

from board.pads import document, protocol, schema, store
from board.pads.room_peers import Peer

log = logging.getLogger(__name__)

#: an empty Yjs update: nothing to apply, nothing to log
EMPTY_UPDATE = b"\x00\x00"


class LogUnavailable(RuntimeError):
    """The update log could not be written: nothing was applied; the writer should send it again."""


@dataclass(eq=False)
class _Waiting:
    """A writer's update waiting for the next group commit."""

    peer: Peer
    update: bytes
    done: bool = False
    failed: bool = False


class GroupCommit:
    """Logging, applying and passing on a room's updates; upkeep of its log and revisions."""

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
