"""Every kind of mail, with each choice a person can make: right away, in the daily digest, or never."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from board.discussions.models import Post
from board.extensions import db
from board.mail import preferences
from board.mail.models import OutboxMessage
from board.pads import document, store
from board.pads.models import Pad
from board.timeutil import utcnow
from tests.mail.conftest import after_undo_window, html_part, text_part, with_email


def approve(client, login_as, teacher, post) -> None:
    login_as(teacher)
    response = client.post(f"/queue/{post.id}/decide", data={"action": "approve", "version": post.lock_version})
    assert response.status_code == 302


def report(client, login_as, person, post) -> None:
    login_as(person)
    assert client.post(f"/posts/{post.id}/flag", data={"reason": "It names someone."}).status_code in (200, 302)


def write_in_pad(pad, user, text: str) -> None:
    loaded = store.load(pad.id)
    before = loaded.doc.get_state()
    body = document.text_of(loaded.doc)
    with loaded.doc.transaction():
        body.insert(document.byte_length(str(body)), text, {"author": str(user.id)})
    store.append(pad.id, user.id, loaded.doc.get_update(before))


# Each scenario makes one thing happen and returns who should hear of it and words the mail says.

def decision_for_student(school, make, client, login_as):
    post = make.post(school.maya, school.class_prompt, "Rules should be written with the class.")
    approve(client, login_as, school.teacher, post)
    return school.maya, "was published"


def decision_for_reader(school, make, client, login_as):
    root = make.post(school.maya, school.public_prompt, "Sixteen-year-olds pay taxes.", publish=True)
    login_as(school.reader)
    client.post(f"/posts/{root.id}/reply", data={"body": "Thank you for explaining this so clearly."})
    comment = db.session.scalar(select(Post).order_by(Post.id.desc()))
    approve(client, login_as, school.teacher, comment)
    return school.reader, "Your comment"


def reply_for_student(school, make, client, login_as):
    root = make.post(school.maya, school.class_prompt, "A fair rule has a reason.", publish=True)
    make.post(school.jonah, school.class_prompt, "And the reason is said out loud.", parent=root, publish=True)
    return school.maya, "Jonah O. replied to your response: “And the reason is said out loud.”"


def report_for_teacher(school, make, client, login_as):
    post = make.post(school.maya, school.class_prompt, "Rules protect the quiet ones.", publish=True)
    report(client, login_as, school.jonah, post)
    return school.teacher, "Someone reported a response by Maya C."


def hidden_for_teacher(school, make, client, login_as):
    post = make.post(school.maya, school.class_prompt, "Rules protect the quiet ones.", publish=True)
    third = make.student(school.classroom, "Ana", "Lee")
    for person in (school.jonah, school.lucia, third):
        report(client, login_as, person, post)
    return school.teacher, "Reports hid a response by Maya C."


def pad_findings_for_teacher(school, make, client, login_as):
    prompt = make.prompt(school.classroom, "class", "How should we spend the park budget?", kind="both")
    pad = db.session.scalar(select(Pad).where(Pad.prompt_id == prompt.id))
    write_in_pad(pad, school.jonah, "Parks are for everyone, you idiot.\n")
    store.cut_live_revision(pad.id)
    return school.teacher, "have a norms finding"


def overdue_for_teacher(school, make, client, login_as):
    post = make.post(school.maya, school.class_prompt, "Rules can change when the class agrees.")
    db.session.execute(update(Post).where(Post.id == post.id).values(submitted_at=utcnow() - timedelta(hours=25)))
    db.session.commit()
    return school.teacher, "has waited more than 24 hours"


SCENARIOS = {
    "decision": [decision_for_student, decision_for_reader],
    "replies": [reply_for_student],
    "report": [report_for_teacher],
    "hidden": [hidden_for_teacher],
    "pad_findings": [pad_findings_for_teacher],
    "overdue": [overdue_for_teacher],
}
CASES = [(kind, scenario) for kind, scenarios in SCENARIOS.items() for scenario in scenarios]


def only(person, kind: str, choice: str) -> None:
    """The person wants this kind of mail as chosen, and no other kind (so each test hears one thing)."""
    preferences.save_choices(person, {k.name: preferences.NEVER for k in preferences.kinds_for(person)}
                             | {kind: choice})


def everyone_with_email(school) -> None:
    for person in (school.maya, school.jonah, school.lucia, school.reader, school.teacher):
        with_email(person)


@pytest.mark.parametrize(("kind", "scenario"), CASES, ids=[s.__name__ for _, s in CASES])
def test_right_away(app, client, make, login_as, smtp, work, kind, scenario):
    school = make.school()
    everyone_with_email(school)
    for person in (school.maya, school.reader, school.teacher):
        only(person, kind, preferences.NOW)
    person, words = scenario(school, make, client, login_as)
    work(after_undo_window(app))
    mails = smtp.inbox.to(person.email)
    assert len(mails) == 1, [m["Subject"] for m in smtp.inbox.messages]
    assert words in text_part(mails[0]) and words in html_part(mails[0]).replace("&#34;", '"')
    assert "digest" not in mails[0]["Subject"]


@pytest.mark.parametrize(("kind", "scenario"), CASES, ids=[s.__name__ for _, s in CASES])
def test_in_the_daily_digest(app, client, make, login_as, smtp, work, monkeypatch, kind, scenario):
    school = make.school()
    everyone_with_email(school)
    for person in (school.maya, school.reader, school.teacher):
        only(person, kind, preferences.DIGEST)
    person, words = scenario(school, make, client, login_as)
    later = after_undo_window(app)
    work(later)
    assert smtp.inbox.to(person.email) == []  # not before the school's digest hour
    monkeypatch.setitem(app.config, "MAIL_DIGEST_HOUR", 0)
    work(later)
    work(later + timedelta(minutes=5))  # one digest a day, however many rounds
    [digest] = smtp.inbox.to(person.email)
    assert "daily digest" in digest["Subject"]
    assert words in text_part(digest)


@pytest.mark.parametrize(("kind", "scenario"), CASES, ids=[s.__name__ for _, s in CASES])
def test_never(app, client, make, login_as, smtp, work, monkeypatch, kind, scenario):
    school = make.school()
    everyone_with_email(school)
    for person in (school.maya, school.reader, school.teacher):
        only(person, kind, preferences.NEVER)
    person, _ = scenario(school, make, client, login_as)
    monkeypatch.setitem(app.config, "MAIL_DIGEST_HOUR", 0)
    work(after_undo_window(app))
    assert smtp.inbox.to(person.email) == []
    assert db.session.scalar(select(OutboxMessage.id).where(OutboxMessage.user_id == person.id)) is None
