"""The Yjs sync and awareness protocol (y-websocket framing), and the pad's own messages.

Every message starts with a varuint type: 0 sync, 1 awareness, 3 query awareness
(as y-websocket), 100 for the norms findings the server sends one writer, and 101 for "the pad's
pictures changed" (board/pads/pictures.py), which every editor of the pad hears.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from pycrdt import create_update_message

SYNC = 0
AWARENESS = 1
AUTH = 2
QUERY_AWARENESS = 3
FINDINGS = 100
PICTURES = 101

SYNC_STEP1 = 0
SYNC_STEP2 = 1
SYNC_UPDATE = 2


def write_varuint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


class Reader:
    """Reads varuints and length-prefixed byte strings from a message."""

    def __init__(self, data: bytes):
        self.data = data
        self.position = 0

    def varuint(self) -> int:
        value, shift = 0, 0
        while True:
            if self.position >= len(self.data):
                raise ValueError("message ends inside a number")
            byte = self.data[self.position]
            self.position += 1
            value |= (byte & 0x7F) << shift
            if byte < 0x80:
                return value
            shift += 7
            if shift > 63:
                raise ValueError("number too long")

    def bytes(self) -> bytes:
        length = self.varuint()
        end = self.position + length
        if end > len(self.data):
            raise ValueError("message shorter than it says")
        chunk = self.data[self.position:end]
        self.position = end
        return chunk

    def string(self) -> str:
        return self.bytes().decode("utf-8")


def _chunk(data: bytes) -> bytes:
    return write_varuint(len(data)) + data


def sync_step1(state_vector: bytes) -> bytes:
    return write_varuint(SYNC) + write_varuint(SYNC_STEP1) + _chunk(state_vector)


def sync_step2(update: bytes) -> bytes:
    return write_varuint(SYNC) + write_varuint(SYNC_STEP2) + _chunk(update)


def update_message(update: bytes) -> bytes:
    return create_update_message(update)


def awareness_message(update: bytes) -> bytes:
    return write_varuint(AWARENESS) + _chunk(update)


def permission_denied(reason: str) -> bytes:
    """y-protocols' auth message: the browser stops and shows why (it reads a leading close code)."""
    return write_varuint(AUTH) + write_varuint(0) + _chunk(reason.encode("utf-8"))


def findings_message(payload: dict) -> bytes:
    return write_varuint(FINDINGS) + _chunk(json.dumps(payload, ensure_ascii=False).encode("utf-8"))


def pictures_message() -> bytes:
    """Nothing about the pictures is in it: each editor asks for what it may see (the strip's own page)."""
    return write_varuint(PICTURES) + _chunk(b'{"pictures":"changed"}')


@dataclass
class AwarenessEntry:
    client_id: int
    clock: int
    #: the JSON state, or None when the client left
    state: dict | None


#: a cursor state is a few hundred bytes; anything much larger is not the editor's
MAX_AWARENESS_STATE = 2048
MAX_AWARENESS_ENTRIES = 64
#: Yjs client ids are 32-bit; clocks and item positions stay far below 2**53 (JavaScript's exact integers)
_MAX_ID = 2**53


def decode_awareness(update: bytes) -> list[AwarenessEntry]:
    """Read an awareness message; raise ValueError for one too large or too deep to be a cursor."""
    reader = Reader(update)
    entries = []
    count = reader.varuint()
    if count > MAX_AWARENESS_ENTRIES:
        raise ValueError("too many awareness states")
    for _ in range(count):
        client_id, clock = reader.varuint(), reader.varuint()
        raw = reader.bytes()
        # Measured before it is parsed: deep nesting would exhaust the parser's recursion.
        if len(raw) > MAX_AWARENESS_STATE:
            raise ValueError("awareness state too large")
        try:
            state = json.loads(raw) if raw and raw != b"null" else None
        except RecursionError:
            raise ValueError("awareness state nested too deeply") from None
        entries.append(AwarenessEntry(client_id, clock, state if isinstance(state, dict) else None))
    return entries


def _whole(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < _MAX_ID


def _clean_id(value) -> dict | None:
    if value is None:
        return None
    if isinstance(value, dict) and set(value) == {"client", "clock"} and all(map(_whole, value.values())):
        return {"client": value["client"], "clock": value["clock"]}
    raise ValueError("not a Yjs id")


def _clean_position(value) -> dict:
    """A Yjs relative position as y-quill sends it: {type, tname, item, assoc}."""
    if not isinstance(value, dict) or not set(value) <= {"type", "tname", "item", "assoc"}:
        raise ValueError("not a relative position")
    tname, assoc = value.get("tname"), value.get("assoc", 0)
    if tname is not None and (not isinstance(tname, str) or len(tname) > 64):
        raise ValueError("not a type name")
    if assoc is not None and not (isinstance(assoc, int) and not isinstance(assoc, bool) and -1 <= assoc <= 1):
        raise ValueError("not an association")
    return {"type": _clean_id(value.get("type")), "tname": tname, "item": _clean_id(value.get("item")),
            "assoc": assoc or 0}


def clean_awareness_state(state: dict) -> dict | None:
    """Keep what the editor sends (a cursor of two relative positions); None for anything else.

    The `user` a client claims is dropped: the server names each cursor itself.
    """
    if not set(state) <= {"user", "cursor"}:
        return None
    cursor = state.get("cursor")
    try:
        if cursor is None:
            return {"cursor": None}
        if not isinstance(cursor, dict) or set(cursor) != {"anchor", "head"}:
            return None
        return {"cursor": {"anchor": _clean_position(cursor["anchor"]), "head": _clean_position(cursor["head"])}}
    except ValueError:
        return None


def encode_awareness(entries: list[AwarenessEntry]) -> bytes:
    out = bytearray(write_varuint(len(entries)))
    for entry in entries:
        out += write_varuint(entry.client_id) + write_varuint(entry.clock)
        out += _chunk(json.dumps(entry.state, ensure_ascii=False).encode("utf-8") if entry.state is not None
                      else b"null")
    return bytes(out)
