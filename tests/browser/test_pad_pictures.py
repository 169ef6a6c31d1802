"""Pictures beside a pad in a real browser: a student adds one, a classmate with the pad open sees it
only once the teacher approved it (without reloading), and a refused file says why beside its field.

Set COMMONS_SCREENS=/some/folder to also save screenshots (pad-pictures-*.png, 1280 and 375 wide).
"""
from __future__ import annotations

import os

import pytest
from sqlalchemy import select

from board.extensions import db
from board.pads.models import Pad
from board.pads.services import publish
from tests.browser import expect
from tests.browser.test_axe import axe, axe_script  # noqa: F401  (fixtures)
from tests.media import images
from tests.pads.conftest import write

SCREENS = os.environ.get("COMMONS_SCREENS", "")


@pytest.fixture(autouse=True)
def picture_folder(app, tmp_path):
    before = {key: app.config[key] for key in ("MEDIA_FOLDER", "MEDIA_STORAGE")}
    app.config["MEDIA_FOLDER"] = str(tmp_path / "media")
    app.config["MEDIA_STORAGE"] = "folder"
    yield tmp_path / "media"
    app.config.update(before)


@pytest.fixture
def school(make):
    school = make.school()
    prompt = make.prompt(school.classroom, "public", "How should our town spend its park budget?", kind="both")
    school.pad = db.session.scalar(select(Pad).where(Pad.prompt_id == prompt.id))
    write(school.pad, school.maya, "Benches by the pond and more shade trees.\n")
    return school


def shoot(page, name: str) -> None:
    if not SCREENS:
        return
    os.makedirs(SCREENS, exist_ok=True)
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=os.path.join(SCREENS, f"pad-pictures-{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def open_pad(page, pad) -> None:
    page.goto(f"/pads/{pad.id}")
    expect(page.locator("[data-pad]")).to_have_attribute("data-pad-ready", "true")


@pytest.mark.browser
def test_a_classmate_sees_a_picture_only_once_the_teacher_approved_it(school, axe, tmp_path):
    checker, page_of = axe
    photo = tmp_path / "park-map.jpg"
    photo.write_bytes(images.photo((800, 600)))
    not_a_picture = tmp_path / "poster.png"
    not_a_picture.write_bytes(b"<html><script>alert(1)</script></html>")

    jonah = page_of(school.jonah)  # the classmate, with the pad open all along
    open_pad(jonah, school.pad)
    strip = jonah.locator("[data-pad-pictures]")
    expect(strip.get_by_text("No pictures in this pad yet")).to_be_visible()

    maya = page_of(school.maya)
    open_pad(maya, school.pad)
    # A file that is no picture: refused beside its field, her description kept.
    maya.get_by_label("Picture", exact=True).set_input_files(str(not_a_picture))
    maya.get_by_label("What it shows").fill("A map of the park with the new benches")
    maya.get_by_role("button", name="Add the picture").click()
    expect(maya.locator("#pad-picture-file-error")).to_be_visible()
    expect(maya.get_by_label("What it shows")).to_have_value("A map of the park with the new benches")
    shoot(maya, "refused")
    checker.check(maya, "pad picture refused (student)")

    maya.get_by_label("Picture", exact=True).set_input_files(str(photo))
    maya.get_by_role("button", name="Add the picture").click()
    expect(maya.locator("[data-pad-pictures] .badge-pending")).to_have_text("Waiting for your teacher")
    expect(maya.get_by_role("img", name="A map of the park with the new benches")).to_be_visible()
    shoot(maya, "student")
    checker.check(maya, "pad with a waiting picture (student)")

    teacher = page_of(school.teacher)
    teacher.goto("/queue")
    section = teacher.locator("section.pad_picture-reviews")
    expect(section.get_by_role("heading", name="Pictures added to pads")).to_be_visible()
    expect(section.get_by_text("A map of the park with the new benches")).to_be_visible()
    shoot(teacher, "queue")
    checker.check(teacher, "queue with a picture in a pad (teacher)")
    open_pad(teacher, school.pad)
    expect(teacher.get_by_role("img", name="A map of the park with the new benches")).to_be_visible()
    shoot(teacher, "teacher")
    checker.check(teacher, "pad with a picture to approve (teacher)")

    # The classmate has seen nothing of it, even told that the pictures changed.
    expect(strip.get_by_text("No pictures in this pad yet")).to_be_visible()
    expect(jonah.get_by_role("img", name="A map of the park with the new benches")).to_have_count(0)

    teacher.get_by_role("button", name="Approve Maya C.’s picture: A map of the park with the new benches").click()
    expect(teacher.get_by_text("Maya C.’s picture: approved.")).to_be_visible()

    # Without a reload: the room said the pictures changed, and his strip asked again.
    expect(jonah.get_by_role("img", name="A map of the park with the new benches")).to_be_visible()
    expect(jonah.locator("[data-pad-pictures-live]")).to_have_text("A picture was added to the pad.")
    expect(jonah.locator("[data-pad]")).to_have_attribute("data-pad-ready", "true")
    shoot(jonah, "classmate")
    checker.check(jonah, "pad with an approved picture (classmate)")

    # Published, the public sees it with its description (Maya's consent is on record).
    db.session.expire_all()
    pad = db.session.get(Pad, school.pad.id)
    publish(pad, school.teacher, pad.lock_version)
    db.session.commit()
    visitor = page_of()
    visitor.goto(f"/pads/{school.pad.id}")
    expect(visitor.get_by_role("img", name="A map of the park with the new benches")).to_be_visible()
    shoot(visitor, "published")
    checker.check(visitor, "published pad with a picture (anonymous)")

    # Maya was told, and her family sees her picture on its page of the pad.
    maya.goto("/notifications")
    expect(maya.get_by_text("Your teacher approved your picture in the pad")).to_be_visible()
    shoot(maya, "told")
    checker.check(maya, "notifications with a picture approved (student)")
    from tests.families.conftest import family_account

    family = page_of(family_account(school, school.maya))
    family.goto(f"/family/children/{school.maya.id}/pads/{school.pad.id}")
    expect(family.get_by_role("img", name="A map of the park with the new benches")).to_be_visible()
    shoot(family, "family")
    checker.check(family, "family pad page with the child's picture")
    assert not checker.problems, "\n".join(checker.problems)
