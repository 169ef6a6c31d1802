"""A room's norms check cycle: each writer's new words are checked on a timer, and only they hear.

NormsCycle is the part of a Room (board/pads/rooms.py) that runs the checks, holds flagged
words back from classmates (and releases what the writer revised), records the reminders a
writer was shown, and shows the class's teachers what was found.
"""
from __future__ import annotations

import itertools
import logging
import threading
import time
from types import SimpleNamespace

from board import signals
from board.extensions import db
from board.pads import checks, document, protocol, store
from board.pads.models import Pad
from board.pads.room_peers import Peer

log = logging.getLogger(__name__)

#: names of holds on flagged words: digits, as the schema wants, and not reused after a restart
_hold_ids = itertools.count(int(time.time() * 1000))


class NormsCycle:
    """The norms checks of a room's writers, their holds and reminders, and the teachers' view."""

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
