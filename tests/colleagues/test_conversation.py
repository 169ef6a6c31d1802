"""The protocol's steps in order: who speaks in each, who moves it on, closing, and bad input."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from board.colleagues import services
from board.colleagues.models import Contribution, SharedWork
from board.extensions import db
from tests.colleagues.conftest import FRAMING, latest_share, share


def fresh(work) -> SharedWork:
    db.session.expire_all()
    return db.session.get(SharedWork, work.id)


def move(client, work, step):
    return client.post(f"/colleagues/{work.id}/step", data={"step": step})


def say(client, work, step, body, **extra):
    return client.post(f"/colleagues/{work.id}/contribute", data={"step": step, "body": body, **extra})


def said(work) -> list[tuple[str, str]]:
    return [(c.step, c.body_md) for c in fresh(work).contributions]


def test_a_conversation_goes_through_the_steps_in_order(shared, school, client, login_as):
    page = client.get(f"/colleagues/{shared.id}").get_data(as_text=True)
    titles = ["Framing question", "Clarifying questions", "Probing questions", "Warm feedback",
              "Cool feedback", "The presenter’s reflection"]
    positions = [page.index(f"{n}. {title}") for n, title in enumerate(titles, 1)]
    assert positions == sorted(positions)
    assert FRAMING in page and "Move on to clarifying questions" in page

    assert say(client, shared, "framing", "They had two class periods and the two articles.").status_code == 302
    assert move(client, shared, "clarifying").status_code == 302
    login_as(school.other_teacher)
    assert say(client, shared, "clarifying", "Did students choose the rule themselves?").status_code == 302
    login_as(school.teacher)
    assert say(client, shared, "clarifying", "Yes, from a list of five.").status_code == 302
    for step, words in (("probing", "What would evidence look like to this student?"),
                        ("warm", "The claim is clear in the first sentence."),
                        ("cool", "I wonder what a counter-argument would add.")):
        login_as(school.teacher)
        move(client, shared, step)
        login_as(school.admin)
        assert say(client, shared, step, words).status_code == 302
    login_as(school.teacher)
    move(client, shared, "reflection")
    assert say(client, shared, "reflection", "I will model a counter-argument tomorrow.").status_code == 302
    assert [step for step, _ in said(shared)] == ["framing", "clarifying", "clarifying", "probing", "warm",
                                                   "cool", "reflection"]
    page = client.get(f"/colleagues/{shared.id}").get_data(as_text=True)
    # Each contribution sits in its own step's section.
    for step, words in said(shared):
        section = page[page.index(f'id="step-{step}"'):]
        assert words in section.split("</section>")[0]


@pytest.mark.parametrize("step, presenter_may, colleague_may", [
    ("framing", True, False),
    ("clarifying", True, True),
    ("probing", False, True),
    ("warm", False, True),
    ("cool", False, True),
    ("reflection", True, False),
])
def test_who_speaks_in_each_step(shared, school, client, login_as, step, presenter_may, colleague_may):
    move(client, shared, step)
    response = say(client, shared, step, "From the presenter.")
    assert response.status_code == (302 if presenter_may else 422)
    login_as(school.other_teacher)
    response = say(client, shared, step, "From a colleague.")
    assert response.status_code == (302 if colleague_may else 422)
    if not colleague_may:
        page = response.get_data(as_text=True)
        assert "only the presenter" in page and "From a colleague." in page  # the text is kept
    assert len(said(shared)) == presenter_may + colleague_may


def test_only_the_presenter_or_an_admin_moves_and_closes_it(shared, school, client, login_as):
    login_as(school.other_teacher)
    page = client.get(f"/colleagues/{shared.id}").get_data(as_text=True)
    assert "Move on to" not in page and "Close the conversation" not in page
    assert move(client, shared, "clarifying").status_code == 403
    assert client.post(f"/colleagues/{shared.id}/close").status_code == 403
    assert fresh(shared).step == "framing" and fresh(shared).is_open
    login_as(school.admin)
    assert move(client, shared, "clarifying").status_code == 302
    assert fresh(shared).step == "clarifying"


def test_the_presenter_removes_the_copy_and_what_was_said_for_good(shared, school, client, login_as):
    work_id = shared.id
    move(client, shared, "clarifying")
    login_as(school.other_teacher)
    say(client, shared, "clarifying", "Was it a first draft?")
    assert client.post(f"/colleagues/{shared.id}/remove").status_code == 403
    login_as(school.teacher)
    response = client.post(f"/colleagues/{work_id}/remove", follow_redirects=True)
    assert "Colleagues no longer see this work" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(SharedWork.id))) == 0
    assert db.session.scalar(select(func.count(Contribution.id))) == 0
    login_as(school.other_teacher)
    assert client.get(f"/colleagues/{work_id}").status_code == 404


def test_a_second_click_on_move_on_moves_one_step(shared, client):
    move(client, shared, "clarifying")
    move(client, shared, "clarifying")
    assert fresh(shared).step == "clarifying"


def test_a_closed_conversation_stays_readable_and_takes_nothing_more(shared, school, client, login_as):
    move(client, shared, "clarifying")
    assert client.post(f"/colleagues/{shared.id}/close").status_code == 302
    assert not fresh(shared).is_open
    login_as(school.other_teacher)
    response = say(client, shared, "clarifying", "One more question after it closed.")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "This conversation is closed" in page and "One more question after it closed." in page
    assert said(shared) == []
    listing = client.get("/colleagues").get_data(as_text=True)
    assert "No conversation is open right now." in listing and "Closed" in listing


def test_the_list_shows_open_conversations_to_colleagues(shared, school, client, login_as):
    login_as(school.other_teacher)
    page = client.get("/colleagues").get_data(as_text=True)
    assert "Open conversations" in page and FRAMING[:60] in page and "Framing question" in page
    home = client.get("/").get_data(as_text=True)
    assert 'href="/colleagues"' in home and "1 open" in home


# ---- entry points -----------------------------------------------------------------------------

def test_the_share_button_is_on_a_students_post_for_its_class_teachers_only(school, make, client, login_as):
    post = make.post(school.maya, school.public_prompt, "Voting at sixteen builds habits.", publish=True)
    own = make.post(school.teacher, school.public_prompt, "A teacher's note to the class.", publish=True)
    share_link = f'href="/colleagues/share/posts/{post.id}"'
    for person, sees in ((school.teacher, True), (school.admin, True), (school.other_teacher, False),
                         (school.maya, False), (school.reader, False)):
        login_as(person)
        page = client.get(f"/posts/{post.id}").get_data(as_text=True)
        assert (share_link in page) == sees, person
    login_as(school.teacher)
    assert "Share with colleagues" not in client.get(f"/posts/{own.id}").get_data(as_text=True)
    assert client.get(f"/colleagues/share/posts/{own.id}").status_code == 403


def test_nobody_but_the_schools_adults_knows_shared_work_exists(shared, school, make, client, login_as):
    family = make.user("family", "Fern", "Fernsby")
    for person in (None, school.maya, school.lucia, school.outsider, school.reader, family):
        if person is None:
            client.post("/logout")
        else:
            login_as(person)
        for url in ("/colleagues", f"/colleagues/{shared.id}"):
            assert client.get(url).status_code == 404, (person, url)
        assert say(client, shared, "framing", "hello").status_code == 404
    home = client.get("/").get_data(as_text=True)
    assert 'href="/colleagues"' not in home


# ---- bad input ---------------------------------------------------------------------------------

@pytest.mark.parametrize("framing, message", [
    ("", "Write the question you want colleagues to help you think about."),
    ("   ", "Write the question you want colleagues to help you think about."),
    ("Why? " * 200, "Keep the framing question under 600 characters"),
])
def test_a_bad_framing_question_is_refused_beside_the_field_and_kept(school, make, client, login_as,
                                                                     framing, message):
    post = make.post(school.maya, school.class_prompt, "Rules are fair.", publish=True)
    login_as(school.teacher)
    response = share(client, post, framing)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f'<p class="error" id="body-error">{message}' in page and 'aria-invalid="true"' in page
    if framing.strip():
        assert framing.strip()[:100] in page
    assert db.session.scalar(select(func.count(SharedWork.id))) == 0


@pytest.mark.parametrize("body, message", [
    ("", "Write something before adding it."),
    ("x" * 801, "Keep it under 800 characters"),
])
def test_a_bad_contribution_is_refused_beside_the_field_and_kept(shared, client, body, message):
    response = say(client, shared, "framing", body)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f'<p class="error" id="body-error">{message}' in page
    assert body[:200] in page
    assert said(shared) == []


def test_a_contribution_to_a_step_that_has_passed_is_shown_back_not_misfiled(shared, school, client, login_as):
    move(client, shared, "clarifying")
    login_as(school.other_teacher)
    form = client.get(f"/colleagues/{shared.id}").get_data(as_text=True)
    assert 'name="step" type="hidden" value="clarifying"' in form
    login_as(school.teacher)
    move(client, shared, "probing")
    login_as(school.other_teacher)
    response = say(client, shared, "clarifying", "How long did they have to write it?")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "has moved on to probing questions" in page and "How long did they have to write it?" in page
    assert said(shared) == []


def test_an_unknown_step_is_refused_and_nothing_moves(shared, client):
    response = move(client, shared, "debate")
    assert response.status_code == 422
    assert "Choose one of the protocol’s steps." in response.get_data(as_text=True)
    assert fresh(shared).step == "framing"


def test_a_double_submit_shares_once_and_adds_once(school, make, client, login_as):
    post = make.post(school.maya, school.class_prompt, "Rules are fair.", publish=True)
    login_as(school.teacher)
    share(client, post, submission_key="same-key")
    share(client, post, submission_key="same-key")
    assert db.session.scalar(select(func.count(SharedWork.id))) == 1
    work = latest_share()
    say(client, work, "framing", "Context once.", submission_key="k1")
    say(client, work, "framing", "Context once.", submission_key="k1")
    assert db.session.scalar(select(func.count(Contribution.id))) == 1


def test_one_person_adds_a_capped_number_to_a_step(shared, client, monkeypatch):
    monkeypatch.setattr(services, "PER_PERSON_PER_STEP", 2)
    assert say(client, shared, "framing", "one").status_code == 302
    assert say(client, shared, "framing", "two").status_code == 302
    response = say(client, shared, "framing", "three")
    assert response.status_code == 422 and "give others a turn" in response.get_data(as_text=True)
    assert len(said(shared)) == 2


def test_a_share_is_made_by_a_teacher_of_the_works_class_only(school, make, client, login_as):
    class_post = make.post(school.maya, school.class_prompt, "Rules are fair.", publish=True)
    public_post = make.post(school.maya, school.public_prompt, "Sixteen is old enough.", publish=True)
    login_as(school.other_teacher)
    assert share(client, class_post).status_code == 404  # not even readable to them
    assert share(client, public_post).status_code == 403  # readable, not theirs to share
    assert db.session.scalar(select(func.count(SharedWork.id))) == 0


def test_a_long_conversation_loads_in_as_many_queries_as_a_short_one(shared, school, make, client, login_as):
    from sqlalchemy import event

    def queries(url: str) -> int:
        seen = []
        with client.application.app_context():
            engine = db.engine
        listener = lambda *args: seen.append(1)  # noqa: E731
        event.listen(engine, "before_cursor_execute", listener)
        try:
            assert client.get(url).status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        return len(seen)

    move(client, shared, "clarifying")
    say(client, shared, "clarifying", "A first question.")
    login_as(school.other_teacher)
    short = queries(f"/colleagues/{shared.id}"), queries("/colleagues")
    for n in range(8):
        colleague = make.user("teacher", "Colleague", f"Number{n}")
        login_as(colleague)
        say(client, shared, "clarifying", f"Question {n} from another colleague.")
        share(client, make.post(school.jonah, school.class_prompt, f"Work {n}.", publish=True))
    login_as(school.teacher)
    for n in range(4):
        share(client, make.post(school.lucia, school.class_prompt, f"More work {n}.", publish=True))
    login_as(school.other_teacher)
    assert (queries(f"/colleagues/{shared.id}"), queries("/colleagues")) == short


def test_a_contribution_sent_after_the_form_expired_is_given_back(shared, school, client, login_as):
    login_as(school.other_teacher)
    url = f"/colleagues/{shared.id}/contribute"
    response = client.post(url, data={"step": "framing", "body": "A long thought I do not want to lose.",
                                      "csrf_token": "stale"}, csrf=False,
                           headers={"Origin": "http://localhost", "Sec-Fetch-Site": "same-origin"})
    assert response.status_code == 400
    assert "A long thought I do not want to lose." in response.get_data(as_text=True)
    assert said(shared) == []
