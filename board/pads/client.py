"""A Python peer for a pad: what a browser does, for scripts, tests and benchmarks.

    client = PadClient("ws://127.0.0.1:5000/pads/3/sync", cookie="session=...")
    client.wait_synced()
    client.insert(0, "Hello")
    client.wait_for(lambda text: "Hello" in text)
"""
from __future__ import annotations

import json
import re
import threading
import time

import simple_websocket
from pycrdt import Doc, Text

from board.pads import protocol
from board.pads.document import TEXT_NAME, byte_length
from board.pads.protocol import Reader


class _Socket(simple_websocket.Client):
    """simple_websocket's client, which also reads what the server sent along with its handshake.

    It reads only the handshake's answer; frames that came in the same packet (a server that
    says why and closes at once) would wait in the protocol's buffer until more data came,
    which may be never.
    """

    def _thread(self):
        self.connected = self._handle_events()
        if not self.connected:
            self.event.set()
            self.sock.close()
            return
        super()._thread()


class PadClient:
    def __init__(self, url: str, cookie: str | None = None, origin: str | None = None, author_id=None,
                 state: bytes | None = None):
        """Connect; `state` is a document kept from before (as a browser's offline copy), sent on sync."""
        self.doc = Doc()
        self.text = self.doc.get(TEXT_NAME, type=Text)
        if state:
            self.doc.apply_update(state)
        #: stamped on what this client types, as the browser does (the server checks it anyway)
        self.author_id = author_id
        self.synced = threading.Event()
        self.closed = threading.Event()
        self.close_reason: int | None = None
        #: the close code the server announced before closing (some servers garble the close frame)
        self.denied: int | None = None
        self.findings: list[dict] = []
        #: the "pictures changed" messages heard (board/pads/pictures.py)
        self.pictures_changed: list[dict] = []
        #: the awareness (cursor) states the server passed on: the latest by Yjs client id, and all in order
        self.awareness: dict[int, dict | None] = {}
        self.awareness_seen: list[tuple[int, dict | None]] = []
        #: called with (update, time.perf_counter()) as each update arrives, before it is applied
        self.on_update: list = []
        self._lock = threading.RLock()
        self._remote = False
        headers = {}
        if cookie:
            headers["Cookie"] = cookie
        if origin:
            headers["Origin"] = origin
        self.ws = _Socket.connect(url, headers=headers)
        self._subscription = self.doc.observe(self._on_local_change)
        self._thread = threading.Thread(target=self._run, daemon=True, name="pad-client")
        self._thread.start()
        self._send(protocol.sync_step1(self.doc.get_state()))

    # ---- what a writer does -----------------------------------------------------------------

    def insert(self, index: int, value: str, attrs: dict | None = None) -> None:
        """Insert at a position counted as pycrdt counts (UTF-8 bytes; the same as characters in ASCII)."""
        if self.author_id is not None:
            attrs = {**(attrs or {}), "author": str(self.author_id)}
        with self._lock:
            self.text.insert(index, value, attrs)

    def append(self, value: str) -> None:
        """Add text at the end (before Quill's closing newline, if there is one)."""
        with self._lock:
            current = str(self.text)
            index = byte_length(current[:-1] if current.endswith("\n") else current)
        self.insert(index, value)

    def delete(self, start: int, end: int) -> None:
        """Delete between two Python string indexes."""
        with self._lock:
            current = str(self.text)
            del self.text[byte_length(current[:start]):byte_length(current[:end])]

    def set_awareness(self, client_id: int, clock: int, state: dict) -> None:
        entry = protocol.AwarenessEntry(client_id, clock, state)
        self._send(protocol.awareness_message(protocol.encode_awareness([entry])))

    def send_raw(self, message: bytes) -> None:
        """Send a message as it is (a script testing what the server refuses)."""
        self._send(message)

    @property
    def value(self) -> str:
        with self._lock:
            return str(self.text)

    def runs(self) -> list:
        with self._lock:
            return self.text.diff()

    # ---- waiting --------------------------------------------------------------------------

    def wait_synced(self, timeout: float = 10) -> bool:
        return self.synced.wait(timeout)

    def wait_for(self, predicate, timeout: float = 10) -> bool:
        """Wait until the text satisfies a condition."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate(self.value):
                return True
            if self.closed.is_set():
                return predicate(self.value)
            time.sleep(0.01)
        return False

    def close(self) -> None:
        try:
            self.ws.close()
        except Exception:  # noqa: BLE001  (already closed)
            pass
        self.closed.wait(2)
        # The document's subscription holds this client: without this, no closed client is freed.
        try:
            self.doc.unobserve(self._subscription)
        except Exception:  # noqa: BLE001  (never subscribed, or already let go)
            pass

    # ---- the protocol -----------------------------------------------------------------------

    def _send(self, message: bytes) -> None:
        try:
            self.ws.send(message)
        except Exception:  # noqa: BLE001  (the reader thread notices the close)
            pass

    def _on_local_change(self, event) -> None:
        if not self._remote:
            self._send(protocol.update_message(event.update))

    def _apply(self, update: bytes) -> None:
        with self._lock:
            self._remote = True
            try:
                self.doc.apply_update(update)
            finally:
                self._remote = False

    def _run(self) -> None:
        try:
            while True:
                data = self.ws.receive()
                if not isinstance(data, bytes):
                    continue
                reader = Reader(data)
                kind = reader.varuint()
                if kind == protocol.SYNC:
                    step, payload = reader.varuint(), reader.bytes()
                    if step == protocol.SYNC_STEP1:
                        with self._lock:
                            self._send(protocol.sync_step2(self.doc.get_update(payload)))
                    else:
                        arrived = time.perf_counter()
                        for listener in self.on_update:
                            listener(payload, arrived)
                        self._apply(payload)
                        if step == protocol.SYNC_STEP2:
                            self.synced.set()
                elif kind == protocol.AWARENESS:
                    for entry in protocol.decode_awareness(reader.bytes()):
                        self.awareness[entry.client_id] = entry.state
                        self.awareness_seen.append((entry.client_id, entry.state))
                elif kind == protocol.FINDINGS:
                    self.findings = json.loads(reader.string()).get("findings", [])
                elif kind == protocol.PICTURES:
                    self.pictures_changed.append(json.loads(reader.string()))
                elif kind == protocol.AUTH and reader.varuint() == 0:
                    # The server says why before it closes, as browsers read it: "4403 You can't ...".
                    code = re.match(r"\s*(\d{4})\b", reader.string())
                    self.denied = int(code.group(1)) if code else None
        except simple_websocket.ConnectionClosed as closed:
            self.close_reason = self.denied or closed.reason
        except Exception:  # noqa: BLE001  (a broken socket ends the client like a close)
            self.close_reason = self.denied
        finally:
            self.closed.set()
