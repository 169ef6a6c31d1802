"""Pads in a real browser stay safe: a crafted update is refused and everyone goes on writing; a change
the server refuses, or a full pad, is said plainly.

Set COMMONS_SCREENS=/some/folder to also save screenshots (pads-*.png, 1280 and 375 wide).
"""
from __future__ import annotations

import pytest

from board.pads.client import PadClient
from tests.browser import expect
from tests.browser.test_pads import (
    open_pad,
    school,  # noqa: F401  (the fixture: a class with a pad)
    screenshots,
    server_runs,
    text_in,
    wait_until,
)
from tests.pads.conftest import sign_in as socket_cookie
from tests.pads.conftest import socket_url


@pytest.mark.browser
def test_a_crafted_embed_is_refused_and_two_browsers_keep_writing(school, new_page, live_server):
    pad = school.pad
    jonah, teacher = new_page(school.jonah), new_page(school.teacher)
    jonah_editor, teacher_editor = open_pad(jonah, pad), open_pad(teacher, pad)
    messages = []
    for page in (jonah, teacher):
        page.on("console", lambda message: messages.append(message.text))

    crafted = PadClient(socket_url(live_server, pad.id), cookie=socket_cookie(live_server, school.maya))
    try:
        assert crafted.wait_synced()
        with crafted._lock:
            crafted.text.insert_embed(0, {"video": "x"})
        assert crafted.closed.wait(10) and crafted.close_reason == 4422
    finally:
        crafted.close()

    jonah_editor.click()
    jonah.keyboard.type("Shade trees first. ", delay=10)
    teacher_editor.click()
    teacher.keyboard.press("Control+End")
    teacher.keyboard.type("Benches too.", delay=10)
    wait_until(lambda: text_in(jonah) == text_in(teacher) and "Benches too." in text_in(jonah)
               and "Shade trees first." in text_in(teacher), what="both browsers to agree")
    runs = wait_until(lambda: (lambda r: r if "Benches too." in "".join(x.text for x in r) else None)(
        server_runs(pad)), what="the server to log both")
    assert "Shade trees first." in "".join(run.text for run in runs)
    from board.pads import document, store
    pieces = document.text_of(store.load(pad.id).doc).diff()
    assert all(isinstance(value, str) for value, _ in pieces)
    for page in (jonah, teacher):
        expect(page.locator("[data-pad]")).to_have_attribute("data-pad-state", "connected")
    assert not any("Unable to create" in text for text in messages)


@pytest.mark.browser
def test_a_change_the_server_refuses_says_not_saved(school, new_page):
    pad = school.pad
    maya = new_page(school.maya)
    open_pad(maya, pad)
    # A format this editor never makes (as a broken or altered page might send).
    maya.evaluate("window.commonsPad.ydoc.getText('quill').insert(0, 'Colourful', { color: 'red' })")
    status = maya.locator("[data-pad-status]")
    expect(status).to_contain_text("Not saved — ")
    expect(status).to_contain_text("reload the page")
    expect(maya.locator("[data-pad]")).to_have_attribute("data-pad-not-saved", "true")
    assert "Colourful" not in "".join(run.text for run in server_runs(pad))
    screenshots(maya, "not-saved")


@pytest.mark.browser
def test_a_full_pad_says_so_and_keeps_what_was_there(app, school, new_page, monkeypatch):
    monkeypatch.setitem(app.config, "PAD_MAX_CHARS", 80)
    pad = school.pad
    maya = new_page(school.maya)
    editor = open_pad(maya, pad)
    editor.click()
    maya.keyboard.type("Parks need shade trees and benches by the pond. ", delay=5)
    # A paste that would take the pad past its limit is not kept.
    maya.evaluate("""() => {
        const quill = window.commonsPad.quill
        quill.insertText(quill.getLength() - 1, 'x'.repeat(200), 'user')
    }""")
    status = maya.locator("[data-pad-status]")
    expect(status).to_contain_text("This pad is full (80 characters)")
    assert "x" * 10 not in text_in(maya)
    assert "x" * 10 not in maya.evaluate("window.commonsPad.quill.getText()")
    # Typing goes on, within the limit, and reaches the server.
    maya.keyboard.type("Yes.", delay=5)
    wait_until(lambda: "Yes." in "".join(run.text for run in server_runs(pad)), what="the words to be saved")
    expect(maya.locator("[data-pad]")).to_have_attribute("data-pad-state", "connected")
    screenshots(maya, "full")
