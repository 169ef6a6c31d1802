"""A teacher's session at the queue: ten decisions from the keyboard in one page, and a safe bulk approval."""
from __future__ import annotations

import pytest

from board.discussions.models import Post
from board.extensions import db
from tests.browser import expect

NAMES = ["Ava Brooks", "Ben Cruz", "Cleo Diaz", "Dev Evans", "Eli Fox", "Fay Gold", "Gus Hale", "Ida Iver",
         "Jay Kim", "Kai Lowe", "Lea Moss"]
RUDE = "Shut up, nobody asked you."


def statuses(ids: list[int]) -> list[str]:
    """Read posts' statuses as the live server left them."""
    db.session.commit()
    result = [db.session.get(Post, i).status for i in ids]
    db.session.commit()
    return result


def active_id(page) -> str:
    return page.evaluate("document.activeElement ? document.activeElement.id : ''")


@pytest.mark.browser
def test_ten_decisions_from_the_keyboard_without_a_reload_or_losing_the_focus(make, new_page):
    school = make.school()
    students = [make.student(school.classroom, *name.split()) for name in NAMES]
    ids = [make.post(s, school.class_prompt, f"My answer, number {i}: rules need reasons.").id
           for i, s in enumerate(students)]

    teacher = new_page(school.teacher)
    teacher.goto("/queue")
    expect(teacher.locator("[data-queue-item]")).to_have_count(11)
    navigations = []
    teacher.on("framenavigated", lambda frame: navigations.append(frame.url))
    teacher.evaluate("window.sameDocument = true")
    keys = teacher.keyboard

    keys.press("j")
    expect(teacher.locator(f"#q{ids[0]}")).to_be_focused()
    # Approve, return and reject, as a teacher mixes them; each leaves the focus on the next item.
    plan = ["a", "a", "r", "a", "x", "a", "a", "r", "a", "a"]
    for number, key in enumerate(plan):
        post_id, next_id = ids[number], ids[number + 1]
        keys.press(key)
        if key in "rx":
            box = teacher.locator(f"#{'fb' if key == 'r' else 'rj'}{post_id}")
            expect(box).to_be_focused()
            keys.type("Say which rule you mean, with an example.")
            keys.press("Tab")  # the optional norm
            keys.press("Tab")  # the button
            keys.press("Enter")
        expect(teacher.locator(f"#q{post_id}[data-decided]")).to_be_visible()
        expect(teacher.locator(f"#q{next_id}")).to_be_focused()
        assert active_id(teacher) == f"q{next_id}"
        expect(teacher.locator("[data-queue-live]")).to_contain_text("Next: ")

    assert navigations == [] and teacher.evaluate("window.sameDocument") is True
    expect(teacher.locator("[data-decided]")).to_have_count(10)
    expect(teacher.locator('[data-tab="1"] .count')).to_have_text("1")
    expect(teacher.locator(".nav-queue .count")).to_have_text("1")
    assert statuses(ids) == ["published", "published", "returned", "published", "rejected", "published",
                             "published", "returned", "published", "published", "pending"]
    # The last decision is the one u takes back, still in the same page.
    keys.press("u")
    expect(teacher.locator(f"#q{ids[9]}[data-queue-item]")).to_be_focused()
    assert statuses([ids[9]]) == ["pending"] and navigations == []


@pytest.mark.browser
def test_a_bulk_approval_leaves_out_the_items_with_reminders(make, new_page):
    school = make.school()
    calm = [make.post(school.maya, school.class_prompt, "Rules need reasons we can explain.").id,
            make.post(school.lucia, school.class_prompt, "A fair rule binds the teachers too.").id]
    rude = make.post(school.jonah, school.class_prompt, RUDE, post_anyway=True).id

    teacher = new_page(school.teacher)
    teacher.goto("/queue")
    count = teacher.locator("[data-bulk-count]")
    expect(count).to_have_text("0 selected")
    teacher.get_by_label("Select all on this page").check()
    expect(count).to_have_text("3 selected · 1 with reminders left out of Approve")
    include = teacher.get_by_label("Include items with reminders")
    expect(include).not_to_be_checked()
    teacher.get_by_role("button", name="Approve selected").click()

    expect(teacher.locator(".flash-success")).to_have_text("Approved 2 items; one Undo takes back all of them.")
    expect(teacher.locator(".flash-warning")).to_contain_text("Left out 1 item with norms reminders")
    assert statuses(calm + [rude]) == ["published", "published", "pending"]
    # The item with reminders waits, alone, for a look of its own.
    expect(teacher.locator("[data-queue-item]")).to_have_count(1)
    expect(teacher.locator(f"#q{rude}")).to_contain_text("Posted anyway after a reminder")
    # One Undo takes the batch back.
    recent = teacher.locator("#recent-decisions")
    expect(recent).to_contain_text("Approved together: 2 items")
    recent.get_by_role("button", name="Undo the whole batch").click()
    expect(teacher.locator(".flash-success")).to_have_text("Undone: 2 items of that batch are as they were.")
    expect(teacher.locator("[data-queue-item]")).to_have_count(3)
    assert statuses(calm + [rude]) == ["pending", "pending", "pending"]
