"""The teacher's decisions: approve, return with feedback, reject, edit then approve, keep."""
import html

import pytest

from board.discussions.models import Post, PostVersion
from board.extensions import db
from board.moderation.models import Decision
from board.moderation.states import PENDING, PUBLISHED, REJECTED, RETURNED
from board.notifications.models import Notification


def text_of(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def decide(client, post, action, **data):
    return client.post(f"/queue/{post.id}/decide",
                       data={"action": action, "version": post.lock_version, **data})


@pytest.fixture
def pending(make):
    school = make.school()
    post = make.post(school.maya, school.public_prompt, "Voting at sixteen builds a lifelong habit.")
    return school, post


def test_queue_shows_text_author_prompt_and_parent(client, make, login_as):
    school = make.school()
    parent = make.post(school.jonah, school.public_prompt, "Jonah's root idea", publish=True)
    make.post(school.maya, school.public_prompt, "Maya answering Jonah", parent=parent)
    login_as(school.teacher)
    page = text_of(client.get("/queue"))
    assert "Maya answering Jonah" in page
    assert "Maya Chen" in page
    assert school.public_prompt.question[:40] in page
    assert "In reply to" in page and "Jonah O." in page and "Jonah's root idea" in page


def test_approve_publishes_and_tells_the_student(client, login_as, pending):
    school, post = pending
    login_as(school.teacher)
    response = decide(client, post, "approve")
    assert response.status_code == 302
    db.session.refresh(post)
    assert post.status == PUBLISHED and post.published_at is not None
    decision = db.session.scalar(db.select(Decision))
    assert (decision.action, decision.from_status, decision.to_status, decision.actor_id) == (
        "approve", PENDING, PUBLISHED, school.teacher.id)
    note = db.session.scalar(db.select(Notification).where(Notification.user_id == school.maya.id))
    assert "was published" in note.message


def test_return_needs_feedback_and_keeps_what_the_teacher_typed(client, login_as, pending):
    school, post = pending
    login_as(school.teacher)
    response = decide(client, post, "return", feedback="   ", norm="Back up your claims with evidence.")
    assert response.status_code == 422
    page = text_of(response)
    assert "feedback is required" in page
    assert 'value="Back up your claims with evidence." selected' in response.get_data(as_text=True)
    db.session.refresh(post)
    assert post.status == PENDING


def test_returned_work_shows_feedback_and_can_be_revised_and_resubmitted(client, login_as, pending):
    school, post = pending
    login_as(school.teacher)
    decide(client, post, "return", feedback="Add one piece of evidence from the articles.",
           norm="Back up your claims with evidence.")
    db.session.refresh(post)
    assert post.status == RETURNED

    login_as(school.maya)
    page = text_of(client.get(f"/posts/{post.id}"))
    assert "Add one piece of evidence" in page and "Back up your claims with evidence." in page
    assert "Revise and send again" in page
    form = text_of(client.get(f"/posts/{post.id}/revise"))
    assert "Voting at sixteen builds a lifelong habit." in form and "Add one piece of evidence" in form

    bad = client.post(f"/posts/{post.id}/revise", data={"body": "", "version": post.lock_version})
    assert bad.status_code == 422 and "Write something before posting." in text_of(bad)

    revised = "Voting at sixteen builds a habit: Austria saw turnout rise among new voters."
    response = client.post(f"/posts/{post.id}/revise", data={"body": revised, "version": post.lock_version})
    assert response.status_code == 302
    db.session.refresh(post)
    assert post.status == PENDING and post.body_md == revised and post.revision == 2
    versions = db.session.scalars(db.select(PostVersion).where(PostVersion.post_id == post.id)
                                  .order_by(PostVersion.number)).all()
    assert [v.note for v in versions] == ["submitted", "resubmitted"]
    history = text_of(client.get(f"/posts/{post.id}/history"))
    assert "lifelong habit" in history and "Austria" in history

    login_as(school.teacher)
    queue = text_of(client.get("/queue"))
    assert "Austria" in queue and "Version 2" in queue


def test_reject_needs_a_reason_the_student_sees(client, login_as, pending):
    school, post = pending
    login_as(school.teacher)
    assert decide(client, post, "reject", feedback="").status_code == 422
    decide(client, post, "reject", feedback="This shares a classmate's private information.")
    db.session.refresh(post)
    assert post.status == REJECTED
    login_as(school.maya)
    page = text_of(client.get("/me/work"))
    assert "Not published" in page and "private information" in page


def test_edit_then_approve_keeps_the_original_in_history(client, login_as, pending):
    school, post = pending
    login_as(school.teacher)
    decide(client, post, "edit_approve", body="Voting at sixteen builds a lifelong habit. (Edited for a typo.)")
    db.session.refresh(post)
    assert post.status == PUBLISHED and "Edited for a typo" in post.body_md
    versions = db.session.scalars(db.select(PostVersion).where(PostVersion.post_id == post.id)
                                  .order_by(PostVersion.number)).all()
    assert versions[0].body_md == "Voting at sixteen builds a lifelong habit."
    assert versions[1].note == "edited by teacher" and versions[1].author_id == school.teacher.id


def test_edit_then_approve_refuses_empty_text_and_keeps_it(client, login_as, pending):
    school, post = pending
    login_as(school.teacher)
    response = decide(client, post, "edit_approve", body="  ")
    assert response.status_code == 422 and "cannot be empty" in text_of(response)


def test_second_teacher_is_told_and_nothing_is_decided_twice(client, make, make_client, login_as, pending):
    school, post = pending
    co_teacher = make.user("teacher", "Lee", "Park")
    from board.classes.services import add_teacher

    add_teacher(school.teacher, school.classroom, co_teacher.login)
    first, second = client, make_client()
    login_as(school.teacher, on=first)
    login_as(co_teacher, on=second)
    version = post.lock_version
    assert first.post(f"/queue/{post.id}/decide", data={"action": "approve", "version": version}).status_code == 302
    response = second.post(f"/queue/{post.id}/decide",
                           data={"action": "reject", "feedback": "No", "version": version})
    assert response.status_code == 302
    message = text_of(second.get("/queue"))
    assert "Dana R. already approved this item; nothing was changed." in message
    db.session.refresh(post)
    assert post.status == PUBLISHED
    assert db.session.scalar(db.select(db.func.count(Decision.id))) == 1


def test_bulk_approve(client, make, login_as):
    school = make.school()
    posts = [make.post(student, school.class_prompt, f"Answer {i}")
             for i, student in enumerate([school.maya, school.jonah, school.lucia])]
    login_as(school.teacher)
    response = client.post("/queue/bulk", data={"item": [f"{p.id}:{p.lock_version}" for p in posts[:2]]})
    assert response.status_code == 302
    assert "Approved 2 items; one Undo takes back all of them." in text_of(client.get("/queue"))
    statuses = [db.session.get(Post, p.id).status for p in posts]
    assert statuses == [PUBLISHED, PUBLISHED, PENDING]


def test_bulk_approve_skips_what_changed_meanwhile(client, make, login_as):
    school = make.school()
    fresh = make.post(school.maya, school.class_prompt, "Fresh")
    stale = make.post(school.jonah, school.class_prompt, "Stale")
    seen = stale.lock_version
    from board.moderation import services

    services.decide(stale, "return", school.teacher, seen, feedback="More please")
    login_as(school.teacher)
    client.post("/queue/bulk", data={"item": [f"{fresh.id}:{fresh.lock_version}", f"{stale.id}:{seen}"]})
    page = text_of(client.get("/queue"))
    assert "Approved 1 item." in page and "already returned for revision this item" in page
    assert db.session.get(Post, stale.id).status == RETURNED


def test_bulk_with_nothing_selected_says_so(client, make, login_as):
    school = make.school()
    login_as(school.teacher)
    client.post("/queue/bulk", data={})
    assert "Select at least one item" in text_of(client.get("/queue"))


def test_feedback_can_name_a_norm_of_the_prompt(client, login_as, pending):
    school, post = pending
    login_as(school.teacher)
    queue = client.get("/queue").get_data(as_text=True)
    assert '<option value="Critique the idea, not the person."' in queue
    decide(client, post, "return", feedback="Reword the second sentence.", norm="Critique the idea, not the person.")
    decision = db.session.scalar(db.select(Decision))
    assert decision.norm == "Critique the idea, not the person."
