"""Bringing student work to colleagues, in a real browser: share from the post, talk in steps."""
from __future__ import annotations

import os
import re

import pytest

from tests.browser import expect

#: a folder to save each page into at 1280 and 375 px wide, when set
SCREENS = os.environ.get("COMMONS_SCREENS", "")


def screenshots(page, name: str) -> None:
    """Save the whole page 1280 and 375 wide, only when COMMONS_SCREENS names a folder."""
    if not SCREENS:
        return
    os.makedirs(SCREENS, exist_ok=True)
    for width, height in ((1280, 900), (375, 812)):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=os.path.join(SCREENS, f"colleagues-{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.mark.browser
def test_a_teacher_shares_a_post_and_colleagues_talk_about_it_step_by_step(make, new_page):
    school = make.school()
    post = make.post(school.maya, school.class_prompt,
                     "Rules are fair when everyone helps make them. Jonah's idea of a class vote is good, "
                     "and Lucia Morales showed why in her essay.", publish=True)
    make.post(school.jonah, school.class_prompt, "Thanks Maya! I agree with you.", parent=post, publish=True)

    teacher = new_page(school.teacher, viewport={"width": 1280, "height": 900})
    teacher.goto("/")
    expect(teacher.get_by_role("link", name="Looking at student work with colleagues")).to_be_visible()
    screenshots(teacher, "teacher-home")
    teacher.goto(f"/posts/{post.id}")
    screenshots(teacher, "post")
    teacher.get_by_role("link", name="Share with colleagues").click()
    expect(teacher.get_by_role("heading", name="What colleagues will see")).to_be_visible()
    expect(teacher.locator(".shared-work")).to_contain_text("Classmate A's idea of a class vote")
    screenshots(teacher, "share")
    teacher.get_by_role("button", name="Share with colleagues").click()
    expect(teacher.locator("#body-error")).to_have_text(
        "Write the question you want colleagues to help you think about.")
    screenshots(teacher, "share-error")
    teacher.get_by_label("Your framing question").fill("How could I push this student toward evidence?")
    teacher.get_by_role("button", name="Share with colleagues").click()
    expect(teacher.locator(".protocol-steps [aria-current=step]")).to_have_text("Framing question")
    teacher.get_by_label("Add context").fill("Grade 8, second week of the unit, written in class.")
    teacher.get_by_role("button", name="Add", exact=True).click()
    teacher.get_by_role("button", name="Move on to clarifying questions").click()
    expect(teacher.locator(".protocol-steps [aria-current=step]")).to_have_text("Clarifying questions")
    conversation = teacher.url.split("#")[0]

    colleague = new_page(school.other_teacher, viewport={"width": 1280, "height": 900})
    colleague.goto("/colleagues")
    expect(colleague.get_by_role("link", name="How could I push this student toward evidence?")).to_be_visible()
    screenshots(colleague, "list")
    colleague.get_by_role("link", name="How could I push this student toward evidence?").click()
    colleague.get_by_label("Ask a clarifying question").fill("Had they read both articles?")
    colleague.get_by_role("button", name="Add", exact=True).click()
    expect(colleague.locator("#step-clarifying .contributions")).to_contain_text("Had they read both articles?")
    assert colleague.url.split("#")[0] == conversation
    text = colleague.locator("main").inner_text()
    for name in ("Maya", "Jonah", "Lucia", "Morales", "Chen"):
        assert re.search(rf"\b{name}\b", text) is None, name
    assert "Move on to" not in text
    screenshots(colleague, "conversation")

    # The presenter takes it to the end and closes it.
    for step in ("probing questions", "warm feedback", "cool feedback", "the presenter’s reflection"):
        teacher.get_by_role("button", name=f"Move on to {step}").click()
    teacher.get_by_label("Add your reflection").fill("I will model using a quotation as evidence.")
    teacher.get_by_role("button", name="Add", exact=True).click()
    screenshots(teacher, "reflection")
    teacher.once("dialog", lambda dialog: dialog.accept())
    teacher.get_by_role("button", name="Close the conversation").click()
    expect(teacher.locator("main")).to_contain_text("Closed")
    expect(teacher.get_by_role("button", name="Add", exact=True)).to_have_count(0)
    screenshots(teacher, "closed")


@pytest.mark.browser
def test_a_teacher_shares_a_pad_revision_from_its_history(make, new_page):
    from sqlalchemy import select

    from board.extensions import db
    from board.pads.models import Pad
    from board.pads.store import cut_live_revision
    from tests.pads.conftest import write

    school = make.school()
    prompt = make.prompt(school.classroom, "class", "Plan the class trip together", kind="pad")
    pad = db.session.scalar(select(Pad).where(Pad.prompt_id == prompt.id))
    write(pad, school.maya, "The science museum, because Jonah loves planets.\n")
    write(pad, school.jonah, "Or the park: Maya says it is free.\n")
    cut_live_revision(pad.id)
    db.session.commit()

    teacher = new_page(school.teacher, viewport={"width": 1280, "height": 900})
    teacher.goto(f"/pads/{pad.id}/history")
    teacher.get_by_role("link", name="Share with colleagues").click()
    expect(teacher.locator(".shared-work")).to_contain_text("because Student B loves planets")
    expect(teacher.locator(".shared-work")).to_contain_text("Student A says it is free")
    screenshots(teacher, "share-pad")
    teacher.get_by_label("Your framing question").fill("Are they building on each other's ideas?")
    teacher.get_by_role("button", name="Share with colleagues").click()
    expect(teacher.locator(".shared-work")).to_contain_text("The class pad, revision 1")
    screenshots(teacher, "conversation-pad")
