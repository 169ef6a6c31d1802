"""A student's to-do in a real browser: returned work waits under "To revise" with the feedback,
and once revised it moves to "Waiting for review"."""
from __future__ import annotations

import pytest

from board.moderation import services as moderation
from board.moderation import states
from tests.browser import expect

FIRST = "Rules are rules, so they are fair."
FEEDBACK = "Give an example from our school: which rule, and who made it?"
REVISED = "Our phone rule is fair because the student council voted on it with the teachers."


@pytest.mark.browser
def test_returned_work_moves_from_to_revise_to_waiting_after_a_revision(make, new_page):
    school = make.school()
    post = make.post(school.maya, school.class_prompt, FIRST)
    # The teacher returns it with feedback.
    moderation.decide(post, states.RETURN, school.teacher, post.lock_version, feedback=FEEDBACK)

    maya = new_page(school.maya)
    maya.goto("/")
    to_revise = maya.locator("section", has=maya.get_by_role("heading", name="To revise"))
    waiting = maya.locator("section", has=maya.get_by_role("heading", name="Waiting for review"))
    expect(to_revise).to_contain_text(FIRST)
    expect(to_revise.get_by_label("Feedback from your teacher")).to_contain_text(FEEDBACK)
    expect(waiting).to_contain_text("Nothing waiting for review.")

    to_revise.get_by_role("link", name="Revise and send again").click()
    expect(maya.get_by_role("heading", level=1)).to_have_text("Revise your response")
    expect(maya.get_by_label("Feedback from your teacher")).to_contain_text(FEEDBACK)
    maya.get_by_role("textbox", name="Your revised text").fill(REVISED)
    maya.get_by_role("button", name="Send the new version").click()
    expect(maya.locator(".flash-success")).to_contain_text("Sent again")

    maya.goto("/")
    expect(to_revise).to_contain_text("Nothing to revise — nice work.")
    expect(waiting).to_contain_text(REVISED)
    expect(waiting).not_to_contain_text(FIRST)
    expect(waiting.get_by_role("link", name="Edit")).to_be_visible()
