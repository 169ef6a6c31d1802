"""Folding before the checks: invisible characters dropped, compatibility forms and look-alikes made plain.

A folded text may be shorter or longer than the original ("k\u200cill" -> "kill", "ﬁ" -> "fi"), so it
carries a map from its offsets back to the original's: findings highlight the characters the writer typed.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from itertools import chain

# Format characters (zero-width space, joiners, soft hyphen, bidi controls, word joiner, BOM, tags) and
# the other default-ignorable characters that render as nothing: variation selectors, the combining
# grapheme joiner, Mongolian free variation selectors and the Hangul fillers.
_ALSO_INVISIBLE = chain(range(0xFE00, 0xFE10), range(0xE0100, 0xE01F0), (0x034F, 0x115F, 0x1160, 0x3164, 0xFFA0),
                        range(0x180B, 0x1810))
#: the planes beyond the first where letters, digits or format characters have compatibility forms
_ASTRAL = chain(range(0x110B0, 0x110D0), range(0x13430, 0x13440), range(0x1BCA0, 0x1BCA4),
                range(0x1D173, 0x1D17B), range(0x1D400, 0x1D800), range(0x1F100, 0x1F200),
                range(0x1FBF0, 0x1FBFA), range(0xE0000, 0xE0080))


def _class(codes: list[int]) -> str:
    """Return a regex character class for code points, written as ranges."""
    ranges: list[list[int]] = []
    for code in sorted(codes):
        if ranges and code == ranges[-1][1] + 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return "[" + "".join(f"\\U{a:08x}" + (f"-\\U{b:08x}" if b > a else "") for a, b in ranges) + "]"


def _look_alikes() -> dict[int, str]:
    """Map accented Latin, full-width and typographic characters to ASCII, one character for one."""
    table: dict[int, str] = {}
    for code in chain(range(0xC0, 0x250), range(0x1E00, 0x1F00), range(0xFF01, 0xFF5F)):
        base = unicodedata.normalize("NFKD", chr(code))[:1]
        if base.isascii() and base.isprintable() and base != chr(code):
            table[code] = base
    table.update({0x212A: "K", 0x00A0: " ", 0x2018: "'", 0x2019: "'", 0x201B: "'", 0x02BC: "'",
                  0x201C: '"', 0x201D: '"', 0x2013: "-", 0x2014: "-", 0x2212: "-"})
    return table


def _tables() -> tuple[str, str, str, dict[int, str]]:
    """Return the classes of invisible characters, combining marks and characters NFKC writes as several,
    and the table that folds every other changed character one for one."""
    look_alikes = _look_alikes()
    invisible, marks, several = set(_ALSO_INVISIBLE), [], []
    table = dict(look_alikes)
    for code in chain(range(0x80, 0x10000), _ASTRAL):
        c = chr(code)
        if code in invisible or unicodedata.category(c) == "Cf":
            invisible.add(code)
        elif unicodedata.combining(c):
            marks.append(code)
        elif len(plain := unicodedata.normalize("NFKC", c)) > 1:
            several.append(code)
        elif plain != c:
            table[code] = look_alikes.get(ord(plain), plain)
    return _class(list(invisible)), _class(marks), _class(several), table


_INVISIBLE, _MARKS, _SEVERAL, _ONE_FOR_ONE = _tables()
# one piece to fold: a run of invisible characters, a letter with its combining marks, or a character
# that NFKC writes as several ("ﬁ", "½", "⑩")
_PIECE = re.compile(f"(?P<gone>{_INVISIBLE}+)|[^\\n]?{_MARKS}+|{_SEVERAL}")


class Folded:
    """A folded text, and where each of its characters came from in the original."""

    __slots__ = ("text", "_at", "_origin", "_until")

    def __init__(self, text: str, at: list[int] | None = None, origin: list[int] | None = None,
                 until: list[int | None] | None = None) -> None:
        self.text = text
        # pieces in order: from folded offset at[i], characters came from the original at origin[i],
        # one for one when until[i] is None, else all of them from the original origin[i]:until[i]
        self._at, self._origin, self._until = at or [0], origin or [0], until or [None]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Return the original offsets of the folded text[start:end]."""
        if len(self._at) == 1:
            return start, end
        return self._start(start), self._end(max(start, end - 1)) if end > start else self._start(start)

    def _start(self, offset: int) -> int:
        i = bisect_right(self._at, offset) - 1
        return self._origin[i] + (offset - self._at[i] if self._until[i] is None else 0)

    def _end(self, offset: int) -> int:
        """Return where the original characters of folded character `offset` end."""
        i = bisect_right(self._at, offset) - 1
        until = self._until[i]
        return self._origin[i] + offset - self._at[i] + 1 if until is None else until


def fold(text: str) -> Folded:
    """Fold the text: drop invisible characters, apply NFKC, then map look-alike letters to ASCII."""
    if text.isascii():
        return Folded(text)
    parts: list[str] = []
    at, origin, until = [0], [0], [None]
    size = done = 0  # length of the folded text so far; original offset folded so far
    for piece in _PIECE.finditer(text):
        start, end = piece.span()
        size += start - done
        parts.append(text[done:start])
        replaced = "" if piece.group("gone") else unicodedata.normalize("NFKC", piece.group())
        if replaced:
            at.append(size)
            origin.append(start)
            until.append(end)
            parts.append(replaced)
            size += len(replaced)
        at.append(size)
        origin.append(end)
        until.append(None)
        done = end
    if len(at) == 1:
        return Folded(text.translate(_ONE_FOR_ONE))
    parts.append(text[done:])
    return Folded("".join(parts).translate(_ONE_FOR_ONE), at, origin, until)


_SPACES = re.compile(r"\s{2,}")


def squeeze_spaces(text: str) -> Folded:
    """Write every run of white space as one character: a line break if it holds one, else a space.

    Patterns that allow white space between words then never try the ways to split a long run.
    """
    parts: list[str] = []
    at, origin, until = [0], [0], [None]
    size = done = 0
    for run in _SPACES.finditer(text):
        start, end = run.span()
        parts.append(text[done:start])
        size += start - done
        at += (size, size + 1)
        origin += (start, end)
        until += (end, None)
        parts.append("\n" if "\n" in run.group() else " ")
        size += 1
        done = end
    if len(at) == 1:
        return Folded(text)
    parts.append(text[done:])
    return Folded("".join(parts), at, origin, until)
