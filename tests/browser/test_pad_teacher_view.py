"""The teacher's pad in a real browser: the words the norms check found are highlighted, and who
else is here (and on which line) is said in words, not only drawn as coloured cursors."""
from __future__ import annotations

import pytest

from tests.browser import expect, test_pads
from tests.browser.test_pads import SHUTDOWN_MESSAGE, open_pad, screenshots
from tests.pads.conftest import write

school = test_pads.school  # the fixture: a school whose public prompt has a class pad


@pytest.mark.browser
def test_the_teacher_sees_the_flagged_words_highlighted_with_who_wrote_them(school, new_page):
    pad = school.pad
    write(pad, school.maya, "Shade trees first.\nshut up, nobody asked you\n")
    teacher = new_page(school.teacher)
    open_pad(teacher, pad)
    findings = teacher.locator("[data-pad-findings]")
    expect(findings).to_be_visible()
    expect(findings).to_contain_text("The norms check found, in students’ words")
    expect(findings).to_contain_text(SHUTDOWN_MESSAGE)
    expect(findings).to_contain_text("Maya C.")
    expect(teacher.locator(".pad-findings-layer .pad-finding-mark").first).to_be_visible()

    # New words found while she is there reach her too, with their writer's name.
    jonah = new_page(school.jonah)
    editor = open_pad(jonah, pad)
    editor.click()
    jonah.keyboard.press("Control+End")
    jonah.keyboard.type("Nobody cares what you think", delay=10)
    expect(findings).to_contain_text("Jonah", timeout=8_000)
    screenshots(teacher, "teacher-findings")


@pytest.mark.browser
def test_who_else_is_here_and_on_which_line_is_said_without_a_mouse(school, new_page):
    pad = school.pad
    write(pad, school.teacher, "First line.\nSecond line.\nThird line.\n")
    teacher, maya = new_page(school.teacher), new_page(school.maya)
    open_pad(teacher, pad)
    editor = open_pad(maya, pad)
    here = teacher.locator("[data-pad-here]")
    expect(here).to_have_attribute("aria-live", "polite")
    expect(here).to_have_text("Also here: Maya C.")

    editor.click()
    maya.keyboard.press("Control+Home")
    maya.keyboard.press("ArrowDown")
    maya.keyboard.press("ArrowDown")
    expect(here).to_have_text("Also here: Maya C. (line 3).")
    expect(maya.locator("[data-pad-here]")).to_have_text("Also here: Dana R.")
