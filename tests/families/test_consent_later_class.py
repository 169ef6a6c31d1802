"""A family's consent in the app reaches a class the child joins later, unless they withdrew it."""
from __future__ import annotations

from sqlalchemy import select

from board.classes.models import AuditEntry
from board.extensions import db
from tests.families.conftest import login_family, membership_of, text

GIVE = {"signature": "Ana Chen", "relationship": "Mother", "decision": "give"}
WITHDRAW = {**GIVE, "decision": "withdraw"}


def join(client, classroom):
    response = client.post("/join", data={"join_code": classroom.join_code})
    assert response.status_code == 302, text(response)[:2000]


def test_a_class_joined_after_the_family_s_consent_has_it_too(client, login_as, make, make_client, family_of):
    school = make.school()
    family = family_of(school, school.lucia)
    login_as(family)
    assert client.post(f"/family/children/{school.lucia.id}/consent", data=GIVE).status_code == 302
    lucia = login_as(school.lucia, on=make_client())
    join(lucia, school.other_classroom)
    membership = membership_of(school.other_classroom, school.lucia)
    assert membership.consent_at is not None and membership.consent_by_id == family.id
    teacher = login_as(school.other_teacher, on=make_client())
    roster = text(teacher.get(f"/classes/{school.other_classroom.id}"))
    row = roster.split("Lucia Morales</strong>")[1].split("</li>")[0]
    assert "Consent on record" in row and "Given in the app by Ana Chen (mother)" in row
    recorded = db.session.scalar(select(AuditEntry).where(
        AuditEntry.classroom_id == school.other_classroom.id, AuditEntry.action == "recorded consent"))
    assert recorded.actor_id == family.id and "before the student joined" in recorded.detail


def test_a_withdrawn_consent_does_not_follow_the_child(client, login_as, make, make_client, family_of):
    school = make.school()
    family = family_of(school, school.lucia)
    login_as(family)
    client.post(f"/family/children/{school.lucia.id}/consent", data=GIVE)
    client.post(f"/family/children/{school.lucia.id}/consent", data=WITHDRAW)
    join(login_as(school.lucia, on=make_client()), school.other_classroom)
    assert membership_of(school.other_classroom, school.lucia).consent_at is None
    # Given again, it covers the new class as well (every class the child is in).
    login_family(client, family)
    client.post(f"/family/children/{school.lucia.id}/consent", data=GIVE)
    assert membership_of(school.other_classroom, school.lucia).consent_at is not None


def test_no_consent_in_the_app_gives_nothing_to_a_new_class(make, make_client, login_as):
    school = make.school()
    join(login_as(school.lucia, on=make_client()), school.other_classroom)
    assert membership_of(school.other_classroom, school.lucia).consent_at is None


def test_a_family_taken_off_the_child_gives_no_consent_to_a_new_class(client, login_as, make, make_client,
                                                                       family_of):
    school = make.school()
    family = family_of(school, school.lucia)
    login_as(family)
    client.post(f"/family/children/{school.lucia.id}/consent", data=GIVE)
    from board.families.models import FamilyLink
    from board.families.services import remove_link

    remove_link(school.teacher, db.session.scalar(select(FamilyLink).where(FamilyLink.family_id == family.id)),
                school.classroom.id)
    join(login_as(school.lucia, on=make_client()), school.other_classroom)
    assert membership_of(school.other_classroom, school.lucia).consent_at is None
