"""A notification is sent only to someone who may read what it is about, and shows it only while they may."""
from __future__ import annotations

import html
import re

from sqlalchemy import func, select

from board.discussions.models import Post
from board.extensions import db
from board.moderation.models import Decision
from board.notifications.models import Notification


def text_of(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def unread(page: str) -> int:
    found = re.search(r'aria-label="(\d+) unread"', page)
    return int(found.group(1)) if found else 0


def approve(client, post_id: int) -> None:
    post = db.session.get(Post, post_id)
    response = client.post(f"/queue/{post.id}/decide", data={"action": "approve", "version": post.lock_version})
    assert response.status_code == 302


def newest_post() -> Post:
    return db.session.scalar(select(Post).order_by(Post.id.desc()))


def readers_comment_answered_by(client, make, login_as, school, student, words: str) -> Post:
    """Maya's public post; the reader comments; `student` replies to the comment; all approved."""
    root = make.post(school.maya, school.public_prompt, "Voting at sixteen builds habits.",
                              publish=True)
    login_as(school.reader)
    client.post(f"/posts/{root.id}/reply", data={"body": "My daughter says the same thing."})
    comment = newest_post()
    assert comment.kind == "comment"
    login_as(school.teacher)
    approve(client, comment.id)
    login_as(student)
    client.post(f"/posts/{comment.id}/reply", data={"body": words})
    reply = newest_post()
    assert reply.kind == "reply" and reply.parent_id == comment.id
    login_as(school.teacher)
    approve(client, reply.id)
    return reply


def test_a_reply_by_a_student_without_consent_is_not_announced_to_the_reader(client, make, login_as):
    school = make.school()
    reply = readers_comment_answered_by(client, make, login_as, school, school.lucia, "Lucia's own careful words")
    login_as(school.reader)
    assert client.get(f"/posts/{reply.id}").status_code == 404
    inbox = text_of(client.get("/notifications"))
    assert "Lucia" not in inbox and "careful words" not in inbox
    assert "Your comment" in inbox  # the decision on their own comment still reaches them
    assert unread(inbox) == 1
    assert db.session.scalar(select(func.count(Notification.id)).where(
        Notification.user_id == school.reader.id, Notification.post_id == reply.id)) == 0


def test_a_notification_stops_showing_words_once_consent_is_withdrawn(client, make, login_as):
    school = make.school()
    reply = readers_comment_answered_by(client, make, login_as, school, school.jonah, "Jonah's thoughtful answer")
    login_as(school.reader)
    inbox = text_of(client.get("/notifications"))
    assert "Jonah O. replied to your comment: “Jonah's thoughtful answer”" in inbox
    assert unread(inbox) == 2

    login_as(school.teacher)
    membership = next(m for m in school.classroom.memberships if m.user_id == school.jonah.id)
    client.post(f"/classes/{school.classroom.id}/members/{membership.id}", data={"action": "consent_off"})
    login_as(school.reader)
    inbox = text_of(client.get("/notifications"))
    assert "Jonah" not in inbox and "thoughtful answer" not in inbox
    assert unread(inbox) == 1
    assert client.get(f"/posts/{reply.id}").status_code == 404


def test_an_undone_approval_takes_the_words_out_of_a_notification_already_read(client, make, login_as):
    school = make.school()
    reply = readers_comment_answered_by(client, make, login_as, school, school.jonah, "Jonah's hasty answer")
    login_as(school.reader)
    client.post("/notifications/read", data={})
    assert "hasty answer" in text_of(client.get("/notifications"))

    login_as(school.teacher)
    decision = db.session.scalar(select(Decision).where(Decision.item_id == reply.id).order_by(Decision.id.desc()))
    assert client.post(f"/decisions/{decision.id}/undo").status_code == 302
    login_as(school.reader)
    assert "hasty answer" not in text_of(client.get("/notifications"))


def test_a_notification_quotes_the_words_as_they_are_now(client, make, login_as):
    """A teacher's edit before approval is what the reader sees quoted, not the student's first draft."""
    school = make.school()
    root = make.post(school.maya, school.public_prompt, "Voting at sixteen builds habits.", publish=True)
    reply = make.post(school.jonah, school.public_prompt, "First draft of Jonah", parent=root)
    login_as(school.teacher)
    client.post(f"/queue/{reply.id}/decide", data={"action": "edit_approve", "version": reply.lock_version,
                                                    "body": "Jonah, as edited"})
    assert db.session.get(Post, reply.id).status == "published"
    login_as(school.maya)
    inbox = text_of(client.get("/notifications"))
    assert "Jonah O. replied to your response: “Jonah, as edited”" in inbox
    assert "First draft" not in inbox


def test_marking_read_with_an_id_that_is_no_id_marks_nothing(client, make, login_as):
    school = make.school()
    root = make.post(school.maya, school.public_prompt, "Voting at sixteen builds habits.", publish=True)
    make.post(school.jonah, school.public_prompt, "I agree with Maya.", parent=root, publish=True)
    unread_before = db.session.scalar(select(func.count(Notification.id)).where(
        Notification.user_id == school.maya.id, Notification.read_at.is_(None)))
    assert unread_before >= 1
    login_as(school.maya)
    for odd in ("²", "99999999999999999999", "-1", "abc"):
        response = client.post("/notifications/read", data={"id": odd, "post": odd})
        assert response.status_code == 404, odd
    assert db.session.scalar(select(func.count(Notification.id)).where(
        Notification.user_id == school.maya.id, Notification.read_at.is_(None))) == unread_before
