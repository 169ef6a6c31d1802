"""In a real browser: the families page and sheet while some students have no code yet, the button that
makes them, a reflection from a class that has ended in its teacher's queue, and a family's page of a pad
where the child added only a picture; every page axe-clean at 1280 and 375 px."""
from __future__ import annotations

import io
import os
import re

import pytest
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from board.classes.services import set_archived
from board.extensions import db
from board.moderation import services as moderation
from board.moderation import states
from board.pads import pictures
from board.pads.models import Pad
from board.pads.services import publish
from board.portfolio import sources
from board.portfolio.services import add_piece
from tests.browser import expect
from tests.browser.test_axe import axe, axe_script  # noqa: F401  (fixtures)
from tests.families.conftest import family_account
from tests.media import images
from tests.pads.conftest import write

SCREENS = os.environ.get("COMMONS_SCREENS", "")


@pytest.fixture(autouse=True)
def picture_folder(app, tmp_path):
    before = {key: app.config[key] for key in ("MEDIA_FOLDER", "MEDIA_STORAGE")}
    app.config.update(MEDIA_FOLDER=str(tmp_path / "media"), MEDIA_STORAGE="folder")
    yield
    app.config.update(before)


def shoot(page, name: str) -> None:
    """Save the whole page 1280 and 375 wide, only when COMMONS_SCREENS names a folder."""
    if not SCREENS:
        return
    os.makedirs(SCREENS, exist_ok=True)
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=os.path.join(SCREENS, f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.mark.browser
def test_codes_still_missing_are_made_with_the_button(make, axe):
    checker, page_of = axe
    school = make.school()
    teacher = page_of(school.teacher)
    checker.visit(teacher, "families (codes still missing)", f"/classes/{school.classroom.id}/families")
    expect(teacher.locator("tr", has_text="Lucia Morales")).to_contain_text("No code yet")
    shoot(teacher, "families-missing")
    teacher.get_by_role("link", name="Print invitations").click()
    expect(teacher.locator(".family-codes-missing")).to_contain_text("3 students have no family code yet")
    checker.check(teacher, "family invitations sheet (codes still missing)")
    shoot(teacher, "sheet-missing")
    teacher.get_by_role("button", name="Make invitations for 3 students").click()
    expect(teacher.locator(".family-slip")).to_have_count(3)
    expect(teacher.locator(".family-codes-missing")).to_have_count(0)
    shoot(teacher, "sheet-made")
    teacher.goto(f"/classes/{school.classroom.id}/families")
    expect(teacher.locator("tr", has_text="Lucia Morales").locator(".code")).to_have_text(re.compile(r"FAM-\w{5}-\w{5}"))
    shoot(teacher, "families-made")
    assert not checker.problems, f"{len(checker.problems)} axe violations:\n" + "\n".join(checker.problems)


@pytest.mark.browser
def test_an_ended_class_s_reflection_and_a_picture_only_pad(make, axe):
    checker, page_of = axe
    school = make.school()
    work = make.post(school.maya, school.public_prompt, "Voting at sixteen builds a habit of voting.", publish=True)
    answers = {"why": "My first answer with two sources.", "learned": "Name the source.",
               "next": "Find a source from another country."}
    add_piece(school.maya, sources.find(school.maya, "post", work.id), answers, [], True)
    prompt = make.prompt(school.classroom, "class", "Map the park", kind="pad")
    pad = db.session.scalar(select(Pad).where(Pad.prompt_id == prompt.id))
    write(pad, school.jonah, "The benches face the pond.\n")
    write(pad, school.teacher, "Thank you, Jonah.\n")
    publish(pad, school.teacher, db.session.get(Pad, pad.id).lock_version)
    upload = FileStorage(io.BytesIO(images.photo((320, 240))), "sketch.jpg", content_type="image/jpeg")
    picture = pictures.add(pad, school.maya, upload, "Maya's sketch of the pond with three benches")
    moderation.decide(picture, states.APPROVE, school.teacher, picture.lock_version)
    family = family_account(school, school.maya)
    set_archived(school.teacher, school.classroom, True)

    teacher = page_of(school.teacher)
    teacher.goto("/queue")
    item = teacher.locator(".reflection-review")
    expect(item.locator(".meta")).to_contain_text("Civics 8B archived")
    checker.check(teacher, "queue with a reflection from a class that has ended")
    item.scroll_into_view_if_needed()
    shoot(teacher, "queue-archived")
    checker.visit(teacher, "families (class ended)", f"/classes/{school.classroom.id}/families")
    expect(teacher.locator("main")).to_contain_text("This class has ended")
    expect(teacher.get_by_role("button", name="New code")).to_have_count(0)
    shoot(teacher, "families-ended")

    parent = page_of(family)
    parent.goto(f"/family/children/{school.maya.id}")
    parent.get_by_role("link", name="Map the park").click()
    expect(parent.get_by_role("img", name="Maya's sketch of the pond with three benches")).to_be_visible()
    expect(parent.locator("main")).not_to_contain_text("Jonah")
    checker.check(parent, "family pad page (pictures only)")
    shoot(parent, "family-pad-picture-only")
    parent.goto(f"/family/children/{school.maya.id}")
    shoot(parent, "family-child")
    assert not checker.problems, f"{len(checker.problems)} axe violations:\n" + "\n".join(checker.problems)
