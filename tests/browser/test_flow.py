"""The whole moderated flow in a real browser, as a teacher would demo it."""
from __future__ import annotations

import re

import pytest

from tests.browser import expect

RESPONSE = "Sixteen-year-olds pay sales tax and many have jobs, so they should vote on the town budget."
COMMENT = "Thank you Maya, the point about the town budget changed my mind."


@pytest.mark.browser
def test_a_response_and_a_comment_go_public_only_after_a_teacher_approves_them(make, new_page):
    school = make.school()
    prompt_url = f"/prompts/{school.public_prompt.id}"

    # Maya answers the public prompt; her teacher reads it first.
    maya = new_page(school.maya)
    maya.goto(prompt_url)
    maya.get_by_role("textbox", name="Your response").fill(RESPONSE)
    maya.get_by_role("button", name="Post response").click()
    expect(maya.locator(".flash-success")).to_contain_text("awaiting review")
    expect(maya.locator("article.post", has_text=RESPONSE)).to_contain_text("Awaiting review")

    # The public sees nothing of it, not even that it exists.
    visitor = new_page()
    visitor.goto(prompt_url)
    expect(visitor.get_by_role("heading", level=1)).to_have_text(school.public_prompt.question)
    expect(visitor.locator("main")).not_to_contain_text("Sixteen-year-olds")
    expect(visitor.locator("#thread-title")).to_have_text("0 responses")

    # The teacher sees one item waiting, and approves it.
    teacher = new_page(school.teacher)
    expect(teacher.locator(".nav-queue .count")).to_have_text(re.compile(r"^\s*1\b"))
    teacher.get_by_role("link", name=re.compile(r"^Queue")).click()
    item = teacher.locator("[data-queue-item]", has_text=RESPONSE)
    expect(item).to_contain_text("Maya Chen")
    item.get_by_role("button", name="Approve").click()
    expect(teacher.locator("[data-decided]")).to_contain_text("approved")
    expect(teacher.locator("[data-queue-item]")).to_have_count(0)
    expect(teacher.locator(".nav-queue .count")).to_have_count(0)

    # A parent reads it under Maya's first name and last initial, and comments.
    reader = new_page(school.reader)
    reader.goto(prompt_url)
    post = reader.locator("article.post", has_text=RESPONSE)
    expect(post.locator(".author")).to_have_text("Maya C.")
    expect(reader.locator("body")).not_to_contain_text("Chen")
    post.get_by_role("link", name="Comment").click()
    expect(reader.get_by_role("heading", level=1)).to_have_text("Comment on Maya C.")
    reader.get_by_role("textbox", name="Your comment").fill(COMMENT)
    reader.get_by_role("button", name="Post comment").click()
    expect(reader.locator(".flash-success")).to_contain_text("awaiting review")
    expect(reader.locator("body")).not_to_contain_text("Chen")

    # Still nothing of the comment in public.
    visitor.reload()
    expect(visitor.locator("article.post", has_text=RESPONSE)).to_be_visible()
    expect(visitor.locator("main")).not_to_contain_text(COMMENT)

    # The teacher approves the comment.
    teacher.reload()
    expect(teacher.locator(".nav-queue .count")).to_have_text(re.compile(r"^\s*1\b"))
    comment_item = teacher.locator("[data-queue-item]", has_text=COMMENT)
    expect(comment_item).to_contain_text("comment from a reader")
    comment_item.get_by_role("button", name="Approve").click()
    expect(teacher.locator("[data-decided]")).to_contain_text("approved")

    # Now anyone can read both.
    visitor.reload()
    expect(visitor.locator("article.post", has_text=RESPONSE).locator(".author")).to_have_text("Maya C.")
    comment = visitor.locator("article.post", has_text=COMMENT)
    expect(comment).to_be_visible()
    expect(comment.locator(".author")).to_have_text("Sam P.")
    expect(visitor.locator("body")).not_to_contain_text("Chen")

    # Maya hears about the decision and about the comment (on her home page: her post's own page,
    # which shows the comment, would count it as seen).
    maya.goto("/")
    expect(maya.locator(".nav-bell .count")).to_have_text("2")
    maya.get_by_role("link", name=re.compile(r"^Notifications")).click()
    notes = maya.locator(".notification-text")
    expect(notes).to_have_count(2)
    expect(notes.filter(has_text="was published")).to_have_count(1)
    expect(notes.filter(has_text="Sam P. commented on your response")).to_have_count(1)

    # Opening her post, where the comment is, marks it as seen.
    maya.goto("/")
    expect(maya.locator("section", has=maya.get_by_role("heading", name="New replies to you"))).to_contain_text(COMMENT)
    maya.get_by_role("button", name="Read the comment").click()
    expect(maya.locator("article.post", has_text=COMMENT)).to_be_visible()
    maya.goto("/")
    expect(maya.get_by_text("No new replies to you.")).to_be_visible()
