"""The pad's document: a Yjs text in Quill's format, read as runs and lines, written back as Markdown.

No Flask here: these functions take pycrdt documents and plain values, so the socket,
the pages and the tests share them.

A pad is one Y.Text named "quill". Its text as plain values (Run, Line) is in runs.py, who
wrote what in authorship.py, and the Markdown export in markdown_export.py; their names are
importable from here too. This module reads and writes the pycrdt document itself.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable
from difflib import SequenceMatcher

from pycrdt import Doc, Text

from board.pads.authorship import Authorship
from board.pads.markdown_export import LINK_SCHEMES, markdown_heading, safe_link, to_markdown
from board.pads.runs import (
    AUTHOR,
    HELD,
    INLINE,
    Line,
    Run,
    byte_length,
    held_runs,
    inserted_length,
    lines_of,
    plain,
    utf16_length,
    utf16_offset,
    without_held,
)

__all__ = ["AUTHOR", "HELD", "INLINE", "LINK_SCHEMES", "TEXT_NAME", "Authorship", "Line", "Run", "byte_length",
           "held_runs", "inserted_ranges", "lines_of", "load", "markdown_heading", "new_doc", "plain",
           "replace_with", "runs_of", "safe_link", "stamp_authors", "text_of", "to_markdown", "utf16_length",
           "utf16_offset", "without_held"]

log = logging.getLogger(__name__)

TEXT_NAME = "quill"


def new_doc() -> Doc:
    doc = Doc(allow_multithreading=True)
    doc.get(TEXT_NAME, type=Text)
    return doc


def load(state: bytes | None, updates: Iterable[bytes] = (), doc: Doc | None = None) -> Doc:
    """Build a document from a snapshot and the updates that came after it (into `doc`, if given)."""
    doc = doc if doc is not None else new_doc()
    if state:
        doc.apply_update(state)
    for update in updates:
        try:
            doc.apply_update(update)
        except ValueError:  # one broken update must not stop the pad from loading
            log.warning("skipped an update that does not decode (%s bytes)", len(update))
    return doc


def text_of(doc: Doc) -> Text:
    return doc.get(TEXT_NAME, type=Text)


def runs_of(doc: Doc) -> list[Run]:
    """Return the document as runs of text with their attributes."""
    runs = []
    for value, attrs in text_of(doc).diff():
        if isinstance(value, str) and value:
            runs.append(Run(value, dict(attrs or {})))
    return runs


def inserted_ranges(delta: list[dict]) -> list[tuple[int, int, dict]]:
    """Return (start, end, attributes) for every insertion in a text event's delta (in pycrdt's units)."""
    ranges, position = [], 0
    for op in delta:
        if "retain" in op:
            position += op["retain"]
        elif "insert" in op:
            length = inserted_length(op["insert"])
            ranges.append((position, position + length, dict(op.get("attributes") or {})))
            position += length
    return ranges


def stamp_authors(doc: Doc, marks: Iterable[tuple[int, int, int | None]], key: str = AUTHOR) -> None:
    """Mark stretches of text (start, end, author id or None) with who wrote them; only the server may.

    With key=HELD, the same for holds: (start, end, hold id, or None to release).
    """
    text = text_of(doc)
    with doc.transaction():
        for start, end, author_id in marks:
            if end > start:
                text.format(start, end, {key: str(author_id) if author_id is not None else None})


def _freeze(attrs: dict | None) -> tuple:
    """Attributes as a comparable key (Yjs gives back whole numbers as floats: 2 and 2.0 are one)."""
    def same(value):
        return float(value) if isinstance(value, int) and not isinstance(value, bool) else value
    return tuple(sorted((key, repr(same(value))) for key, value in (attrs or {}).items()))


def _lines_of_pieces(pieces) -> list[tuple]:
    """Split (value, attributes) pieces into lines, each a tuple of (value, attributes, key) ending with its newline."""
    lines, current = [], []
    for value, attrs in pieces:
        attrs = dict(attrs or {})
        if not isinstance(value, str):
            # An embed: one unit, never equal to text, so a restore always takes it out.
            current.append((value, attrs, ("embed", repr(value), _freeze(attrs))))
            continue
        parts = value.split("\n")
        for i, part in enumerate(parts):
            if part:
                current.append((part, attrs, (part, _freeze(attrs))))
            if i < len(parts) - 1:
                current.append(("\n", attrs, ("\n", _freeze(attrs))))
                lines.append(tuple(current))
                current = []
    if current:
        lines.append(tuple(current))
    return lines


def _units(piece) -> int:
    return byte_length(piece[0]) if isinstance(piece[0], str) else 1


def replace_with(doc: Doc, runs: Iterable[Run]) -> bool:
    """Make the document hold exactly these runs (a restore), keeping their authorship; True if it changed.

    Only the lines that differ are rewritten, so a restore logs what it changes rather than a
    copy of the whole pad, and unchanged lines keep their history.
    """
    text = text_of(doc)
    old = _lines_of_pieces(text.diff())
    new = _lines_of_pieces((run.text, run.attrs) for run in runs)
    old_keys = [tuple(piece[2] for piece in line) for line in old]
    new_keys = [tuple(piece[2] for piece in line) for line in new]
    if old_keys == new_keys:
        return False
    # Inserted text would take on the formats around it: every format in sight is set, or unset.
    formats = {key for lines in (old, new) for line in lines for piece in line for key in piece[1]}
    starts = [0]
    for line in old:
        starts.append(starts[-1] + sum(_units(piece) for piece in line))
    opcodes = SequenceMatcher(None, old_keys, new_keys).get_opcodes()
    with doc.transaction():
        # From the end backwards, so the positions of what comes before stay right.
        for tag, i1, i2, j1, j2 in reversed(opcodes):
            if tag == "equal":
                continue
            start, end = starts[i1], starts[i2]
            if end > start:
                del text[start:end]
            position = start
            for line in new[j1:j2]:
                for value, attrs, _key in line:
                    text.insert(position, value, {**dict.fromkeys(formats), **attrs})
                    position += byte_length(value)
    return True
