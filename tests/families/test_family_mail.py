"""A family's mail about its child's newly published work: right away, in the daily digest, or never,
sent after the undo window, against a real SMTP server (aiosmtpd)."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from board.discussions.models import Post
from board.extensions import db
from board.mail import preferences
from board.mail.models import OutboxMessage
from tests.mail.conftest import after_undo_window, html_part, smtp, text_part, work  # noqa: F401  (fixtures)

QUESTION = "What makes a rule fair?"


def approve(client, login_as, teacher, post):
    login_as(teacher)
    response = client.post(f"/queue/{post.id}/decide", data={"action": "approve", "version": post.lock_version})
    assert response.status_code == 302
    return response


def choose(family, choice: str) -> None:
    preferences.save_choices(family, {"family_work": choice, "decision": preferences.NEVER,
                                      "replies": preferences.NEVER})


def test_a_family_is_asked_for_its_own_kind_of_mail(client, login_as, make, family_of):
    school = make.school()
    family = family_of(school, school.maya)
    login_as(family)
    page = client.get("/notifications/settings").get_data(as_text=True)
    assert "My child’s newly published work" in page
    assert preferences.choice_for(family, "family_work") == preferences.DIGEST
    assert preferences.choice_for(school.maya, "family_work") == preferences.NEVER


def test_right_away_after_the_undo_window_with_a_link_that_opens(app, client, login_as, make, family_of, smtp, work):
    school = make.school()
    family = family_of(school, school.maya)
    choose(family, preferences.NOW)
    post = make.post(school.maya, school.class_prompt, "Rules need reasons, like the bell rule.")
    approve(client, login_as, school.teacher, post)
    work()  # inside the undo window: nothing yet
    assert smtp.inbox.to(family.email) == []
    work(after_undo_window(app))
    [mail] = smtp.inbox.to(family.email)
    assert mail["Subject"] == "Commons: New work by your child"
    body = text_part(mail)
    assert f"Maya published a response to “{QUESTION}”" in body
    assert f"http://commons.test/family/posts/{post.id}" in body and "unsubscribe" in body.lower()
    assert f"/family/posts/{post.id}" in html_part(mail)
    login_as(family)
    assert client.get(f"/family/posts/{post.id}").status_code == 200
    work(after_undo_window(app, 60))
    assert len(smtp.inbox.to(family.email)) == 1  # nothing sent twice


def test_in_the_daily_digest(app, client, login_as, make, family_of, smtp, work, monkeypatch):
    school = make.school()
    family = family_of(school, school.maya)
    choose(family, preferences.DIGEST)
    first = make.post(school.maya, school.class_prompt, "Rules need reasons.")
    second = make.post(school.maya, school.public_prompt, "Sixteen-year-olds pay taxes.")
    approve(client, login_as, school.teacher, first)
    approve(client, login_as, school.teacher, second)
    later = after_undo_window(app)
    work(later)
    assert smtp.inbox.to(family.email) == []  # not before the school's digest hour
    monkeypatch.setitem(app.config, "MAIL_DIGEST_HOUR", 0)
    work(later)
    work(later + timedelta(minutes=5))
    [digest] = smtp.inbox.to(family.email)
    assert "digest" in digest["Subject"] and "2 things" in digest["Subject"]
    body = text_part(digest)
    assert f"/family/posts/{first.id}" in body and f"/family/posts/{second.id}" in body


def test_never(app, client, login_as, make, family_of, smtp, work):
    school = make.school()
    family = family_of(school, school.maya)
    choose(family, preferences.NEVER)
    post = make.post(school.maya, school.class_prompt, "Rules need reasons.")
    approve(client, login_as, school.teacher, post)
    work(after_undo_window(app))
    assert smtp.inbox.to(family.email) == []
    assert db.session.scalar(select(OutboxMessage).where(OutboxMessage.user_id == family.id)) is None


def test_an_undone_approval_sends_nothing(app, client, login_as, make, family_of, smtp, work):
    school = make.school()
    family = family_of(school, school.maya)
    choose(family, preferences.NOW)
    post = make.post(school.maya, school.class_prompt, "Rules need reasons.")
    approve(client, login_as, school.teacher, post)
    from board.moderation.services import last_decision

    decision = last_decision("post", post.id)
    assert client.post(f"/decisions/{decision.id}/undo").status_code == 302
    work(after_undo_window(app))
    assert smtp.inbox.to(family.email) == []


@pytest.mark.parametrize("change", ["hidden", "left"])
def test_work_the_family_may_no_longer_read_sends_nothing(app, client, login_as, make, family_of, smtp, work,
                                                          change):
    school = make.school()
    family = family_of(school, school.maya)
    choose(family, preferences.NOW)
    post = make.post(school.maya, school.class_prompt, "Rules need reasons.")
    approve(client, login_as, school.teacher, post)
    if change == "hidden":
        db.session.get(Post, post.id).hidden = True
    else:
        from board.families.models import FamilyLink

        db.session.delete(db.session.scalar(select(FamilyLink).where(FamilyLink.family_id == family.id)))
    db.session.commit()
    work(after_undo_window(app))
    assert smtp.inbox.to(family.email) == []


def test_a_classmates_work_tells_no_other_family(app, client, login_as, make, family_of, smtp, work):
    school = make.school()
    family = family_of(school, school.maya)
    choose(family, preferences.NOW)
    post = make.post(school.jonah, school.class_prompt, "Rules need reasons.")
    approve(client, login_as, school.teacher, post)
    work(after_undo_window(app))
    assert smtp.inbox.to(family.email) == []


def test_trusted_work_published_at_once_is_told_too(app, client, login_as, make, family_of, smtp, work):
    school = make.school()
    family = family_of(school, school.maya)
    choose(family, preferences.NOW)
    from board.classes.models import Membership

    db.session.scalar(select(Membership).where(Membership.user_id == school.maya.id)).trusted = True
    db.session.commit()
    post = make.post(school.maya, school.class_prompt, "Rules need reasons, like the bell rule.")
    assert post.status == "published"
    work(after_undo_window(app))
    [mail] = smtp.inbox.to(family.email)
    assert f"/family/posts/{post.id}" in text_part(mail)


def test_a_published_pad_with_the_childs_words_is_told_with_a_link_to_it(app, client, login_as, make, family_of,
                                                                        smtp, work):
    from board.pads import services as pad_services
    from board.pads.models import Pad
    from tests.pads.conftest import write

    school = make.school()
    family = family_of(school, school.maya)
    choose(family, preferences.NOW)
    prompt = make.prompt(school.classroom, "class", "Plan the class trip", kind="pad")
    pad = db.session.scalar(select(Pad).where(Pad.prompt_id == prompt.id))
    write(pad, school.maya, "The museum.\n")
    other = make.prompt(school.classroom, "class", "Plan the class party", kind="pad")
    jonah_pad = db.session.scalar(select(Pad).where(Pad.prompt_id == other.id))
    write(jonah_pad, school.jonah, "Music.\n")
    for each in (pad, jonah_pad):
        pad_services.publish(each, school.teacher, db.session.get(Pad, each.id).lock_version)
    work(after_undo_window(app))
    [mail] = smtp.inbox.to(family.email)
    body = text_part(mail)
    assert "“Plan the class trip” with Maya’s words" in body and "class party" not in body
    assert f"http://commons.test/family/pads/{pad.id}" in body
    login_as(family)
    opened = client.get(f"/family/pads/{pad.id}")
    assert opened.headers["Location"] == f"/family/children/{school.maya.id}/pads/{pad.id}"
    assert client.get(f"/family/pads/{jonah_pad.id}").status_code == 404
    # In the app, the notification opens the family's page too.
    from board.notifications.models import Notification

    note = db.session.scalar(select(Notification).where(Notification.user_id == family.id))
    read = client.post("/notifications/read", data={"id": str(note.id), "pad": str(pad.id)})
    assert read.headers["Location"] == f"/family/pads/{pad.id}"
