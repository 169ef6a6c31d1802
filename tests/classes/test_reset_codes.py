"""A teacher gives a student who forgot their password a one-time code; the student sets a new one with it."""
import html
import re
from datetime import timedelta

from sqlalchemy import func, select

from board.accounts.models import User, UserSession
from board.classes.models import AuditEntry, Membership, ResetCode
from board.extensions import db, limiter
from board.timeutil import utcnow
from tests.factories import PASSWORD

NEW_PASSWORD = "a brand new password"
CODE = re.compile(r"\b([A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4})\b")


def text_of(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def membership_of(user, classroom) -> Membership:
    return db.session.scalar(select(Membership).where(
        Membership.user_id == user.id, Membership.classroom_id == classroom.id))


def make_code(client, school, student) -> str:
    m = membership_of(student, school.classroom)
    response = client.post(f"/classes/{school.classroom.id}/members/{m.id}/reset-code")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    return CODE.search(text_of(response)).group(1)


def use(client, login, code, password=NEW_PASSWORD, confirm=None):
    response = client.post("/reset-code", data={"login": login, "code": code, "password": password,
                                                "confirm": password if confirm is None else confirm})
    if response.status_code == 302:
        client._csrf = None  # signed in: the session has a new form token, as after any sign-in
    return response


def test_teacher_makes_a_code_shown_once_and_stored_hashed(client, make, login_as):
    school = make.school()
    login_as(school.teacher)
    code = make_code(client, school, school.maya)
    assert len(code.replace("-", "")) == 8 and not set(code) & set("01OIL")
    row = db.session.scalar(select(ResetCode))
    assert row.user_id == school.maya.id and code not in row.digest and code.replace("-", "") not in row.digest
    assert timedelta(days=6, hours=23) < row.expires_at - utcnow() <= timedelta(days=7)
    # Shown once: the class page does not show it again.
    assert code not in client.get(f"/classes/{school.classroom.id}").get_data(as_text=True)
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "made password reset code"))
    assert entry.actor_id == school.teacher.id and entry.target_user_id == school.maya.id


def test_student_sets_a_new_password_with_the_code_and_other_devices_are_signed_out(client, make, login_as,
                                                                                  make_client):
    school = make.school()
    phone = make_client()
    login_as(school.maya, on=phone)
    assert phone.get("/account").status_code == 200
    login_as(school.teacher)
    code = make_code(client, school, school.maya)
    client.post("/logout")

    page = client.get("/reset-code")
    assert page.status_code == 200 and "I have a reset code" in text_of(page)
    done = use(client, school.maya.login.upper(), code.lower().replace("-", " "))
    assert done.status_code == 302, text_of(done)[:2000]
    assert "Hello, Maya" in text_of(client.get("/"))  # signed in on this device
    assert phone.get("/account").status_code == 302  # the other device is signed out
    user = db.session.get(User, school.maya.id)
    assert user.check_password(NEW_PASSWORD) and not user.check_password(PASSWORD)
    assert db.session.scalar(select(func.count(UserSession.id)).where(UserSession.user_id == user.id)) == 1
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "reset password with code"))
    assert entry.actor_id == school.maya.id and entry.classroom_id == school.classroom.id

    # Once only.
    client.post("/logout")
    again = use(client, school.maya.login, code, password="yet another password")
    assert again.status_code == 422 and "does not work" in text_of(again)


def test_a_wrong_code_says_so_and_keeps_what_was_typed(client, make, login_as):
    school = make.school()
    login_as(school.teacher)
    make_code(client, school, school.maya)
    client.post("/logout")
    response = use(client, school.maya.login, "ZZZZ-ZZZZ")
    assert response.status_code == 422
    page = text_of(response)
    assert "That code does not work for this username" in page
    assert f'value="{school.maya.login}"' in page and 'value="ZZZZ-ZZZZ"' in page
    assert NEW_PASSWORD not in page  # a password is never sent back
    assert db.session.get(User, school.maya.id).check_password(PASSWORD)


def test_bad_input_is_shown_next_to_each_field(client, make):
    make.school()
    response = use(client, "", "", password="short", confirm="different")
    assert response.status_code == 422
    page = text_of(response)
    for message in ("Enter the username", "Enter the code from your teacher", "Use at least",
                    "The two passwords are different."):
        assert message in page


def test_an_expired_code_asks_for_a_new_one(client, make, login_as):
    school = make.school()
    login_as(school.teacher)
    code = make_code(client, school, school.maya)
    row = db.session.scalar(select(ResetCode))
    row.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    client.post("/logout")
    response = use(client, school.maya.login, code)
    assert response.status_code == 422 and "more than 7 days old" in text_of(response)
    assert db.session.get(User, school.maya.id).check_password(PASSWORD)


def test_a_new_code_replaces_the_one_before(client, make, login_as):
    school = make.school()
    login_as(school.teacher)
    first = make_code(client, school, school.maya)
    second = make_code(client, school, school.maya)
    client.post("/logout")
    assert use(client, school.maya.login, first).status_code == 422
    assert use(client, school.maya.login, second).status_code == 302


def test_a_code_for_one_student_does_not_open_another_account(client, make, login_as):
    school = make.school()
    login_as(school.teacher)
    code = make_code(client, school, school.maya)
    client.post("/logout")
    assert use(client, school.jonah.login, code).status_code == 422
    assert db.session.get(User, school.jonah.id).check_password(PASSWORD)


def test_wrong_guesses_are_limited_like_wrong_passwords(client, make, login_as, app):
    school = make.school()
    login_as(school.teacher)
    code = make_code(client, school, school.maya)
    client.post("/logout")
    limit = app.config["LOGIN_FAILURE_LIMIT"]
    app.config["LOGIN_FAILURE_LIMIT"] = "3 per 15 minutes"
    try:
        for _ in range(3):
            assert use(client, school.maya.login, "ZZZZ-ZZZZ").status_code == 422
        refused = use(client, school.maya.login, code)
        assert refused.status_code == 429 and "Too many wrong codes" in text_of(refused)
        assert db.session.get(User, school.maya.id).check_password(PASSWORD)
        assert f'value="{school.maya.login}"' in text_of(refused)
    finally:
        app.config["LOGIN_FAILURE_LIMIT"] = limit
        limiter.reset()


def test_printable_sheet_has_a_code_for_every_student(client, make, login_as):
    school = make.school()
    login_as(school.teacher)
    ask = client.get(f"/classes/{school.classroom.id}/reset-codes")
    assert ask.status_code == 200 and "Make 3 codes" in text_of(ask)
    assert db.session.scalar(select(func.count(ResetCode.id))) == 0  # asking makes nothing
    sheet = client.post(f"/classes/{school.classroom.id}/reset-codes")
    assert sheet.status_code == 200 and sheet.headers["Cache-Control"] == "no-store"
    page = text_of(sheet)
    assert "css/print.css" in page
    codes = CODE.findall(page)
    assert len(set(codes)) == 3
    for student in (school.maya, school.jonah, school.lucia):
        assert student.full_name in page and student.login in page
    assert school.outsider.full_name not in page and school.teacher.login not in page
    client.post("/logout")
    slip = page[page.index(school.lucia.full_name):]
    assert use(client, school.lucia.login, CODE.search(slip).group(1)).status_code == 302


def test_teacher_of_another_class_gets_404(client, make, login_as):
    school = make.school()
    m = membership_of(school.maya, school.classroom)
    login_as(school.other_teacher)
    assert client.post(f"/classes/{school.classroom.id}/members/{m.id}/reset-code").status_code == 404
    assert client.post(f"/classes/{school.other_classroom.id}/members/{m.id}/reset-code").status_code == 404
    assert client.post(f"/classes/{school.classroom.id}/reset-codes").status_code == 404
    assert db.session.scalar(select(func.count(ResetCode.id))) == 0


def test_a_teacher_account_cannot_be_reset_with_a_code(client, make, login_as):
    school = make.school()
    login_as(school.teacher)
    m = membership_of(school.teacher, school.classroom)
    assert client.post(f"/classes/{school.classroom.id}/members/{m.id}/reset-code").status_code == 404
