"""Signing out ends the session on the server; remember-me lasts a term; a person can sign out everywhere."""
import re
from datetime import timedelta
from email.utils import parsedate_to_datetime

from board.timeutil import utcnow
from tests.factories import PASSWORD


def sign_in(client, user, remember=False):
    data = {"login": user.login, "password": PASSWORD}
    if remember:
        data["remember"] = "y"
    response = client.post("/login", data=data)
    assert response.status_code == 302
    return response


def cookie(client, name):
    found = client.get_cookie(name)
    return found.value if found else None


def page_token(client, path="/account") -> str:
    return re.search(r'name="csrf-token" content="([^"]+)"', client.get(path).get_data(as_text=True)).group(1)


def test_a_session_cookie_saved_before_sign_out_opens_nothing_after(client, make):
    user = make.user("student")
    sign_in(client, user)
    saved = cookie(client, "session")
    client.post("/logout")
    client.set_cookie("session", saved)
    assert client.get("/account").status_code == 302


def test_a_remember_cookie_saved_before_sign_out_opens_nothing_after(client, make_client, make):
    user = make.user("student")
    sign_in(client, user, remember=True)
    saved = cookie(client, "remember_token")
    assert saved
    client.post("/logout")
    thief = make_client()
    thief.set_cookie("remember_token", saved)
    assert thief.get("/account").status_code == 302


def test_a_remember_cookie_works_until_sign_out(client, make_client, make):
    user = make.user("student")
    sign_in(client, user, remember=True)
    later = make_client()
    later.set_cookie("remember_token", cookie(client, "remember_token"))
    assert later.get("/account").status_code == 200


def test_remember_me_lasts_a_school_term_at_most(client, make):
    from board.accounts.models import UserSession
    from board.extensions import db

    user = make.user("student")
    response = sign_in(client, user, remember=True)
    header = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("remember_token="))
    expires = parsedate_to_datetime(re.search(r"Expires=([^;]+)", header).group(1))
    assert expires.replace(tzinfo=None) - utcnow().replace(tzinfo=None) <= timedelta(days=121)
    # The server holds to it too, whatever a browser does with the cookie.
    row = db.session.scalar(db.select(UserSession).where(UserSession.user_id == user.id))
    row.created_at = utcnow() - timedelta(days=121)
    db.session.commit()
    assert client.get("/account").status_code == 302


def test_signing_out_on_one_device_keeps_the_others(client, make_client, make):
    user = make.user("student")
    phone = make_client()
    sign_in(client, user)
    sign_in(phone, user)
    client.post("/logout")
    assert phone.get("/account").status_code == 200


def test_sign_out_everywhere_ends_every_device(client, make_client, make):
    user = make.user("student")
    phone, laptop = make_client(), make_client()
    sign_in(client, user)
    sign_in(phone, user, remember=True)
    sign_in(laptop, user)
    remembered = cookie(phone, "remember_token")
    page = client.get("/account").get_data(as_text=True)
    assert "Sign out everywhere" in page and "3 devices" in page
    response = client.post("/account/sign-out-everywhere")
    assert response.status_code == 302
    assert "signed out on every device" in client.get("/").get_data(as_text=True)
    for device in (client, phone, laptop):
        assert device.get("/account").status_code == 302
    phone.set_cookie("session", "")
    phone.set_cookie("remember_token", remembered)
    assert phone.get("/account").status_code == 302
    sign_in(client, user)
    assert client.get("/account").status_code == 200


def test_the_form_token_changes_at_sign_in_and_at_sign_out(client, make):
    user = make.user("student")
    before = page_token(client, "/login")
    sign_in(client, user)
    stale = client.post("/account", csrf=False, data={"csrf_token": before, "profile-first_name": "Mia",
                                                       "profile-last_name": "Chen", "profile-submit": "1"})
    assert stale.status_code == 400
    signed_in = page_token(client)
    client.post("/logout")
    sign_in(client, user)
    assert client.post("/account", csrf=False, data={
        "csrf_token": signed_in, "profile-first_name": "Mia", "profile-last_name": "Chen",
        "profile-submit": "1"}).status_code == 400
    assert client.post("/account", data={"profile-first_name": "Mia", "profile-last_name": "Chen",
                                         "profile-submit": "1"}).status_code == 302


def test_the_account_page_notes_when_a_device_was_last_seen(client, make):
    from board.accounts.models import UserSession
    from board.extensions import db

    user = make.user("student")
    sign_in(client, user)
    row = db.session.scalar(db.select(UserSession).where(UserSession.user_id == user.id))
    row.last_seen_at = utcnow() - timedelta(hours=3)
    db.session.commit()
    assert client.get("/account").status_code == 200
    db.session.refresh(row)
    assert utcnow() - row.last_seen_at < timedelta(minutes=5)
