"""Work waiting for a teacher: its author edits it (norms checked again) or withdraws it, until a teacher decides."""
import html
import re

from sqlalchemy import select

from board.discussions.models import Post, PostVersion
from board.extensions import db
from board.moderation import states
from board.moderation.models import Decision


def text_of(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def edit(client, post, body, version=None, **extra):
    version = post.lock_version if version is None else version
    return client.post(f"/posts/{post.id}/edit",
                       data={"body": body, "version": str(version), "action": "post", **extra})


def test_student_edits_waiting_work_and_the_queue_shows_the_new_version(client, make, login_as):
    school = make.school()
    post = make.post(school.maya, school.class_prompt, "A first rough answer about rules.")
    login_as(school.maya)
    form = client.get(f"/posts/{post.id}/edit")
    assert form.status_code == 200 and "A first rough answer about rules." in text_of(form)

    response = edit(client, post, "A clearer answer: a rule is fair when everyone helped write it.")
    assert response.status_code == 302
    db.session.refresh(post)
    assert post.status == states.PENDING and post.revision == 2
    versions = db.session.scalars(select(PostVersion).where(PostVersion.post_id == post.id)
                                  .order_by(PostVersion.number)).all()
    assert [v.body_md for v in versions] == ["A first rough answer about rules.",
                                             "A clearer answer: a rule is fair when everyone helped write it."]
    assert versions[1].note == "edited while waiting"

    login_as(school.teacher)
    queue = text_of(client.get("/queue"))
    assert "a rule is fair when everyone helped write it" in queue
    assert "A first rough answer" not in queue
    assert "Version 2" in queue


def test_an_edit_goes_through_the_norms_check_again(client, make, login_as):
    school = make.school()
    post = make.post(school.maya, school.class_prompt, "Rules should be fair to everyone.")
    login_as(school.maya)
    rude = "Anyone who disagrees is an idiot."
    reminded = edit(client, post, rude)
    assert reminded.status_code == 200
    page = text_of(reminded)
    assert "Before you post, a reminder" in page and rude in page
    db.session.refresh(post)
    assert post.body_md == "Rules should be fair to everyone." and post.revision == 1

    reminder_id = re.search(r'name="reminder_id"[^>]*value="(\d+)"', reminded.get_data(as_text=True))
    anyway = client.post(f"/posts/{post.id}/edit", data={
        "body": rude, "version": str(post.lock_version), "action": "post_anyway",
        "reminder_id": reminder_id.group(1) if reminder_id else ""})
    assert anyway.status_code == 302
    db.session.refresh(post)
    assert post.body_md == rude and post.posted_anyway and post.findings
    assert post.status == states.PENDING


def test_empty_edit_shows_an_error_and_keeps_the_text_saved(client, make, login_as):
    school = make.school()
    post = make.post(school.maya, school.class_prompt, "Something I wrote.")
    login_as(school.maya)
    response = edit(client, post, "   ")
    assert response.status_code == 422
    assert "Write something before posting." in text_of(response)
    db.session.refresh(post)
    assert post.body_md == "Something I wrote."


def test_too_long_edit_keeps_every_word_typed(client, make, login_as):
    school = make.school()
    post = make.post(school.maya, school.class_prompt, "Short.")
    login_as(school.maya)
    long_text = "A careful argument, sentence after sentence. " * 300
    response = edit(client, post, long_text)
    assert response.status_code == 422
    page = text_of(response)
    assert "the limit is 10,000" in page and long_text.strip() in page


def test_teacher_deciding_on_the_version_before_an_edit_is_told_and_nothing_is_decided(client, make, login_as):
    school = make.school()
    post = make.post(school.maya, school.class_prompt, "Version one.")
    seen_by_teacher = post.lock_version
    login_as(school.maya)
    assert edit(client, post, "Version two, better.").status_code == 302

    login_as(school.teacher)
    response = client.post(f"/queue/{post.id}/decide", data={"action": "approve", "version": str(seen_by_teacher)},
                           follow_redirects=True)
    page = text_of(response)
    assert "already edited this item; nothing was changed" in page
    db.session.refresh(post)
    assert post.status == states.PENDING


def test_withdraw_asks_first_then_takes_the_work_out_of_the_queue(client, make, login_as):
    school = make.school()
    post = make.post(school.maya, school.class_prompt, "I want to take this back.")
    login_as(school.maya)
    ask = client.get(f"/posts/{post.id}/withdraw")
    assert ask.status_code == 200
    page = text_of(ask)
    assert "Withdraw your response?" in page and "I want to take this back." in page
    db.session.refresh(post)
    assert post.status == states.PENDING  # asking changes nothing

    done = client.post(f"/posts/{post.id}/withdraw", data={"version": str(post.lock_version)})
    assert done.status_code == 302
    db.session.refresh(post)
    assert post.status == "withdrawn"
    log = db.session.scalars(select(Decision).where(Decision.item_id == post.id)).all()
    assert [(d.action, d.actor_id) for d in log] == [("withdraw", school.maya.id)]
    # Gone from the thread, the author's included, and kept in their history.
    assert "I want to take this back." not in text_of(client.get(f"/prompts/{school.class_prompt.id}"))
    assert "Withdrawn" in text_of(client.get("/me/work"))

    login_as(school.teacher)
    assert "I want to take this back." not in text_of(client.get("/queue"))
    assert "I want to take this back." not in text_of(client.get(f"/prompts/{school.class_prompt.id}"))


def test_teacher_deciding_on_withdrawn_work_is_told(client, make, login_as):
    school = make.school()
    post = make.post(school.maya, school.class_prompt, "Taken back.")
    seen = post.lock_version
    login_as(school.maya)
    client.post(f"/posts/{post.id}/withdraw", data={"version": str(seen)})
    login_as(school.teacher)
    page = text_of(client.post(f"/queue/{post.id}/decide", data={"action": "approve", "version": str(seen)},
                               follow_redirects=True))
    assert "already withdrew this item; nothing was changed" in page
    db.session.refresh(post)
    assert post.status == "withdrawn"


def test_after_a_teacher_decides_the_author_can_no_longer_edit_or_withdraw(client, make, login_as):
    school = make.school()
    post = make.post(school.maya, school.class_prompt, "Decided already.", publish=True)
    login_as(school.maya)
    for path in ("edit", "withdraw"):
        response = client.get(f"/posts/{post.id}/{path}", follow_redirects=True)
        assert "can no longer be changed" in text_of(response)
    assert edit(client, post, "Sneaky change.").status_code == 302
    assert client.post(f"/posts/{post.id}/withdraw", data={"version": str(post.lock_version)}).status_code == 302
    db.session.refresh(post)
    assert post.status == states.PUBLISHED and post.body_md == "Decided already."


def test_an_edit_from_a_page_opened_before_a_decision_is_refused(client, make, login_as):
    """The author opened the editor, a teacher returned the work, then the author saved: nothing changes."""
    school = make.school()
    post = make.post(school.maya, school.class_prompt, "First words.")
    seen = post.lock_version
    from board.moderation import services as moderation

    moderation.decide(post, states.RETURN, school.teacher, seen, feedback="Add an example.")
    login_as(school.maya)
    response = edit(client, post, "Second words.", version=seen)
    assert response.status_code == 302
    db.session.refresh(post)
    assert post.status == states.RETURNED and post.body_md == "First words."


def test_stale_withdraw_is_a_conflict_not_a_change(client, make, login_as):
    school = make.school()
    post = make.post(school.maya, school.class_prompt, "Words.")
    seen = post.lock_version
    login_as(school.maya)
    assert edit(client, post, "Other words.").status_code == 302
    response = client.post(f"/posts/{post.id}/withdraw", data={"version": str(seen)}, follow_redirects=True)
    assert "This work changed since you opened it" in text_of(response)
    assert db.session.get(Post, post.id).status == states.PENDING


def test_pending_post_shows_edit_and_withdraw_to_its_author_only(client, make, login_as):
    school = make.school()
    post = make.post(school.maya, school.class_prompt, "Mine, waiting.")
    login_as(school.maya)
    page = client.get(f"/posts/{post.id}").get_data(as_text=True)
    assert f"/posts/{post.id}/edit" in page and f"/posts/{post.id}/withdraw" in page
    login_as(school.teacher)
    page = client.get(f"/posts/{post.id}").get_data(as_text=True)
    assert f"/posts/{post.id}/edit" not in page
    assert client.get(f"/posts/{post.id}/edit").status_code == 403
