"""The teacher's invitations and a family signing up or adding a child with a code."""
from __future__ import annotations

import uuid

from sqlalchemy import func, select

from board.accounts.models import User
from board.extensions import db
from board.families.models import FamilyInvitation, FamilyLink
from tests.families.conftest import FAMILY_PASSWORD, code_for, field_error, membership_of, sign_up, text


def test_the_teacher_sees_a_code_per_student_and_prints_a_sheet(client, login_as, make):
    school = make.school()
    login_as(school.teacher)
    page = text(client.get(f"/classes/{school.classroom.id}/families"))
    codes = {i.student_id: i.code for i in db.session.scalars(select(FamilyInvitation))}
    assert set(codes) == {school.maya.id, school.jonah.id, school.lucia.id}
    for student in (school.maya, school.jonah, school.lucia):
        assert student.full_name in page and codes[student.id] in page
    assert page.count("No one yet") == 3
    response = client.get(f"/classes/{school.classroom.id}/families/sheet")
    assert response.headers["Cache-Control"] == "no-store"
    sheet = text(response)
    for student in (school.maya, school.jonah, school.lucia):
        slip = sheet.split(f"For the family of {student.full_name}")[1].split("</li>")[0]
        assert codes[student.id] in slip and "Civics 8B" in slip
        assert f"http://localhost/family/signup?code={codes[student.id]}" in slip
        assert "Add a child" in slip  # what to do with a second child
    # Printing again shows the same codes: the slips already sent home keep working.
    client.get(f"/classes/{school.classroom.id}/families/sheet")
    assert db.session.scalar(select(func.count(FamilyInvitation.id))) == 3


def test_a_class_page_links_to_the_families_page(client, login_as, make):
    school = make.school()
    login_as(school.teacher)
    page = text(client.get(f"/classes/{school.classroom.id}"))
    assert f"/classes/{school.classroom.id}/families" in page


def test_a_family_signs_up_with_the_code_and_the_teacher_sees_who_joined(client, login_as, make):
    school = make.school()
    code = code_for(client, login_as, school, school.maya)
    # The slip's link fills in the code.
    assert f'value="{code}"' in text(client.get(f"/family/signup?code={code}"))
    response = sign_up(client, code.lower().replace("-", " "), relationship="Grandfather")
    assert response.status_code == 302 and response.headers["Location"] == "/family"
    family = db.session.scalar(select(User).where(User.login == "ana.chen@example.org"))
    assert family.role == "family" and family.email == "ana.chen@example.org"
    home = text(client.get("/family"))
    assert "Maya Chen" in home and "grandfather" in home
    assert client.get("/").headers["Location"] == "/family"
    login_as(school.teacher)
    page = text(client.get(f"/classes/{school.classroom.id}/families"))
    row = page.split("Maya Chen</th>")[1].split("</tr>")[0]
    assert "Ana Chen" in row and "grandfather" in row


def test_a_new_code_replaces_the_old_one(client, login_as, make):
    school = make.school()
    old = code_for(client, login_as, school, school.lucia)
    membership = membership_of(school.classroom, school.lucia)
    login_as(school.teacher)
    url = f"/classes/{school.classroom.id}/families/{membership.id}/code"
    asked = client.post(url)
    assert asked.status_code == 200 and "stops working" in text(asked)
    assert db.session.scalar(select(func.count(FamilyInvitation.id)).where(
        FamilyInvitation.student_id == school.lucia.id)) == 1
    done = client.post(url, data={"confirmed": "yes"})
    assert done.status_code == 302
    new = db.session.scalar(select(FamilyInvitation.code).where(
        FamilyInvitation.student_id == school.lucia.id, FamilyInvitation.retired_at.is_(None)))
    assert new != old and new in text(client.get(done.headers["Location"]))
    client.post("/logout")
    refused = sign_up(client, old)
    assert refused.status_code == 422
    assert "No family invitation has that code" in field_error(text(refused), "code")
    assert sign_up(client, new).status_code == 302


def test_a_family_adds_a_second_child(client, login_as, make, family_of):
    school = make.school()
    jonah_code = code_for(client, login_as, school, school.jonah)
    family = family_of(school, school.maya)
    login_as(family)
    page = client.post("/family/add", data={"code": jonah_code, "relationship": "Mother"})
    assert page.status_code == 302 and page.headers["Location"] == f"/family/children/{school.jonah.id}"
    home = text(client.get("/family"))
    assert "Maya Chen" in home and "Jonah Okafor" in home
    again = client.post("/family/add", data={"code": jonah_code, "relationship": "Mother"})
    assert again.status_code == 422 and "already follows Jonah" in field_error(text(again), "code")
    assert db.session.scalar(select(func.count(FamilyLink.id)).where(FamilyLink.family_id == family.id)) == 2


def test_a_signed_in_family_opening_a_slip_link_is_sent_to_add_the_child(client, login_as, make, family_of):
    school = make.school()
    code = code_for(client, login_as, school, school.jonah)
    family = family_of(school, school.maya)
    login_as(family)
    response = client.get(f"/family/signup?code={code}")
    assert response.status_code == 302 and response.headers["Location"] == f"/family/add?code={code}"


def test_wrong_codes_are_counted_like_class_codes(client, make, app, monkeypatch):
    make.school()
    # An address of its own: the counters may live in a Redis shared with earlier tests.
    n = uuid.uuid4().int
    client.environ_base["REMOTE_ADDR"] = f"10.{n % 250}.{(n >> 8) % 250}.{(n >> 16) % 250}"
    monkeypatch.setitem(app.config, "JOIN_ADDRESS_FAILURE_LIMIT", "3 per 10 minutes")
    for _ in range(3):
        assert sign_up(client, "FAM-AAAAA-BBBBB").status_code == 422
    refused = sign_up(client, "FAM-AAAAA-BBBBB", email="other@example.org", first="Bea")
    assert refused.status_code == 429
    page = text(refused)
    assert "Too many wrong codes" in field_error(page, "code")
    # Nothing typed is lost but the password.
    assert 'value="other@example.org"' in page and 'value="Bea"' in page and FAMILY_PASSWORD not in page
    assert db.session.scalar(select(func.count(User.id)).where(User.role == "family")) == 0


def test_right_codes_are_never_counted(client, login_as, make, app, monkeypatch):
    school = make.school()
    n = uuid.uuid4().int
    client.environ_base["REMOTE_ADDR"] = f"10.{n % 250}.{(n >> 8) % 250}.{(n >> 16) % 250}"
    code = code_for(client, login_as, school, school.maya)
    monkeypatch.setitem(app.config, "JOIN_ADDRESS_FAILURE_LIMIT", "2 per 10 minutes")
    for n in range(4):
        client.post("/logout")
        assert sign_up(client, code, email=f"parent{n}@example.org").status_code == 302


def test_bad_sign_up_input_is_said_beside_each_field_and_kept(client, login_as, make):
    school = make.school()
    code = code_for(client, login_as, school, school.maya)
    cases = [
        ({"code": ""}, "code", "Enter the code"),
        ({"first_name": "   "}, "first_name", "Enter a name"),
        ({"first_name": "Ana\u200b"}, "first_name", "hidden"),
        ({"last_name": "1234"}, "last_name", "letter"),
        ({"relationship": ""}, "relationship", "how you are related"),
        ({"relationship": "M" * 41}, "relationship", "40 characters"),
        ({"email": "not-an-email"}, "email", "doesn’t look like an email"),
        ({"password": "short", "confirm": "short"}, "password", "at least 8"),
        ({"confirm": "something else"}, "confirm", "different"),
    ]
    good = {"code": code, "first_name": "Ana", "last_name": "Chen", "relationship": "Mother",
            "email": "ana.chen@example.org", "password": FAMILY_PASSWORD, "confirm": FAMILY_PASSWORD}
    for change, field, message in cases:
        data = {**good, **change}
        response = client.post("/family/signup", data=data)
        page = text(response)
        assert response.status_code == 422, (change, response.status_code)
        assert message in (field_error(page, field) or ""), (change, field_error(page, field))
        for kept in ("first_name", "last_name", "relationship", "email", "code"):
            if kept not in change and data[kept]:
                assert f'value="{data[kept]}"' in page, (change, kept)
    assert db.session.scalar(select(func.count(User.id)).where(User.role == "family")) == 0
    # An email already in use is said beside the email.
    sign_up(client, code)
    client.post("/logout")
    client._csrf = None
    taken = sign_up(client, code)
    assert taken.status_code == 422 and "already taken" in field_error(text(taken), "email")


def test_bad_add_child_input_is_said_beside_each_field(client, login_as, make, family_of):
    school = make.school()
    family = family_of(school, school.maya)
    login_as(family)
    for data, field, message in [({"code": "", "relationship": "Aunt"}, "code", "Enter the code"),
                                 ({"code": "FAM-ZZZZZ-ZZZZZ", "relationship": "Aunt"}, "code", "No family invitation"),
                                 ({"code": "FAM-ZZZZZ-ZZZZZ", "relationship": ""}, "relationship", "how you are related")]:
        response = client.post("/family/add", data=data)
        page = text(response)
        assert response.status_code == 422
        assert message in (field_error(page, field) or ""), (data, page[:200])
        if data["code"]:
            assert f'value="{data["code"]}"' in page
        if data["relationship"]:
            assert f'value="{data["relationship"]}"' in page


def test_a_code_for_a_student_who_left_opens_nothing(client, login_as, make):
    school = make.school()
    code = code_for(client, login_as, school, school.lucia)
    db.session.delete(membership_of(school.classroom, school.lucia))
    db.session.commit()
    refused = sign_up(client, code)
    assert refused.status_code == 422 and "left the class" in field_error(text(refused), "code")


def test_one_code_links_a_few_family_members_and_no_more(client, login_as, make, monkeypatch):
    from board.families import services

    school = make.school()
    code = code_for(client, login_as, school, school.maya)
    monkeypatch.setattr(services, "LINKS_PER_STUDENT", 2)
    for n in range(2):
        client.post("/logout")
        assert sign_up(client, code, email=f"parent{n}@example.org").status_code == 302
    client.post("/logout")
    refused = sign_up(client, code, email="third@example.org")
    assert refused.status_code == 422 and "as many family accounts" in field_error(text(refused), "code")
