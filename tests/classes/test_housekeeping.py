"""Archiving classes and prompts, asking before a new code or a suspension, the class list's figures."""
import html
import re

import pytest

from board import permissions
from board.classes.models import AuditEntry, Classroom, Membership
from board.discussions.models import Post
from board.extensions import db
from board.pads.models import Pad
from board.prompts.models import Prompt


def text_of(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def archive_class(client, classroom):
    return client.post(f"/classes/{classroom.id}/archive", data={"action": "archive", "confirmed": "yes"})


def test_archiving_a_class_asks_first_then_makes_it_read_only_and_moves_it_under_archived(client, make, login_as):
    school = make.school()
    login_as(school.teacher)
    asked = client.post(f"/classes/{school.classroom.id}/archive", data={"action": "archive"})
    assert asked.status_code == 200 and "Archive Civics 8B?" in text_of(asked)
    assert db.session.get(Classroom, school.classroom.id).archived_at is None
    assert archive_class(client, school.classroom).status_code == 302
    client.get("/classes")  # the message saying it is archived
    page = text_of(client.get("/classes"))
    active, _, archived = page.partition(">Archived<")
    assert "Civics 8B" not in active and "Civics 8B" in archived and "Restore" in archived
    assert db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "archived class")) is not None
    # Read-only for everyone, the teacher too.
    for person in (school.maya, school.teacher):
        login_as(person)
        response = client.post(f"/prompts/{school.class_prompt.id}/respond", data={"body": "One more thought."})
        assert response.status_code == 403
    assert db.session.scalar(db.select(db.func.count(Post.id))) == 0
    shown = text_of(client.get(f"/prompts/{school.class_prompt.id}"))
    assert "Archived · read-only" in shown
    # Out of the home page's lists; the student's page still reads it under Archived.
    login_as(school.maya)
    assert "What makes a rule fair?" not in text_of(client.get("/"))
    assert ">Archived<" in text_of(client.get("/classes"))
    # Restored, it is open again.
    login_as(school.teacher)
    client.post(f"/classes/{school.classroom.id}/archive", data={"action": "restore"})
    assert db.session.get(Classroom, school.classroom.id).archived_at is None
    login_as(school.maya)
    assert client.post(f"/prompts/{school.class_prompt.id}/respond",
                       data={"body": "Rules are fair when everyone helped write them."}).status_code == 302


def test_an_archived_prompt_is_read_only_listed_apart_and_the_public_still_reads_it(client, make, login_as):
    school = make.school()
    make.post(school.maya, school.public_prompt, "Published before the archive", publish=True)
    login_as(school.teacher)
    assert client.post(f"/prompts/{school.public_prompt.id}/archive", data={"action": "archive"}).status_code == 302
    page = text_of(client.get(f"/classes/{school.classroom.id}"))
    listed, _, archived = page.partition('id="archived-prompts-title"')
    assert "lower the voting age" not in listed and "lower the voting age" in archived
    login_as(school.jonah)
    assert client.post(f"/prompts/{school.public_prompt.id}/respond", data={"body": "Late answer"}).status_code == 403
    login_as(school.reader)
    assert client.post(f"/prompts/{school.public_prompt.id}/respond", data={"body": "A comment"}).status_code == 403
    client.post("/logout")
    public = client.get(f"/prompts/{school.public_prompt.id}")
    assert public.status_code == 200 and "Published before the archive" in text_of(public)
    assert 'name="body"' not in text_of(public)
    login_as(school.teacher)
    client.post(f"/prompts/{school.public_prompt.id}/archive", data={"action": "restore"})
    assert db.session.get(Prompt, school.public_prompt.id).archived_at is None


def test_nobody_writes_in_the_pad_of_an_archived_prompt(make):
    school = make.school()
    prompt = make.prompt(school.classroom, kind="pad", question="Write our class charter")
    pad = db.session.scalar(db.select(Pad).where(Pad.prompt_id == prompt.id))
    assert permissions.can_edit_pad(school.maya, pad) and permissions.can_edit_pad(school.teacher, pad)
    prompt.archived_at = db.func.now()
    db.session.commit()
    db.session.refresh(prompt)
    assert not permissions.can_edit_pad(school.maya, pad) and not permissions.can_edit_pad(school.teacher, pad)
    assert permissions.can_read_live_pad(school.maya, pad)


@pytest.mark.parametrize("url, data", [
    ("/classes/{c}/archive", {"action": "delete"}),
    ("/classes/{c}/archive", {}),
    ("/prompts/{p}/archive", {"action": "erase"}),
    ("/prompts/{p}/archive", {"action": ""}),
])
def test_archive_refuses_an_unknown_action(client, make, login_as, url, data):
    school = make.school()
    login_as(school.teacher)
    response = client.post(url.format(c=school.classroom.id, p=school.class_prompt.id), data=data)
    assert response.status_code == 400
    assert db.session.get(Classroom, school.classroom.id).archived_at is None
    assert db.session.get(Prompt, school.class_prompt.id).archived_at is None


def test_a_prompt_of_an_archived_class_is_restored_with_its_class_not_alone(client, make, login_as):
    school = make.school()
    login_as(school.teacher)
    client.post(f"/prompts/{school.class_prompt.id}/archive", data={"action": "archive"})
    archive_class(client, school.classroom)
    response = client.post(f"/prompts/{school.class_prompt.id}/archive", data={"action": "restore"}, follow_redirects=True)
    assert "restore the class first" in text_of(response)
    assert db.session.get(Prompt, school.class_prompt.id).archived_at is not None
    assert client.get(f"/classes/{school.classroom.id}/prompts/new").status_code == 302


def test_archived_classes_and_prompts_leave_the_queue_filters_and_a_prompt_follows_its_class(client, make, login_as):
    school = make.school()
    second = make.classroom(school.teacher, "Economics 9")
    econ_prompt = make.prompt(second, question="Is a minimum wage fair?")
    old_prompt = make.prompt(school.classroom, question="An old question from last term")
    make.post(school.maya, school.class_prompt, "Waiting in civics")
    login_as(school.teacher)
    client.post(f"/prompts/{old_prompt.id}/archive", data={"action": "archive"})
    page = text_of(client.get("/queue"))
    filters = page[page.index('id="f-class"'):page.index("</form>", page.index('id="f-class"'))]
    assert "Economics 9" in filters and "An old question" not in filters and "minimum wage" in filters
    # Choosing a class lists only its prompts; a prompt of another class is no filter.
    page = text_of(client.get(f"/queue?classroom={school.classroom.id}&prompt={econ_prompt.id}"))
    filters = page[page.index('id="f-class"'):page.index("</form>", page.index('id="f-class"'))]
    assert "minimum wage" not in filters and "What makes a rule fair?" in filters
    assert "Waiting in civics" in page
    assert not re.search(rf'<option value="{econ_prompt.id}"\s+selected', page)
    # The button is there for pages without the script, marked for it to hide.
    assert "data-autosubmit-button" in page and 'data-filter-resets="f-prompt"' in page
    archive_class(client, second)
    page = text_of(client.get("/queue"))
    filters = page[page.index('id="f-class"'):page.index("</form>", page.index('id="f-class"'))]
    assert "Economics 9" not in filters and "minimum wage" not in filters


@pytest.mark.parametrize("query", ["classroom=abc", "classroom=-1", "classroom=99999", "prompt=99999",
                                   "classroom=1&prompt=%C2%B2", "prompt=" + "9" * 40])
def test_queue_filters_that_are_no_filter_show_the_whole_queue(client, make, login_as, query):
    school = make.school()
    make.post(school.maya, school.class_prompt, "Still waiting here")
    login_as(school.teacher)
    response = client.get("/queue?" + query)
    assert response.status_code == 200 and "Still waiting here" in text_of(response)


def test_the_class_list_shows_students_waiting_work_and_the_join_code(client, make, login_as):
    school = make.school()
    make.post(school.maya, school.class_prompt, "One waiting")
    make.post(school.jonah, school.class_prompt, "Two waiting")
    login_as(school.teacher)
    page = text_of(client.get("/classes"))
    assert "3 students" in page and "2 waiting for review" in page
    assert school.classroom.join_code in page
    assert f"/classes/{school.classroom.id}/join-code" in page
    # Students see their classes, not the figures or the code.
    login_as(school.maya)
    page = text_of(client.get("/classes"))
    assert "Civics 8B" in page and school.classroom.join_code not in page and "waiting for review" not in page


def test_the_teacher_dashboard_offers_a_new_class_and_a_new_prompt(client, make, login_as):
    school = make.school()
    login_as(school.teacher)
    home = text_of(client.get("/"))
    assert 'href="/prompts/new"' in home and 'href="/classes/new"' in home
    # One class: straight to its prompt form; two: a choice.
    assert client.get("/prompts/new").headers["Location"].endswith(f"/classes/{school.classroom.id}/prompts/new")
    make.classroom(school.teacher, "Economics 9")
    permissions.forget_memberships(school.teacher)
    choice = text_of(client.get("/prompts/new"))
    assert "Which class" in choice and "Economics 9" in choice and "Civics 8B" in choice
    login_as(school.maya)
    home = text_of(client.get("/"))
    assert 'href="/prompts/new"' not in home


def test_suspending_asks_first_and_says_what_it_means(client, make, login_as):
    school = make.school()
    login_as(school.teacher)
    lucia = db.session.scalar(db.select(Membership).where(Membership.user_id == school.lucia.id))
    asked = text_of(client.post(f"/classes/{school.classroom.id}/members/{lucia.id}", data={"action": "suspend"}))
    assert "Suspend Lucia Morales?" in asked and "cannot post" in asked and 'name="confirmed" value="yes"' in asked
    db.session.refresh(lucia)
    assert not lucia.suspended


def test_nobody_joins_an_archived_class_with_its_code(client, make, login_as):
    school = make.school()
    login_as(school.teacher)
    archive_class(client, school.classroom)
    client.post("/logout")
    response = client.post("/signup", data={
        "join_code": school.classroom.join_code, "first_name": "Ravi", "last_name": "Patel", "login": "ravi.p",
        "password": "a long password", "confirm": "a long password"})
    assert "not taking new students" in text_of(response)
    assert db.session.scalar(db.select(db.func.count(Membership.id)).where(
        Membership.classroom_id == school.classroom.id)) == 4
