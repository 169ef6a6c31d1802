"""A pad line with a norms finding, in real browsers: invisible to a classmate until a teacher releases it."""
from __future__ import annotations

import pytest

from board.pads import document, holds
from tests.browser import expect, test_pads
from tests.browser.test_pads import open_pad, screenshots, server_runs, wait_until

school = test_pads.school  # the fixture: a school whose public prompt has a class pad

INSULT = "shut up, nobody asked you"


@pytest.mark.browser
def test_a_line_with_a_finding_is_invisible_to_a_classmate_until_released(school, new_page):
    pad = school.pad
    maya, jonah, teacher = new_page(school.maya), new_page(school.jonah), new_page(school.teacher)
    maya_editor = open_pad(maya, pad)
    jonah_editor = open_pad(jonah, pad)
    maya_editor.click()
    maya.keyboard.type("Parks need shade.", delay=5)
    maya.keyboard.press("Enter")
    maya.keyboard.type(INSULT, delay=5)
    expect(jonah_editor).to_contain_text("Parks need shade.")

    # Held by the server once her check finds them: Jonah's editor no longer shows them.
    wait_until(lambda: holds.held_passages(server_runs(pad), {}), what="a hold in the log")
    # What a person sees (the text on screen, not the document underneath): the line is gone.
    expect(jonah_editor).not_to_contain_text("shut up", use_inner_text=True)
    expect(jonah_editor).not_to_contain_text("nobody asked you", use_inner_text=True)
    expect(jonah_editor).to_have_text("Parks need shade.", use_inner_text=True)
    # Maya sees her words, highlighted, with the reminder.
    expect(maya.locator('.ql-editor [class*="ql-held-"]').first).to_be_visible()
    expect(maya.locator("[data-pad-findings]")).to_contain_text("Your classmates do not see these words")

    # The teacher sees them highlighted, and shows them to the class.
    open_pad(teacher, pad)
    expect(teacher.locator('.ql-editor [class*="ql-held-"]').first).to_be_visible()
    held = teacher.locator("#held")
    expect(held).to_contain_text("Maya C.")
    screenshots(teacher, "held-teacher", part=teacher.locator(".publish-panel"))
    screenshots(jonah, "held-classmate")
    for _ in range(held.get_by_role("button").count()):
        teacher.locator("#held").get_by_role("button").first.click()
        teacher.wait_for_load_state()
    wait_until(lambda: not holds.held_passages(server_runs(pad), {}), what="no hold left")
    expect(jonah_editor).to_contain_text(INSULT, use_inner_text=True)
    assert INSULT in document.plain(server_runs(pad))
