"""Signing up, signing in, rate limits, passwords, joining classes."""
import html
import uuid

from board.accounts.models import User
from board.classes.models import Membership
from board.extensions import db, limiter
from tests.factories import PASSWORD


def text_of(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def signup(client, **fields):
    data = {"join_code": "", "first_name": "Ravi", "last_name": "Patel", "login": "ravi.p",
            "password": "a long password", "confirm": "a long password", **fields}
    return client.post("/signup", data=data)


def test_student_signs_up_with_the_join_code(client, make):
    classroom = make.classroom()
    response = signup(client, join_code=classroom.join_code.lower().replace("-", " "))
    assert response.status_code == 302 and response.headers["Location"] == f"/classes/{classroom.id}"
    user = db.session.scalar(db.select(User).where(User.login == "ravi.p"))
    assert user.role == "student" and user.display_name == "Ravi P."
    assert db.session.scalar(db.select(Membership).where(Membership.user_id == user.id)).role == "student"
    assert "Welcome, Ravi!" in text_of(client.get(response.headers["Location"]))


def test_school_email_works_as_the_login(client, make):
    classroom = make.classroom()
    signup(client, join_code=classroom.join_code, login="Ravi.Patel@School.example")
    user = db.session.scalar(db.select(User).where(User.login == "ravi.patel@school.example"))
    assert user.email == "ravi.patel@school.example"


def test_wrong_code_is_explained_and_nothing_typed_is_lost(client, make):
    make.classroom()
    response = signup(client, join_code="NOPE-NOPE")
    assert response.status_code == 200
    page = text_of(response)
    assert "No class has that code. Check it with your teacher." in page
    assert 'value="Ravi"' in page and 'value="Patel"' in page and 'value="ravi.p"' in page
    assert 'value="NOPE-NOPE"' in page
    assert db.session.scalar(db.select(db.func.count(User.id))) == 1  # the teacher


def test_signup_field_errors_sit_next_to_their_fields(client, make):
    classroom = make.classroom()
    response = signup(client, join_code=classroom.join_code, first_name="", password="short", confirm="other")
    page = text_of(response)
    assert "Enter a name." in page
    assert "Use at least 8 characters." in page
    assert "The two passwords are different." in page
    assert 'value="Patel"' in page


def test_taken_username_is_refused(client, make):
    classroom = make.classroom()
    signup(client, join_code=classroom.join_code)
    client.post("/logout")
    response = signup(client, join_code=classroom.join_code, first_name="Other")
    assert "That name is already taken" in text_of(response)


def test_closed_joining_refuses_new_students(client, make):
    classroom = make.classroom()
    classroom.joining_open = False
    db.session.commit()
    assert "not taking new students" in text_of(signup(client, join_code=classroom.join_code))


def test_reader_signs_up_with_an_email(client):
    response = client.post("/signup/reader", data={
        "first_name": "Sam", "last_name": "Park", "email": "sam@example.org",
        "password": "a long password", "confirm": "a long password"})
    assert response.status_code == 302
    assert db.session.scalar(db.select(User).where(User.email == "sam@example.org")).role == "reader"


def test_reader_signup_bad_email_keeps_the_names(client):
    response = client.post("/signup/reader", data={
        "first_name": "Sam", "last_name": "Park", "email": "not-an-email",
        "password": "a long password", "confirm": "a long password"})
    page = text_of(response)
    assert "doesn’t look like an email" in page and 'value="Sam"' in page and 'value="not-an-email"' in page


def test_sign_in_and_out(client, make):
    user = make.user("student")
    bad = client.post("/login", data={"login": user.login, "password": "wrong"})
    assert bad.status_code == 401
    assert "don’t match an active account" in text_of(bad)
    assert f'value="{user.login}"' in text_of(bad)
    good = client.post("/login", data={"login": user.login.upper(), "password": PASSWORD})
    assert good.status_code == 302
    assert client.get("/account").status_code == 200
    assert client.get("/logout").status_code == 405
    client.post("/logout")
    assert client.get("/account").status_code == 302


def test_sign_in_goes_back_where_it_was_asked_but_never_off_site(client, make):
    user = make.user("student")
    response = client.post("/login", data={"login": user.login, "password": PASSWORD, "next": "/me/work"})
    assert response.headers["Location"] == "/me/work"
    client.post("/logout")
    response = client.post("/login", data={"login": user.login, "password": PASSWORD,
                                           "next": "//evil.example/x"})
    assert response.headers["Location"] == "/"


def test_deactivated_account_cannot_sign_in_and_is_signed_out(client, make, login_as):
    user = make.user("student")
    login_as(user)
    user.active = False
    user.session_version += 1
    db.session.commit()
    assert client.get("/account").status_code == 302
    assert client.post("/login", data={"login": user.login, "password": PASSWORD}).status_code == 401


def test_changing_the_password_ends_other_sessions(client, make_client, make, login_as):
    user = make.user("student")
    other_device = make_client()
    login_as(user)
    login_as(user, on=other_device)
    wrong = client.post("/account", data={"password-current": "nope", "password-password": "brand new pass",
                                          "password-confirm": "brand new pass", "password-submit": "1"})
    assert "That is not your current password." in text_of(wrong)
    response = client.post("/account", data={"password-current": PASSWORD,
                                             "password-password": "brand new pass",
                                             "password-confirm": "brand new pass", "password-submit": "1"})
    assert response.status_code == 302
    assert client.get("/account").status_code == 200
    assert other_device.get("/account").status_code == 302


def test_profile_name_change_with_an_empty_name_keeps_the_other(client, make, login_as):
    user = make.user("student")
    login_as(user)
    response = client.post("/account", data={"profile-first_name": "", "profile-last_name": "Changed",
                                             "profile-submit": "1"})
    page = text_of(response)
    assert "Enter a name." in page and 'value="Changed"' in page


def test_passwords_are_hashed_with_scrypt_by_default(make_app):
    app = make_app(PASSWORD_HASH_METHOD="scrypt")
    with app.app_context():
        user = User(first_name="A", last_name="B", login="a")
        user.set_password("a long password")
        assert user.password_hash.startswith("scrypt:")
        assert user.check_password("a long password") and not user.check_password("other")


def test_login_is_rate_limited(make_app, make):
    from tests.conftest import Client

    user = make.user("student")
    limited = make_app(LOGIN_RATE_LIMIT="3 per minute")
    limiter.reset()  # counters from an earlier run may still sit in a shared Redis
    limited.test_client_class = Client
    client = limited.test_client()
    ip = {"REMOTE_ADDR": f"10.9.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"}
    statuses = [client.post("/login", data={"login": user.login, "password": "wrong"}, environ_base=ip).status_code
                for _ in range(4)]
    assert statuses == [401, 401, 401, 429]
    page = client.post("/login", data={"login": user.login, "password": "wrong"}, environ_base=ip)
    assert "Wait a minute and try again" in text_of(page)


def test_posting_is_rate_limited_and_the_text_is_kept(make_app, make):
    from tests.conftest import Client

    school = make.school()
    limited = make_app(POST_RATE_LIMIT="2 per minute")
    limiter.reset()
    limited.test_client_class = Client
    client = limited.test_client()
    client.post("/login", data={"login": school.maya.login, "password": PASSWORD})
    responses = [client.post(f"/prompts/{school.class_prompt.id}/respond",
                             data={"body": f"Thought number {i}", "action": "post"}) for i in range(3)]
    assert [r.status_code for r in responses] == [302, 302, 429]
    assert "Thought number 2" in text_of(responses[2])


def test_student_joins_a_second_class(client, make, login_as):
    school = make.school()
    second = make.classroom(school.teacher, "Civics 8C")
    login_as(school.maya)
    bad = client.post("/join", data={"join_code": "ZZZZ-ZZZZ"})
    assert "No class has that code" in text_of(bad)
    response = client.post("/join", data={"join_code": second.join_code})
    assert response.headers["Location"] == f"/classes/{second.id}"
