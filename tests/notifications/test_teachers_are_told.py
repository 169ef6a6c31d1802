"""Teachers are told in the app: a new report, work hidden by reports, a pad with new findings, work waiting too long."""
from __future__ import annotations

import html
from datetime import timedelta

from sqlalchemy import select, update

from board.classes.models import Membership
from board.discussions.models import Post
from board.extensions import db
from board.notifications.models import Notification
from board.notifications.overdue import check_overdue
from board.pads import document, store
from board.pads.models import Pad
from board.timeutil import utcnow


def inbox(client) -> str:
    return html.unescape(client.get("/notifications").get_data(as_text=True))


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


def test_a_report_reaches_the_class_s_teachers_and_nobody_else(client, make, login_as):
    school = make.school()
    post = make.post(school.maya, school.class_prompt, "Rules protect the quiet ones.", publish=True)
    report(client, login_as, school.jonah, post)
    login_as(school.teacher)
    assert "Someone reported a response by Maya C. to “What makes a rule fair?”." in inbox(client)
    for person in (school.other_teacher, school.maya, school.jonah):
        login_as(person)
        assert "reported" not in inbox(client)


def test_work_hidden_by_reports_is_said_as_such(client, make, login_as):
    school = make.school()
    post = make.post(school.maya, school.class_prompt, "Rules protect the quiet ones.", publish=True)
    third = make.student(school.classroom, "Ana", "Lee")
    for person in (school.jonah, school.lucia, third):
        report(client, login_as, person, post)
    login_as(school.teacher)
    page = inbox(client)
    assert page.count("Someone reported a response by Maya C.") == 2
    assert "Reports hid a response by Maya C. to “What makes a rule fair?”: it stays hidden until you decide." in page


def test_a_teacher_who_reports_is_not_told_of_their_own_report(client, make, login_as):
    school = make.school()
    co_teacher = make.user("teacher", "Lee", "Park")
    db.session.add(Membership(classroom_id=school.classroom.id, user_id=co_teacher.id, role="teacher"))
    db.session.commit()
    post = make.post(school.maya, school.class_prompt, "Rules protect the quiet ones.", publish=True)
    report(client, login_as, school.teacher, post)
    login_as(school.teacher)
    assert "Reports hid" not in inbox(client)
    login_as(co_teacher)
    assert "Reports hid a response by Maya C." in inbox(client)


def test_a_pad_with_new_findings_is_said_once_until_the_teacher_looks(client, make, login_as):
    school = make.school()
    prompt = make.prompt(school.classroom, "class", "How should we spend the park budget?", kind="both")
    pad = db.session.scalar(select(Pad).where(Pad.prompt_id == prompt.id))
    write_in_pad(pad, school.jonah, "Parks are for everyone, you idiot.\n")
    store.cut_live_revision(pad.id)
    write_in_pad(pad, school.jonah, "Only an idiot wants a parking lot.\n")
    store.cut_live_revision(pad.id)
    login_as(school.teacher)
    page = inbox(client)
    assert page.count("New words in the pad “How should we spend the park budget?” have") == 1
    assert f'name="pad" value="{pad.id}"' in page  # it opens the pad
    client.post("/notifications/read")
    write_in_pad(pad, school.maya, "You are an idiot too.\n")
    store.cut_live_revision(pad.id)
    assert inbox(client).count("New words in the pad") == 2
    login_as(school.jonah)
    assert "New words in the pad" not in inbox(client)


def test_work_waiting_past_the_target_is_said_once(client, make, login_as):
    school = make.school()
    post = make.post(school.maya, school.class_prompt, "Rules can change when the class agrees.")
    fresh = make.post(school.jonah, school.class_prompt, "Rules need reasons.")
    db.session.execute(update(Post).where(Post.id == post.id).values(submitted_at=utcnow() - timedelta(hours=25)))
    db.session.commit()
    assert check_overdue() == 1
    assert check_overdue() == 0
    assert check_overdue(utcnow() + timedelta(hours=2)) == 0
    login_as(school.teacher)
    page = inbox(client)
    assert page.count("has waited more than 24 hours") == 1
    assert "by Maya C." in page and "by Jonah O." not in page
    # Sent back, revised and resubmitted, it waits anew, and is said again when it waits too long.
    db.session.execute(update(Post).where(Post.id == post.id).values(submitted_at=utcnow() - timedelta(hours=30)))
    db.session.commit()
    assert check_overdue() == 1
    assert db.session.scalar(select(db.func.count(Notification.id)).where(Notification.kind == "overdue")) == 2
    assert fresh.status == "pending"


def test_no_target_means_no_overdue_notifications(app, make, monkeypatch):
    school = make.school()
    post = make.post(school.maya, school.class_prompt, "Rules can change when the class agrees.")
    db.session.execute(update(Post).where(Post.id == post.id).values(submitted_at=utcnow() - timedelta(days=9)))
    db.session.commit()
    monkeypatch.setitem(app.config, "QUEUE_TARGET_HOURS", 0)
    assert check_overdue() == 0
