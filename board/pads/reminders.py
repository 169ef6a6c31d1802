"""Norms reminders a pad showed its writers: each recorded once, with what the writer did next.

A writer's check (every PAD_CHECK_SECONDS at most) shows them the findings in their words. A
finding shown for the first time is a reminder; it stays the same reminder while its words stay
(a later check that finds them again records nothing). It ends "revised" when the writer's check
no longer finds it, and "posted_anyway" when the writer leaves with the words still in the pad
(they stay in what the teacher reviews) or when a teacher releases the words held back. Words a
classmate or a teacher took out leave it without an outcome: nothing of it was posted.

The bookkeeping runs under the room's lock, on what the check just found (a few comparisons);
the database hears of it once per check and only when something changed, outside that lock.
"""
from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field

from sqlalchemy import update

from board.discussions.models import Reminder
from board.extensions import db
from board.pads.pending import Changes, Mark

log = logging.getLogger(__name__)

REVISED = "revised"
POSTED_ANYWAY = "posted_anyway"


@dataclass(eq=False)
class Shown:
    """One reminder a writer saw: where its words are now, and what became of it."""

    mark: Mark
    category: str
    words: str
    outcome: str | None = None
    #: who changed its words since: the writer, someone else (a classmate, a teacher)
    by_writer: bool = False
    by_others: bool = False
    #: its row, once recorded, and the outcome that row holds (set under the ledger's record lock)
    id: int | None = None
    saved: str | None = None


def _overlap(a: Mark, b: Mark) -> bool:
    return a.start < b.end and b.start < a.end


@dataclass(eq=False)
class Ledger:
    """One writer's reminders in one pad.

    `shown` follows the text and is read and changed under the room's lock; what must be
    recorded waits in a list of its own (a lock held for an instant) until record() writes it.
    """

    shown: list[Shown] = field(default_factory=list)
    #: the writer left: nothing new is recorded for this session
    closed: bool = False
    _due: list[Shown] = field(default_factory=list)
    _due_lock: threading.Lock = field(default_factory=threading.Lock)
    _record_lock: threading.Lock = field(default_factory=threading.Lock)

    def __bool__(self) -> bool:
        return bool(self.shown)

    @property
    def due(self) -> bool:
        return bool(self._due)

    def _owe(self, shown: Shown) -> None:
        with self._due_lock:
            self._due.append(shown)

    def follow(self, changes: Changes, own: bool) -> None:
        """Move the reminders' words with a change, noting whose change touched them."""
        for shown in self.shown:
            shown.mark.touched = False
            shown.mark.follow(changes)
            if shown.mark.touched:
                if own:
                    shown.by_writer = True
                else:
                    shown.by_others = True

    def seen(self, found: list[Mark], awaiting: list[Mark]) -> bool:
        """After a check: findings new to the writer are reminders; those gone from their words end.

        `found` are the findings the writer is shown now, `awaiting` their words not checked yet
        (a reminder there waits for that check). Returns True when something is to be recorded.
        """
        if self.closed:
            return False
        owed = False
        for mark in found:
            category = str(mark.data.get("category", ""))
            if mark.end <= mark.start or any(
                    s.category == category and _overlap(s.mark, mark) for s in self.shown):
                continue
            shown = Shown(Mark(mark.start, mark.end), category, str(mark.data.get("words", "")))
            self.shown.append(shown)
            self._owe(shown)
            owed = True
        for shown in list(self.shown):
            if any(s.end > s.start and _overlap(shown.mark, s) for s in awaiting) or any(
                    m.data.get("category") == shown.category and _overlap(shown.mark, m) for m in found):
                continue
            self.shown.remove(shown)
            if shown.outcome is None and (shown.by_writer or not shown.by_others):
                shown.outcome = REVISED
                self._owe(shown)
                owed = True
        return owed

    def release(self, sentences: set[str]) -> bool:
        """A teacher released held words (lower-cased): reminders about them were posted anyway."""
        owed = False
        for shown in self.shown:
            if shown.outcome is None and shown.words and any(shown.words.lower() in s for s in sentences):
                shown.outcome = POSTED_ANYWAY
                self._owe(shown)
                owed = True
        return owed

    def close(self) -> bool:
        """The writer left: words still there stay in what the teacher reviews (posted anyway).

        Words taken out since the last check ended as a check would have ended them.
        """
        self.closed = True
        owed = False
        for shown in self.shown:
            if shown.outcome is not None:
                continue
            if shown.mark.end > shown.mark.start:
                shown.outcome = POSTED_ANYWAY
            elif shown.by_writer or not shown.by_others:
                shown.outcome = REVISED
            else:
                continue
            self._owe(shown)
            owed = True
        self.shown = []
        return owed

    def record(self, user_id: int, pad_id: int, prompt_id: int, classroom_id: int) -> int:
        """Write what is owed in one transaction (in an app context); return the rows written.

        One writer's records go in order: a reminder is inserted before its outcome is set.
        """
        with self._record_lock:
            with self._due_lock:
                batch, self._due = list(dict.fromkeys(self._due)), []
            if not batch:
                return 0
            # Read once: an outcome settled meanwhile is owed again, and written by the next record.
            outcomes = {shown: shown.outcome for shown in batch}
            new = [s for s in batch if s.id is None]
            rows = [Reminder(user_id=user_id, prompt_id=prompt_id, classroom_id=classroom_id, pad_id=pad_id,
                             categories=[s.category], outcome=outcomes[s]) for s in new]
            changed: dict[str | None, list[Shown]] = {}
            for shown in batch:
                if shown.id is not None and outcomes[shown] != shown.saved:
                    changed.setdefault(outcomes[shown], []).append(shown)
            try:
                db.session.add_all(rows)
                for outcome, settled in changed.items():
                    db.session.execute(update(Reminder).where(Reminder.id.in_([s.id for s in settled]))
                                       .values(outcome=outcome).execution_options(synchronize_session=False))
                db.session.flush()
                ids = [row.id for row in rows]
                db.session.commit()
            except Exception:  # noqa: BLE001  (a figure for teachers never stops anyone writing)
                db.session.rollback()
                log.exception("could not record %s norms reminders of pad %s", len(batch), pad_id)
                return 0
            for shown, row_id in zip(new, ids, strict=True):
                shown.id = row_id
            for shown in batch:
                shown.saved = outcomes[shown]
            return len(batch)
