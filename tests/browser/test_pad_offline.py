"""Pads offline in a real browser: nothing is lost when a student goes offline for a while and comes back.

Maya's browser reaches the server through a small TCP relay, her line to the school; Jonah's reaches
it directly. Going offline is what a dropped Wi-Fi connection does: the line goes dead (her open
connections stay open at both ends but carry nothing, and neither end is told) and her browser goes
offline (`context.set_offline`). The relay is needed because this Chromium's offline mode does not
cut a WebSocket that is already open: it holds its frames back and delivers them once the browser
is online again, so her words could reach the server while her page says she is offline.
"""
from __future__ import annotations

import socket
import threading
from urllib.parse import urlsplit

import pytest

from board.pads import document
from tests.browser import expect, test_pads
from tests.browser.conftest import TIMEOUT_MS, sign_in
from tests.browser.test_pads import authors_of, open_pad, server_runs, text_in, wait_until

school = test_pads.school  # the fixture: a school whose public prompt has a class pad

OFFLINE = "Offline: your changes are kept and will be sent"


# ---- her line to the school ------------------------------------------------------------------


class Line:
    """A TCP relay to the server that can go dead, as a dropped Wi-Fi connection does.

    When it is cut, the connections open through it stay open at both ends but carry nothing more,
    ever, and nobody is told (not even when one end closes); new connections are refused until
    it is restored. That is a connection lost with the network, as opposed to one that is closed.
    """

    def __init__(self, upstream: str):
        target = urlsplit(upstream)
        self.target = (target.hostname, target.port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.lock = threading.Lock()
        self.up = True
        #: every connection through the line: [browser side, server side, still carrying bytes]
        self.connections: list[list] = []
        threading.Thread(target=self._accept, daemon=True, name="line-accept").start()

    def cut(self) -> None:
        with self.lock:
            self.up = False
            for connection in self.connections:
                connection[2] = False

    def restore(self) -> None:
        with self.lock:
            self.up = True

    def close(self) -> None:
        """Close everything, so the server's sessions through the line end."""
        _close(self.listener)
        with self.lock:
            connections, self.connections = self.connections, []
        for browser_side, server_side, _ in connections:
            _close(browser_side)
            _close(server_side)

    def _accept(self) -> None:
        while True:
            try:
                browser_side, _ = self.listener.accept()
            except OSError:
                return  # the line was closed
            try:
                server_side = socket.create_connection(self.target) if self.up else None
            except OSError:
                server_side = None
            if server_side is None:
                _close(browser_side)
                continue
            connection = [browser_side, server_side, True]
            with self.lock:
                connection[2] = self.up
                self.connections.append(connection)
            for source, sink in ((browser_side, server_side), (server_side, browser_side)):
                threading.Thread(target=self._pump, args=(connection, source, sink), daemon=True,
                                 name="line-pump").start()

    def _pump(self, connection: list, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                if connection[2]:
                    sink.sendall(data)
        except OSError:
            pass
        if connection[2]:  # a close on a live line reaches the other end; on a dead one it never does
            _close(source)
            _close(sink)


def _close(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    sock.close()


@pytest.fixture
def line(live_server):
    """Maya's line to the server, closed (and every connection through it) before the server stops."""
    relay = Line(live_server)
    yield relay
    relay.close()


@pytest.fixture
def through_line(browser, line):
    """Return pages of a person signed in through the line (their own browser context)."""
    contexts = []

    def make(user):
        context = browser.new_context(base_url=line.url)
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        sign_in(page, user)
        return page

    yield make
    for context in contexts:
        context.close()


def go_offline(context, line) -> None:
    """The network goes: her connections go dead, then her browser knows it is offline."""
    line.cut()
    context.set_offline(True)


def come_back(context, line) -> None:
    line.restore()
    context.set_offline(False)


def typed_at(page, before: str) -> None:
    """Put the caret just after `before` (the first place it appears), as a click there would."""
    page.evaluate("""(before) => {
        const quill = window.commonsPad.quill
        quill.setSelection(quill.getText().indexOf(before) + before.length, 0, 'user')
    }""", before)


def log_holds(pad, *words):
    """The server's log, once it holds all these words (else None, to wait on)."""
    runs = server_runs(pad)
    return runs if all(word in document.plain(runs) for word in words) else None


# ---- 1. offline for a while, both writing in the same paragraph ------------------------------

SEED = "Our park needs benches."
MAYA_INSIDE, JONAH_INSIDE = " new", " little"  # after "needs", after "Our"
MAYA_END = ["Maya: ", "shade ", "trees ", "by the ", "pond."]
JONAH_END = ["Jonah: ", "a water ", "fountain ", "near the ", "gate."]


@pytest.mark.browser
def test_words_written_offline_in_a_shared_paragraph_merge_with_a_classmates_when_she_is_back(
        school, new_page, through_line, line):
    pad = school.pad
    maya = through_line(school.maya)
    jonah = new_page(school.jonah)
    maya_editor, jonah_editor = open_pad(maya, pad), open_pad(jonah, pad)
    maya_status = maya.locator("[data-pad-status]")
    expect(maya_status).to_have_text("Connected · 2 people here")

    maya_editor.click()
    maya.keyboard.type(SEED, delay=10)
    wait_until(lambda: SEED in text_in(jonah), what="Jonah to see Maya's first sentence")

    go_offline(maya.context, line)
    expect(maya.locator("[data-pad]")).to_have_attribute("data-pad-state", "offline")
    expect(maya_status).to_have_text(OFFLINE)

    # Both go on writing the same paragraph: words inside it, and a sentence each after its end.
    maya_end, jonah_end = " " + "".join(MAYA_END), " " + "".join(JONAH_END)
    typed_at(maya, "needs")
    maya.keyboard.type(MAYA_INSIDE, delay=10)
    jonah_editor.click()
    typed_at(jonah, "Our")
    jonah.keyboard.type(JONAH_INSIDE, delay=10)
    maya.keyboard.press("Control+End")
    jonah.keyboard.press("Control+End")
    maya.keyboard.type(" ", delay=10)
    jonah.keyboard.type(" ", delay=10)
    for hers, his in zip(MAYA_END, JONAH_END, strict=True):
        maya.keyboard.type(hers, delay=15)
        jonah.keyboard.type(his, delay=15)

    # Cut off means cut off: neither sees the other's new words, and the server has only Jonah's.
    maya_offline = "Our park needs new benches." + maya_end
    assert text_in(maya) == maya_offline
    assert text_in(jonah) == "Our little park needs benches." + jonah_end
    wait_until(lambda: log_holds(pad, jonah_end), what="Jonah's words in the log")
    assert "Maya:" not in document.plain(server_runs(pad))
    # However often her browser tries the line again (twice at least), she stays offline.
    maya.wait_for_function("window.commonsPad.provider.wsUnsuccessfulReconnects >= 2")
    expect(maya_status).to_have_text(OFFLINE)

    come_back(maya.context, line)
    expect(maya.locator("[data-pad]")).to_have_attribute("data-pad-state", "connected")
    expect(maya_status).to_have_text("Connected · 2 people here")

    # One text everywhere, with every word of both; the two sentences written after the same
    # full stop stay whole, in either order.
    start = "Our little park needs new benches."
    possible = {start + maya_end + jonah_end, start + jonah_end + maya_end}
    wait_until(lambda: text_in(maya) in possible and text_in(jonah) == text_in(maya),
               what="both editors to hold every word")
    final = text_in(maya)
    quill_text = "window.commonsPad.quill.getText()"
    assert maya.evaluate(quill_text) == jonah.evaluate(quill_text) == final + "\n"
    runs = wait_until(lambda: (lambda r: r if document.plain(r) == final else None)(server_runs(pad)),
                      what="the server's log to match the editors")

    # Every word signed by the one who typed it, offline or not.
    written = authors_of(runs, ["Our", JONAH_INSIDE, " park needs", MAYA_INSIDE, " benches.", maya_end, jonah_end])
    assert written == {"Our": {school.maya.id}, JONAH_INSIDE: {school.jonah.id}, " park needs": {school.maya.id},
                       MAYA_INSIDE: {school.maya.id}, " benches.": {school.maya.id},
                       maya_end: {school.maya.id}, jonah_end: {school.jonah.id}}
    expect(jonah.locator(f".ql-editor .ql-author-{school.maya.id}", has_text="shade trees")).to_be_visible()
    expect(maya.locator(f".ql-editor .ql-author-{school.jonah.id}", has_text="water fountain")).to_be_visible()


# ---- 2. offline, tab closed, back later --------------------------------------------------------


@pytest.mark.browser
def test_words_written_offline_in_a_tab_she_closed_reach_the_class_when_she_opens_the_pad_again(
        school, new_page, through_line, line):
    pad = school.pad
    first, hers, his = "Jonah: a skate ramp.", " Maya: a reading corner under the oak.", " Jonah: a bike rack."
    jonah = new_page(school.jonah)
    jonah_editor = open_pad(jonah, pad)
    jonah_editor.click()
    jonah.keyboard.type(first, delay=10)
    maya = through_line(school.maya)
    maya_editor = open_pad(maya, pad)
    assert text_in(maya) == first

    go_offline(maya.context, line)
    expect(maya.locator("[data-pad-status]")).to_have_text(OFFLINE)
    maya_editor.click()
    maya.keyboard.press("Control+End")
    maya.keyboard.type(hers)
    context = maya.context
    maya.close()  # at once; the tab, not the browser: her offline copy stays on this device

    # While she is away, only her browser has her words; Jonah writes on.
    jonah.keyboard.type(his, delay=10)
    wait_until(lambda: log_holds(pad, his), what="Jonah's words in the log")
    assert "Maya:" not in document.plain(server_runs(pad))
    assert "Maya:" not in text_in(jonah)

    # Later, back online, she opens the pad again.
    come_back(context, line)
    maya = context.new_page()
    open_pad(maya, pad)
    expect(maya.locator("[data-pad-status]")).to_have_text("Connected · 2 people here")
    runs = wait_until(lambda: log_holds(pad, hers), what="her offline words to reach the log")
    final = document.plain(runs)
    assert final in {first + hers + his, first + his + hers}
    assert authors_of(runs, [first, hers, his]) == {
        first: {school.jonah.id}, hers: {school.maya.id}, his: {school.jonah.id}}
    wait_until(lambda: text_in(jonah) == text_in(maya) == final, what="Jonah and Maya to hold the log's text")
    expect(jonah.locator(f".ql-editor .ql-author-{school.maya.id}", has_text="reading corner")).to_be_visible()
