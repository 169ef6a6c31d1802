"""Writing: validation keeps the text, a double submit makes one post, reminders before saving."""
import html

from board.discussions.models import Post, PostVersion, Reminder
from board.extensions import db
from board.moderation.states import PENDING


def count(model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def text_of(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def respond(client, prompt, body, **extra):
    return client.post(f"/prompts/{prompt.id}/respond", data={"body": body, "action": "post", **extra})


def test_empty_response_shows_an_error_next_to_the_field(client, make, login_as):
    school = make.school()
    login_as(school.maya)
    response = respond(client, school.class_prompt, "   ")
    assert response.status_code == 422
    assert "Write something before posting." in text_of(response)
    assert 'aria-invalid="true"' in response.get_data(as_text=True)
    assert count(Post) == 0


def test_too_long_response_keeps_every_word(client, make, login_as):
    school = make.school()
    login_as(school.maya)
    long_text = "My argument, carefully built. " * 400
    response = respond(client, school.class_prompt, long_text)
    assert response.status_code == 422
    page = text_of(response)
    assert "the limit is 10,000" in page
    assert long_text.strip() in page
    assert count(Post) == 0


def test_double_submit_creates_exactly_one_post(client, make, login_as):
    school = make.school()
    login_as(school.maya)
    data = {"body": "Once is enough.", "submission_key": "key-123"}
    first = respond(client, school.class_prompt, **data)
    second = respond(client, school.class_prompt, **data)
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"].split("?")[0] == second.headers["Location"].split("?")[0]
    assert count(Post) == 1


def test_expired_csrf_token_gives_the_text_back(client, make, login_as):
    school = make.school()
    login_as(school.maya)
    response = client.post(f"/prompts/{school.class_prompt.id}/respond",
                           data={"body": "An essay I worked on for an hour.", "csrf_token": "stale"}, csrf=False)
    assert response.status_code == 400
    page = text_of(response)
    assert "Nothing was lost" in page
    assert "<textarea" in page and "An essay I worked on for an hour." in page
    assert count(Post) == 0
    # Sending it again from that page works.
    again = respond(client, school.class_prompt, "An essay I worked on for an hour.")
    assert again.status_code == 302 and count(Post) == 1


def test_expired_session_keeps_the_text_through_sign_in(client, make, login_as):
    school = make.school()
    login_as(school.maya)
    client.post("/logout")
    typed = "What I wrote before my session ended."
    response = client.post(f"/prompts/{school.class_prompt.id}/respond",
                           data={"body": typed, "submission_key": "k1"})
    assert response.status_code == 401
    page = text_of(response)
    assert "Nothing you wrote is lost" in page and typed in page
    # Signing in from that page carries the text to a page that sends it.
    from tests.factories import PASSWORD

    signed_in = client.post("/login", data={
        "login": school.maya.login, "password": PASSWORD,
        "next": f"/prompts/{school.class_prompt.id}/respond",
        "carry__body": typed, "carry__submission_key": "k1", "carry__action": "post",
    })
    assert signed_in.status_code == 200
    resend = text_of(signed_in)
    assert typed in resend and f'action="/prompts/{school.class_prompt.id}/respond"' in resend
    sent = respond(client, school.class_prompt, typed, submission_key="k1")
    assert sent.status_code == 302 and count(Post) == 1


def test_norms_reminder_shows_before_anything_is_saved(client, make, login_as):
    school = make.school()
    login_as(school.maya)
    typed = "Honestly that is the dumbest take in this thread."
    response = respond(client, school.class_prompt, typed, submission_key="k2")
    assert response.status_code == 200
    page = text_of(response)
    assert "Before you post, a reminder" in page
    assert "Critique the idea, not the person." in page
    assert "<mark" in response.get_data(as_text=True)
    assert typed in page
    assert "Post anyway" in page and "I revised it" in page
    assert count(Post) == 0
    reminder = db.session.scalar(db.select(Reminder))
    assert reminder.outcome is None and reminder.user_id == school.maya.id


def test_revising_after_a_reminder_is_recorded(client, make, login_as):
    school = make.school()
    login_as(school.maya)
    respond(client, school.class_prompt, "That is the dumbest take in this thread.", submission_key="k3")
    reminder = db.session.scalar(db.select(Reminder))
    response = respond(client, school.class_prompt, "I see it differently: rules need reasons.",
                       submission_key="k3", reminder_id=str(reminder.id))
    assert response.status_code == 302
    post = db.session.scalar(db.select(Post))
    assert post.revised_after_reminder and not post.posted_anyway and not post.findings
    db.session.refresh(reminder)
    assert reminder.outcome == "revised" and reminder.post_id == post.id
    assert count(Reminder) == 1


def test_posting_anyway_queues_the_work_with_its_findings(client, make, login_as):
    school = make.school()
    trusted = make.student(school.classroom, "Tess", "Lee", trusted=True)
    login_as(trusted)
    respond(client, school.class_prompt, "Shut up, nobody asked you.", submission_key="k4")
    reminder = db.session.scalar(db.select(Reminder))
    response = respond(client, school.class_prompt, "Shut up, nobody asked you.", submission_key="k4",
                       reminder_id=str(reminder.id), action="post_anyway")
    assert response.status_code == 302
    post = db.session.scalar(db.select(Post))
    assert post.status == PENDING and post.posted_anyway
    assert {f["category"] for f in post.findings} >= {"shutdown"}
    db.session.refresh(reminder)
    assert reminder.outcome == "posted_anyway"


def test_school_block_list_cannot_be_posted_anyway(client, make, login_as):
    from board.admin.wordlists import settings

    school = make.school()
    settings().block_words = "bananas"
    db.session.commit()
    login_as(school.maya)
    response = respond(client, school.class_prompt, "I love bananas.", action="post_anyway")
    assert response.status_code == 200
    page = text_of(response)
    assert "can’t be posted at our school" in page
    assert "Post anyway" not in page
    assert count(Post) == 0


def test_each_submission_keeps_a_version(client, make, login_as):
    school = make.school()
    login_as(school.maya)
    respond(client, school.class_prompt, "First draft.")
    assert count(PostVersion) == 1
