"""Mail follows the notifications' rule: a student's words go only to someone who may read them when it is sent."""
from __future__ import annotations

from sqlalchemy import select

from board.classes import services as classes
from board.classes.models import Membership
from board.discussions.models import Post
from board.extensions import db
from board.mail import preferences
from board.mail.models import OutboxMessage
from tests.mail.conftest import after_undo_window, html_part, text_part, with_email


def newest_post() -> Post:
    return db.session.scalar(select(Post).order_by(Post.id.desc()))


def approve(client, login_as, teacher, post) -> None:
    login_as(teacher)
    assert client.post(f"/queue/{post.id}/decide",
                       data={"action": "approve", "version": post.lock_version}).status_code == 302


def readers_comment_answered_by(client, make, login_as, school, student, words: str) -> Post:
    root = make.post(school.maya, school.public_prompt, "Voting at sixteen builds habits.", publish=True)
    login_as(school.reader)
    client.post(f"/posts/{root.id}/reply", data={"body": "My daughter says the same thing."})
    comment = newest_post()
    approve(client, login_as, school.teacher, comment)
    login_as(student)
    client.post(f"/posts/{comment.id}/reply", data={"body": words})
    reply = newest_post()
    approve(client, login_as, school.teacher, reply)
    return reply


def test_a_reply_by_a_student_without_consent_is_never_mailed_to_the_reader(app, client, make, login_as, smtp, work):
    school = make.school()
    reader = with_email(school.reader)
    preferences.save_choices(reader, {"replies": preferences.NOW})
    readers_comment_answered_by(client, make, login_as, school, school.lucia, "Lucia's own careful words")
    work(after_undo_window(app))
    mails = smtp.inbox.to(reader.email)
    assert [m["Subject"] for m in mails] == ["Commons: Your work was reviewed"]  # their comment's approval
    for mail in mails:
        assert "careful words" not in mail.as_string() and "Lucia" not in mail.as_string()


def test_consent_withdrawn_before_the_mail_goes_sends_nothing_of_the_student(app, client, make, login_as, smtp, work):
    school = make.school()
    reader = with_email(school.reader)
    preferences.save_choices(reader, {"replies": preferences.NOW, "decision": preferences.NEVER})
    readers_comment_answered_by(client, make, login_as, school, school.jonah, "Jonah's considered answer")
    queued = db.session.scalar(select(OutboxMessage).where(OutboxMessage.user_id == reader.id))
    assert queued is not None  # he could read it when it happened
    membership = db.session.scalar(select(Membership).where(Membership.user_id == school.jonah.id))
    classes.set_consent(school.teacher, membership, False)
    db.session.commit()
    work(after_undo_window(app))
    assert smtp.inbox.to(reader.email) == []
    assert db.session.get(OutboxMessage, queued.id).status == "cancelled"


def test_the_html_part_shows_a_student_s_words_as_text(app, client, make, login_as, smtp, work):
    school = make.school()
    maya = with_email(school.maya)
    preferences.save_choices(maya, {"replies": preferences.NOW})
    root = make.post(maya, school.class_prompt, "A fair rule has a reason.", publish=True)
    make.post(school.jonah, school.class_prompt, 'Try <img src=x onerror="alert(1)"> & <b>bold</b>', parent=root,
              publish=True)
    work(after_undo_window(app))
    [mail] = [m for m in smtp.inbox.to(maya.email) if m["Subject"] == "Commons: A new reply to your work"]
    page = html_part(mail)
    assert "<img" not in page and "<b>bold" not in page and "&lt;" in page
    assert "Jonah O. replied" in text_part(mail)
