"""A slip sent to the wrong home: the teacher takes that family account off the student, and it sees nothing more."""
from __future__ import annotations

from sqlalchemy import select

from board.classes.models import AuditEntry
from board.extensions import db
from board.families.models import FamilyLink
from tests.families.conftest import login_family


def _link(student) -> FamilyLink:
    return db.session.scalar(select(FamilyLink).where(FamilyLink.student_id == student.id))


def _remove_url(school, link) -> str:
    return f"/classes/{school.classroom.id}/families/links/{link.id}/remove"


def test_the_teacher_takes_a_family_account_off_a_student(make, client, login_as, family_of):
    school = make.school()
    post = make.post(school.maya, school.class_prompt, "A rule is fair when everyone helped make it.", publish=True)
    family = family_of(school, school.maya)
    assert client.get(f"/family/posts/{post.id}").status_code == 200
    link = _link(school.maya)

    login_as(school.teacher)
    page = client.get(f"/classes/{school.classroom.id}/families").get_data(as_text=True)
    assert _remove_url(school, link) in page
    # The first press asks; nothing changes until the teacher says yes.
    asked = client.post(_remove_url(school, link))
    assert asked.status_code == 200 and "Ana Chen" in asked.get_data(as_text=True)
    assert _link(school.maya) is not None
    done = client.post(_remove_url(school, link), data={"confirmed": "yes"})
    assert done.status_code == 302
    assert _link(school.maya) is None
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "removed family account")) is not None

    login_family(client, family)
    assert client.get(f"/family/children/{school.maya.id}").status_code == 404
    assert client.get(f"/family/posts/{post.id}").status_code == 404
    assert client.get(f"/posts/{post.id}").status_code == 404


def test_only_a_teacher_of_the_class_removes_a_family_account(make, client, login_as, make_client, family_of):
    school = make.school()
    family = family_of(school, school.maya)
    link = _link(school.maya)
    url = _remove_url(school, link)
    for person, status in ((school.other_teacher, 404), (school.outsider, 404), (school.reader, 404),
                           (school.maya, 403), (family, 404)):
        other = login_as(person, on=make_client())
        assert other.post(url, data={"confirmed": "yes"}).status_code == status, person
    assert make_client().post(url, data={"confirmed": "yes"}).status_code in (302, 401)
    # Another class's link through this class's address is not found either.
    other_class_student = make.student(school.other_classroom, "Noa", "Levi")
    assert other_class_student is not None
    login_as(school.teacher)
    assert client.post(f"/classes/{school.other_classroom.id}/families/links/{link.id}/remove",
                       data={"confirmed": "yes"}).status_code == 404
    assert _link(school.maya) is not None
    login_as(school.admin)
    assert client.post(url, data={"confirmed": "yes"}).status_code == 302
    assert _link(school.maya) is None


def test_consent_a_removed_family_account_gave_is_withdrawn_with_it(make, client, login_as, make_client, family_of):
    from tests.families.test_consent import GIVE

    school = make.school()
    post = make.post(school.lucia, school.public_prompt, "Local elections matter most to us.", publish=True)
    visitor = make_client()
    assert "Local elections matter most" not in visitor.get(f"/posts/{post.id}").get_data(as_text=True)
    family_of(school, school.lucia, email="stranger@example.org")
    assert client.post(f"/family/children/{school.lucia.id}/consent", data=GIVE).status_code == 302
    assert visitor.get(f"/posts/{post.id}").status_code == 200
    # The slip reached the wrong home: taking that account off Lucia takes back the consent it gave.
    login_as(school.teacher)
    link = _link(school.lucia)
    assert "consent" in client.post(_remove_url(school, link)).get_data(as_text=True).lower()
    assert client.post(_remove_url(school, link), data={"confirmed": "yes"}).status_code == 302
    assert visitor.get(f"/posts/{post.id}").status_code == 404
    from tests.families.conftest import membership_of

    assert membership_of(school.classroom, school.lucia).consent_at is None
    # Consent on paper, recorded by the teacher, is not the family account's to take back.
    maya_family = family_of(school, school.maya, email="other@example.org")
    login_as(school.teacher)
    assert client.post(_remove_url(school, _link(school.maya)), data={"confirmed": "yes"}).status_code == 302
    assert membership_of(school.classroom, school.maya).consent_at is not None, maya_family


def test_a_cross_site_form_removes_nobody(make, client, login_as, family_of):
    school = make.school()
    family_of(school, school.maya)
    link = _link(school.maya)
    login_as(school.teacher)
    refused = client.post(_remove_url(school, link), data={"confirmed": "yes"}, csrf=False)
    assert refused.status_code == 400
    assert client.get(_remove_url(school, link)).status_code == 405
    assert _link(school.maya) is not None
