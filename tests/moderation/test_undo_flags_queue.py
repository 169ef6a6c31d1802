"""Undo within minutes, reports and the reported view, the queue's filters and badge."""
import html
from datetime import timedelta

from board.discussions.models import Flag, Post
from board.extensions import db
from board.moderation.models import Decision
from board.moderation.states import PENDING, PUBLISHED, RETURNED
from board.notifications.models import Notification


def text_of(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def approve(client, post):
    return client.post(f"/queue/{post.id}/decide", data={"action": "approve", "version": post.lock_version})


def last_decision():
    return db.session.scalar(db.select(Decision).order_by(Decision.id.desc()))


def test_undo_puts_the_item_back_and_takes_back_the_unread_notification(client, make, login_as):
    school = make.school()
    post = make.post(school.maya, school.class_prompt, "Undo me")
    login_as(school.teacher)
    approve(client, post)
    decision = last_decision()
    assert "Undo" in text_of(client.get("/queue"))
    response = client.post(f"/decisions/{decision.id}/undo")
    assert response.status_code == 302
    db.session.refresh(post)
    assert post.status == PENDING and post.published_at is None
    assert db.session.get(Decision, decision.id).undone_at is not None
    assert last_decision().action == "undo"
    assert db.session.scalar(db.select(db.func.count(Notification.id)).where(
        Notification.user_id == school.maya.id)) == 0
    # Deciding again works as usual.
    assert approve(client, db.session.get(Post, post.id)).status_code == 302


def test_undo_after_the_student_read_the_notification_tells_them(client, make, login_as):
    school = make.school()
    post = make.post(school.maya, school.class_prompt, "Read it")
    login_as(school.teacher)
    approve(client, post)
    login_as(school.maya)
    client.post("/notifications/read", data={})
    login_as(school.teacher)
    client.post(f"/decisions/{last_decision().id - 0}/undo")
    messages = db.session.scalars(db.select(Notification.message).where(
        Notification.user_id == school.maya.id)).all()
    assert any("took back a decision" in m for m in messages)


def test_undo_of_an_edit_restores_the_students_text(client, make, login_as):
    school = make.school()
    post = make.post(school.maya, school.class_prompt, "Original words")
    login_as(school.teacher)
    client.post(f"/queue/{post.id}/decide",
                data={"action": "edit_approve", "version": post.lock_version, "body": "Teacher's words"})
    client.post(f"/decisions/{last_decision().id}/undo")
    db.session.refresh(post)
    assert post.status == PENDING and post.body_md == "Original words" and post.revision == 1


def test_undo_is_refused_after_the_window(client, make, login_as, app):
    school = make.school()
    post = make.post(school.maya, school.class_prompt, "Too late")
    login_as(school.teacher)
    approve(client, post)
    decision = last_decision()
    decision.created_at -= timedelta(seconds=app.config["UNDO_WINDOW_SECONDS"] + 1)
    db.session.commit()
    client.post(f"/decisions/{decision.id}/undo")
    assert "can be undone for 5 minutes" in text_of(client.get("/queue"))
    assert db.session.get(Post, post.id).status == PUBLISHED


def test_undo_is_refused_once_something_else_happened(client, make, login_as):
    school = make.school()
    post = make.post(school.maya, school.class_prompt, "Moving on")
    login_as(school.teacher)
    client.post(f"/queue/{post.id}/decide", data={"action": "return", "version": post.lock_version,
                                                   "feedback": "One more example"})
    returned = last_decision()
    login_as(school.maya)
    client.post(f"/posts/{post.id}/revise", data={"body": "Moving on, with an example.",
                                                   "version": db.session.get(Post, post.id).lock_version})
    login_as(school.teacher)
    client.post(f"/decisions/{returned.id}/undo")
    assert "Something else happened" in text_of(client.get("/queue"))
    assert db.session.get(Post, post.id).status == PENDING


def test_only_the_deciding_teacher_undoes(client, make, login_as):
    school = make.school()
    co_teacher = make.user("teacher", "Lee", "Park")
    from board.classes.services import add_teacher

    add_teacher(school.teacher, school.classroom, co_teacher.login)
    post = make.post(school.maya, school.class_prompt, "Mine to undo")
    login_as(school.teacher)
    approve(client, post)
    login_as(co_teacher)
    assert client.post(f"/decisions/{last_decision().id}/undo").status_code == 403


def test_a_flag_sends_work_to_the_reported_view_without_unpublishing_it(client, make, login_as):
    school = make.school()
    post = make.post(school.maya, school.public_prompt, "Contested claim", publish=True)
    login_as(school.reader)
    bad = client.post(f"/posts/{post.id}/flag", data={"reason": "  "})
    assert bad.status_code == 422 and "Say what is wrong" in text_of(bad)
    assert client.post(f"/posts/{post.id}/flag", data={"reason": "This names a real person."}).status_code == 302
    db.session.refresh(post)
    assert post.status == PUBLISHED and not post.hidden and post.open_flags == 1
    client.post("/logout")
    assert "Contested claim" in text_of(client.get(f"/prompts/{school.public_prompt.id}"))
    login_as(school.teacher)
    reported = text_of(client.get("/queue?tab=reported"))
    assert "Contested claim" in reported and "This names a real person." in reported
    assert "Keep published" in reported


def test_enough_flags_from_different_people_of_the_class_hide_the_work(client, make, login_as, app):
    school = make.school()
    post = make.post(school.maya, school.public_prompt, "Flag magnet", publish=True)
    flaggers = [school.jonah, school.lucia, make.student(school.classroom, "Ines", "Vale")]
    for person in flaggers[: app.config["FLAG_HIDE_THRESHOLD"]]:
        login_as(person)
        client.post(f"/posts/{post.id}/flag", data={"reason": "Unkind"})
        client.post(f"/posts/{post.id}/flag", data={"reason": "Unkind again"})  # one per person
    db.session.refresh(post)
    assert post.hidden and post.open_flags == 3
    client.post("/logout")
    assert "Flag magnet" not in text_of(client.get(f"/prompts/{school.public_prompt.id}"))


def test_reports_from_outside_the_class_reach_the_teacher_but_never_hide_the_work(client, make, login_as, app):
    school = make.school()
    post = make.post(school.maya, school.public_prompt, "Unpopular but fair", publish=True)
    outsiders = [school.reader, school.outsider, school.other_teacher,
                 make.user("reader", "Rae", "Self"), make.user("reader", "Ned", "Self")]
    assert len(outsiders) > app.config["FLAG_HIDE_THRESHOLD"]
    for person in outsiders:
        login_as(person)
        assert client.post(f"/posts/{post.id}/flag", data={"reason": "Hide this"}).status_code == 302
    db.session.refresh(post)
    assert post.open_flags == len(outsiders) and not post.hidden and post.status == PUBLISHED
    client.post("/logout")
    assert "Unpopular but fair" in text_of(client.get(f"/prompts/{school.public_prompt.id}"))
    login_as(school.teacher)
    reported = text_of(client.get("/queue?tab=reported"))
    assert "Unpopular but fair" in reported and "Hide this" in reported
    # The class's own members still count: with them the threshold is reached.
    for person in (school.jonah, school.lucia, make.student(school.classroom, "Ines", "Vale")):
        login_as(person)
        client.post(f"/posts/{post.id}/flag", data={"reason": "Unkind to a classmate"})
    db.session.refresh(post)
    assert post.hidden


def test_a_teachers_flag_hides_at_once_and_keep_published_restores(client, make, login_as):
    school = make.school()
    post = make.post(school.maya, school.public_prompt, "Needs a look", publish=True)
    login_as(school.teacher)
    client.post(f"/posts/{post.id}/flag", data={"reason": "Check the sources"})
    db.session.refresh(post)
    assert post.hidden
    client.post(f"/queue/{post.id}/decide", data={"action": "keep", "version": post.lock_version})
    db.session.refresh(post)
    assert not post.hidden and post.open_flags == 0 and post.status == PUBLISHED
    assert db.session.scalar(db.select(Flag)).resolved_at is not None
    client.post(f"/decisions/{last_decision().id}/undo")
    db.session.refresh(post)
    assert post.hidden and post.open_flags == 1


def test_reported_work_can_be_returned(client, make, login_as):
    school = make.school()
    post = make.post(school.maya, school.public_prompt, "Returned after a report", publish=True)
    login_as(school.jonah)
    client.post(f"/posts/{post.id}/flag", data={"reason": "Rude to Lucia"})
    login_as(school.teacher)
    client.post(f"/queue/{post.id}/decide", data={"action": "return", "version": post.lock_version,
                                                   "feedback": "Please reword the last line."})
    db.session.refresh(post)
    assert post.status == RETURNED and post.open_flags == 0


def test_nobody_flags_their_own_or_unpublished_work(client, make, login_as):
    school = make.school()
    own = make.post(school.maya, school.public_prompt, "Mine", publish=True)
    login_as(school.maya)
    assert client.post(f"/posts/{own.id}/flag", data={"reason": "x"}).status_code == 403


def test_queue_filters_by_class_and_prompt_and_counts_each_view(client, make, login_as):
    school = make.school()
    second = make.classroom(school.teacher, "Civics 8C")
    other_student = make.student(second, "Ana", "Diaz")
    other_prompt = make.prompt(second, "class", "Second class question")
    make.post(school.maya, school.public_prompt, "From 8B public")
    make.post(school.jonah, school.class_prompt, "From 8B class prompt")
    make.post(other_student, other_prompt, "From 8C")
    login_as(school.teacher)
    everything = text_of(client.get("/queue"))
    assert all(t in everything for t in ("From 8B public", "From 8B class prompt", "From 8C"))
    only_8c = text_of(client.get(f"/queue?classroom={second.id}"))
    assert "From 8C" in only_8c and "From 8B" not in only_8c
    only_prompt = text_of(client.get(f"/queue?prompt={school.class_prompt.id}"))
    assert "From 8B class prompt" in only_prompt and "From 8B public" not in only_prompt
    assert "From 8C" not in only_prompt


def test_badge_shows_how_many_wait_and_how_old_the_oldest_is(client, make, login_as):
    school = make.school()
    old = make.post(school.maya, school.class_prompt, "Old one")
    old.submitted_at -= timedelta(hours=5)
    db.session.commit()
    make.post(school.jonah, school.class_prompt, "New one")
    login_as(school.teacher)
    page = client.get("/").get_data(as_text=True)
    assert "2 · 5h" in page
    assert "2 waiting, oldest 5 hours ago" in page


def test_queue_never_shows_another_teachers_classes(client, make, login_as):
    school = make.school()
    make.post(school.outsider, make.prompt(school.other_classroom, "class", "Theirs"), "Other class work")
    login_as(school.teacher)
    assert "Other class work" not in text_of(client.get("/queue"))
    assert "Other class work" not in text_of(client.get(f"/queue?classroom={school.other_classroom.id}"))


def test_queue_highlights_norms_findings(client, make, login_as):
    school = make.school()
    make.post(school.maya, school.class_prompt, "Shut up, nobody asked you.", post_anyway=True)
    login_as(school.teacher)
    page = client.get("/queue").get_data(as_text=True)
    assert '<mark class="finding finding-shutdown"' in page
    assert "Posted anyway after a reminder" in page


def test_queue_pages_through_many_items(client, make, login_as, app):
    school = make.school()
    for i in range(app.config["QUEUE_PAGE_SIZE"] + 3):
        make.post(school.maya, school.class_prompt, f"Item number {i}")
    login_as(school.teacher)
    first = text_of(client.get("/queue"))
    assert "Page 1 of 2" in first and "Item number 0" in first
    second = text_of(client.get("/queue?page=2"))
    assert f"Item number {app.config['QUEUE_PAGE_SIZE'] + 2}" in second


def test_admin_reads_the_audit_log(client, make, login_as):
    school = make.school()
    post = make.post(school.maya, school.class_prompt, "Logged")
    login_as(school.teacher)
    client.post(f"/queue/{post.id}/decide", data={"action": "return", "version": post.lock_version,
                                                   "feedback": "Cite a source", "norm": "Back up your claims with evidence."})
    assert client.get("/admin/audit").status_code == 403
    login_as(school.admin)
    page = text_of(client.get("/admin/audit"))
    assert "Dana Rivera" in page and "return" in page and "Cite a source" in page
    assert "Back up your claims with evidence." in page
    accounts = text_of(client.get("/admin/audit?kind=accounts"))
    assert "created class" in accounts
