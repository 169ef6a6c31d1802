"""Large pads: the queue shows what changed, with context, not the whole pad; checks follow the text."""
from __future__ import annotations

import html
import json
import random
import re

import pytest

from board.extensions import db
from board.moderation.states import PUBLISHED
from board.pads import document, store
from tests.pads.conftest import write

SENTENCES = [
    "The park needs more trees along the river path.",
    "A new playground would help the small children most.",
    "Benches near the library are always full at noon.",
    "We could ask the council to publish the whole budget.",
    "Lights on the footpath make the walk home feel safer.",
]


def fill(pad, writers, size: int, seed: int = 5) -> int:
    """Write `size` characters into a pad, in stretches of 20-200 by writers drawn at random; publish them."""
    rng = random.Random(seed)
    doc = document.new_doc()
    body = document.text_of(doc)
    position = 0
    with doc.transaction():
        while position < size:
            length = rng.randint(20, 200)
            piece = ""
            while len(piece) < length:
                piece += rng.choice(SENTENCES) + " "
            piece = piece[:length - 1] + ("\n" if rng.random() < 0.2 else " ")
            body.insert(position, piece, {"author": str(rng.choice(writers).id)})
            position += len(piece)
    store.append(pad.id, None, doc.get_update())
    revision = store.cut_live_revision(pad.id, note="published")
    pad.status, pad.published_revision = PUBLISHED, revision.number
    db.session.commit()
    return position


@pytest.fixture
def large_pad(pad_school):
    """A published 30,000-character pad by two students, then a few words added far apart."""
    pad, school = pad_school.pad, pad_school
    size = fill(pad, [school.maya, school.jonah], 30_000)
    write(pad, school.maya, "MAYA-NEAR-THE-START ", index=500)
    write(pad, school.jonah, "JONAH-IN-THE-MIDDLE ", index=size // 2)
    write(pad, school.maya, "MAYA-AT-THE-END ", index=size - 300)
    return pad


def test_the_queue_shows_a_large_pads_changes_with_context_not_the_whole_pad(large_pad, pad_school, client,
                                                                             login_as):
    login_as(pad_school.teacher)
    page = client.get("/queue").get_data(as_text=True)
    text = html.unescape(re.sub(r"<[^>]+>", "", page))
    for added in ("MAYA-NEAR-THE-START", "JONAH-IN-THE-MIDDLE", "MAYA-AT-THE-END"):
        assert added in text
    # Only the changes and the words around them: far less than the pad's 30,000 characters.
    review = re.search(r'<div class="queue-text prose pad-diff">(.*?)</div>', page, re.S).group(1)
    assert len(html.unescape(re.sub(r"<[^>]+>", "", review))) < 3_000
    assert f'href="/pads/{large_pad.id}/history"' in page


class _Socket:
    def __init__(self):
        self.sent: list[bytes] = []

    def send(self, data: bytes) -> None:
        self.sent.append(data)


def _findings(socket: _Socket) -> dict:
    from board.pads.protocol import FINDINGS, Reader

    for data in reversed(socket.sent):
        reader = Reader(data)
        if reader.varuint() == FINDINGS:
            return json.loads(reader.string())
    raise AssertionError("no findings were sent")


def _update(room, user, words: str, index: int) -> bytes:
    doc = document.load(room.doc.get_update())
    before = doc.get_state()
    document.text_of(doc).insert(index, words, {"author": str(user.id)})
    return doc.get_update(before)


def test_a_writers_check_reads_the_words_around_their_change_and_follows_the_text(app, pad_school, monkeypatch):
    from board.pads.rooms import Peer, hub_of

    pad = pad_school.pad
    size = fill(pad, [pad_school.maya, pad_school.jonah], 30_000)
    hub = hub_of(app)
    maya_socket, jonah_socket = _Socket(), _Socket()
    maya = Peer(maya_socket, pad_school.maya.id, "Maya C.", 1, can_edit=True)
    jonah = Peer(jonah_socket, pad_school.jonah.id, "Jonah O.", 2, can_edit=True)
    room = hub.join(pad.id, maya)
    hub.join(pad.id, jonah)
    # Checks run when the test says: a writer's first check is due at once, and one on a timer's
    # thread would claim her words before the test's own check, which would then find nothing new.
    monkeypatch.setattr(room, "schedule_check", lambda peer: None)
    try:
        # A check never rebuilds the whole document, however long the pad.
        def whole_document(doc):
            raise AssertionError("a norms check read the whole document")

        monkeypatch.setattr(document, "runs_of", whole_document)
        words = "You are an idiot, Jonah. "
        middle = str(room.text).index(". ", size // 2) + 2  # between two sentences
        room.apply_from(maya, _update(room, pad_school.maya, words, middle))
        room.send_findings(maya)
        first = _findings(maya_socket)["findings"]
        assert [f["category"] for f in first] and all(f["start"] >= middle for f in first), first
        # Jonah writes before her words: her finding moves with the text, without her typing again.
        room.apply_from(jonah, _update(room, pad_school.jonah, "Hello there. ", 0))
        room.send_findings(maya)
        moved = _findings(maya_socket)["findings"]
        assert [f["start"] for f in moved] == [f["start"] + len("Hello there. ") for f in first]
        text = str(room.text)
        assert all(text[f["start"]:f["end"]] in words for f in moved)
        # Jonah gets no reminder about Maya's words.
        room.send_findings(jonah)
        assert _findings(jonah_socket)["findings"] == []
    finally:
        monkeypatch.undo()  # the last one out saves a revision: that reads the whole pad, once
        hub.leave(pad.id, maya)
        hub.leave(pad.id, jonah)


def _following(authorship, copy):
    def follow(event):
        authorship.follow(event.delta, trusted=True)
        copy.follow(event.delta)
    return follow


def test_who_wrote_what_and_the_texts_copy_follow_every_insert_and_delete():
    from board.pads.pending import TextCopy

    rng = random.Random(3)
    for _ in range(60):
        doc = document.new_doc()
        body = document.text_of(doc)
        authorship, copy = document.Authorship(), TextCopy()

        subscription = body.observe(_following(authorship, copy))
        for _ in range(40):
            length = len(copy)
            if rng.random() < 0.7 or not length:
                piece = rng.choice(["ab", "héllo ", "x", "😀y", "a longer stretch of text "])
                body.insert(copy.boundary(rng.randint(0, length), forward=False), piece,
                            {"author": str(rng.randint(1, 4))})
            else:
                start = copy.boundary(rng.randrange(length), forward=False)
                end = copy.boundary(rng.randint(start + 1, length), forward=True)
                del body[start:end]
            assert authorship.spans == document.Authorship(document.runs_of(doc)).spans
            assert bytes(copy.data).decode() == str(body)
        body.unobserve(subscription)


def _counting(monkeypatch):
    """Count the diffs the reviews compute."""
    from board.pads import render

    calls = []
    real = render.token_diff

    def counted(old, new):
        calls.append(1)
        return real(old, new)

    monkeypatch.setattr(render, "token_diff", counted)
    return calls


def test_a_second_look_at_the_queue_does_not_diff_the_pad_again_until_it_changes(large_pad, pad_school, client,
                                                                                 login_as, monkeypatch):
    login_as(pad_school.teacher)
    diffs = _counting(monkeypatch)
    first = client.get("/queue").get_data(as_text=True)
    assert len(diffs) == 1
    again = client.get("/queue").get_data(as_text=True)
    assert len(diffs) == 1
    assert "JONAH-IN-THE-MIDDLE" in again and 'name="seen"' in again
    # A classmate writes: the queue shows the pad as it is now, and publishing publishes that.
    write(large_pad, pad_school.jonah, "JONAH-ONCE-MORE ", index=800)
    changed = client.get("/queue").get_data(as_text=True)
    assert len(diffs) == 2 and "JONAH-ONCE-MORE" in html.unescape(re.sub(r"<[^>]+>", "", changed))
    seen = re.search(r'name="seen" value="(\d+)"', changed).group(1)
    assert int(seen) == store.position(large_pad.id) > int(re.search(r'name="seen" value="(\d+)"', first).group(1))
    # A student renamed: the queue names them as they are called now.
    pad_school.jonah.first_name = "Jo"
    db.session.commit()
    renamed = client.get("/queue").get_data(as_text=True)
    assert "Jo O." in renamed and "Jonah O." not in renamed


def test_a_kept_review_is_the_review_computed_afresh(large_pad, pad_school, app, monkeypatch):
    from board.pads import review_cache, services

    write(large_pad, pad_school.maya, "You are an idiot, Jonah. ", index=2000)
    for short in (True, False):
        monkeypatch.setitem(app.extensions, "pad_reviews", review_cache.MemoryReviews())
        fresh = services.review(large_pad, short=short)
        diffs = _counting(monkeypatch)
        kept = services.review(large_pad, short=short)
        assert not diffs
        assert fresh.findings and fresh.withheld == [] and fresh.messages
        for name in ("diff_html", "findings", "authors", "withheld", "empty", "messages", "position"):
            assert getattr(kept, name) == getattr(fresh, name), name
        monkeypatch.undo()


def test_words_typed_all_through_a_long_pad_show_as_added_and_nothing_as_removed(pad_school):
    from board.pads import services

    pad = pad_school.pad
    lines = [f"{SENTENCES[i % 5]} Line {i} ends with a space before its break \n" for i in range(400)]
    write(pad, pad_school.maya, "".join(lines))
    revision = store.cut_live_revision(pad.id, note="published")
    pad.status, pad.published_revision = PUBLISHED, revision.number
    db.session.commit()
    # Jonah adds a word at the end of every line, before its space: a line's break must stay a break.
    text = str(document.text_of(store.load(pad.id).doc))
    ends = [m.start() for m in re.finditer(r" \n", text)]
    loaded = store.load(pad.id)
    before = loaded.doc.get_state()
    with loaded.doc.transaction():
        for end in reversed(ends):
            document.text_of(loaded.doc).insert(end, " indeed", {"author": str(pad_school.jonah.id)})
    store.append(pad.id, pad_school.jonah.id, loaded.doc.get_update(before))
    review = services.review(pad).diff_html
    assert "<del" not in review
    assert review.count("indeed") == 400


def test_a_review_computed_by_one_process_is_found_by_another_and_redis_trouble_only_costs_time(
        large_pad, make_app, monkeypatch):
    from board.pads import services
    from board.pads.models import Pad
    from tests.services import REDIS_URL, require_service

    require_service("redis", REDIS_URL)
    shown = []
    for url in (REDIS_URL, REDIS_URL, "redis://127.0.0.1:1/0"):
        other = make_app(REDIS_URL=url, RATELIMIT_STORAGE_URI="memory://")
        with other.app_context():
            diffs = _counting(monkeypatch)
            shown.append((services.review(db.session.get(Pad, large_pad.id), short=True).diff_html, len(diffs)))
            monkeypatch.undo()
    (first, computed), (again, recomputed), (without, computed_without) = shown
    assert computed == 1 and recomputed == 0 and again == first
    # Redis unreachable: the review is computed as if nothing were kept.
    assert computed_without == 1 and without == first
