"""A student's home is a to-do list: to revise, new replies, prompts to answer, waiting for review."""
import html
import re
from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import event

from board.extensions import db
from board.moderation import services as moderation
from board.moderation import states


def text_of(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def section(page: str, title: str) -> str:
    """Return the text of one section of the home page, from its heading to the next."""
    start = page.index(f">{title}")
    end = page.find("<h2", start)
    return page[start:end if end != -1 else None]


@contextmanager
def counting_queries():
    counted = []

    def count(*args):
        counted.append(args[2])

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield counted
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def test_returned_work_is_under_to_revise_with_the_feedback_and_a_link(client, make, login_as):
    school = make.school()
    post = make.post(school.maya, school.class_prompt, "Rules are rules.")
    moderation.decide(post, states.RETURN, school.teacher, post.lock_version,
                      feedback="Give an example from our school.")
    login_as(school.maya)
    page = text_of(client.get("/"))
    revise = section(page, "To revise")
    assert "Rules are rules." in revise and "Give an example from our school." in revise
    assert f"/posts/{post.id}/revise" in revise
    assert "Nothing waiting for review." in page


def test_waiting_work_is_under_waiting_for_review_with_edit_and_withdraw(client, make, login_as):
    school = make.school()
    post = make.post(school.maya, school.class_prompt, "My first answer.")
    login_as(school.maya)
    page = text_of(client.get("/"))
    waiting = section(page, "Waiting for review")
    assert "My first answer." in waiting
    assert f"/posts/{post.id}/edit" in waiting and f"/posts/{post.id}/withdraw" in waiting
    assert "Nothing to revise — nice work." in page


def test_empty_states_are_honest(client, make, login_as):
    school = make.school()
    make.post(school.maya, school.class_prompt, "Answered.", publish=True)
    make.post(school.maya, school.public_prompt, "Answered too.", publish=True)
    login_as(school.maya)
    page = text_of(client.get("/"))
    for empty in ("Nothing to revise — nice work.", "No new replies to you.",
                  "You have answered every open prompt.", "Nothing waiting for review."):
        assert empty in page


def test_student_in_no_class_is_told_how_to_join(client, make, login_as):
    loner = make.user("student", "Ana", "Lopez")
    login_as(loner)
    page = text_of(client.get("/"))
    assert "You are not in a class yet" in page and "/join" in page


def test_open_prompts_are_those_not_answered_yet_and_none_twice(client, make, login_as):
    school = make.school()
    answered = school.class_prompt
    closed = make.prompt(school.classroom, question="A closed question?", closes_in=timedelta(seconds=-1))
    future = make.prompt(school.classroom, question="A future question?", opens_in=timedelta(days=1))
    withdrawn_one = make.prompt(school.classroom, question="Withdrawn from this one?")
    post = make.post(school.maya, answered, "My answer.")
    post2 = make.post(school.maya, answered, "My second answer.")
    moderation.decide(post2, states.RETURN, school.teacher, post2.lock_version, feedback="More, please.")
    taken_back = make.post(school.maya, withdrawn_one, "Never mind.")
    login_as(school.maya)
    client.post(f"/posts/{taken_back.id}/withdraw", data={"version": str(taken_back.lock_version)})
    page = text_of(client.get("/"))
    prompts = section(page, "Prompts to answer")
    assert school.public_prompt.question in prompts
    assert withdrawn_one.question in prompts  # withdrawn work does not answer it
    for left_out in (answered.question, closed.question, future.question):
        assert left_out not in prompts
    assert prompts.count(school.public_prompt.question) == 1
    assert post.id  # the waiting answer counts as answered


def test_a_suspended_student_is_not_offered_prompts_to_answer(client, make, login_as):
    school = make.school()
    sid = make.student(school.classroom, "Sid", "Sato", suspended=True)
    login_as(sid)
    prompts = section(text_of(client.get("/")), "Prompts to answer")
    assert school.class_prompt.question not in prompts


def test_new_replies_the_student_may_read_until_read(client, make, login_as):
    school = make.school()
    mine = make.post(school.maya, school.class_prompt, "Fair rules need consent.", publish=True)
    make.post(school.jonah, school.class_prompt, "Consent from whom, though?", parent=mine, publish=True)
    # Waiting for a teacher: not readable by Maya, so not listed.
    make.post(school.lucia, school.class_prompt, "A pending reply mkhidden.", parent=mine)
    login_as(school.maya)
    page = text_of(client.get("/"))
    replies = section(page, "New replies to you")
    assert "Jonah O." in replies and "Consent from whom, though?" in replies
    assert "mkhidden" not in page
    note_id = re.search(r'name="id" value="(\d+)"', replies).group(1)
    opened = client.post("/notifications/read", data={"id": note_id, "post": ""})
    assert opened.status_code == 302
    assert "No new replies to you." in text_of(client.get("/"))


def test_a_reply_hidden_after_a_report_leaves_the_list(client, make, login_as):
    school = make.school()
    mine = make.post(school.maya, school.class_prompt, "My view.", publish=True)
    reply = make.post(school.jonah, school.class_prompt, "A reply mkreported.", parent=mine, publish=True)
    reply.hidden = True
    db.session.commit()
    login_as(school.maya)
    assert "mkreported" not in text_of(client.get("/"))


def test_home_takes_the_same_number_of_queries_for_one_item_or_many(client, make, login_as):
    school = make.school()
    extra_prompts = [make.prompt(school.classroom, question=f"Question number {i}?") for i in range(6)]

    def fill(n: int, tag: str):
        for i in range(n):
            returned = make.post(school.maya, extra_prompts[i], f"Returned {tag} {i}.")
            moderation.decide(returned, states.RETURN, school.teacher, returned.lock_version, feedback="Again.")
            make.post(school.maya, school.class_prompt, f"Waiting {tag} {i}.")
            mine = make.post(school.maya, school.public_prompt, f"Published {tag} {i}.", publish=True)
            make.post(school.jonah, school.public_prompt, f"Reply {tag} {i}.", parent=mine, publish=True)

    login_as(school.maya)
    fill(1, "a")
    client.get("/")  # warm: the first request of a session loads what every later one reuses
    with counting_queries() as few:
        first = client.get("/")
    fill(5, "b")
    with counting_queries() as many:
        second = client.get("/")
    page = text_of(second)
    assert section(page, "To revise").count("Revise and send again") == 6
    assert section(page, "New replies to you").count("Read the reply") == 6
    assert first.status_code == second.status_code == 200
    assert len(few) == len(many), "\n".join(many)
    assert len(many) <= 20, "\n".join(many)


def test_replies_seen_on_the_discussion_leave_the_list_and_newer_ones_come(client, make, login_as, app):
    school = make.school()
    mine = make.post(school.maya, school.class_prompt, "Fair rules need consent.", publish=True)
    make.post(school.jonah, school.class_prompt, "Seen on the page mkfirst.", parent=mine, publish=True)
    login_as(school.maya)
    assert "mkfirst" in section(text_of(client.get("/")), "New replies to you")
    # Maya reads the discussion without going through the to-do.
    assert "mkfirst" in text_of(client.get(f"/prompts/{school.class_prompt.id}"))
    assert "No new replies to you." in text_of(client.get("/"))
    # A reply after her visit is new again.
    make.post(school.lucia, school.class_prompt, "Came later mksecond.", parent=mine, publish=True)
    replies = section(text_of(client.get("/")), "New replies to you")
    assert "mksecond" in replies and "mkfirst" not in replies


def test_a_reply_opened_from_its_own_page_is_seen(client, make, login_as):
    school = make.school()
    mine = make.post(school.maya, school.class_prompt, "My view.", publish=True)
    reply = make.post(school.jonah, school.class_prompt, "Opened by link mkown.", parent=mine, publish=True)
    login_as(school.maya)
    assert client.get(f"/posts/{reply.id}").status_code == 200
    assert "No new replies to you." in text_of(client.get("/"))


def test_a_reply_the_page_does_not_show_stays_new(client, make, login_as, app):
    school = make.school()
    deep = make.post(school.jonah, school.class_prompt, "Root of a long chain.", publish=True)
    for i in range(app.config["THREAD_MAX_DEPTH"] - 1):
        deep = make.post(school.lucia if i % 2 else school.jonah, school.class_prompt, f"Link {i}.",
                         parent=deep, publish=True)
    mine = make.post(school.maya, school.class_prompt, "Deep in the chain.", parent=deep, publish=True)
    make.post(school.jonah, school.class_prompt, "Too deep to show mkdeep.", parent=mine, publish=True)
    login_as(school.maya)
    prompt_page = text_of(client.get(f"/prompts/{school.class_prompt.id}"))
    assert "mkdeep" not in prompt_page and "Continue this thread" in prompt_page
    assert "mkdeep" in section(text_of(client.get("/")), "New replies to you")
    # The reply's branch opened on its own page shows it.
    client.get(f"/posts/{mine.id}")
    assert "No new replies to you." in text_of(client.get("/"))


def test_open_pads_not_written_in_are_prompts_to_answer_until_the_student_writes(client, make, login_as):
    from board.pads import store
    from board.pads.models import Pad
    from tests.pads.conftest import write

    school = make.school()
    make.post(school.maya, school.class_prompt, "Answered.", publish=True)
    make.post(school.maya, school.public_prompt, "Answered too.", publish=True)
    pad_prompt = make.prompt(school.classroom, question="What should our class charter say?", kind="pad")
    closed = make.prompt(school.classroom, question="A closed pad mkclosed?", kind="pad",
                         closes_in=timedelta(seconds=-1))
    pad = db.session.scalar(db.select(Pad).where(Pad.prompt_id == pad_prompt.id))
    assert closed.id and pad is not None
    login_as(school.maya)
    prompts = section(text_of(client.get("/")), "Prompts to answer")
    # The prompt's link, and the pad's link named for screen readers.
    assert prompts.count(pad_prompt.question) == 2
    assert f"/pads/{pad.id}" in prompts and "Write in the pad" in prompts
    assert "mkclosed" not in prompts
    # A classmate writing there does not answer it for Maya.
    write(pad, school.jonah, "Our charter starts here. ")
    assert pad_prompt.question in section(text_of(client.get("/")), "Prompts to answer")
    # Once Maya has written in it, it is done, even after the log is folded into a snapshot.
    write(pad, school.maya, "Everyone gets a turn to speak.")
    assert pad_prompt.question not in section(text_of(client.get("/")), "Prompts to answer")
    store.compact(pad.id)
    assert "You have answered every open prompt." in text_of(client.get("/"))


def test_a_group_pad_is_for_its_group_only(client, make, login_as):
    from board.pads.services import add_group

    school = make.school()
    make.post(school.maya, school.class_prompt, "Answered.", publish=True)
    make.post(school.maya, school.public_prompt, "Answered too.", publish=True)
    make.post(school.jonah, school.class_prompt, "Answered.", publish=True)
    make.post(school.jonah, school.public_prompt, "Answered too.", publish=True)
    pad_prompt = make.prompt(school.classroom, question="Our group's plan?", kind="pad")
    group = add_group(pad_prompt, "Group A", {school.maya.id})
    login_as(school.maya)
    prompts = section(text_of(client.get("/")), "Prompts to answer")
    assert f"/pads/{group.id}" in prompts
    login_as(school.jonah)
    prompts = section(text_of(client.get("/")), "Prompts to answer")
    assert pad_prompt.question in prompts and f"/pads/{group.id}" not in prompts  # the class pad is his
