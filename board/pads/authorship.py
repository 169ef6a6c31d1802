"""Who wrote each stretch of a pad (and which stretches are held), followed change by change."""
from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from itertools import accumulate
from operator import itemgetter

from board.pads.runs import AUTHOR, Run, byte_length, inserted_length, marked_id


class Authorship:
    """Who wrote each stretch of a document, kept in step with it from its change events.

    The author mark is the server's to set. A writer's change to the mark on text that was
    already there (a format operation) is reported with the author it replaced, so the server
    can put it back; the server's own changes (trusted) are followed as they are.
    """

    def __init__(self, runs: Iterable[Run] = (), key: str = AUTHOR):
        #: the attribute followed: the author mark, or the server's hold on flagged words
        self.key = key
        #: [length in pycrdt's units, author id or None], neighbours with the same author joined
        self.spans: list[list] = []
        for run in runs:
            self._add(self.spans, byte_length(run.text), marked_id(run.attrs.get(key)))

    @staticmethod
    def _add(spans: list[list], length: int, author: int | None) -> None:
        if length <= 0:
            return
        if spans and spans[-1][1] == author:
            spans[-1][0] += length
        else:
            spans.append([length, author])

    def follow(self, delta: list[dict], trusted: bool) -> list[tuple[int, int, int | None]]:
        """Follow one change; return (start, end, author it had) of text whose mark a writer changed."""
        old, out, forged = self.spans, [], []
        index, offset, position = 0, 0, 0

        ends: list[int] = []

        def carry(length: int) -> None:
            """Keep the next `length` units as they were: whole spans are copied at once, not one by one."""
            nonlocal index, offset
            if length <= 0 or index >= len(old):
                return
            # A few spans are walked; past those, running sums find the end of the stretch at once.
            for _ in range(32):
                rest = old[index][0] - offset
                if length < rest:
                    self._add(out, length, old[index][1])
                    offset += length
                    return
                self._add(out, rest, old[index][1])
                length -= rest
                index, offset = index + 1, 0
                if length == 0 or index >= len(old):
                    return
            if not ends:
                ends.extend(accumulate(map(itemgetter(0), old)))
            target = (ends[index - 1] if index else 0) + offset + length
            last = bisect_left(ends, target)
            self._add(out, old[index][0] - offset, old[index][1])
            if last >= len(old):
                last = len(old)
            elif ends[last] == target:
                last += 1
            whole = old[index + 1:last]
            if whole and out and out[-1][1] == whole[0][1]:
                out[-1][0] += whole[0][0]
                whole = whole[1:]
            out.extend(whole)
            index, offset = last, 0
            if last < len(old) and last > 0 and ends[last - 1] < target:
                offset = target - ends[last - 1]
                self._add(out, offset, old[last][1])

        def take(length: int):
            """The old spans' pieces covering the next `length` units."""
            nonlocal index, offset
            while length > 0 and index < len(old):
                piece = min(length, old[index][0] - offset)
                yield piece, old[index][1]
                length -= piece
                offset += piece
                if offset == old[index][0]:
                    index, offset = index + 1, 0

        for op in delta:
            attrs = op.get("attributes") or {}
            if "retain" in op and self.key not in attrs:
                carry(op["retain"])
                position += op["retain"]
            elif "retain" in op:
                for piece, author in take(op["retain"]):
                    if self.key in attrs:
                        claimed = marked_id(attrs[self.key])
                        if not trusted and claimed != author:
                            forged.append((position, position + piece, author))
                        elif trusted:
                            author = claimed
                    self._add(out, piece, author)
                    position += piece
            elif "insert" in op:
                length = inserted_length(op["insert"])
                self._add(out, length, marked_id(attrs.get(self.key)))
                position += length
            elif "delete" in op:
                for _ in take(op["delete"]):
                    pass
        if index < len(old):
            self._add(out, old[index][0] - offset, old[index][1])
            rest = old[index + 1:]
            if rest and out and out[-1][1] == rest[0][1]:
                out[-1][0] += rest[0][0]
                rest = rest[1:]
            out.extend(rest)
        self.spans = out
        return forged
