"""The mail settings page: each role sees the kinds that concern it, and only its own choices change."""
from __future__ import annotations

import html

import pytest

from board.extensions import db
from board.mail import preferences

ROLE_KINDS = {
    "student": {"decision", "replies"},
    "reader": {"decision", "replies"},
    "teacher": {"decision", "replies", "hidden", "report", "pad_findings", "overdue", "waiting"},
    "admin": {"decision", "replies", "hidden", "report", "pad_findings", "overdue", "waiting"},
}


def person(school, role: str):
    return {"student": school.maya, "reader": school.reader, "teacher": school.teacher, "admin": school.admin}[role]


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get("/notifications/settings")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert client.post("/notifications/settings", data={"decision": "never"}).status_code == 401


@pytest.mark.parametrize("role", sorted(ROLE_KINDS))
def test_each_role_sees_the_kinds_that_concern_it_with_its_defaults(client, make, login_as, role):
    school = make.school()
    user = person(school, role)
    login_as(user)
    page = html.unescape(client.get("/notifications/settings").get_data(as_text=True))
    for kind in preferences.KINDS:
        assert (f'name="{kind.name}"' in page) == (kind.name in ROLE_KINDS[role]), kind.name
    for name, choice in preferences.choices_of(user).items():
        assert f'name="{name}" value="{choice}" checked' in page


@pytest.mark.parametrize("role", sorted(ROLE_KINDS))
def test_each_role_saves_its_own_choices_and_nothing_else(client, make, login_as, role):
    school = make.school()
    user = person(school, role)
    other = school.jonah
    login_as(user)
    wanted = {"decision": "never", "replies": "now", "report": "now", "waiting": "now", "overdue": "sometimes"}
    response = client.post("/notifications/settings", data=wanted)
    assert response.status_code == 302
    choices = preferences.choices_of(user)
    assert choices["decision"] == "never" and choices["replies"] == "now"
    if role in ("teacher", "admin"):
        assert choices["report"] == "now"
        assert choices["waiting"] == "digest"  # a summary comes only in the digest
        assert choices["overdue"] == "digest"  # a choice that does not exist is ignored
    else:
        assert "report" not in choices
    assert preferences.choices_of(other)["decision"] == "now"  # nobody else's choices moved
    assert "Your mail choices are saved." in client.get("/notifications/settings").get_data(as_text=True)


def test_saving_needs_the_form_token(client, make, login_as):
    school = make.school()
    login_as(school.maya)
    response = client.post("/notifications/settings", data={"decision": "never"}, csrf=False)
    assert response.status_code == 400
    assert preferences.choice_for(school.maya, "decision") == "now"


def test_the_page_says_when_no_mail_can_be_sent(client, make, login_as):
    school = make.school()
    login_as(school.maya)
    assert "no email address" in client.get("/notifications/settings").get_data(as_text=True)
    school.reader.email = "sam@family.test"
    db.session.commit()
    login_as(school.reader)
    assert "no email address" not in client.get("/notifications/settings").get_data(as_text=True)
