"""The class page tells its teachers what norms reminders led to, by norm, in posts and pads together."""
from __future__ import annotations

import html
import re
from contextlib import contextmanager

import pytest
from sqlalchemy import event

from board.classes.models import Membership
from board.discussions.models import Reminder
from board.discussions.stats import norm_outcomes
from board.extensions import db
from board.pads.models import Pad
from board.pads.pending import Mark
from board.pads.reminders import Ledger

EMPTY = "No reminders yet in this class"
HEADING = "Norms reminders"


@contextmanager
def counting_queries():
    counted: list[str] = []

    def count(conn, cursor, statement, *args):
        counted.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield counted
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def respond(client, prompt, body, **extra):
    return client.post(f"/prompts/{prompt.id}/respond", data={"body": body, "action": "post", **extra})


def latest_reminder() -> Reminder:
    return db.session.scalar(db.select(Reminder).order_by(Reminder.id.desc()).limit(1))


def pad_reminders(writer, pad, *shown: tuple[str, str]) -> None:
    """Reminders a writer saw in a pad, through the pad's own ledger: (category, what became of it)."""
    ledger = Ledger()
    marks = [Mark(10 * i, 10 * i + 5, data={"category": category, "words": f"w{i}"})
             for i, (category, _) in enumerate(shown)]
    ledger.seen(marks, [])
    for mark, (_, outcome) in zip(marks, shown, strict=True):
        if outcome == "revised":
            ledger.follow([(mark.start + 1, 2, 0), (mark.start + 1, 0, 2)], own=True)  # she changes a word
    ledger.seen([m for m, (_, outcome) in zip(marks, shown, strict=True) if outcome != "revised"], [])
    for entry, (_, outcome) in zip(list(ledger.shown), [s for s in shown if s[1] != "revised"], strict=True):
        if outcome is None:
            entry.by_others, entry.mark.end = True, entry.mark.start  # a classmate took the words out
    ledger.close()
    ledger.record(writer.id, pad.id, pad.prompt_id, pad.classroom_id)


def table_rows(page: str) -> dict[str, list[str]]:
    """The table's rows by norm: the cells as plain text, without the shares."""
    rows = {}
    for row in re.findall(r"<tr>\s*<th scope=\"row\">(.*?)</tr>", page, re.S):
        head = row.split("</th>")[0]
        label = re.sub(r"<span.*", "", head, flags=re.S).strip()
        where = re.sub(r"<[^>]+>", "", head[len(label):]).strip()
        cells = [re.sub(r"\s*\(\d+%\)", "", re.sub(r"<[^>]+>", "", c)).strip()
                 for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        rows[html.unescape(label)] = [html.unescape(where), *cells]
    return rows


@pytest.fixture
def school_with_pad(make):
    school = make.school()
    prompt = make.prompt(school.classroom, "class", "How should we share the playground?", kind="both")
    school.pad = db.session.scalar(db.select(Pad).where(Pad.prompt_id == prompt.id))
    return school


def test_a_class_without_reminders_says_so(client, make, login_as):
    school = make.school()
    login_as(school.teacher)
    page = client.get(f"/classes/{school.classroom.id}").get_data(as_text=True)
    assert EMPTY in page and "<table" not in page.split(HEADING)[1].split("</section>")[0]


def test_the_teacher_sees_what_reminders_led_to_by_norm_in_posts_and_pads(client, login_as, school_with_pad):
    school = school_with_pad
    # In the composer: Maya revises after a reminder, Jonah posts anyway, Lucia posts nothing.
    login_as(school.maya)
    respond(client, school.class_prompt, "Shut up, nobody asked you.", submission_key="m1")
    respond(client, school.class_prompt, "I see it differently: rules need reasons.", submission_key="m1",
            reminder_id=str(latest_reminder().id))
    login_as(school.jonah)
    respond(client, school.class_prompt, "Shut up, nobody asked you.", submission_key="j1")
    respond(client, school.class_prompt, "Shut up, nobody asked you.", submission_key="j1",
            reminder_id=str(latest_reminder().id), action="post_anyway")
    login_as(school.lucia)
    respond(client, school.class_prompt, "Shut up, nobody asked you.", submission_key="l1")
    composer = db.session.scalars(db.select(Reminder).order_by(Reminder.id)).all()
    assert [r.outcome for r in composer] == ["revised", "posted_anyway", None]
    categories = composer[0].categories
    assert "shutdown" in categories

    # In the pad: three shutdown reminders (revised, posted anyway, taken out by a classmate), one threat.
    pad_reminders(school.maya, school.pad, ("shutdown", "revised"), ("shutdown", "posted_anyway"),
                  ("shutdown", None), ("threat", "posted_anyway"))
    # Another class's reminders are not this class's.
    pad_reminders(school.outsider, db.session.scalar(db.select(Pad).where(Pad.prompt_id == make_other_pad(
        school).id)), ("threat", "revised"))

    login_as(school.teacher)
    page = client.get(f"/classes/{school.classroom.id}").get_data(as_text=True)
    assert EMPTY not in page
    rows = table_rows(page)
    assert rows["Shutting others out"] == ["3 in posts, 3 in pads", "6", "2", "2", "2"]
    assert rows["Threat"] == ["in pads", "1", "0", "1", "0"]
    # every other norm has its own row of three reminders in posts
    others = set(categories) - {"shutdown", "threat"}
    assert len([label for label, cells in rows.items() if cells[0] == "in posts" and cells[1] == "3"]) == len(others)
    # Norms with the most reminders come first.
    assert list(rows)[0] == "Shutting others out"
    text = html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page)))
    assert ("7 reminders shown to 3 writers (3 in posts, 4 in pads): 2 led to a revision, 3 were posted "
            "anyway, and after 2 nothing was posted.") in text


def make_other_pad(school):
    from board.prompts.models import Prompt
    from board.prompts.services import save_prompt

    teacher = school.other_teacher
    return save_prompt(Prompt(classroom_id=school.other_classroom.id), {
        "question": "Which museum should we visit?", "context_md": "", "norms": "Be kind.",
        "visibility": "class", "kind": "pad", "opens_at": None, "closes_at": None}, teacher)


def test_the_figures_take_one_query_however_many_norms_and_reminders(app, login_as, client, school_with_pad):
    school = school_with_pad
    pad_reminders(school.maya, school.pad, ("threat", "revised"))
    classroom_id = school.classroom.id
    with counting_queries() as one:
        few = norm_outcomes(classroom_id)
    assert len(one) == 1 and few.total.shown == 1
    login_as(school.teacher)
    with counting_queries() as page_few:
        client.get(f"/classes/{classroom_id}")

    pad_reminders(school.jonah, school.pad, *[(category, outcome) for category in
                                              ("profanity", "personal_attack", "privacy", "shouting")
                                              for outcome in ("revised", "posted_anyway", None)])
    with counting_queries() as again:
        many = norm_outcomes(classroom_id)
    assert len(again) == 1 and many.total.shown == 13 and len(many.norms) == 5
    with counting_queries() as page_many:
        client.get(f"/classes/{classroom_id}")
    assert len(page_many) == len(page_few)


@pytest.mark.parametrize("role, status, sees", [
    ("anon", 302, False), ("reader", 404, False), ("outsider", 404, False), ("other_teacher", 404, False),
    ("maya", 200, False), ("lucia", 200, False), ("suspended", 200, False),
    ("teacher", 200, True), ("co_teacher", 200, True), ("admin", 200, True),
])
def test_only_the_class_s_teachers_and_admins_see_the_figures(client, make, login_as, school_with_pad,
                                                              role, status, sees):
    school = school_with_pad
    pad_reminders(school.maya, school.pad, ("threat", "posted_anyway"))
    people = {"reader": school.reader, "outsider": school.outsider, "other_teacher": school.other_teacher,
              "maya": school.maya, "lucia": school.lucia, "teacher": school.teacher, "admin": school.admin,
              "suspended": make.student(school.classroom, "Sid", "Vance", suspended=True)}
    if role == "co_teacher":
        people["co_teacher"] = make.user("teacher", "Cora", "Bell")
        db.session.add(Membership(classroom_id=school.classroom.id, user_id=people["co_teacher"].id, role="teacher"))
        db.session.commit()
    if role != "anon":
        login_as(people[role])
    response = client.get(f"/classes/{school.classroom.id}")
    assert response.status_code == status
    page = response.get_data(as_text=True)
    assert (HEADING in page) == sees
    assert ("Threat" in page and "Posted anyway" in page) == sees
