"""A decision on a student's work reaches them by mail once the undo window has passed, and only then."""
from __future__ import annotations

from urllib.parse import urlsplit

from sqlalchemy import select

from board.extensions import db
from board.mail.models import OutboxMessage
from board.moderation.models import Decision
from tests.mail.conftest import after_undo_window, html_part, text_part, with_email


def approve(client, post) -> None:
    response = client.post(f"/queue/{post.id}/decide", data={"action": "approve", "version": post.lock_version})
    assert response.status_code == 302


def test_a_decision_is_mailed_after_the_undo_window_with_links_that_work(app, client, make, login_as, smtp, work):
    school = make.school()
    maya = with_email(school.maya)
    post = make.post(maya, school.class_prompt, "Fair rules apply to everyone the same way.")
    login_as(school.teacher)
    approve(client, post)

    work()  # within the undo window: nothing goes
    assert smtp.inbox.messages == []
    work(after_undo_window(app))
    [mail] = smtp.inbox.to(maya.email)
    assert mail["Subject"] == "Commons: Your work was reviewed"
    assert "“What makes a rule fair?” was published" in text_part(mail)
    link = f"http://commons.test/posts/{post.id}"
    assert link in text_part(mail) and f'href="{link}"' in html_part(mail)
    login_as(maya)
    assert client.get(urlsplit(link).path).status_code == 200
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert mail["List-Unsubscribe"].startswith("<http://commons.test/notifications/unsubscribe/")

    work(after_undo_window(app, 3600))  # sent once: later rounds send nothing more
    assert len(smtp.inbox.messages) == 1


def test_an_undone_decision_sends_nothing(app, client, make, login_as, smtp, work):
    school = make.school()
    maya = with_email(school.maya)
    post = make.post(maya, school.class_prompt, "Rules should be written with the class.")
    login_as(school.teacher)
    approve(client, post)
    decision = db.session.scalar(select(Decision).order_by(Decision.id.desc()))
    assert client.post(f"/decisions/{decision.id}/undo").status_code == 302

    work(after_undo_window(app))
    assert smtp.inbox.messages == []
    statuses = set(db.session.scalars(select(OutboxMessage.status)))
    assert statuses <= {"cancelled"}


def test_a_decision_read_in_the_app_then_undone_sends_nothing(app, client, make, login_as, smtp, work):
    school = make.school()
    maya = with_email(school.maya)
    post = make.post(maya, school.class_prompt, "Rules need reasons.")
    login_as(school.teacher)
    approve(client, post)
    login_as(maya)
    client.post("/notifications/read")  # she read it: the notification stays, marked read
    login_as(school.teacher)
    decision = db.session.scalar(select(Decision).order_by(Decision.id.desc()))
    assert client.post(f"/decisions/{decision.id}/undo").status_code == 302

    work(after_undo_window(app))
    assert not any("was published" in text_part(m) for m in smtp.inbox.messages)


def test_an_account_without_email_gets_no_mail(app, client, make, login_as, smtp, work):
    school = make.school()
    assert school.maya.email is None
    post = make.post(school.maya, school.class_prompt, "Rules need reasons.")
    login_as(school.teacher)
    approve(client, post)
    work(after_undo_window(app))
    assert smtp.inbox.messages == []
    assert db.session.scalar(select(OutboxMessage.id)) is None
