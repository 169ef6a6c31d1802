"""The Yjs sync and awareness protocol (y-websocket framing), and the pad's own messages.

Every message starts with a varuint type: 0 sync, 1 awareness, 3 query awareness
(as y-websocket), and 100 for the norms findings the server sends one writer.
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


@dataclass
class AwarenessEntry:
    client_id: int
    clock: int
    #: the JSON state, or None when the client left
    state: dict | None


def decode_awareness(update: bytes) -> list[AwarenessEntry]:
    reader = Reader(update)
    entries = []
    for _ in range(reader.varuint()):
        client_id, clock = reader.varuint(), reader.varuint()
        raw = reader.string()
        state = json.loads(raw) if raw and raw != "null" else None
        entries.append(AwarenessEntry(client_id, clock, state if isinstance(state, dict) else None))
    return entries


def encode_awareness(entries: list[AwarenessEntry]) -> bytes:
    out = bytearray(write_varuint(len(entries)))
    for entry in entries:
        out += write_varuint(entry.client_id) + write_varuint(entry.clock)
        out += _chunk(json.dumps(entry.state, ensure_ascii=False).encode("utf-8") if entry.state is not None
                      else b"null")
    return bytes(out)
