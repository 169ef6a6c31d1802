"""What a pad may hold: text, and the formats the editor's toolbar offers, with values of the right type.

A writer's update is read here, in the Yjs binary format (v1), before it goes anywhere near the
log: one pass over its bytes, whatever the size of the document. Anything the editor could
not show (an embed, a nested type, another shared name, a format it has no control for, a
value of the wrong type) refuses the whole update, because Yjs updates build on each other:
half of one cannot be kept.

No Flask here: plain bytes in, a reason or None out.
"""
from __future__ import annotations

import json
import re

from board.pads.document import AUTHOR, HELD, TEXT_NAME, Run, safe_link, utf16_length
from board.pads.protocol import Reader

#: the longest link address kept, and the longest value of a format read at all
MAX_LINK = 2048
_MAX_FORMAT_VALUE = MAX_LINK + 16

_WHOLE = re.compile(r"^\d{1,2}$")

# Item content kinds (Yjs' info byte, low five bits)
_GC, _DELETED, _JSON, _BINARY, _STRING, _EMBED, _FORMAT, _TYPE, _ANY, _DOC, _SKIP = range(11)
_NAMES = {_JSON: "JSON content", _BINARY: "binary content", _EMBED: "an embed", _TYPE: "a nested type",
          _ANY: "raw values", _DOC: "a subdocument"}


class Refused(ValueError):
    """The update holds something a pad does not keep; the message says what, for the writer."""


class PadFull(Refused):
    """The update would make the pad longer than it may grow."""

    def __init__(self, limit: int):
        super().__init__(f"this pad is full ({limit:,} characters)")
        self.limit = limit


def _whole_in(value, low: int, high: int) -> bool:
    """A whole number in range, as JSON gives it (2 or 2.0) or as Quill's toolbar does ("2")."""
    if isinstance(value, bool):
        return False
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and _WHOLE.match(value):
        value = int(value)
    return isinstance(value, int) and low <= value <= high


def _is_true(value) -> bool:
    return value is True


def _is_link(value) -> bool:
    return isinstance(value, str) and len(value) <= MAX_LINK and safe_link(value) is not None


def _is_author(value) -> bool:
    # The server stamps the real writer over it; a client may only say "a user id".
    return isinstance(value, str) and value.isdigit() and len(value) <= 15


#: format -> test of its value (null, taking the format off, is always allowed)
FORMATS = {
    "bold": _is_true,
    "italic": _is_true,
    "strike": _is_true,
    "code": _is_true,
    "link": _is_link,
    "header": lambda v: _whole_in(v, 1, 3),
    "list": lambda v: v in ("bullet", "ordered"),
    "indent": lambda v: _whole_in(v, 1, 8),
    "blockquote": _is_true,
    # Quill's code block says "plain" (or a language) when no highlighter is loaded.
    "code-block": lambda v: v is True or (isinstance(v, str) and re.fullmatch(r"[a-z0-9+#-]{1,20}", v) is not None),
    AUTHOR: _is_author,
    # Only the server holds words back or releases them; a writer's editor may only say "not held"
    # (Yjs says so itself for text typed next to held words), and the server puts back any hold
    # such a change would take off older text.
    HELD: lambda value: False,
}


def check_format(key: str, value) -> str | None:
    """Say what is wrong with one format, or None when the editor supports it."""
    test = FORMATS.get(key)
    if test is None:
        return f"the format “{key[:40]}” is not one the pad offers"
    if value is not None and not test(value):
        return f"the format “{key}” has a value the pad does not use"
    return None


def _format_value(raw: str):
    if len(raw) > _MAX_FORMAT_VALUE:
        raise Refused("a format's value is too long")
    try:
        return json.loads(raw)
    except (ValueError, RecursionError):
        raise Refused("a format's value does not read") from None


def inspect(update: bytes) -> int:
    """Check a writer's update; return the characters it inserts (UTF-16 units, as the browser counts).

    Raises Refused when it holds anything but text and the pad's formats, and ValueError when it
    does not decode (garbage, which the session drops as it drops any malformed message).
    """
    reader = Reader(update)
    inserted = 0
    try:
        for _ in range(reader.varuint()):
            structs = reader.varuint()
            reader.varuint()  # client
            reader.varuint()  # first clock
            for _ in range(structs):
                inserted += _struct(reader)
        # The delete set: ranges of clocks, whatever they delete is allowed to go.
        for _ in range(reader.varuint()):
            reader.varuint()
            for _ in range(reader.varuint()):
                reader.varuint(), reader.varuint()
    except (ValueError, IndexError, UnicodeDecodeError) as problem:
        if isinstance(problem, Refused):
            raise
        raise ValueError("the change does not decode") from None
    if reader.position != len(update):
        raise ValueError("the change does not decode")
    return inserted


def _struct(reader: Reader) -> int:
    """Read one struct; return the characters it inserts."""
    info = reader.data[reader.position]
    reader.position += 1
    kind = info & 0x1F
    if kind in (_GC, _SKIP):
        reader.varuint()
        return 0
    if info & 0x80:  # left origin
        reader.varuint(), reader.varuint()
    if info & 0x40:  # right origin
        reader.varuint(), reader.varuint()
    if not info & 0xC0:
        # No origin to copy the parent from: it is named, and must be the pad's one text.
        if reader.varuint() != 1:
            raise Refused("the change writes inside something that is not the pad's text")
        if reader.string() != TEXT_NAME:
            raise Refused("the change writes outside the pad's text")
        if info & 0x20:
            raise Refused("the change writes a key, not text")
    if kind == _DELETED:
        reader.varuint()
        return 0
    if kind == _STRING:
        return utf16_length(reader.string())
    if kind == _FORMAT:
        key = reader.string()
        problem = check_format(key, _format_value(reader.string()))
        if problem:
            raise Refused(problem)
        return 0
    raise Refused(f"the change holds {_NAMES.get(kind, 'content')} the pad cannot show")


def clean_runs(runs: list[Run]) -> list[Run]:
    """Keep only what the editor supports: text, with the formats it offers (a restore of an old revision).

    The server's holds stay: words held back then are held back again.
    """
    return [Run(run.text, {key: value for key, value in run.attrs.items()
                           if value is not None and (check_format(key, value) is None
                                                     or (key == HELD and _is_author(value)))})
            for run in runs if isinstance(run.text, str) and run.text]
