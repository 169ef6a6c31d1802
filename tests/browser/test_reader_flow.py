"""A parent finds a public question, makes a reader account from it, lands back on it, comments on the
question itself, and follows the comment from My comments until a teacher lets it through."""
from __future__ import annotations

import pytest

from board.discussions.models import Post
from board.extensions import db
from board.moderation import services as moderation
from board.moderation import states
from tests.browser import expect


@pytest.mark.browser
def test_a_parent_signs_up_from_a_prompt_comments_on_it_and_follows_the_comment(make, new_page):
    school = make.school()
    make.post(school.maya, school.public_prompt, "Sixteen-year-olds pay taxes, so they should vote.",
              publish=True)
    page = new_page(viewport={"width": 375, "height": 800})
    page.goto("/")
    expect(page.get_by_role("link", name="Create a reader account")).to_be_visible()
    page.get_by_role("link", name=school.public_prompt.question).click()
    page.get_by_role("link", name="create a reader account").click()

    page.get_by_label("First name").fill("Rosa")
    page.get_by_label("Last name").fill("Lindqvist")
    page.get_by_label("Email").fill("rosa@example.org")
    page.get_by_label("Password", exact=True).fill("a long reader passphrase")
    page.get_by_label("Password again").fill("a long reader passphrase")
    page.get_by_role("button", name="Create my account").click()

    # Back on the question she came from, with a place to comment on it.
    expect(page.get_by_role("heading", level=1)).to_have_text(school.public_prompt.question)
    box = page.get_by_role("textbox", name="Your comment on the question")
    box.fill("Who decides the voting age in our town: the council or the state?")
    page.get_by_role("button", name="Send comment").click()
    expect(page.get_by_text("Your comment is awaiting review")).to_be_visible()

    page.get_by_role("link", name="My comments").click()
    card = page.locator(".work-item")
    expect(card).to_have_count(1)
    expect(card).to_contain_text("Awaiting review")
    expect(card).to_contain_text("On the question")

    comment = db.session.scalar(db.select(Post).where(Post.kind == "comment"))
    moderation.decide(comment, states.APPROVE, school.teacher, comment.lock_version)
    page.reload()
    expect(card).to_contain_text("Published")
    card.get_by_role("link", name=school.public_prompt.question).click()
    expect(page.locator("article.post", has_text="Who decides the voting age")).to_be_visible()
