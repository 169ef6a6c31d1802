"""A writer's words awaiting a norms check, and what was found in them, kept in step with the text.

A live pad is checked where it changed, never as a whole: each writer's new words are kept
as ranges that follow every later change (anyone's), and the check reads only the sentences
around them from a copy of the text kept in step with the same changes. So the work of a check
depends on what was typed, not on how long the pad is. No Flask and no pycrdt here: positions
are pycrdt's units (UTF-8 bytes), changes are text event deltas.
"""
from __future__ import annotations

from dataclasses import dataclass, field

#: bytes of text read on each side of new words: more than checks.CONTEXT characters in any script
REACH = 4 * 160 + 8

#: (position before the change, units deleted, units inserted), in the order of the delta
Changes = list[tuple[int, int, int]]


def changes_of(delta: list[dict]) -> Changes:
    """Read a text event's delta as insertions and deletions at positions of the text before it."""
    changes, position = [], 0
    for op in delta:
        if "retain" in op:
            position += op["retain"]
        elif "insert" in op:
            inserted = op["insert"]
            changes.append((position, 0, len(inserted.encode("utf-8")) if isinstance(inserted, str) else 1))
        elif "delete" in op:
            changes.append((position, op["delete"], 0))
            position += op["delete"]
    return changes


def _moved(point: int, changes: Changes, after_insert: bool) -> int:
    """Where a position goes; text inserted right at it lands before it when `after_insert`."""
    shift = 0
    for at, deleted, inserted in changes:
        if at > point:
            break
        if inserted and at == point and not after_insert:
            continue
        if deleted:
            shift -= min(deleted, point - at)
        shift += inserted
    return point + shift


@dataclass(eq=False)
class Mark:
    """A stretch of the text that moves with it; `touched` once anyone changes something inside it."""

    start: int
    end: int
    touched: bool = False
    #: what the stretch stands for (a finding: its message, category, words)
    data: dict = field(default_factory=dict)

    def follow(self, changes: Changes) -> None:
        for at, deleted, inserted in changes:
            if (inserted and self.start < at < self.end) or (deleted and at < self.end and at + deleted > self.start):
                self.touched = True
                break
        self.start, self.end = _moved(self.start, changes, True), _moved(self.end, changes, False)
        self.end = max(self.start, self.end)


class TextCopy:
    """The text as UTF-8 bytes, changed as the document changes, to read small pieces of it cheaply."""

    def __init__(self) -> None:
        self.data = bytearray()

    def follow(self, delta: list[dict]) -> None:
        position = 0
        for op in delta:
            if "retain" in op:
                position += op["retain"]
            elif "insert" in op:
                inserted = op["insert"]
                # An embed counts one unit, as in pycrdt; it stands as a character nobody writes.
                piece = inserted.encode("utf-8") if isinstance(inserted, str) else b"\x00"
                self.data[position:position] = piece
                position += len(piece)
            elif "delete" in op:
                del self.data[position:position + op["delete"]]

    def __len__(self) -> int:
        return len(self.data)

    def boundary(self, position: int, forward: bool) -> int:
        """The nearest character boundary (never inside a UTF-8 sequence)."""
        position = max(0, min(position, len(self.data)))
        while 0 < position < len(self.data) and self.data[position] & 0xC0 == 0x80:
            position += 1 if forward else -1
        return position

    def piece(self, start: int, end: int) -> str:
        return self.data[start:end].decode("utf-8", errors="replace")


@dataclass
class Region:
    """Part of the text being checked: where it started, its text then, and the ranges to check in it."""

    mark: Mark
    start: int
    text: str
    spans: list[Mark]
    #: where the spans were when the region was read (the marks themselves move on)
    at: list[tuple[int, int]] = field(default_factory=list)


@dataclass(eq=False)
class WriterWords:
    """One writer's words since their last check, and the findings in their words, in step with the text.

    Guarded by the room's lock: changed as updates apply, claimed and settled by the check.
    """

    pending: list[Mark] = field(default_factory=list)
    found: list[Mark] = field(default_factory=list)
    checking: list[Region] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.pending or self.found or self.checking)

    def awaiting(self) -> list[Mark]:
        """The words not checked yet: new ones, and those being checked now."""
        return self.pending + [span for region in self.checking for span in region.spans]

    def wrote(self, start: int, end: int) -> None:
        if end > start:
            self.pending.append(Mark(start, end))

    def follow(self, changes: Changes) -> bool:
        """Move everything with a change; return True when a finding was changed (it is checked again)."""
        for mark in self.pending:
            mark.follow(changes)
        for region in self.checking:
            region.mark.follow(changes)
            for span in region.spans:
                span.follow(changes)
        again = False
        for mark in list(self.found):
            mark.follow(changes)
            if mark.touched:
                self.found.remove(mark)
                self.pending.append(Mark(mark.start, mark.end))
                again = True
        return again

    def claim(self, copy: TextCopy) -> list[Region]:
        """Take the new words, with the findings near them, as regions of text to check (under the lock)."""
        spans = sorted((m for m in self.pending if m.end > m.start), key=lambda m: m.start)
        self.pending = []
        if not spans:
            return []
        # Findings near new words are checked again with them: a sentence may have changed around them.
        near = [f for f in self.found
                if any(f.start < s.end + REACH and f.end > s.start - REACH for s in spans)]
        for finding in near:
            self.found.remove(finding)
        spans = sorted(spans + [Mark(f.start, f.end) for f in near], key=lambda m: m.start)
        groups: list[list[Mark]] = []
        for span in spans:
            if groups and span.start - REACH <= max(s.end for s in groups[-1]) + REACH:
                groups[-1].append(span)
            else:
                groups.append([span])
        regions = []
        for group in groups:
            start = copy.boundary(group[0].start - REACH, forward=True)
            end = copy.boundary(max(s.end for s in group) + REACH, forward=False)
            regions.append(Region(Mark(start, end), start, copy.piece(start, end), group,
                                  [(s.start, s.end) for s in group]))
        self.checking.extend(regions)
        return regions

    def settle(self, region: Region, findings: list[Mark]) -> bool:
        """Keep a region's findings, moved as the text moved meanwhile; False if it changed inside
        (its words wait for the next check)."""
        self.checking.remove(region)
        if region.mark.touched:
            self.pending.extend(span for span in region.spans if span.end > span.start)
            return False
        offset = region.mark.start - region.start
        for finding in findings:
            finding.start += offset
            finding.end += offset
            self.found.append(finding)
        self.found.sort(key=lambda m: (m.start, m.end))
        return True
