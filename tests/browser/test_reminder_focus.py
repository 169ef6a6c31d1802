"""After the server's norms check, the reminder is where the student looks: scrolled to and focused."""
from __future__ import annotations

import pytest

from tests.browser import expect

PHONE = {"width": 375, "height": 700}
UNKIND = "that is the dumbest take in this thread"

#: record, at the moment the focus moves, where the focused element is on the screen
WATCH_FOCUS = """document.addEventListener("focusin", (event) => {
  window.focusSeen = window.focusSeen || [];
  window.focusSeen.push({cls: event.target.className, top: event.target.getBoundingClientRect().top});
}, true);"""


def post_unkind(page, prompt_id: int) -> None:
    page.goto(f"/prompts/{prompt_id}")
    page.get_by_role("textbox", name="Your response").fill(UNKIND)
    page.get_by_role("button", name="Post response").click()
    expect(page.locator("[data-reminder] .reminder-box")).to_be_visible()


@pytest.mark.browser
def test_on_a_phone_the_servers_reminder_is_scrolled_to_and_takes_the_focus(make, new_page):
    school = make.school()
    maya = new_page(school.maya, viewport=PHONE)
    post_unkind(maya, school.public_prompt.id)
    reminder = maya.locator("[data-reminder] .reminder-box")
    expect(reminder).to_be_focused()
    expect(reminder).to_be_in_viewport()
    # Its title is at the top of the screen, not cut off below it.
    maya.wait_for_function("""() => {
      const top = document.querySelector('[data-reminder] .reminder-box').getBoundingClientRect().top;
      return top >= 0 && top < window.innerHeight / 3;
    }""")
    # The student's way on comes right after it: Tab goes to what they can do about it.
    maya.keyboard.press("Tab")
    expect(maya.get_by_role("button", name="I revised it: check again")).to_be_focused()


@pytest.mark.browser
def test_with_reduced_motion_the_reminder_is_there_at_once(make, new_page):
    school = make.school()
    maya = new_page(school.maya, viewport=PHONE, reduced_motion="reduce")
    maya.add_init_script(WATCH_FOCUS)
    post_unkind(maya, school.public_prompt.id)
    expect(maya.locator("[data-reminder] .reminder-box")).to_be_focused()
    seen = maya.evaluate("window.focusSeen")
    moment = next(s for s in seen if "reminder-box" in s["cls"])
    # No smooth scroll: when the focus arrived, the reminder was already in place.
    assert 0 <= moment["top"] < PHONE["height"] / 3, seen


@pytest.mark.browser
def test_a_reminder_that_appears_while_typing_leaves_the_focus_in_the_text(make, new_page):
    school = make.school()
    maya = new_page(school.maya, viewport=PHONE)
    maya.goto(f"/prompts/{school.public_prompt.id}")
    box = maya.get_by_role("textbox", name="Your response")
    box.fill(UNKIND)
    box.press("End")
    expect(maya.locator("[data-reminder] .reminder-box")).to_be_visible()
    expect(box).to_be_focused()
