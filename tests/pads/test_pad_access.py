"""Who reads and writes a pad: what outsiders download, a prompt with a pad and a discussion,
and open editors that follow a restore, a suspension or a change of group."""
import html
import re

import pytest

from board.classes.models import Membership
from board.extensions import db
from board.pads import document, socket, store
from board.pads.models import Pad
from board.pads.services import add_group
from tests.pads.conftest import write


def text_of(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def publish(client, pad):
    db.session.expire_all()
    version = db.session.get(Pad, pad.id).lock_version
    return client.post(f"/pads/{pad.id}/publish", data={"version": version})


def live_text(pad) -> str:
    """The pad's text as the log has it (what a restart would bring back)."""
    db.session.expire_all()
    return document.plain(document.runs_of(store.load(pad.id).doc))


@pytest.fixture
def recheck_often(monkeypatch):
    """Open sessions look at the roster again every fifth of a second instead of every half minute."""
    monkeypatch.setattr(socket, "RECHECK_SECONDS", 0.2)


# ---- downloads ----------------------------------------------------------------------------------

@pytest.fixture
def published_pad(client, pad_school, login_as):
    """A public pad with a published revision, written after that too."""
    write(pad_school.pad, pad_school.maya, "Maya wants shade trees.\n")
    write(pad_school.pad, pad_school.lucia, "Lucia wants a pond.\n")
    login_as(pad_school.teacher)
    assert publish(client, pad_school.pad).status_code == 302
    client.post("/logout")
    write(pad_school.pad, pad_school.jonah, "Jonah adds a skate ramp later.\n")
    return pad_school.pad


@pytest.mark.parametrize("who", ["anonymous", "reader"])
def test_an_outsider_downloads_exactly_the_published_revision(client, login_as, pad_school, published_pad,
                                                              who):
    if who == "reader":
        login_as(pad_school.reader)
    question = pad_school.pad_prompt.question

    markdown = client.get(f"/pads/{published_pad.id}/export.md")
    assert markdown.status_code == 200
    assert markdown.headers["Content-Disposition"] == \
        f'attachment; filename="pad-{published_pad.id}-revision-1.md"'
    # The published revision, without the words of Lucia (no consent on record), and nothing since.
    assert markdown.get_data(as_text=True).strip().splitlines() == [f"# {question}", "", "Maya wants shade trees."]

    page = client.get(f"/pads/{published_pad.id}/export.html")
    assert page.status_code == 200
    assert page.headers["Content-Disposition"] == \
        f'attachment; filename="pad-{published_pad.id}-revision-1.html"'
    body = text_of(page)
    assert "Maya wants shade trees." in body
    for absent in ("pond", "Lucia", "skate ramp", "Jonah"):
        assert absent not in body, absent


def test_a_class_member_downloads_the_live_text(client, login_as, pad_school, published_pad):
    login_as(pad_school.maya)
    markdown = client.get(f"/pads/{published_pad.id}/export.md")
    assert markdown.headers["Content-Disposition"] == f'attachment; filename="pad-{published_pad.id}.md"'
    text = markdown.get_data(as_text=True)
    for line in ("Maya wants shade trees.", "Lucia wants a pond.", "Jonah adds a skate ramp later."):
        assert line in text
    body = text_of(client.get(f"/pads/{published_pad.id}/export.html"))
    for line in ("Maya wants shade trees.", "Lucia wants a pond.", "Jonah adds a skate ramp later."):
        assert line in body


# ---- a prompt with both a pad and a discussion ------------------------------------------------------

def test_a_prompt_with_a_pad_and_a_discussion_shows_both_to_the_class(client, login_as, pad_school, make):
    make.post(pad_school.jonah, pad_school.pad_prompt, "Benches near the playground would help parents.",
              publish=True)
    login_as(pad_school.maya)
    page = text_of(client.get(f"/prompts/{pad_school.pad_prompt.id}"))
    # The pad's card, leading to the class's live pad.
    assert 'class="card pad-card"' in page and f'href="/pads/{pad_school.pad.id}"' in page
    # The composer for a response, and the thread with a classmate's published response.
    assert f'action="/prompts/{pad_school.pad_prompt.id}/respond"' in page
    assert "Benches near the playground would help parents." in page and "1 response" in page

    # From the pad, a link back to the discussion.
    pad_page = client.get(f"/pads/{pad_school.pad.id}").get_data(as_text=True)
    assert re.search(rf'<a href="/prompts/{pad_school.pad_prompt.id}"[^>]*>[^<]*discussion[^<]*</a>', pad_page, re.I)


# ---- open editors -------------------------------------------------------------------------------

def test_a_restore_reaches_the_editors_already_open(client, login_as, pad_school, connect):
    write(pad_school.pad, pad_school.maya, "Version one.\n")
    store.cut_live_revision(pad_school.pad.id)
    write(pad_school.pad, pad_school.jonah, "Jonah adds a line.\n")
    maya = connect(pad_school.maya, pad_school.pad)
    jonah = connect(pad_school.jonah, pad_school.pad)
    assert maya.wait_synced() and jonah.wait_synced()
    maya.append("Typed in the editor.")
    assert jonah.wait_for(lambda t: "Typed in the editor." in t)

    login_as(pad_school.teacher)
    assert client.post(f"/pads/{pad_school.pad.id}/revisions/1/restore").status_code == 302

    for editor in (maya, jonah):
        assert editor.wait_for(lambda t: t == "Version one.\n", timeout=5), editor.value
    assert live_text(pad_school.pad) == "Version one.\n"


def test_a_student_suspended_while_writing_is_cut_off(client, login_as, pad_school, connect, recheck_often):
    maya = connect(pad_school.maya, pad_school.pad)
    teacher = connect(pad_school.teacher, pad_school.pad)
    assert maya.wait_synced() and teacher.wait_synced()
    maya.insert(0, "Before the suspension. ")
    assert teacher.wait_for(lambda t: "Before the suspension." in t)

    membership = db.session.scalar(db.select(Membership).where(
        Membership.classroom_id == pad_school.classroom.id, Membership.user_id == pad_school.maya.id))
    login_as(pad_school.teacher)
    response = client.post(f"/classes/{pad_school.classroom.id}/members/{membership.id}",
                           data={"action": "suspend", "confirmed": "yes"})
    assert response.status_code == 302

    assert maya.closed.wait(3), "the suspended student's editor stayed connected"
    assert maya.close_reason == socket.NOT_ALLOWED
    maya.append("After the suspension.")
    # Whatever reached the server by now has reached a peer who joins after the teacher's words.
    teacher.append("The teacher carries on.")
    jonah = connect(pad_school.jonah, pad_school.pad)
    assert jonah.wait_for(lambda t: "The teacher carries on." in t)
    assert "After the suspension." not in teacher.value and "After the suspension." not in jonah.value
    text = live_text(pad_school.pad)
    assert "Before the suspension." in text and "After the suspension." not in text


@pytest.fixture
def group_of_two(pad_school):
    """A group pad for Maya and Jonah."""
    return add_group(pad_school.pad_prompt, "Group A", {pad_school.maya.id, pad_school.jonah.id})


def _remove_maya_from(client, login_as, pad_school, group):
    login_as(pad_school.teacher)
    response = client.post(f"/pads/{group.id}/members", data={"student": [str(pad_school.jonah.id)]})
    assert response.status_code == 302
    db.session.expire_all()
    assert [m.user_id for m in db.session.get(Pad, group.id).members] == [pad_school.jonah.id]


def test_a_student_taken_out_of_a_group_while_writing_no_longer_writes_there(
        client, login_as, pad_school, connect, group_of_two, recheck_often):
    maya = connect(pad_school.maya, group_of_two)
    jonah = connect(pad_school.jonah, group_of_two)
    assert maya.wait_synced() and jonah.wait_synced()
    maya.insert(0, "Written in the group. ")
    assert jonah.wait_for(lambda t: "Written in the group." in t)

    _remove_maya_from(client, login_as, pad_school, group_of_two)
    assert maya.closed.wait(5), "the session never looked at the group again"
    maya.append("Written after leaving the group.")
    jonah.append("Jonah carries on.")
    # Whatever reached the server by now has reached a peer who joins after Jonah's words.
    teacher = connect(pad_school.teacher, group_of_two)
    assert teacher.wait_for(lambda t: "Jonah carries on." in t)
    assert "Written after leaving the group." not in jonah.value
    assert "Written after leaving the group." not in teacher.value
    text = live_text(group_of_two)
    assert "Written in the group." in text and "Jonah carries on." in text
    assert "Written after leaving the group." not in text


def test_a_student_taken_out_of_a_group_while_writing_is_told(
        client, login_as, pad_school, connect, group_of_two, recheck_often):
    maya = connect(pad_school.maya, group_of_two)
    assert maya.wait_synced()
    _remove_maya_from(client, login_as, pad_school, group_of_two)
    assert maya.closed.wait(1.5), "the editor of a student taken out of the group stayed open, in silence"
    assert maya.close_reason == socket.NOT_ALLOWED


def test_a_suspended_student_s_next_keystroke_is_refused_at_once(client, login_as, pad_school, connect):
    """No waiting for the periodic look at the roster: the suspension reaches an open pad immediately."""
    assert socket.RECHECK_SECONDS >= 10
    maya = connect(pad_school.maya, pad_school.pad)
    teacher = connect(pad_school.teacher, pad_school.pad)
    assert maya.wait_synced() and teacher.wait_synced()
    membership = db.session.scalar(db.select(Membership).where(
        Membership.classroom_id == pad_school.classroom.id, Membership.user_id == pad_school.maya.id))
    login_as(pad_school.teacher)
    client.post(f"/classes/{pad_school.classroom.id}/members/{membership.id}", data={"action": "suspend", "confirmed": "yes"})

    maya.insert(0, "Typed right after the suspension.")
    assert maya.closed.wait(3), "the suspended student could keep writing until the next periodic check"
    assert maya.close_reason == socket.NOT_ALLOWED
    teacher.append("The teacher writes on.")
    assert teacher.wait_for(lambda t: "The teacher writes on." in t)
    assert "Typed right after" not in teacher.value and "Typed right after" not in live_text(pad_school.pad)


def test_a_deactivated_account_s_open_pad_closes_at_its_next_keystroke(client, login_as, pad_school, connect):
    maya = connect(pad_school.maya, pad_school.pad)
    assert maya.wait_synced()
    login_as(pad_school.admin)
    page = client.get(f"/admin/users/{pad_school.maya.id}").get_data(as_text=True)
    assert 'name="active"' in page
    client.post(f"/admin/users/{pad_school.maya.id}", data={"role": "student", "password": ""})  # active unticked
    maya.insert(0, "Typed after the account was closed.")
    assert maya.closed.wait(3)
    assert "Typed after" not in live_text(pad_school.pad)
