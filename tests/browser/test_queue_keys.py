"""Working the queue from the keyboard alone: j/k to move, a to approve, r to return, u to undo."""
from __future__ import annotations

import pytest

from board.discussions.models import Post
from board.extensions import db
from tests.browser import expect

FEEDBACK = "Good start. Add one example from the articles to back up your claim."


def status_of(post_id: int) -> tuple[str, str | None]:
    """Read a post's status and feedback as the live server left them."""
    db.session.commit()
    post = db.session.get(Post, post_id)
    result = (post.status, post.feedback)
    db.session.commit()
    return result


@pytest.mark.browser
def test_the_teacher_approves_returns_and_undoes_from_the_keyboard(make, new_page):
    school = make.school()
    prompt = school.class_prompt
    first = make.post(school.maya, prompt, "Rules are fair when everyone knows them in advance.").id
    second = make.post(school.jonah, prompt, "A rule is fair if it applies to the teachers too.").id
    third = make.post(school.lucia, prompt, "Fair rules have a reason you can explain.").id

    teacher = new_page(school.teacher)
    teacher.goto("/queue")
    items = teacher.locator("[data-queue-item]")
    expect(items).to_have_count(3)
    keys = teacher.keyboard

    # j focuses the first item; a approves it and the page comes back with the news.
    keys.press("j")
    expect(items.nth(0)).to_be_focused()
    expect(items.nth(0)).to_have_class("queue-item is-current")
    expect(items.nth(0)).to_contain_text("Maya Chen")
    keys.press("a")
    expect(teacher.locator(".flash-success")).to_have_text("Maya C.’s response: approved.")
    expect(items).to_have_count(2)
    assert status_of(first)[0] == "published"

    # j, r: the return form opens with the cursor in the feedback box.
    keys.press("j")
    expect(items.nth(0)).to_be_focused()
    expect(items.nth(0)).to_contain_text("Jonah Okafor")
    keys.press("r")
    expect(items.nth(0).locator('details[data-action="return"]')).to_have_attribute("open", "")
    feedback = teacher.locator(f"#fb{second}")
    expect(feedback).to_be_focused()
    # Letters typed into the box are text, not shortcuts (this feedback has a, j, r, u and x in it).
    keys.type(FEEDBACK)
    expect(feedback).to_have_value(FEEDBACK)
    expect(items).to_have_count(2)
    # Tab past the optional norm to the button, and press Enter.
    keys.press("Tab")
    expect(teacher.get_by_label("Norm it concerns").first).to_be_focused()
    keys.press("Tab")
    expect(items.nth(0).get_by_role("button", name="Return for revision")).to_be_focused()
    keys.press("Enter")
    expect(teacher.locator(".flash-success")).to_have_text("Jonah O.’s response: returned for revision.")
    expect(items).to_have_count(1)
    assert status_of(second) == ("returned", FEEDBACK)

    # u undoes the last decision: Jonah's response waits again; Maya's approval stands.
    keys.press("u")
    expect(teacher.locator(".flash-success")).to_have_text("Undone: Jonah O.’s response is pending again.")
    expect(items).to_have_count(2)
    expect(items.nth(0)).to_contain_text("Jonah Okafor")
    assert status_of(second)[0] == "pending"
    assert status_of(first)[0] == "published"
    assert status_of(third)[0] == "pending"
