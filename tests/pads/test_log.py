"""The pad's log under load and failure: group commits, the server's marks, compaction beside appends."""
from __future__ import annotations

import threading

import pytest
from pycrdt import Doc, Text
from sqlalchemy.exc import OperationalError

from board.extensions import db
from board.pads import document, protocol, store
from board.pads.client import PadClient
from board.pads.models import PadUpdate
from board.pads.rooms import LogUnavailable, Peer, Room, _Waiting, hub_of
from tests.pads.conftest import sign_in, socket_url


class Socket:
    """Stands in for a browser's socket: keeps what the server sends."""

    def __init__(self):
        self.sent: list[bytes] = []

    def send(self, data: bytes) -> None:
        self.sent.append(data)

    def updates(self) -> list[bytes]:
        return [m for m in self.sent if m[:2] == bytes([protocol.SYNC, protocol.SYNC_UPDATE])]


def typed(text: str, author_id: int | str | None) -> bytes:
    """An update from a browser of its own: `text` at the start, marked with `author_id`."""
    doc = Doc()
    doc.get(document.TEXT_NAME, type=Text).insert(0, text, {"author": str(author_id)} if author_id else None)
    return doc.get_update()


def open_room(app, pad) -> tuple[Room, dict[str, Peer]]:
    room = Room(hub_of(app), pad.id)
    room.load()
    peers = {}
    for name, user in (("maya", pad.school.maya), ("jonah", pad.school.jonah), ("teacher", pad.school.teacher)):
        peers[name] = Peer(ws=Socket(), user_id=user.id, name=user.display_name, colour=0, can_edit=True)
        room.peers.add(peers[name])
    return room, peers


def logged(pad) -> list[int | None]:
    db.session.expire_all()
    return list(db.session.scalars(db.select(PadUpdate.user_id).where(PadUpdate.pad_id == pad.id)
                                   .order_by(PadUpdate.id)))


@pytest.fixture
def pad(pad_school):
    pad_school.pad.school = pad_school
    return pad_school.pad


def text_from(message: bytes) -> list[tuple[str, str | None]]:
    """What a browser that had nothing would hold after this one message."""
    reader = protocol.Reader(message)
    reader.varuint(), reader.varuint()
    doc = document.load(reader.bytes())
    return [(run.text, run.attrs.get("author")) for run in document.runs_of(doc)]


def test_updates_that_arrive_together_are_logged_together_and_passed_on_as_one_message(app, pad):
    room, peers = open_room(app, pad)
    maya, jonah = pad.school.maya, pad.school.jonah
    # Jonah's browser claims Maya wrote his words: the server signs them with his id, in the same batch.
    batch = [_Waiting(peers["maya"], typed("Shade trees. ", maya.id)),
             _Waiting(peers["jonah"], typed("Water fountains. ", maya.id))]

    assert room._commit(batch) == 3
    assert logged(pad) == [maya.id, jonah.id, None]  # both updates, then the server's mark
    for name in ("maya", "jonah", "teacher"):
        messages = peers[name].ws.updates()
        assert len(messages) == 1, name
        held = dict(text_from(messages[0]))
        assert held == {"Shade trees. ": str(maya.id), "Water fountains. ": str(jonah.id)} or \
            held == {"Water fountains. ": str(jonah.id), "Shade trees. ": str(maya.id)}
    assert sorted(document.plain(document.runs_of(room.doc)).split(". ")) == ["", "Shade trees", "Water fountains"]
    assert document.runs_of(store.load(pad.id).doc) == document.runs_of(room.doc)


def test_a_writer_alone_in_a_batch_does_not_get_their_words_back(app, pad):
    room, peers = open_room(app, pad)
    room._commit([_Waiting(peers["maya"], typed("Benches.", pad.school.maya.id))])
    assert peers["maya"].ws.updates() == []
    assert [text_from(m) for m in peers["jonah"].ws.updates()] == [[("Benches.", str(pad.school.maya.id))]]


def test_nothing_of_a_batch_is_applied_or_shared_when_the_log_cannot_be_written(app, pad, monkeypatch):
    room, peers = open_room(app, pad)

    def fail(*args, **kwargs):
        raise OperationalError("INSERT", {}, Exception("disk I/O error"))

    monkeypatch.setattr(store, "append_many", fail)
    with pytest.raises(LogUnavailable):
        room.apply_from(peers["maya"], typed("Lost?", pad.school.maya.id))
    assert str(room.text) == ""
    assert all(peer.ws.updates() == [] for peer in peers.values())
    monkeypatch.undo()
    room.apply_from(peers["maya"], typed("Kept.", pad.school.maya.id))
    assert str(room.text) == "Kept."


def test_a_writer_whose_words_could_not_be_saved_reconnects_and_sends_them_again(pad_school, live_server, monkeypatch):
    pad, maya, jonah = pad_school.pad, pad_school.maya, pad_school.jonah
    url = socket_url(live_server, pad.id)
    theirs = PadClient(url, cookie=sign_in(live_server, jonah), author_id=jonah.id)
    hers = PadClient(url, cookie=sign_in(live_server, maya), author_id=maya.id)
    try:
        assert theirs.wait_synced() and hers.wait_synced()
        original = store.append_many

        def fail_once(*args, **kwargs):
            monkeypatch.setattr(store, "append_many", original)
            raise OperationalError("INSERT", {}, Exception("database is locked"))

        monkeypatch.setattr(store, "append_many", fail_once)
        hers.insert(0, "A reading corner.")
        assert hers.closed.wait(5), "the server keeps a socket whose words it could not save"
        assert not theirs.wait_for(lambda t: "reading corner" in t, timeout=0.5)
        assert maya.id not in logged(pad)

        # Her browser still holds the words (and its offline copy); it reconnects and syncs them.
        again = PadClient(url, cookie=sign_in(live_server, maya), author_id=maya.id, state=hers.doc.get_update())
        try:
            assert again.wait_synced()
            assert theirs.wait_for(lambda t: t == "A reading corner.")
            assert maya.id in logged(pad)
        finally:
            again.close()
    finally:
        hers.close()
        theirs.close()


def test_compacting_while_others_append_loses_no_update(pad_school, make_app):
    """Appends and compactions of one pad from many threads (as from several processes) keep every word."""
    pad = pad_school.pad
    writers, each = 4, 25
    worker_app = make_app()
    errors: list[BaseException] = []
    done = threading.Event()

    def write(n: int) -> None:
        try:
            for i in range(each):
                with worker_app.app_context():
                    doc = Doc()
                    doc.get(document.TEXT_NAME, type=Text).insert(0, f"<{n}.{i}>")
                    store.append(pad.id, None, doc.get_update())
        except BaseException as problem:  # noqa: BLE001
            errors.append(problem)

    def compact() -> None:
        try:
            while not done.is_set():
                with worker_app.app_context():
                    store.compact(pad.id)
        except BaseException as problem:  # noqa: BLE001
            errors.append(problem)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    compactor = threading.Thread(target=compact)
    compactor.start()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    done.set()
    compactor.join()
    assert not errors, errors
    db.session.expire_all()
    text = str(document.text_of(store.load(pad.id).doc))
    missing = [f"<{n}.{i}>" for n in range(writers) for i in range(each) if f"<{n}.{i}>" not in text]
    assert not missing, f"{len(missing)} updates lost: {missing[:5]}"


def runs_by_author(client: PadClient) -> dict[str, str | None]:
    return {value: (attrs or {}).get("author") for value, attrs in client.runs()}


def test_a_writer_cannot_put_someone_else_s_name_on_words_already_there(pad_school, connect):
    """Who wrote what decides what the public sees (consent), so a format operation cannot change it."""
    lucia, jonah, teacher = pad_school.lucia, pad_school.jonah, pad_school.teacher
    hers, theirs = connect(lucia, pad_school.pad), connect(jonah, pad_school.pad)
    assert hers.wait_synced() and theirs.wait_synced()
    hers.insert(0, "My own idea.")
    assert theirs.wait_for(lambda t: t == "My own idea.")
    theirs.append(" Jonah's idea.")
    assert hers.wait_for(lambda t: t == "My own idea. Jonah's idea.")
    # Her browser claims the teacher wrote her words, and that she wrote Jonah's.
    with hers._lock:
        hers.text.format(0, len("My own idea."), {"author": str(teacher.id)})
        hers.text.format(len("My own idea."), len(hers.value), {"author": str(lucia.id)})
    expected = {"My own idea.": str(lucia.id), " Jonah's idea.": str(jonah.id)}
    assert theirs.wait_for(lambda _: runs_by_author(theirs) == expected), runs_by_author(theirs)
    assert hers.wait_for(lambda _: runs_by_author(hers) == expected), runs_by_author(hers)
    db.session.expire_all()
    logged_runs = document.runs_of(store.load(pad_school.pad.id).doc)
    assert {run.text: run.author for run in logged_runs} == {"My own idea.": lucia.id, " Jonah's idea.": jonah.id}


def test_an_update_that_does_not_decode_is_not_logged_and_the_pad_goes_on(pad_school, connect, client, login_as):
    maya, jonah = connect(pad_school.maya, pad_school.pad), connect(pad_school.jonah, pad_school.pad)
    assert maya.wait_synced() and jonah.wait_synced()
    rows = len(logged(pad_school.pad))
    maya._send(protocol.update_message(b"\x01\x02\xff\xff\xff\xff garbage"))
    maya.insert(0, "Still here.")
    assert jonah.wait_for(lambda t: t == "Still here.")
    assert len(logged(pad_school.pad)) == rows + 1
    login_as(pad_school.jonah)
    assert "Still here." in client.get(f"/pads/{pad_school.pad.id}").get_data(as_text=True)


def test_a_broken_row_in_the_log_is_skipped_when_the_pad_loads(pad_school):
    pad = pad_school.pad
    store.append(pad.id, pad_school.maya.id, typed("Before.", pad_school.maya.id))
    store.append(pad.id, pad_school.maya.id, b"\x01\x02\xff broken")
    store.append(pad.id, pad_school.jonah.id, typed("After.", pad_school.jonah.id))
    assert sorted(str(document.text_of(store.load(pad.id).doc)).split(".")) == ["", "After", "Before"]
    assert store.compact(pad.id) == 3
    assert str(document.text_of(store.load(pad.id).doc)) in ("Before.After.", "After.Before.")


def test_authorship_follows_every_change_as_the_document_holds_it():
    """The server's record of who wrote what stays equal to the marks in the text, change after change."""
    import random

    rng = random.Random(7)
    doc = document.new_doc()
    text = document.text_of(doc)
    authorship = document.Authorship()
    subscription = text.observe(lambda event: authorship.follow(event.delta, trusted=True))
    for _ in range(300):
        current = str(text)
        positions = sorted(rng.sample(range(len(current) + 1), 2)) if len(current) > 1 else [0, len(current)]
        start, end = (document.byte_length(current[:p]) for p in positions)
        choice = rng.random()
        if choice < 0.5 or end == start:
            author = rng.choice([None, "1", "2"])
            text.insert(start, rng.choice(["ab", "é ", "\n", "😀", "word "]), {"author": author} if author else None)
        elif choice < 0.75:
            del text[start:end]
        else:
            text.format(start, end, rng.choice([{"author": "3"}, {"author": None}, {"bold": True}]))
        assert authorship.spans == document.Authorship(document.runs_of(doc)).spans
    del subscription
