"""The pad's text as plain values: runs of text with their attributes, and lines with their block format.

No pycrdt here (board/pads/document.py reads a document into runs). Inline formats (bold,
italic, strike, code, link, and the server's "author" and "held" marks) sit on the
characters; block formats (header, list, blockquote, code-block, indent) sit on the
newline that ends each line, as in Quill.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

# pycrdt 0.14 counts positions in a Text in UTF-8 bytes (insert, format, delete and event deltas);
# the browser's Yjs counts UTF-16 units. Everything here converts at the edges.
#: the attribute the server stamps on every character with the id of the person who typed it
AUTHOR = "author"
#: the attribute the server sets on a writer's words the norms check flagged: classmates do not see
#: them until the writer revises them or a teacher releases them (its value names the hold)
HELD = "held"
#: inline formats kept when rendering; anything else a client sends is ignored
INLINE = ("bold", "italic", "strike", "code", "link")


@dataclass
class Run:
    """A stretch of text with the same attributes."""

    text: str
    attrs: dict = field(default_factory=dict)

    @property
    def author(self) -> int | None:
        return marked_id(self.attrs.get(AUTHOR))


@dataclass
class Line:
    """One line of the document: its runs and the block format on its newline."""

    runs: list[Run]
    block: dict = field(default_factory=dict)

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)

    @property
    def kind(self) -> str:
        header = _number(self.block.get("header"))
        if header in (1, 2, 3):
            return f"h{header}"
        if self.block.get("list") in ("ordered", "bullet"):
            return self.block["list"]
        if self.block.get("code-block"):
            return "code"
        if self.block.get("blockquote"):
            return "quote"
        return "p"

    @property
    def indent(self) -> int:
        return max(0, min(_number(self.block.get("indent")) or 0, 6))


def _number(value) -> int | None:
    """Read a whole number that may arrive as 2, 2.0 or "2" (Yjs keeps JSON numbers as floats)."""
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return None


def byte_length(text: str) -> int:
    """Length of a string in the units pycrdt positions use."""
    return len(text.encode("utf-8"))


def utf16_length(text: str) -> int:
    """Length of a string as the browser counts it (UTF-16 units)."""
    return len(text.encode("utf-16-le")) // 2


def utf16_offset(text: str, index: int) -> int:
    """Turn a Python index into the browser's (a JavaScript string's) index."""
    return len(text[:index].encode("utf-16-le")) // 2


def inserted_length(inserted) -> int:
    """Length of an inserted value in pycrdt's units (an embed is one)."""
    return byte_length(inserted) if isinstance(inserted, str) else 1


def marked_id(value) -> int | None:
    """The id an author or hold mark holds, or None."""
    return int(value) if isinstance(value, str) and value.isdigit() else None


def plain(runs: Iterable[Run]) -> str:
    return "".join(run.text for run in runs)


def lines_of(runs: Iterable[Run]) -> list[Line]:
    """Split runs into lines; each newline's attributes are the line's block format."""
    lines: list[Line] = []
    current: list[Run] = []
    for run in runs:
        parts = run.text.split("\n")
        for i, part in enumerate(parts):
            if part:
                current.append(Run(part, run.attrs))
            if i < len(parts) - 1:
                lines.append(Line(current, {k: v for k, v in run.attrs.items() if k not in (AUTHOR, HELD)}))
                current = []
    if current:
        lines.append(Line(current, {}))
    # Quill always ends with an empty line; it carries nothing.
    while lines and not lines[-1].runs and not lines[-1].block:
        lines.pop()
    return lines


def held_runs(runs: Iterable[Run]) -> list[tuple[int, int, int, int | None]]:
    """Every held stretch of text: (hold id, start, end in characters, its writer), in order."""
    found, position = [], 0
    for run in runs:
        hold = marked_id(run.attrs.get(HELD))
        if hold is not None:
            if found and found[-1][0] == hold and found[-1][2] == position:
                found[-1] = (hold, found[-1][1], position + len(run.text), found[-1][3])
            else:
                found.append((hold, position, position + len(run.text), run.author))
        position += len(run.text)
    return found


def without_held(runs: Iterable[Run], shown_to=lambda author: False) -> list[Run]:
    """The runs without held words, except those whose writer `shown_to` accepts (the writer themselves)."""
    return [run for run in runs if run.attrs.get(HELD) is None or shown_to(run.author)]
