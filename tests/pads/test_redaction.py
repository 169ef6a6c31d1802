"""Redaction: a teacher takes a phone number out of a pad, and nothing of it stays anywhere."""
from __future__ import annotations

import json

from pycrdt import Doc
from sqlalchemy import select

from board.classes.models import AuditEntry
from board.extensions import db
from board.pads import document, store
from board.pads.models import PadRevision
from tests.pads.conftest import write
from tests.waiting import wait_until

PHONE = "555 0199"


def every_value():
    """Every text, bytes and JSON value of every table, with Yjs updates read as text too."""
    db.session.expire_all()
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(select(table)).all():
            for column, value in zip(table.columns, row, strict=True):
                if isinstance(value, bytes):
                    yield table.name, column.name, value.decode("utf-8", errors="replace")
                    try:
                        doc = Doc()
                        doc.apply_update(value)
                        yield table.name, column.name, str(document.text_of(doc))
                    except Exception:  # noqa: BLE001  (not a Yjs update: its bytes were read above)
                        pass
                elif isinstance(value, str):
                    yield table.name, column.name, value
                elif isinstance(value, (dict, list)):
                    yield table.name, column.name, json.dumps(value, ensure_ascii=False)


def holding(words: str) -> list[tuple[str, str]]:
    return sorted({(table, column) for table, column, value in every_value() if words.lower() in value.lower()})


def redact(client, pad, phrase=PHONE, category="phone"):
    return client.post(f"/pads/{pad.id}/redact", data={"phrase": phrase, "category": category})


def test_a_redacted_phone_number_is_in_no_row_of_any_table(pad_school, client, login_as):
    pad, maya = pad_school.pad, pad_school.maya
    write(pad, maya, f"Call me at {PHONE} after school.\n")
    store.cut_live_revision(pad.id)
    write(pad, maya, "Parks need shade.\n")
    store.compact(pad.id)
    write(pad, pad_school.jonah, "And benches.\n")
    store.cut_live_revision(pad.id)
    assert holding(PHONE)  # the log, the snapshot and both revisions hold it

    login_as(pad_school.teacher)
    response = redact(client, pad)
    assert response.status_code == 302

    assert holding(PHONE) == []
    text = document.plain(document.runs_of(store.load(pad.id).doc))
    assert text == "Call me at [removed] after school.\nParks need shade.\nAnd benches.\n"
    page = client.get(f"/pads/{pad.id}", follow_redirects=True).get_data(as_text=True)
    assert PHONE not in page and "[removed]" in page
    for fmt in ("md", "html"):
        assert PHONE not in client.get(f"/pads/{pad.id}/export.{fmt}").get_data(as_text=True)
    history = client.get(f"/pads/{pad.id}/history?rev=1").get_data(as_text=True)
    assert PHONE not in history and "[removed]" in history


def test_the_audit_log_says_who_redacted_what_kind_of_thing_never_the_words(pad_school, client, login_as):
    write(pad_school.pad, pad_school.maya, f"My number is {PHONE}.\n")
    login_as(pad_school.teacher)
    redact(client, pad_school.pad, category="phone")
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "redacted pad words"))
    assert entry.actor_id == pad_school.teacher.id and entry.classroom_id == pad_school.classroom.id
    assert "a phone number" in entry.detail and PHONE not in entry.detail


def test_words_only_in_the_history_are_redacted_too(pad_school, client, login_as):
    pad, maya = pad_school.pad, pad_school.maya
    write(pad, maya, "You are an idiot.\n")
    store.cut_live_revision(pad.id)
    loaded = store.load(pad.id)
    before = loaded.doc.get_state()
    del document.text_of(loaded.doc)[0:len("You are an idiot.\n")]
    store.append(pad.id, maya.id, loaded.doc.get_update(before))
    write(pad, maya, "Sorry.\n")
    assert "idiot" not in str(document.text_of(store.load(pad.id).doc))

    login_as(pad_school.teacher)
    redact(client, pad, phrase="idiot", category="insult")
    assert holding("idiot") == []
    assert document.plain(store.runs_of_revision(store.revision(pad.id, 1))) == "You are an [removed].\n"


def test_only_a_teacher_of_the_class_redacts(pad_school, client, login_as):
    write(pad_school.pad, pad_school.maya, f"Call {PHONE}.\n")
    for person in (pad_school.maya, pad_school.other_teacher):
        login_as(person)
        assert redact(client, pad_school.pad).status_code in (403, 404)
    assert holding(PHONE)


def test_a_redaction_needs_words_and_a_kind(pad_school, client, login_as):
    write(pad_school.pad, pad_school.maya, f"Call {PHONE}.\n")
    login_as(pad_school.teacher)
    page = redact(client, pad_school.pad, phrase=" ", category="phone")
    assert "at least two characters" in client.get(page.location).get_data(as_text=True)
    page = redact(client, pad_school.pad, category="gossip")
    assert "what kind of thing" in client.get(page.location).get_data(as_text=True)
    assert holding(PHONE)


def test_open_editors_start_again_and_the_pad_still_converges(pad_school, connect, client, login_as):
    pad = pad_school.pad
    maya = connect(pad_school.maya, pad)
    jonah = connect(pad_school.jonah, pad)
    assert maya.wait_synced() and jonah.wait_synced()
    maya.insert(0, f"Text me on {PHONE} tonight. ")
    assert jonah.wait_for(lambda t: PHONE in t)

    login_as(pad_school.teacher)
    redact(client, pad)
    # Each editor is told to forget its copy (its Yjs history holds the words) and load again.
    assert maya.closed.wait(5) and jonah.closed.wait(5)
    assert 4410 in (maya.close_reason, maya.denied) and 4410 in (jonah.close_reason, jonah.denied)
    wait_until(lambda: not hub_rooms(pad))

    maya, jonah = connect(pad_school.maya, pad), connect(pad_school.jonah, pad)
    assert maya.wait_synced() and jonah.wait_synced()
    assert maya.value == jonah.value == "Text me on [removed] tonight. "
    jonah.append("Agreed.")
    maya.insert(0, "Hi. ")
    assert maya.wait_for(lambda t: t == jonah.value and "Agreed." in t and t.startswith("Hi. "))
    assert holding(PHONE) == []


def hub_rooms(pad):
    from flask import current_app

    from board.pads.rooms import hub_of
    return pad.id in hub_of(current_app._get_current_object()).rooms


def test_revisions_that_repeat_an_older_one_follow_it(pad_school, client, login_as):
    pad, maya = pad_school.pad, pad_school.maya
    write(pad, maya, f"Call {PHONE}.\n")
    store.cut_live_revision(pad.id)
    write(pad, maya, "More.\n")
    store.cut_live_revision(pad.id)
    from board.pads import services
    services.restore(pad, 1, pad_school.teacher)
    login_as(pad_school.teacher)
    redact(client, pad)
    assert holding(PHONE) == []
    numbers = db.session.scalars(select(PadRevision.number).where(PadRevision.pad_id == pad.id)).all()
    for number in numbers:
        assert PHONE not in store.markdown_of(store.revision(pad.id, number))
