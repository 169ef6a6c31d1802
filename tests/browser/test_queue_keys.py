"""Working the queue from the keyboard alone: j/k to move, a to approve, r to return, u to undo, ? for the keys."""
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


def focused_id(page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.id")


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
    # Marked on this document: a reload or a navigation would lose it.
    teacher.evaluate("window.sameDocument = true")
    keys = teacher.keyboard
    live = teacher.locator("[data-queue-live]")

    # j focuses the first item; a approves it in place and the focus goes on to Jonah's.
    keys.press("j")
    expect(items.nth(0)).to_be_focused()
    expect(items.nth(0)).to_contain_text("Maya Chen")
    keys.press("a")
    expect(teacher.locator(f"#q{first}")).to_have_text("Maya C.’s response: approved. Undo")
    expect(teacher.locator(f"#q{second}")).to_be_focused()
    expect(live).to_have_text("Maya C.’s response: approved. Next: Jonah O.’s response.")
    expect(teacher.locator('[data-tab="1"] .count')).to_have_text("2")
    assert status_of(first)[0] == "published"

    # r: the return form opens with the cursor in the feedback box.
    keys.press("r")
    expect(teacher.locator(f'#q{second} details[data-action="return"]')).to_have_attribute("open", "")
    feedback = teacher.locator(f"#fb{second}")
    expect(feedback).to_be_focused()
    # Letters typed into the box are text, not shortcuts (this feedback has a, j, r, u and x in it).
    keys.type(FEEDBACK)
    expect(feedback).to_have_value(FEEDBACK)
    # Tab past the optional norm to the button, and press Enter.
    keys.press("Tab")
    expect(teacher.get_by_label("Norm it concerns").first).to_be_focused()
    keys.press("Tab")
    expect(teacher.locator(f"#q{second}").get_by_role("button", name="Return for revision")).to_be_focused()
    keys.press("Enter")
    expect(teacher.locator(f"#q{second}")).to_have_text("Jonah O.’s response: returned for revision. Undo")
    expect(teacher.locator(f"#q{third}")).to_be_focused()
    assert status_of(second) == ("returned", FEEDBACK)
    expect(teacher.locator('[data-tab="3"] .count')).to_have_text("1")

    # u undoes the last decision: Jonah's response is back in its place and waits again.
    keys.press("u")
    expect(live).to_have_text("Undone: Jonah O.’s response is pending again.")
    expect(teacher.locator(f"#q{second}[data-queue-item]")).to_be_focused()
    expect(items).to_have_count(2)
    assert status_of(second)[0] == "pending"
    assert status_of(first)[0] == "published"
    assert status_of(third)[0] == "pending"
    # Maya's approval is still the one to undo, and Jonah's undone return offers no Undo any more.
    expect(teacher.locator("#recent-decisions li")).to_have_count(1)
    expect(teacher.locator("#recent-decisions li")).to_contain_text("Approved: Maya Chen’s response")
    assert teacher.evaluate("window.sameDocument") is True


@pytest.mark.browser
def test_question_mark_opens_the_keys_and_esc_gives_the_focus_back(make, new_page):
    school = make.school()
    make.post(school.maya, school.class_prompt, "Rules are fair when everyone knows them in advance.")
    returned = make.post(school.jonah, school.class_prompt, "Rules are rules.")
    from board.moderation import services

    services.decide(returned, "return", school.teacher, returned.lock_version, feedback="Say why.")
    teacher = new_page(school.teacher)
    teacher.goto("/queue")
    teacher.keyboard.press("j")
    item = teacher.locator("[data-queue-item]").first
    expect(item).to_be_focused()
    held = focused_id(teacher)

    teacher.keyboard.press("?")
    panel = teacher.get_by_role("dialog", name="Keyboard shortcuts")
    expect(panel).to_be_visible()
    expect(panel).to_contain_text("approve")
    # Keys are the panel's while it is open: a does not approve behind it.
    teacher.keyboard.press("a")
    expect(teacher.locator("[data-decided]")).to_have_count(0)
    teacher.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    assert focused_id(teacher) == held

    # The button opens the same panel; its Close button gives the focus back to the button.
    teacher.get_by_role("button", name="Keyboard shortcuts").click()
    expect(panel).to_be_visible()
    panel.get_by_role("button", name="Close").click()
    expect(teacher.get_by_role("button", name="Keyboard shortcuts")).to_be_focused()

    # Number keys switch tabs: 3 is Returned.
    teacher.keyboard.press("3")
    expect(teacher).to_have_url(f"{teacher.url.split('/queue')[0]}/queue?tab=returned")
    expect(teacher.locator("[data-queue-item]")).to_contain_text("Jonah Okafor")


@pytest.mark.browser
def test_focus_mode_shows_one_item_and_moves_on_after_each_decision(make, new_page):
    school = make.school()
    ids = [make.post(s, school.class_prompt, f"Answer number {i}: rules need reasons.").id
           for i, s in enumerate([school.maya, school.jonah, school.lucia])]
    teacher = new_page(school.teacher, viewport={"width": 375, "height": 800})
    teacher.goto("/queue?view=focus")
    visible = teacher.locator("[data-queue-item]:visible")
    expect(visible).to_have_count(1)
    expect(visible).to_have_id(f"q{ids[0]}")
    expect(visible).to_contain_text("Prompt: What makes a rule fair?")
    teacher.evaluate("window.sameDocument = true")

    visible.get_by_role("button", name="Approve").click()
    expect(teacher.locator(f"#q{ids[1]}")).to_be_focused()
    expect(visible).to_have_count(1)
    expect(teacher.locator(f"#q{ids[0]}[data-decided]")).to_be_visible()
    expect(teacher.locator("[data-focus-position]")).to_have_text("Item 1 of 2 still waiting on this page")
    # Next skips an item without deciding it; Previous comes back to it.
    teacher.get_by_role("button", name="Next →").click()
    expect(visible).to_have_id(f"q{ids[2]}")
    teacher.get_by_role("button", name="← Previous").click()
    expect(visible).to_have_id(f"q{ids[1]}")
    assert status_of(ids[0])[0] == "published" and status_of(ids[1])[0] == "pending"
    assert teacher.evaluate("window.sameDocument") is True
