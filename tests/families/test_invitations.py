"""The teacher's invitations and a family signing up or adding a child with a code."""
from __future__ import annotations

import uuid

from sqlalchemy import func, select

from board.accounts.models import User
from board.classes.models import AuditEntry
from board.classes.services import set_archived
from board.extensions import db
from board.families.models import FamilyInvitation, FamilyLink
from tests.families.conftest import (
    FAMILY_PASSWORD,
    code_for,
    field_error,
    make_codes,
    membership_of,
    sign_up,
    text,
)


def _rows_made() -> tuple[int, int]:
    """How many family codes, and audit entries, there are."""
    db.session.expire_all()
    return (db.session.scalar(select(func.count(FamilyInvitation.id))),
            db.session.scalar(select(func.count(AuditEntry.id))))


def test_the_teacher_makes_a_code_per_student_and_prints_a_sheet(client, login_as, make):
    school = make.school()
    login_as(school.teacher)
    page = text(client.get(f"/classes/{school.classroom.id}/families"))
    # Students put on the roster by the school have no code until the teacher asks for them.
    assert "Make invitations for 3 students" in page and page.count("No code yet") == 3
    assert db.session.scalar(select(func.count(FamilyInvitation.id))) == 0
    made = make_codes(client, school.classroom)
    assert made.status_code == 302 and made.headers["Location"] == f"/classes/{school.classroom.id}/families"
    page = text(client.get(made.headers["Location"]))
    assert "Made family invitations for 3 students." in page and "Make invitations for" not in page
    codes = {i.student_id: i.code for i in db.session.scalars(select(FamilyInvitation))}
    assert set(codes) == {school.maya.id, school.jonah.id, school.lucia.id}
    for student in (school.maya, school.jonah, school.lucia):
        assert student.full_name in page and codes[student.id] in page
    assert page.count("No one yet") == 3
    response = client.get(f"/classes/{school.classroom.id}/families/sheet")
    assert response.headers["Cache-Control"] == "no-store"
    sheet = text(response)
    assert "no family code yet" not in sheet
    for student in (school.maya, school.jonah, school.lucia):
        slip = sheet.split(f"For the family of {student.full_name}")[1].split("</li>")[0]
        assert codes[student.id] in slip and "Civics 8B" in slip
        assert f"http://localhost/family/signup?code={codes[student.id]}" in slip
        assert "Add a child" in slip  # what to do with a second child
    # Pressing the button again makes nothing: the slips already sent home keep working.
    again = make_codes(client, school.classroom)
    assert "already has a family code" in text(client.get(again.headers["Location"]))
    assert _rows_made()[0] == 3


def test_opening_the_families_pages_makes_no_code(client, login_as, make):
    school = make.school()
    make_codes(login_as(school.teacher), school.classroom)
    families, sheet = f"/classes/{school.classroom.id}/families", f"/classes/{school.classroom.id}/families/sheet"
    client.get(families)
    before = _rows_made()
    newcomer = make.student(school.classroom, "Noor", "Haddad")
    for url in (families, sheet, families):
        assert client.get(url).status_code == 200
    assert _rows_made() == before
    # The pages say who has no code and offer the button; the sheet prints the others' slips.
    page = text(client.get(families))
    row = page.split("Noor Haddad</th>")[1].split("</tr>")[0]
    assert "No code yet" in row and "Make invitations for 1 student" in page
    printed = text(client.get(sheet))
    assert "1 student has no family code yet (Noor Haddad)" in printed and "Make invitations for 1 student" in printed
    assert "For the family of Maya Chen" in printed and "For the family of Noor Haddad" not in printed
    # The sheet's button brings the teacher back to the sheet, with Noor's slip on it.
    made = client.post(f"/classes/{school.classroom.id}/families/codes", data={"then": "sheet"})
    assert made.headers["Location"] == sheet
    assert "For the family of Noor Haddad" in text(client.get(sheet))
    code = db.session.scalar(select(FamilyInvitation).where(FamilyInvitation.student_id == newcomer.id))
    audit = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "made family invitation",
                                                        AuditEntry.target_user_id == newcomer.id))
    assert code.created_by_id == school.teacher.id and audit.actor_id == school.teacher.id


def test_a_link_from_another_site_makes_no_code(client, login_as, make):
    school = make.school()
    login_as(school.teacher)
    # A plain GET, or a form without the page's token, changes nothing.
    assert client.get(f"/classes/{school.classroom.id}/families/codes").status_code == 405
    refused = client.post(f"/classes/{school.classroom.id}/families/codes", csrf=False)
    assert refused.status_code == 400
    assert _rows_made()[0] == 0


def test_a_student_who_joins_with_the_class_code_has_a_family_code_at_once(client, login_as, make):
    school = make.school()
    response = client.post("/signup", data={
        "join_code": school.classroom.join_code, "first_name": "Ravi", "last_name": "Patel", "login": "ravi.p",
        "password": "a long password", "confirm": "a long password"})
    assert response.status_code == 302
    ravi = db.session.scalar(select(User).where(User.login == "ravi.p"))
    code = db.session.scalar(select(FamilyInvitation).where(FamilyInvitation.student_id == ravi.id))
    assert code is not None and code.classroom_id == school.classroom.id and code.retired_at is None
    audit = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "made family invitation",
                                                        AuditEntry.target_user_id == ravi.id))
    assert audit.detail == "when the student joined the class"
    login_as(school.teacher)
    printed = text(client.get(f"/classes/{school.classroom.id}/families/sheet"))
    assert code.code in printed.split("For the family of Ravi Patel")[1].split("</li>")[0]


def test_a_code_of_a_class_that_has_ended_is_refused(client, login_as, make, family_of):
    school = make.school()
    code = code_for(client, login_as, school, school.lucia)
    jonah_code = code_for(client, login_as, school, school.jonah)
    family = family_of(school, school.maya)
    set_archived(school.teacher, school.classroom, True)
    client.post("/logout")
    refused = sign_up(client, code, email="late.parent@example.org")
    assert refused.status_code == 422
    assert field_error(text(refused), "code") == "This class has ended; ask the school for a new invitation."
    assert db.session.scalar(select(User).where(User.login == "late.parent@example.org")) is None
    login_as(family)
    added = client.post("/family/add", data={"code": jonah_code, "relationship": "Mother"})
    assert added.status_code == 422
    assert field_error(text(added), "code") == "This class has ended; ask the school for a new invitation."
    assert db.session.scalar(select(func.count(FamilyLink.id)).where(FamilyLink.student_id == school.jonah.id)) == 0
    # The teacher's pages say so, and make no code for it.
    login_as(school.teacher)
    page = text(client.get(f"/classes/{school.classroom.id}/families"))
    assert "This class has ended: its family codes no longer open anything." in page
    assert "New code" not in page
    before = _rows_made()[0]
    make.student(school.classroom, "Noor", "Haddad")
    make_codes(client, school.classroom)
    lucia = membership_of(school.classroom, school.lucia)
    client.post(f"/classes/{school.classroom.id}/families/{lucia.id}/code", data={"confirmed": "yes"})
    assert _rows_made()[0] == before


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
