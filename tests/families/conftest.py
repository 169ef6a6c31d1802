"""A school with families: codes the teacher printed, and helpers to sign up and act as a family."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from board.accounts.models import User
from board.classes.models import Membership
from board.extensions import db
from board.families.models import FamilyInvitation
from tests.factories import PASSWORD

FAMILY_PASSWORD = PASSWORD  # so login_as signs a family in as it signs in anyone


def membership_of(classroom, student) -> Membership:
    return db.session.scalar(select(Membership).where(
        Membership.classroom_id == classroom.id, Membership.user_id == student.id))


def make_codes(client, classroom):
    """The teacher presses "Make invitations" on the families page (students put on the roster have none)."""
    return client.post(f"/classes/{classroom.id}/families/codes")


def code_for(client, login_as, school, student) -> str:
    """The family code of a student, as the teacher's families page shows it once the codes are made."""
    login_as(school.teacher)
    make_codes(client, school.classroom)
    page = client.get(f"/classes/{school.classroom.id}/families").get_data(as_text=True)
    client.post("/logout")
    invitation = db.session.scalar(select(FamilyInvitation).where(
        FamilyInvitation.student_id == student.id, FamilyInvitation.retired_at.is_(None)))
    assert invitation.code in page
    return invitation.code


def sign_up(client, code: str, email: str = "ana.chen@example.org", first="Ana", last="Chen",
            relationship="Mother"):
    response = client.post("/family/signup", data={
        "code": code, "first_name": first, "last_name": last, "relationship": relationship, "email": email,
        "password": FAMILY_PASSWORD, "confirm": FAMILY_PASSWORD})
    # Signing up signs in, which gives the session a new form token, as in a browser.
    client._csrf = None
    return response


@pytest.fixture
def family_of(client, login_as):
    """Make a family account for a student through the pages, signed in on the client; return it."""

    def make_family(school, student, email="ana.chen@example.org", relationship="Mother"):
        code = code_for(client, login_as, school, student)
        response = sign_up(client, code, email=email, relationship=relationship)
        assert response.status_code == 302, response.get_data(as_text=True)[:2000]
        family = db.session.scalar(select(User).where(User.login == email))
        family.test_password = FAMILY_PASSWORD
        return family

    return make_family


def login_family(client, family):
    client.post("/logout")
    response = client.post("/login", data={"login": family.login, "password": FAMILY_PASSWORD})
    assert response.status_code == 302
    return client


def text(response) -> str:
    import html

    return html.unescape(response.get_data(as_text=True))


def field_error(page: str, field_id: str) -> str | None:
    """The error shown beside a field, if any."""
    found = re.search(rf'<p class="error" id="{field_id}-error">([^<]*)</p>', page)
    return found.group(1) if found else None


def family_account(school, student, first="Grace", last="Okafor", relationship="Mother"):
    """Make a family account following a student straight through the services (for browser tests)."""
    from board.accounts.services import create_user
    from board.families import services

    login = f"{first}.{last}@example.org".lower()
    family = create_user(first, last, login, PASSWORD, role="family", email=login)
    db.session.commit()
    code = next(row.invitation.code for row in services.class_families(school.teacher, school.classroom)
                if row.membership.user_id == student.id)
    services.link_child(family, code, relationship)
    db.session.commit()
    return family
