"""Small things a keyboard or a phone user meets: the Return form opens below the decision buttons,
and the pad's editor shows clearly when it has the focus."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from board.extensions import db
from board.pads.models import Pad
from tests.browser import expect


def top(locator) -> float:
    return locator.bounding_box()["y"]


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 375])
def test_opening_the_return_form_leaves_the_other_decisions_in_one_row(make, new_page, width):
    school = make.school()
    make.post(school.lucia, school.public_prompt, "I'm not sure yet. Would 16-year-olds vote?")
    teacher = new_page(school.teacher, viewport={"width": width, "height": 900})
    teacher.goto("/queue")
    item = teacher.locator("[data-queue-item]").first
    item.get_by_text("Return with feedback").click()
    expect(item.get_by_label("Feedback the student will see beside their text")).to_be_visible()

    approve = item.get_by_role("button", name="Approve", exact=True)
    reject = item.locator(".decide-more[data-action=reject] > summary")
    if width == 1280:  # a phone is too narrow for three buttons in a row anyway
        assert top(approve) == top(reject), "Approve and Reject went to separate rows when the form opened"
    # The form itself comes below the buttons, not between them.
    assert top(item.get_by_role("button", name="Return for revision")) > top(reject)


@pytest.mark.browser
def test_the_pad_editor_shows_a_strong_focus_ring(make, new_page):
    school = make.school()
    prompt = make.prompt(school.classroom, "class", "How should we spend the park budget?", kind="pad")
    pad = db.session.scalar(select(Pad).where(Pad.prompt_id == prompt.id))
    maya = new_page(school.maya)
    maya.goto(f"/pads/{pad.id}")
    editor = maya.locator(".ql-editor")
    expect(editor).to_have_attribute("contenteditable", "true")
    editor.focus()
    ring = maya.locator(".pad .ql-container").evaluate(
        "(el) => { const s = getComputedStyle(el); return [s.outlineStyle, parseFloat(s.outlineWidth)]; }")
    assert ring[0] == "solid" and ring[1] >= 3, f"the editor's focus ring is {ring}"
