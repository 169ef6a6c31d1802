"""Redaction in real browsers: a teacher removes a phone number; the writer's browser forgets its copy of it."""
from __future__ import annotations

import pytest
from playwright.sync_api import Error as PlaywrightError

from board.pads import document
from tests.browser import expect, test_pads
from tests.browser.test_pads import open_pad, screenshots, server_runs, text_in, wait_until

school = test_pads.school  # the fixture: a school whose public prompt has a class pad

PHONE = "555 0199"

#: JavaScript: every update this browser keeps offline for the pad, as lists of bytes
OFFLINE_UPDATES = """(name) => new Promise((resolve, reject) => {
  const opening = indexedDB.open(name)
  opening.onerror = () => reject(opening.error)
  opening.onsuccess = () => {
    const db = opening.result
    if (!db.objectStoreNames.contains('updates')) { db.close(); resolve([]); return }
    const reading = db.transaction('updates').objectStore('updates').getAll()
    reading.onsuccess = () => { db.close(); resolve(reading.result.map((u) => Array.from(u))) }
    reading.onerror = () => reject(reading.error)
  }
})"""


def offline_copy_holds(page, name: str, words: str) -> bool:
    return any(words.encode() in bytes(update) for update in page.evaluate(OFFLINE_UPDATES, name))


@pytest.mark.browser
def test_a_redacted_phone_number_leaves_the_writers_browser_and_is_never_sent_again(school, new_page):
    pad = school.pad
    maya = new_page(school.maya)
    editor = open_pad(maya, pad)
    editor.click()
    # Pasted at once, so the offline copy keeps the number in one piece (as a paste would).
    maya.keyboard.insert_text(f"Call me on {PHONE} tonight. ")
    wait_until(lambda: PHONE in document.plain(server_runs(pad)), what="the number in the log")
    name = f"pad-{pad.id}-user-{school.maya.id}"
    wait_until(lambda: offline_copy_holds(maya, name, PHONE), what="the number in the offline copy")

    teacher = new_page(school.teacher)
    teacher.on("dialog", lambda dialog: dialog.accept())
    open_pad(teacher, pad)
    teacher.get_by_text("Remove words from the pad and its whole history").click()
    teacher.get_by_label("Words to remove").fill(PHONE)
    teacher.get_by_label("What kind of thing is it?").select_option("phone")
    screenshots(teacher, "redact-form", part=teacher.locator("#redact"))
    teacher.get_by_role("button", name="Remove everywhere").click()
    expect(teacher.locator(".flash, .alert, [role=status]").first).to_contain_text("Removed from 1 place in the pad")

    # Maya's editor was told to start again: it forgot its copy and loaded the pad from the server.
    def reloaded_without_the_number() -> bool:
        try:
            return maya.evaluate("Boolean(window.commonsPad)") and "[removed]" in text_in(maya)
        except PlaywrightError:  # the page is between two loads
            return False

    wait_until(reloaded_without_the_number, what="the redacted pad in Maya's editor")
    expect(maya.locator("[data-pad]")).to_have_attribute("data-pad-state", "connected")
    assert PHONE not in text_in(maya)
    assert not offline_copy_holds(maya, name, PHONE)

    # She writes on; nothing of the number comes back from her browser.
    maya.get_by_role("textbox", name="Pad text").click()
    maya.keyboard.press("End")
    maya.keyboard.type("Bye.")
    wait_until(lambda: "Bye." in document.plain(server_runs(pad)), what="her new words in the log")
    assert PHONE not in document.plain(server_runs(pad))
    assert document.plain(server_runs(pad)).startswith("Call me on [removed] tonight.")


@pytest.mark.browser
def test_a_browser_away_during_the_redaction_forgets_its_copy_when_it_comes_back(school, new_page, client, login_as):
    pad = school.pad
    maya = new_page(school.maya)
    editor = open_pad(maya, pad)
    editor.click()
    maya.keyboard.insert_text(f"Call me on {PHONE} tonight. ")
    wait_until(lambda: PHONE in document.plain(server_runs(pad)), what="the number in the log")
    name = f"pad-{pad.id}-user-{school.maya.id}"
    wait_until(lambda: offline_copy_holds(maya, name, PHONE), what="the number in the offline copy")
    context = maya.context
    maya.close()  # she is away; her browser keeps its copy

    login_as(school.teacher)
    client.post(f"/pads/{pad.id}/redact", data={"phrase": PHONE, "category": "phone"})

    back = context.new_page()
    open_pad(back, pad)
    wait_until(lambda: "[removed]" in text_in(back), what="the redacted pad")
    assert not offline_copy_holds(back, name, PHONE)
    assert PHONE not in document.plain(server_runs(pad))
