"""The composer in a real browser: live norms reminders, drafts that survive, one post per click."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from board.discussions.models import Post
from board.extensions import db
from tests.browser import expect

RUDE = "that is the dumbest take in this thread"
CIVIL = "I disagree with that take, because the evidence in the second article points the other way."
MESSAGE = "Critique the idea, not the person."


def posts_in_db() -> list[Post]:
    """Read the posts the live server saved, fresh (and leave no transaction open in this thread)."""
    db.session.commit()
    posts = list(db.session.scalars(select(Post).order_by(Post.id)))
    db.session.commit()
    return posts


def composer_box(page):
    return page.get_by_role("textbox", name="Your response")


def draft_keys(page) -> list[str]:
    return page.evaluate(
        "Object.keys(localStorage).filter(function (k) { return k.indexOf('commons-draft:') === 0; })"
    )


@pytest.mark.browser
def test_a_reminder_appears_as_she_types_and_revising_posts_it(make, new_page):
    school = make.school()
    maya = new_page(school.maya)
    maya.goto(f"/prompts/{school.public_prompt.id}")

    # The live check: no key pressed after typing, and the reminder shows within about two seconds.
    composer_box(maya).press_sequentially(RUDE)
    reminder = maya.locator("[data-reminder]")
    expect(reminder).to_be_visible(timeout=2_500)
    expect(reminder).to_contain_text(MESSAGE)
    expect(reminder.locator("mark")).to_have_text("the dumbest take")

    # On Post, the server shows the reminder and the two choices; nothing she typed is gone.
    maya.get_by_role("button", name="Post response").click()
    expect(maya.locator("[data-reminder]")).to_contain_text(MESSAGE)
    expect(maya.locator("[data-reminder] mark")).to_have_text("the dumbest take")
    expect(maya.get_by_role("button", name="Post anyway")).to_be_visible()
    expect(maya.get_by_role("button", name="I revised it")).to_be_visible()
    expect(composer_box(maya)).to_have_value(RUDE)
    assert posts_in_db() == []

    # She revises it; the live reminder goes away and the post is saved for review.
    composer_box(maya).fill(CIVIL)
    expect(maya.locator("[data-reminder]")).to_be_hidden(timeout=2_500)
    maya.get_by_role("button", name="I revised it").click()
    expect(maya.locator(".flash-success")).to_contain_text("awaiting review")
    expect(maya.locator("article.post", has_text=CIVIL)).to_contain_text("Awaiting review")

    [post] = posts_in_db()
    assert post.status == "pending"
    assert post.body_md == CIVIL
    assert post.revised_after_reminder and not post.posted_anyway


@pytest.mark.browser
def test_posting_anyway_queues_it_with_the_words_marked_for_the_teacher(make, new_page):
    school = make.school()
    maya = new_page(school.maya)
    maya.goto(f"/prompts/{school.public_prompt.id}")
    composer_box(maya).fill(RUDE)
    maya.get_by_role("button", name="Post response").click()
    maya.get_by_role("button", name="Post anyway").click()
    expect(maya.locator(".flash-success")).to_contain_text("awaiting review")

    [post] = posts_in_db()
    assert post.status == "pending" and post.posted_anyway

    teacher = new_page(school.teacher)
    teacher.goto("/queue")
    item = teacher.locator("[data-queue-item]", has_text="Maya Chen")
    expect(item.locator(".queue-text mark")).to_have_text("the dumbest take")
    expect(item).to_contain_text("Posted anyway after a reminder")
    expect(item.locator(".finding-list")).to_contain_text(MESSAGE)


LONG = (
    "I changed my mind while reading the second article. At first I thought sixteen was too young, "
    "because most of us do not follow the town council. But the article showed that people who vote "
    "in their first election keep voting, and at sixteen most of us still live at home, where voting "
    "could become a family habit. So I now think yes, at least for local elections, if the school "
    "teaches how the town budget works first."
)


@pytest.mark.browser
def test_a_draft_survives_a_reload_and_is_cleared_once_posted(make, new_page):
    school = make.school()
    prompt_url = f"/prompts/{school.public_prompt.id}"
    maya = new_page(school.maya)
    maya.goto(prompt_url)
    composer_box(maya).fill(LONG)

    maya.reload()
    expect(composer_box(maya)).to_have_value(LONG)
    expect(maya.get_by_role("status").filter(has_text="restored")).to_be_visible()

    maya.get_by_role("button", name="Post response").click()
    expect(maya.locator(".flash-success")).to_contain_text("awaiting review")
    assert draft_keys(maya) == []

    maya.goto(prompt_url)
    expect(composer_box(maya)).to_have_value("")
    expect(maya.get_by_text("We restored the draft")).to_have_count(0)
    assert [p.body_md for p in posts_in_db()] == [LONG]


@pytest.mark.browser
def test_a_double_click_on_post_creates_one_post(make, new_page):
    school = make.school()
    maya = new_page(school.maya)
    maya.goto(f"/prompts/{school.public_prompt.id}")
    composer_box(maya).fill(LONG)
    maya.get_by_role("button", name="Post response").dblclick()
    expect(maya.locator(".flash-success")).to_contain_text("awaiting review")

    assert [p.body_md for p in posts_in_db()] == [LONG]
