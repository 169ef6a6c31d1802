"""In a long pad, a writer's reminder sits right under the line that has her words, on a phone as on a
laptop, and covers none of the text; once she revises them it goes and the pad closes up again.

Set COMMONS_SCREENS=/some/folder to also save screenshots (pads-reminder-line-*.png, 1280 and 375 wide).
"""
from __future__ import annotations

import pytest

from tests.browser import expect, test_pads
from tests.browser.test_pads import SHUTDOWN_MESSAGE, open_pad, screenshots, wait_until
from tests.pads.conftest import write

school = test_pads.school  # the fixture: a school whose public prompt has a class pad

LINES = 40


def boxes(page) -> dict:
    """Where the reminder and the pad's first lines are on screen, as the browser laid them out."""
    return page.evaluate("""() => {
        const rect = (el) => { const r = el.getBoundingClientRect(); return {top: r.top, bottom: r.bottom} }
        const lines = Array.from(document.querySelectorAll('.ql-editor > *')).slice(0, 4).map(rect)
        return {panel: rect(document.querySelector('[data-pad-findings]')), lines, viewport: window.innerHeight}
    }""")


def gap(page) -> float:
    """The space between the line with her words and the next."""
    lines = boxes(page)["lines"]
    return lines[2]["top"] - lines[1]["bottom"]


def assert_under_second_line(page) -> None:
    at = boxes(page)
    second, third, panel = at["lines"][1], at["lines"][2], at["panel"]
    # Right under the line with her words, above the next line: nothing of the text is covered.
    assert second["bottom"] <= panel["top"] <= second["bottom"] + 24, at
    assert panel["bottom"] <= third["top"], at
    # In view, not below the fold of a long pad.
    assert panel["bottom"] <= at["viewport"], at


@pytest.mark.browser
@pytest.mark.parametrize("width,height", [(1280, 900), (375, 812)])
def test_the_reminder_sits_under_the_line_that_caused_it(school, new_page, width, height):
    pad = school.pad
    write(pad, school.jonah, "".join(f"Line {i}: the park needs more shade and benches.\n" for i in range(LINES)))
    maya = new_page(school.maya, viewport={"width": width, "height": height})
    editor = open_pad(maya, pad)
    editor.click()
    maya.keyboard.press("Control+Home")
    maya.keyboard.press("End")
    maya.keyboard.press("Enter")
    maya.keyboard.type("shut up, nobody asked you", delay=5)

    findings = maya.locator("[data-pad-findings]")
    expect(findings).to_contain_text(SHUTDOWN_MESSAGE)
    expect(findings).to_have_class("pad-findings is-anchored")
    assert_under_second_line(maya)
    screenshots(maya, "reminder-line", part=None)

    # Folded to one line, it stays under her line and the gap closes up to it.
    findings.get_by_role("button", name="Hide the reminder").click()
    expect(findings.locator(".pad-reminder")).to_have_class("reminder-box pad-reminder is-folded")
    wait_until(lambda: gap(maya) < 80, what="the gap to close up to the folded reminder")
    assert_under_second_line(maya)

    # She goes back to her line and revises her words: the reminder goes and the pad closes up.
    maya.locator(".ql-editor > *").nth(1).click()
    maya.keyboard.press("End")
    for _ in range(len("shut up, nobody asked you")):
        maya.keyboard.press("Backspace")
    maya.keyboard.type("I see it differently.", delay=5)
    expect(findings).to_be_hidden()
    wait_until(lambda: gap(maya) < 20, what="the pad to close up")


@pytest.mark.browser
def test_a_teachers_list_stays_under_the_pad(school, new_page):
    pad = school.pad
    write(pad, school.jonah, "Parks matter.\n")
    write(pad, school.maya, "shut up, nobody asked you\n")
    teacher = new_page(school.teacher)
    open_pad(teacher, pad)
    findings = teacher.locator("[data-pad-findings]")
    expect(findings).to_contain_text("The norms check found")
    expect(findings).not_to_have_class("pad-findings is-anchored")
