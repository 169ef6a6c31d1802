"""Families in a real browser: the teacher's invitations, a parent signing up, reading, commenting and
withdrawing consent; every page axe-clean at 1280 and 375 px."""
from __future__ import annotations

import os

import pytest
from sqlalchemy import select

from board.extensions import db
from board.pads.models import Pad
from board.pads.services import publish
from tests.browser import expect
from tests.browser.test_axe import Checker, axe_script  # noqa: F401  (a fixture)
from tests.families.conftest import family_account
from tests.pads.conftest import write

#: a folder to save each page into at 1280 and 375 px wide, when set
SCREENS = os.environ.get("COMMONS_SCREENS", "")


def screenshots(page, name: str) -> None:
    """Save the whole page 1280 and 375 wide, only when COMMONS_SCREENS names a folder."""
    if not SCREENS:
        return
    os.makedirs(SCREENS, exist_ok=True)
    for width, height in ((1280, 900), (375, 812)):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=os.path.join(SCREENS, f"families-{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.fixture
def checker(axe_script, live_server):
    return Checker(axe_script, live_server)


@pytest.mark.browser
def test_a_family_signs_up_reads_comments_and_withdraws_consent(make, new_page, checker):
    school = make.school()
    make.post(school.maya, school.class_prompt, "A rule is fair when it has a reason you can say out loud, "
              "like phones away in class so everyone listens.", publish=True)
    make.post(school.maya, school.public_prompt, "Sixteen-year-olds work and pay taxes, so they should have "
              "a say in how the town spends them.", publish=True)
    pad_prompt = make.prompt(school.classroom, "class", "What should our class charter say?", kind="pad")
    pad = db.session.scalar(select(Pad).where(Pad.prompt_id == pad_prompt.id))
    write(pad, school.maya, "We listen before we answer.\n")
    write(pad, school.jonah, "We critique ideas, not people.\n")
    publish(pad, school.teacher, db.session.get(Pad, pad.id).lock_version)
    family_account(school, school.jonah, "Ray", "Okafor", "Father")

    teacher = new_page(school.teacher, viewport={"width": 1280, "height": 900})
    checker.serve_axe(teacher.context)
    teacher.goto(f"/classes/{school.classroom.id}")
    teacher.get_by_role("link", name="family codes, who has joined, and invitations to print").click()
    expect(teacher.get_by_role("heading", name="Families · Civics 8B")).to_be_visible()
    code = teacher.locator("#f2 .code, tr:has(th:text('Maya Chen')) .code").first.inner_text()
    checker.check(teacher, "families (teacher)")
    screenshots(teacher, "teacher")
    teacher.get_by_role("link", name="Print invitations").click()
    expect(teacher.locator(".family-slip").first).to_be_visible()
    checker.check(teacher, "family invitations sheet")
    screenshots(teacher, "sheet")
    teacher.emulate_media(media="print")
    teacher.pdf(path=os.path.join(SCREENS, "families-sheet.pdf"), format="A4") if SCREENS else None
    teacher.emulate_media(media="screen")

    parent = new_page(viewport={"width": 1280, "height": 900})
    checker.serve_axe(parent.context)
    parent.goto(f"/family/signup?code={code}")
    parent.get_by_role("button", name="Create my family account").click()
    expect(parent.locator("#first_name-error")).to_be_visible()
    checker.check(parent, "family sign-up (errors)")
    parent.get_by_label("Your first name").fill("Ana")
    parent.get_by_label("Your last name").fill("Chen")
    parent.get_by_label("You are the student’s").fill("Mother")
    parent.get_by_label("Email").fill("ana.chen@example.org")
    parent.get_by_label("Password", exact=True).fill("a long family password")
    parent.get_by_label("Password again").fill("a long family password")
    screenshots(parent, "signup")
    parent.get_by_role("button", name="Create my family account").click()
    expect(parent.get_by_role("heading", name="My family")).to_be_visible()
    expect(parent.locator(".family-child")).to_contain_text("What makes a rule fair?")
    checker.check(parent, "family home")
    screenshots(parent, "home")
    parent.get_by_role("link", name="See all of Maya’s work").click()
    expect(parent.get_by_role("heading", name="Maya Chen’s work")).to_be_visible()
    checker.check(parent, "family child page")
    screenshots(parent, "child")
    parent.get_by_role("link", name="What should our class charter say?").click()
    expect(parent.locator(".published-pad")).to_contain_text("We listen before we answer.")
    expect(parent.locator(".published-pad")).not_to_contain_text("We critique ideas")
    checker.check(parent, "family pad page")
    parent.go_back()
    parent.get_by_role("link", name="What makes a rule fair?").first.click()
    parent.get_by_role("textbox", name="Your comment for Maya").fill("We talked about the phone rule at dinner. "
                                                                    "Well argued!")
    parent.get_by_role("button", name="Post comment").click()
    expect(parent.locator(".badge-pending")).to_have_text("Waiting for the teacher")
    # The comment is sent: the composer starts empty, its draft forgotten.
    expect(parent.get_by_role("textbox", name="Your comment for Maya")).to_have_value("")
    checker.check(parent, "family post page (comment waiting)")
    screenshots(parent, "post")
    parent.goto(f"/family/children/{school.maya.id}/consent")
    parent.get_by_role("button", name="Withdraw consent").click()
    expect(parent.locator("#signature-error")).to_be_visible()
    checker.check(parent, "consent form (error)")
    parent.get_by_label("Your full name, as your signature").fill("Ana Chen")
    screenshots(parent, "consent")
    parent.get_by_role("button", name="Withdraw consent").click()
    expect(parent.locator(".flash-success")).to_contain_text("Consent withdrawn")
    checker.visit(parent, "add a child", "/family/add")
    checker.visit(parent, "family notification settings", "/notifications/settings")

    teacher.goto(f"/classes/{school.classroom.id}#roster")
    expect(teacher.locator("#roster")).to_contain_text("Withdrawn in the app by Ana Chen (mother)")
    checker.check(teacher, "class roster with consent routes")
    teacher.locator("#roster").scroll_into_view_if_needed()
    screenshots(teacher, "roster")
    teacher.goto(f"/classes/{school.classroom.id}/families")
    expect(teacher.locator("table")).to_contain_text("Ana Chen")
    screenshots(teacher, "teacher-joined")

    assert not checker.problems, f"{len(checker.problems)} axe violations:\n" + "\n".join(checker.problems)
