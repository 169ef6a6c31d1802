"""The queue keeps your place: decisions answered as JSON for the page's script, and back to the next item without it."""
import html

from board.discussions.models import Post
from board.extensions import db
from board.moderation import services
from board.moderation.states import PENDING, PUBLISHED, RETURNED

JSON = {"Accept": "application/json"}


def text_of(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_a_decision_asked_for_json_answers_with_the_item_decided_and_its_undo(client, make, login_as):
    school = make.school()
    post = make.post(school.maya, school.class_prompt, "Rules need reasons.")
    login_as(school.teacher)
    response = client.post(f"/queue/{post.id}/decide", headers=JSON,
                           data={"action": "approve", "version": str(post.lock_version), "next": "/queue"})
    assert response.status_code == 200 and response.is_json
    answer = response.get_json()
    decision = services.last_decision("post", post.id)
    assert answer["ok"] is True and answer["status"] == PUBLISHED and answer["item_id"] == post.id
    assert answer["message"] == "Maya C.’s response: approved."
    assert f'action="/decisions/{decision.id}/undo"' in answer["stub"] and f'id="q{post.id}"' in answer["stub"]
    assert f'/decisions/{decision.id}/undo' in answer["recent"] and "data-undo-last" in answer["recent"]
    assert db.session.get(Post, post.id).status == PUBLISHED


def test_a_return_without_feedback_answers_which_field_to_fix(client, make, login_as):
    school = make.school()
    post = make.post(school.maya, school.class_prompt, "Rules need reasons.")
    login_as(school.teacher)
    response = client.post(f"/queue/{post.id}/decide", headers=JSON,
                           data={"action": "return", "version": str(post.lock_version), "feedback": "  "})
    assert response.status_code == 422
    assert response.get_json() == {"ok": False, "field": "feedback",
                                   "message": "Tell the writer what to revise: feedback is required."}
    assert db.session.get(Post, post.id).status == PENDING


def test_a_decision_someone_made_first_answers_a_conflict_with_no_undo(client, make, login_as):
    school = make.school()
    post = make.post(school.maya, school.class_prompt, "Rules need reasons.")
    seen = post.lock_version
    services.decide(post, "approve", school.teacher, seen)
    login_as(school.teacher)
    response = client.post(f"/queue/{post.id}/decide", headers=JSON, data={"action": "return", "version": str(seen),
                                                                          "feedback": "More, please."})
    assert response.status_code == 409
    answer = response.get_json()
    assert answer["ok"] is False and "already approved this item" in answer["message"]
    assert "/undo" not in answer["stub"]


def test_without_javascript_a_decision_goes_back_to_the_next_item(client, make, login_as):
    school = make.school()
    first = make.post(school.maya, school.class_prompt, "First.")
    second = make.post(school.jonah, school.class_prompt, "Second.")
    login_as(school.teacher)
    page = client.get("/queue?tab=pending").get_data(as_text=True)
    assert f'name="after" value="{second.id}"' in page
    response = client.post(f"/queue/{first.id}/decide", data={
        "action": "approve", "version": str(first.lock_version), "next": "/queue?tab=pending&item=1",
        "after": str(second.id)})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/queue?tab=pending&item={second.id}#q{second.id}"
    # The next item is the one marked current (and, in focus mode, the one shown).
    focus = client.get(f"/queue?view=focus&item={second.id}").get_data(as_text=True)
    assert f'<li class="queue-entry is-shown">\n<article class="queue-item" id="q{second.id}"' in focus


def test_an_undo_asked_for_json_gives_the_item_back_to_put_in_place(client, make, login_as):
    school = make.school()
    post = make.post(school.maya, school.class_prompt, "Rules need reasons.")
    services.decide(post, "return", school.teacher, post.lock_version, feedback="Give one reason.")
    decision = services.last_decision("post", post.id)
    login_as(school.teacher)
    response = client.post(f"/decisions/{decision.id}/undo", headers=JSON, data={"next": "/queue"})
    answer = response.get_json()
    assert response.status_code == 200 and answer["ok"] is True
    assert answer["message"] == "Undone: Maya C.’s response is pending again." and answer["undone_status"] == RETURNED
    assert f'id="q{post.id}"' in answer["item"] and "data-queue-item" in answer["item"]
    assert "/undo" not in answer["recent"]
    assert db.session.get(Post, post.id).status == PENDING


def test_focus_mode_shows_one_item_with_its_prompt_and_the_post_it_answers(client, make, login_as):
    school = make.school()
    prompt = make.prompt(school.classroom, "class", "Who should set the rules of the library?",
                         context="Read the **library charter** first.")
    parent = make.post(school.jonah, prompt, "The librarians, since they know the books.", publish=True)
    reply = make.post(school.maya, prompt, "Students too: we use it every day.", parent=parent)
    login_as(school.teacher)
    page = text_of(client.get("/queue?view=focus"))
    assert "Prompt:</span> Who should set the rules of the library?" in page
    assert "<strong>library charter</strong>" in page
    assert "In reply to Jonah O.:</p>" in page and "The librarians, since they know the books." in page
    assert f'id="q{reply.id}"' in page and "Item 1 of 1 on this page" in page
    assert "Show the whole list" in page
    # The list view offers focus mode and does not repeat the whole context.
    listing = text_of(client.get("/queue"))
    assert "Focus mode" in listing and "library charter" not in listing
