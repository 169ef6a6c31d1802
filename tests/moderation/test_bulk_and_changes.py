"""Bulk decisions are safe, undo links never lie, and resubmitted work shows what changed."""
import html
import re

from sqlalchemy import select

from board.discussions.models import Post
from board.extensions import db
from board.moderation import services
from board.moderation.models import Decision
from board.moderation.states import PENDING, PUBLISHED, REJECTED, RETURNED

RUDE = "Shut up, nobody asked you."


def text_of(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def status(post) -> str:
    return db.session.get(Post, post.id).status


def selected(*posts) -> list[str]:
    return [f"{p.id}:{db.session.get(Post, p.id).lock_version}" for p in posts]


def recent_section(client) -> str:
    page = text_of(client.get("/queue"))
    start = page.index('id="recent-decisions"')
    return page[start:page.index("</section>", start)]


def test_bulk_approval_leaves_out_items_with_reminders_and_says_how_many(client, make, login_as):
    school = make.school()
    calm = make.post(school.maya, school.class_prompt, "Rules need reasons we can explain.")
    rude = make.post(school.jonah, school.class_prompt, RUDE, post_anyway=True)
    login_as(school.teacher)
    page = text_of(client.get("/queue"))
    assert "Include items with reminders" in page and "(1 on this page; left out unless ticked)" in page
    response = client.post("/queue/bulk", data={"item": selected(calm, rude), "action": "approve"})
    assert response.status_code == 302
    page = text_of(client.get("/queue"))
    assert "Approved 1 item." in page
    assert "Left out 1 item with norms reminders: decide it one by one, or tick “Include items with reminders”." in page
    assert (status(calm), status(rude)) == (PUBLISHED, PENDING)


def test_bulk_approval_includes_items_with_reminders_when_the_teacher_ticks_it(client, make, login_as):
    school = make.school()
    rude = make.post(school.jonah, school.class_prompt, RUDE, post_anyway=True)
    calm = make.post(school.maya, school.class_prompt, "Rules need reasons we can explain.")
    login_as(school.teacher)
    client.post("/queue/bulk", data={"item": selected(rude, calm), "action": "approve", "include_reminders": "1"})
    assert (status(calm), status(rude)) == (PUBLISHED, PUBLISHED)
    assert "Left out" not in text_of(client.get("/queue"))


def test_bulk_return_needs_one_feedback_and_keeps_the_selection_while_asking(client, make, login_as):
    school = make.school()
    posts = [make.post(s, school.class_prompt, f"Short answer {i}.") for i, s in enumerate([school.maya, school.jonah])]
    login_as(school.teacher)
    response = client.post("/queue/bulk", data={"item": selected(*posts), "action": "return", "feedback": " "})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'aria-describedby="bulk-feedback-error"' in page and "feedback is required" in page
    assert len(re.findall(r'name="item" value="[^"]+" data-select[^>]*checked', page)) == 2
    assert [status(p) for p in posts] == [PENDING, PENDING]

    feedback = "Give one example from your own school."
    client.post("/queue/bulk", data={"item": selected(*posts), "action": "return", "feedback": feedback})
    assert [status(p) for p in posts] == [RETURNED, RETURNED]
    assert {db.session.get(Post, p.id).feedback for p in posts} == {feedback}
    assert "Returned 2 items; one Undo takes back all of them." in text_of(client.get("/queue"))


def test_bulk_reject_gives_every_writer_the_reason(client, make, login_as):
    school = make.school()
    posts = [make.post(s, school.class_prompt, f"Off topic {i}.") for i, s in enumerate([school.maya, school.lucia])]
    login_as(school.teacher)
    client.post("/queue/bulk", data={"item": selected(*posts), "action": "reject", "feedback": "Off topic."})
    assert [status(p) for p in posts] == [REJECTED, REJECTED]
    assert {db.session.get(Post, p.id).feedback for p in posts} == {"Off topic."}


def test_one_undo_takes_back_the_whole_batch(client, make, login_as):
    school = make.school()
    posts = [make.post(s, school.class_prompt, f"Answer {i}.")
             for i, s in enumerate([school.maya, school.jonah, school.lucia])]
    login_as(school.teacher)
    client.post("/queue/bulk", data={"item": selected(*posts), "action": "approve"})
    recent = recent_section(client)
    assert recent.count("Undo") == 1 and "Approved together: 3 items" in recent
    batch = db.session.scalars(select(Decision).where(Decision.batch.is_not(None))).all()
    assert len(batch) == 3 and len({d.batch for d in batch}) == 1

    response = client.post(f"/decisions/{batch[1].id}/undo", headers={"Accept": "application/json"},
                           data={"next": "/queue"})
    assert response.get_json() == {"ok": True, "reload": True,
                                   "message": "Undone: 3 items of that batch are as they were."}
    assert [status(p) for p in posts] == [PENDING, PENDING, PENDING]
    assert "Undo" not in recent_section(client)


def test_undo_links_of_superseded_decisions_disappear(client, make, login_as):
    school = make.school()
    mine = make.post(school.maya, school.class_prompt, "Rules need reasons.")
    resubmitted = make.post(school.jonah, school.class_prompt, "Rules are rules.")
    services.decide(mine, "approve", school.teacher, mine.lock_version)
    services.decide(resubmitted, "return", school.teacher, resubmitted.lock_version, feedback="Say why.")
    login_as(school.teacher)
    assert recent_section(client).count("Undo") == 2
    # Another teacher returns the published post; the writer resubmits the returned one.
    from board.discussions.services import resubmit

    services.decide(db.session.get(Post, mine.id), "return", school.admin, db.session.get(Post, mine.id).lock_version,
                    feedback="Add an example.")
    fresh = db.session.get(Post, resubmitted.id)
    resubmit(school.jonah, fresh, "Rules are fair when they have a reason.", fresh.lock_version)
    assert "Undo" not in recent_section(client)


def test_a_resubmission_shows_the_feedback_and_a_word_diff_in_the_queue_and_history(client, make, login_as):
    school = make.school()
    post = make.post(school.maya, school.class_prompt, "Rules are fair when they are written down.")
    services.decide(post, "return", school.teacher, post.lock_version, feedback="Why written down? Say more.")
    from board.discussions.services import resubmit

    fresh = db.session.get(Post, post.id)
    resubmit(school.maya, fresh, "Rules are fair when they are written down and explained.", fresh.lock_version)
    login_as(school.teacher)
    page = client.get("/queue").get_data(as_text=True)
    assert "Your feedback on version 1:</strong> Why written down? Say more." in page
    assert '<ins><span class="visually-hidden">added: </span> and explained</ins>' in page
    history = client.get(f"/posts/{post.id}/history").get_data(as_text=True)
    assert "Feedback on version 1:</strong> Why written down? Say more." in history
    assert "<ins>" in history and "What changed from version 1" in history

    # The writer still sees the feedback they revised for, on the post and in My work.
    login_as(school.maya)
    for url in (f"/posts/{post.id}", "/me/work"):
        mine = text_of(client.get(url))
        assert "The feedback you revised for" in mine and "Why written down? Say more." in mine


def test_a_change_of_words_is_shown_as_removed_and_added():
    from board.moderation.resubmissions import word_diff

    diff = str(word_diff("Rules are <b>bad</b> here.", "Rules are good here."))
    assert "&lt;b&gt;" in diff and "<b>" not in diff
    assert diff.startswith("Rules are ") and diff.endswith(" here.")
    assert '<del><span class="visually-hidden">removed: </span>&lt;b&gt;bad&lt;/b&gt;</del>' in diff
    assert '<ins><span class="visually-hidden">added: </span>good</ins>' in diff

