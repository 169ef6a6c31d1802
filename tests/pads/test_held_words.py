"""Flagged words in a pad are held back from classmates until their writer revises them or a teacher releases them."""
from __future__ import annotations

import html

from pycrdt import Doc, Text

from board.extensions import db
from board.notifications.models import Notification
from board.pads import document, holds, store
from board.pads.document import HELD
from tests.pads.test_publishing import publish_form
from tests.waiting import wait_until

INSULT = "Shut up"
#: what is held: the whole sentence around the finding (a classmate sees no half of it)
SENTENCE = f"{INSULT} and listen."


def held_words(client) -> set[str]:
    return {value for value, attrs in client.runs() if attrs and attrs.get(HELD)}


def page_of(client, login_as, person, pad) -> str:
    login_as(person)
    return html.unescape(client.get(f"/pads/{pad.id}").get_data(as_text=True))


def test_flagged_words_are_held_for_everyone_s_editor_and_left_out_of_classmates_pages(
        pad_school, connect, client, login_as):
    pad = pad_school.pad
    maya = connect(pad_school.maya, pad)
    jonah = connect(pad_school.jonah, pad)
    assert maya.wait_synced() and jonah.wait_synced()
    maya.insert(0, "Parks need shade. ")
    maya.append(f"{INSULT} and listen.")
    assert wait_until(lambda: held_words(jonah) == {SENTENCE} and held_words(maya) == {SENTENCE}, timeout=10)
    # The hold is logged: a restart, the queue and every page read it.
    db.session.commit()
    runs = document.runs_of(store.load(pad.id).doc)
    assert "".join(r.text for r in runs if r.attrs.get(HELD)) == SENTENCE

    # The teacher hears of it wherever she is.
    assert wait_until(lambda: db.session.scalar(db.select(Notification.id).where(
        Notification.user_id == pad_school.teacher.id, Notification.kind == "pad_findings",
        Notification.pad_id == pad.id)) is not None or db.session.commit(), timeout=5)

    assert INSULT not in page_of(client, login_as, pad_school.jonah, pad)
    assert INSULT not in client.get(f"/pads/{pad.id}/export.md").get_data(as_text=True)
    assert INSULT in page_of(client, login_as, pad_school.maya, pad)
    teacher_page = page_of(client, login_as, pad_school.teacher, pad)
    assert "Held back from the class" in teacher_page and f"“{SENTENCE}”" in teacher_page

    # Published now, the public page leaves them out too.
    client.post(f"/pads/{pad.id}/publish", data=publish_form(teacher_page, pad))
    client.post("/logout")
    public = html.unescape(client.get(f"/pads/{pad.id}").get_data(as_text=True))
    assert "Parks need shade." in public and INSULT not in public


def test_revised_words_are_shown_again(pad_school, connect):
    pad = pad_school.pad
    maya = connect(pad_school.maya, pad)
    jonah = connect(pad_school.jonah, pad)
    assert maya.wait_synced() and jonah.wait_synced()
    maya.insert(0, f"{INSULT} and listen.")
    assert wait_until(lambda: held_words(jonah) == {SENTENCE}, timeout=10)
    maya.delete(0, len(INSULT))
    maya.insert(0, "Please")
    assert jonah.wait_for(lambda t: t.startswith("Please and listen."))
    assert wait_until(lambda: not held_words(jonah) and not held_words(maya), timeout=10)


def test_a_teacher_releases_held_words_and_they_stay_released(pad_school, connect, client, login_as):
    pad = pad_school.pad
    maya = connect(pad_school.maya, pad)
    jonah = connect(pad_school.jonah, pad)
    assert maya.wait_synced() and jonah.wait_synced()
    maya.insert(0, f"{INSULT} and listen.")
    assert wait_until(lambda: held_words(jonah) == {SENTENCE}, timeout=10)
    db.session.commit()
    [passage] = holds.held_passages(document.runs_of(store.load(pad.id).doc), {})

    login_as(pad_school.maya)
    assert client.post(f"/pads/{pad.id}/release", data={"hold": passage["id"]}).status_code in (403, 404)
    login_as(pad_school.teacher)
    client.post(f"/pads/{pad.id}/release", data={"hold": passage["id"]})
    assert wait_until(lambda: not held_words(jonah), timeout=5)
    assert INSULT in page_of(client, login_as, pad_school.jonah, pad)

    # Maya writes on, near them: her check finds them again, and does not hold them again.
    maya.append(" Thanks.")
    assert jonah.wait_for(lambda t: "Thanks." in t)
    maya.findings = None
    maya.append(" Bye.")
    # Her next reminder names them again: they were checked, and still not held.
    assert wait_until(lambda: maya.findings, timeout=10)
    maya.append(" Ok.")  # after anything her check changed, in the order the server sent it
    assert jonah.wait_for(lambda t: "Ok." in t)
    assert not held_words(jonah)


def test_an_editor_cannot_take_a_hold_off(pad_school, connect):
    pad = pad_school.pad
    maya = connect(pad_school.maya, pad)
    jonah = connect(pad_school.jonah, pad)
    assert maya.wait_synced() and jonah.wait_synced()
    maya.insert(0, f"{INSULT} and listen.")
    assert wait_until(lambda: held_words(jonah) == {SENTENCE}, timeout=10)
    # Jonah's editor says the words are not held any more (Yjs allows a "not held" format).
    jonah.text.format(0, len(SENTENCE), {HELD: None})
    assert wait_until(lambda: held_words(maya) == {SENTENCE} and held_words(jonah) == {SENTENCE}, timeout=5)
    db.session.commit()
    runs = document.runs_of(store.load(pad.id).doc)
    assert "".join(r.text for r in runs if r.attrs.get(HELD)) == SENTENCE


def test_words_typed_right_after_held_ones_are_not_held():
    doc = Doc()
    text = doc.get(document.TEXT_NAME, type=Text)
    text.insert(0, INSULT, {HELD: "12", "author": "3"})
    text.insert(len(INSULT), " ok", {"author": "3"})
    assert [(v, (a or {}).get(HELD)) for v, a in text.diff()] == [(INSULT, "12"), (" ok", None)]


def test_a_writer_back_after_a_break_writing_elsewhere_does_not_release_her_held_words(pad_school, connect):
    pad = pad_school.pad
    jonah = connect(pad_school.jonah, pad)
    maya = connect(pad_school.maya, pad)
    assert maya.wait_synced() and jonah.wait_synced()
    jonah.insert(0, "We could plant oaks along the river path. " * 20)
    assert maya.wait_for(lambda t: t.count("oaks") == 20)
    maya.insert(0, f"{SENTENCE} ")
    assert wait_until(lambda: held_words(jonah) == {SENTENCE}, timeout=10)
    maya.close()

    again = connect(pad_school.maya, pad)
    assert again.wait_synced()
    again.findings = None
    again.append(" Maple trees too.")  # far from the held words
    assert wait_until(lambda: again.findings is not None, timeout=10)
    again.append(" Ok.")
    assert jonah.wait_for(lambda t: t.endswith("Ok."))
    assert held_words(jonah) == {SENTENCE}
