"""Reminders shown in a pad are recorded once each, with what the writer did next, as the composer's are."""
from __future__ import annotations

import pytest
from sqlalchemy import event

from board.discussions.models import Reminder
from board.extensions import db
from board.pads import document, holds, store
from board.pads.pending import Mark
from board.pads.reminders import POSTED_ANYWAY, REVISED, Ledger
from board.pads.rooms import hub_of
from tests.waiting import wait_until

INSULT = "Shut up"
SENTENCE = f"{INSULT} and listen."


def reminders() -> list[Reminder]:
    db.session.commit()  # read what the server's threads committed since
    return list(db.session.scalars(db.select(Reminder).order_by(Reminder.id)))


def outcome_is(expected) -> bool:
    rows = reminders()
    return len(rows) == 1 and rows[0].outcome == expected


def peer_of(app, pad, user):
    room = hub_of(app).rooms[pad.id]
    with room.lock:
        return next(peer for peer in room.peers if peer.user_id == user.id)


def settled(peer) -> bool:
    """The writer's session ended and whatever it owed the database is written."""
    ledger = peer.ledger
    return ledger.closed and not ledger.due and not ledger._record_lock.locked()


@pytest.fixture
def statements(app):
    """The SQL statements the server sends about reminders, as they are sent."""
    seen: list[str] = []

    def listen(conn, cursor, statement, parameters, context, executemany):
        if "reminders" in statement.lower():
            seen.append(statement.split()[0].upper())

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", listen)
    yield seen
    event.remove(engine, "before_cursor_execute", listen)


def test_a_reminder_is_recorded_once_when_the_writer_first_sees_it(pad_school, connect, statements):
    pad = pad_school.pad
    maya = connect(pad_school.maya, pad)
    assert maya.wait_synced()
    maya.insert(0, "Parks need shade. ")
    maya.append(SENTENCE)
    assert wait_until(lambda: maya.findings, timeout=10)
    assert wait_until(lambda: len(reminders()) == 1, timeout=5)
    [reminder] = reminders()
    assert reminder.pad_id == pad.id and reminder.user_id == pad_school.maya.id
    assert reminder.prompt_id == pad_school.pad_prompt.id and reminder.classroom_id == pad.classroom_id
    assert reminder.categories == [maya.findings[0]["category"]] and reminder.outcome is None

    # She writes on in the same paragraph: each check reads the sentence again, and records nothing more.
    for words in ("Yes. ", "We agree. ", "Trees too. "):
        maya.findings = None
        maya.insert(0, words)
        assert wait_until(lambda: maya.findings, timeout=10)
    assert len(reminders()) == 1
    assert [s for s in statements if s in ("INSERT", "UPDATE")] == ["INSERT"]


def test_two_findings_are_two_reminders(pad_school, connect):
    pad = pad_school.pad
    maya = connect(pad_school.maya, pad)
    assert maya.wait_synced()
    maya.insert(0, f"{SENTENCE} Call me at 555-123-4567 tonight.")
    assert wait_until(lambda: maya.findings and len(maya.findings) == 2, timeout=10)
    assert wait_until(lambda: len(reminders()) == 2, timeout=5)
    assert sorted(r.categories[0] for r in reminders()) == sorted(f["category"] for f in maya.findings)


def test_revising_the_flagged_words_records_revised(app, pad_school, connect):
    pad = pad_school.pad
    maya = connect(pad_school.maya, pad)
    assert maya.wait_synced()
    maya.insert(0, SENTENCE)
    assert wait_until(lambda: maya.findings, timeout=10)
    assert wait_until(lambda: outcome_is(None), timeout=5)
    maya.findings = None
    maya.delete(0, len(INSULT))
    maya.insert(0, "Please")
    assert wait_until(lambda: maya.findings == [], timeout=10)
    assert wait_until(lambda: outcome_is(REVISED), timeout=5)
    # Leaving later changes nothing: that reminder was heeded.
    peer = peer_of(app, pad, pad_school.maya)
    maya.close()
    assert wait_until(lambda: settled(peer), timeout=5)
    assert outcome_is(REVISED)


def test_leaving_with_the_flagged_words_records_posted_anyway(pad_school, connect):
    pad = pad_school.pad
    maya = connect(pad_school.maya, pad)
    assert maya.wait_synced()
    maya.insert(0, f"Parks need shade. {SENTENCE}")
    assert wait_until(lambda: maya.findings, timeout=10)
    assert wait_until(lambda: outcome_is(None), timeout=5)
    maya.close()
    assert wait_until(lambda: outcome_is(POSTED_ANYWAY), timeout=5)
    # The words are in what the teacher reviews.
    assert INSULT in document.plain(document.runs_of(store.load(pad.id).doc))


def test_a_teacher_releasing_the_held_words_records_posted_anyway(pad_school, connect, client, login_as):
    pad = pad_school.pad
    maya = connect(pad_school.maya, pad)
    assert maya.wait_synced()
    maya.insert(0, SENTENCE)
    assert wait_until(lambda: outcome_is(None), timeout=10)
    assert wait_until(lambda: holds.held_passages(document.runs_of(store.load(pad.id).doc), {}), timeout=5)
    [passage] = holds.held_passages(document.runs_of(store.load(pad.id).doc), {})
    login_as(pad_school.teacher)
    client.post(f"/pads/{pad.id}/release", data={"hold": passage["id"]})
    assert outcome_is(POSTED_ANYWAY)


def test_words_a_classmate_took_out_were_not_posted(app, pad_school, connect):
    pad = pad_school.pad
    maya = connect(pad_school.maya, pad)
    jonah = connect(pad_school.jonah, pad)
    assert maya.wait_synced() and jonah.wait_synced()
    maya.insert(0, SENTENCE)
    assert wait_until(lambda: maya.findings, timeout=10)
    assert jonah.wait_for(lambda t: SENTENCE in t)
    assert wait_until(lambda: outcome_is(None), timeout=5)
    peer = peer_of(app, pad, pad_school.maya)
    maya.findings = None
    jonah.delete(0, len(SENTENCE))
    assert wait_until(lambda: maya.findings == [], timeout=10)
    maya.close()
    assert wait_until(lambda: settled(peer), timeout=5)
    assert outcome_is(None)


def test_a_teacher_s_words_are_never_reminders(pad_school, connect):
    pad = pad_school.pad
    teacher = connect(pad_school.teacher, pad)
    maya = connect(pad_school.maya, pad)
    assert teacher.wait_synced() and maya.wait_synced()
    teacher.insert(0, f"{SENTENCE} ")
    maya.append("Parks need shade.")
    assert wait_until(lambda: maya.findings == [], timeout=10)
    assert reminders() == []


# ---- the ledger on its own --------------------------------------------------------------------


def finding(start: int, end: int, category: str = "personal_attack", words: str = "idiot") -> Mark:
    return Mark(start, end, data={"category": category, "words": words})


def test_the_ledger_owes_a_finding_once_and_a_second_category_on_the_same_words_apart():
    ledger = Ledger()
    assert ledger.seen([finding(10, 15)], [])
    assert not ledger.seen([finding(10, 15)], [])
    assert ledger.seen([finding(10, 15), finding(8, 15, "profanity")], [])
    assert len(ledger._due) == 2


def test_the_ledger_ends_a_reminder_the_writer_changed_as_revised_and_one_others_removed_without_outcome():
    ledger = Ledger()
    ledger.seen([finding(10, 15), finding(30, 35)], [])
    ledger.follow([(10, 5, 0)], own=True)  # the writer deletes the first
    ledger.follow([(25, 5, 0)], own=False)  # a classmate deletes the second (now at 25..30)
    assert ledger.seen([], [])
    assert ledger.shown == []
    assert [s.outcome for s in dict.fromkeys(ledger._due)] == [REVISED, None]


def test_the_ledger_keeps_a_reminder_open_while_its_words_wait_for_a_check():
    ledger = Ledger()
    ledger.seen([finding(10, 15)], [])
    assert not ledger.seen([], [Mark(12, 14)])
    assert len(ledger.shown) == 1 and ledger.shown[0].outcome is None


def test_the_ledger_settles_on_leaving_and_on_release():
    ledger = Ledger()
    ledger.seen([finding(10, 15, words="Idiot"), finding(30, 35, words="moron")], [])
    assert ledger.release({"you are an idiot."})
    assert [s.outcome for s in ledger.shown] == [POSTED_ANYWAY, None]
    assert ledger.close()
    assert ledger.closed and ledger.shown == []
    assert not ledger.seen([finding(50, 55)], [])
    assert [s.outcome for s in ledger._due][-1] == POSTED_ANYWAY
