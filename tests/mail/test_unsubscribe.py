"""Every mail carries a one-click unsubscribe (RFC 8058) that works without signing in, and only with its token."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from board.extensions import db
from board.mail import preferences
from board.notifications.services import notify
from tests.mail.conftest import after_undo_window, text_part, with_email


def one_mail(app, smtp, work, person, kind: str = "decision"):
    notify(person.id, kind, "A teacher decided on your work.")
    db.session.commit()
    work(after_undo_window(app))
    [mail] = smtp.inbox.to(person.email)
    smtp.inbox.messages.clear()
    return mail


def unsubscribe_path(mail) -> str:
    url = re.fullmatch(r"<([^>]+)>", mail["List-Unsubscribe"]).group(1)
    assert url in text_part(mail)  # the same link is in the text, for a person to click
    return urlsplit(url).path


def test_one_click_from_the_mail_program_stops_that_kind_without_signing_in(app, client, make, smtp, work):
    school = make.school()
    maya = with_email(school.maya)
    path = unsubscribe_path(one_mail(app, smtp, work, maya))
    # As a mail program sends it: a POST with this body, no cookie, no form token, no Origin.
    response = client.post(path, data={"List-Unsubscribe": "One-Click"}, csrf=False, headers={"Origin": ""})
    assert response.status_code == 200
    assert preferences.choice_for(maya, "decision") == preferences.NEVER
    assert preferences.choice_for(maya, "replies") == preferences.DIGEST  # only that kind
    notify(maya.id, "decision", "Another decision.")
    db.session.commit()
    work(after_undo_window(app))
    assert smtp.inbox.messages == []


def test_the_link_in_the_mail_asks_before_it_stops_anything(app, client, make, smtp, work):
    school = make.school()
    maya = with_email(school.maya)
    path = unsubscribe_path(one_mail(app, smtp, work, maya))
    page = client.get(path)
    assert page.status_code == 200 and "Unsubscribe" in page.get_data(as_text=True)
    assert preferences.choice_for(maya, "decision") == preferences.NOW  # a link checker changes nothing
    assert client.post(path, data={}, csrf=False).status_code == 200
    assert preferences.choice_for(maya, "decision") == preferences.NEVER


def test_a_forged_or_altered_token_changes_nothing(app, client, make, smtp, work):
    school = make.school()
    maya = with_email(school.maya)
    path = unsubscribe_path(one_mail(app, smtp, work, maya))
    token = path.rsplit("/", 1)[1]
    for bad in (token[:-2] + ("AA" if not token.endswith("AA") else "BB"), "abc", token.replace(".", "x", 1)):
        assert client.post(f"/notifications/unsubscribe/{bad}", data={}, csrf=False).status_code == 404
    other = with_email(school.jonah)
    forged = preferences.unsubscribe_token(other, "decision").rsplit(".", 1)[0] + "." + token.rsplit(".", 1)[1]
    assert client.post(f"/notifications/unsubscribe/{forged}", data={}, csrf=False).status_code == 404
    assert preferences.choice_for(maya, "decision") == preferences.NOW
    assert preferences.choice_for(other, "decision") == preferences.NOW


def test_the_digest_link_stops_the_digest(app, client, make, smtp, work, monkeypatch):
    school = make.school()
    teacher = with_email(school.teacher)
    monkeypatch.setitem(app.config, "MAIL_DIGEST_HOUR", 0)
    notify(teacher.id, "report", "Someone reported a response.")
    db.session.commit()
    work(after_undo_window(app))
    [digest] = smtp.inbox.to(teacher.email)
    assert "digest" in digest["Subject"] and "Stop your daily digest" in text_part(digest)
    assert client.post(unsubscribe_path(digest), data={}, csrf=False).status_code == 200
    choices = preferences.choices_of(teacher)
    assert preferences.DIGEST not in choices.values()
    assert choices["hidden"] == preferences.NOW  # what comes right away still does


def test_mail_already_queued_stops_when_its_kind_is_turned_off(app, client, make, login_as, smtp, work):
    school = make.school()
    maya = with_email(school.maya)
    notify(maya.id, "decision", "A teacher decided on your work.")
    db.session.commit()
    login_as(maya)
    assert client.post("/notifications/settings", data={"decision": "never"}).status_code == 302
    work(after_undo_window(app))
    assert smtp.inbox.messages == []
