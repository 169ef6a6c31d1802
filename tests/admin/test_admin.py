"""Admin: people and roles, word lists that apply at once, notifications."""
import html

from board.accounts.models import User
from board.extensions import db
from board.notifications.models import Notification


def text_of(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_admin_creates_a_teacher_and_changes_roles(client, make, login_as):
    admin = make.user("admin", "Ada", "Admin")
    login_as(admin)
    bad = client.post("/admin/users/new", data={"first_name": "Dana", "last_name": "Rivera", "login": "d",
                                                 "role": "teacher", "password": "long enough pw"})
    assert bad.status_code == 422 and 'value="Dana"' in text_of(bad)
    response = client.post("/admin/users/new", data={"first_name": "Dana", "last_name": "Rivera",
                                                      "login": "drivera", "role": "teacher",
                                                      "password": "long enough pw"})
    assert response.status_code == 302
    teacher = db.session.scalar(db.select(User).where(User.login == "drivera"))
    assert teacher.role == "teacher"
    client.post(f"/admin/users/{teacher.id}", data={"role": "reader", "active": "y"})
    assert db.session.get(User, teacher.id).role == "reader"
    client.post(f"/admin/users/{teacher.id}", data={"role": "reader"})
    assert not db.session.get(User, teacher.id).active
    assert "drivera" in text_of(client.get("/admin/users?q=rivera"))


def test_admin_cannot_lock_themselves_out(client, make, login_as):
    admin = make.user("admin", "Ada", "Admin")
    login_as(admin)
    response = client.post(f"/admin/users/{admin.id}", data={"role": "teacher", "active": "y"})
    assert response.status_code == 422 and "cannot remove your own admin role" in text_of(response)
    assert db.session.get(User, admin.id).role == "admin"


def test_emails_are_shown_to_admins(client, make, login_as):
    user = make.user("reader", "Sam", "Park", login="sam@example.org")
    login_as(make.user("admin"))
    assert "sam@example.org" in text_of(client.get("/admin/users"))
    assert "sam@example.org" in text_of(client.get(f"/admin/users/{user.id}"))


def test_word_lists_apply_at_once(client, make, login_as):
    school = make.school()
    login_as(school.maya)
    check = client.post("/norms/check", json={"text": "Pineapple on pizza is a crime."})
    assert check.get_json()["findings"] == []
    login_as(school.admin)
    page = client.post("/admin/norms", data={"norms": "Be kind.", "block_words": "", "allow_words": "",
                                             "flag_words": "pineapple"})
    assert page.status_code == 302
    login_as(school.maya)
    findings = client.post("/norms/check", json={"text": "Pineapple on pizza is a crime."}).get_json()["findings"]
    assert [f["rule"] for f in findings] == ["school-flag"]
    assert (findings[0]["start"], findings[0]["end"]) == (0, 9)


def test_norms_form_needs_at_least_one_norm(client, make, login_as):
    login_as(make.user("admin"))
    response = client.post("/admin/norms", data={"norms": "", "block_words": "darn"})
    assert response.status_code == 422
    page = text_of(response)
    assert "List at least one norm." in page and "darn" in page


def test_norms_check_endpoint_never_stores_the_draft(client, make, login_as):
    from board.discussions.models import Post, Reminder

    school = make.school()
    assert client.post("/norms/check", json={"text": "shut up"}).status_code == 401
    login_as(school.maya)
    response = client.post("/norms/check", json={"text": "Shut up, nobody asked you."})
    body = response.get_json()
    assert response.status_code == 200 and body["findings"] and body["messages"]
    assert "no-store" in response.headers["Cache-Control"]
    assert db.session.scalar(db.select(db.func.count(Post.id))) == 0
    assert db.session.scalar(db.select(db.func.count(Reminder.id))) == 0
    assert client.post("/norms/check", json={"nope": 1}).status_code == 400
    assert client.post("/norms/check", json={"text": "x"}, headers={"X-CSRFToken": "bad"}).status_code == 400


def test_notifications_for_decisions_replies_and_comments(client, make, login_as):
    school = make.school()
    post = make.post(school.maya, school.public_prompt, "My first view", publish=True)
    make.post(school.jonah, school.public_prompt, "A reply to Maya", parent=post, publish=True)
    make.post(school.reader, school.public_prompt, "A parent's comment", parent=post, publish=True)
    login_as(school.maya)
    page = text_of(client.get("/"))
    assert 'aria-label="3 unread"' in page
    inbox = text_of(client.get("/notifications"))
    assert "was published" in inbox
    assert "Jonah O. replied to your response" in inbox
    assert "Sam P. commented on your response" in inbox
    first = db.session.scalar(db.select(Notification).where(Notification.user_id == school.maya.id)
                              .order_by(Notification.id.desc()))
    response = client.post("/notifications/read", data={"id": first.id, "post": first.post_id})
    assert response.headers["Location"] == f"/posts/{first.post_id}"
    assert 'aria-label="2 unread"' in text_of(client.get("/"))
    client.post("/notifications/read", data={})
    assert db.session.scalar(db.select(db.func.count(Notification.id)).where(
        Notification.user_id == school.maya.id, Notification.read_at.is_(None))) == 0


def test_nobody_reads_someone_elses_notifications(client, make, login_as):
    school = make.school()
    make.post(school.maya, school.public_prompt, "Mine", publish=True)
    note = db.session.scalar(db.select(Notification))
    login_as(school.jonah)
    client.post("/notifications/read", data={"id": note.id})
    db.session.refresh(note)
    assert note.read_at is None
    assert "was published" not in text_of(client.get("/notifications"))
