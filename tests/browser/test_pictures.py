"""Pictures in a real browser: a student adds them in the composer, a refused file loses nothing,
the teacher sees them in the queue; each page checked with axe-core at 1280 and 375 px."""
from __future__ import annotations

import os

import pytest

from board.media.demo import turnout_chart
from tests.browser import expect
from tests.browser.test_axe import axe, axe_script  # noqa: F401  (fixtures)
from tests.media import images

#: a folder to save each page into at 1280 and 375 px wide, when set
SCREENS = os.environ.get("COMMONS_SCREENS", "")
TEXT = "I made a chart of turnout by age: older people vote much more, so starting young might build the habit."


def screenshots(page, name: str) -> None:
    """Save the whole page 1280 and 375 wide, only when COMMONS_SCREENS names a folder."""
    if not SCREENS:
        return
    os.makedirs(SCREENS, exist_ok=True)
    for width, height in ((1280, 900), (375, 812)):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=os.path.join(SCREENS, f"pictures-{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.fixture(autouse=True)
def picture_folder(app, tmp_path):
    before = app.config["MEDIA_FOLDER"]
    app.config["MEDIA_FOLDER"] = str(tmp_path / "media")
    yield
    app.config["MEDIA_FOLDER"] = before


def file(name: str, data: bytes, mime: str) -> dict:
    return {"name": name, "mimeType": mime, "buffer": data}


@pytest.mark.browser
def test_a_student_adds_pictures_a_refused_one_loses_nothing_and_the_teacher_sees_them(make, axe):
    checker, page_of = axe
    school = make.school()
    page = page_of(school.maya)
    page.goto(f"/prompts/{school.class_prompt.id}")
    page.get_by_role("textbox", name="Your response").fill(TEXT)
    page.get_by_text("Add pictures").click()
    checker.check(page, "composer with the pictures section open")
    page.locator("#picture-1").set_input_files(file("turnout.png", turnout_chart().read(), "image/png"))
    page.locator("#picture-alt-1").fill("Bar chart of turnout by age group, rising from 23% to 67%")
    page.locator("#picture-2").set_input_files(file("poster.png", images.SVG, "image/png"))
    page.locator("#picture-alt-2").fill("Our poster")
    page.get_by_role("button", name="Post response").click()

    # The SVG named .png is refused beside its field; the text, the good picture and both descriptions stay.
    expect(page.locator(".picture-slot .error")).to_contain_text("“poster.png” was not added")
    expect(page.get_by_role("textbox", name="Your response")).to_have_value(TEXT)
    expect(page.get_by_role("img", name="Bar chart of turnout by age group, rising from 23% to 67%")).to_be_visible()
    expect(page.locator(".picture-slot input[type=text]").first).to_have_value("Our poster")
    checker.check(page, "composer with a refused file")
    screenshots(page, "composer-refused")

    page.locator(".picture-slot input[type=text]").first.fill("")
    page.locator("#picture-2").set_input_files(file("garden.jpg", images.jpeg_with_gps((800, 600)), "image/jpeg"))
    page.locator("#picture-alt-2").fill("Our class garden")
    screenshots(page, "composer-with-pictures")
    page.get_by_role("button", name="Post response").click()
    expect(page.locator(".post-focus, .post").first).to_be_visible()
    expect(page.get_by_role("link", name="Our class garden")).to_be_visible()
    checker.check(page, "her post waiting, with its pictures")
    screenshots(page, "post-pending")

    # Nobody else in the class sees them yet.
    jonah = page_of(school.jonah)
    jonah.goto(f"/prompts/{school.class_prompt.id}")
    expect(jonah.get_by_role("heading", name="What makes a rule fair?")).to_be_visible()
    expect(jonah.locator("img[src^='/images/']")).to_have_count(0)

    teacher = page_of(school.teacher)
    teacher.goto("/queue")
    item = teacher.locator("[data-queue-item]").first
    expect(item.get_by_role("img", name="Our class garden")).to_be_visible()
    expect(item).to_contain_text("Description: Bar chart of turnout by age group")
    checker.check(teacher, "queue item with pictures")
    screenshots(teacher, "queue")
    item.get_by_role("button", name="Approve").click()
    expect(teacher.locator(".is-decided")).to_be_visible()

    jonah.goto(f"/prompts/{school.class_prompt.id}")
    expect(jonah.get_by_role("link", name="Our class garden")).to_be_visible()
    # The thumbnail has really loaded under the CSP (a broken image has no natural width).
    assert jonah.get_by_role("img", name="Our class garden").evaluate("img => img.naturalWidth") > 0
    screenshots(jonah, "thread")
    assert not checker.problems, f"{len(checker.problems)} axe violations:\n" + "\n".join(checker.problems)
