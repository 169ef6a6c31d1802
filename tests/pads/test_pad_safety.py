"""What a pad accepts: only what the editor can show, up to a size, at a pace; cursors of the editor's
shape; restores that bring back only supported text and keep no second copy; exports that say
what they are once."""
import pytest
from pycrdt import Map
from sqlalchemy import func, select

from board.extensions import db
from board.pads import document, protocol, schema, store
from board.pads.models import PadRevision, PadUpdate
from board.pads.socket import MessageBudget
from tests.pads.conftest import write


def change(make_change) -> bytes:
    """The update a writer's change makes to a pad that holds one line."""
    doc = document.new_doc()
    text = document.text_of(doc)
    text.insert(0, "Parks need shade.\n", {"author": "3"})
    before = doc.get_state()
    make_change(doc, text)
    return doc.get_update(before)


ACCEPTED = {
    "typing": lambda d, t: t.insert(5, "and benches ", {"author": "3"}),
    "bold": lambda d, t: t.format(0, 5, {"bold": True}),
    "unbold": lambda d, t: t.format(0, 5, {"bold": None}),
    "heading": lambda d, t: t.format(17, 18, {"header": 2}),
    "heading from the toolbar": lambda d, t: t.format(17, 18, {"header": "3"}),
    "bullets": lambda d, t: t.format(17, 18, {"list": "bullet"}),
    "indent": lambda d, t: t.format(17, 18, {"indent": 2}),
    "web link": lambda d, t: t.format(0, 5, {"link": "https://example.org/parks"}),
    "mail link": lambda d, t: t.format(0, 5, {"link": "mailto:council@example.org"}),
    "code block": lambda d, t: t.format(17, 18, {"code-block": True}),
    "deleting": lambda d, t: t.__delitem__(slice(0, 6)),
}

REFUSED = {
    "an embed": lambda d, t: t.insert_embed(0, {"video": "x"}),
    "an image": lambda d, t: t.insert_embed(0, {"image": "https://example.org/a.png"}),
    "a nested type": lambda d, t: t.insert_embed(0, Map({"a": 1})),
    "another shared name": lambda d, t: d.get("other", type=Map).__setitem__("a", 1),
    "a colour": lambda d, t: t.format(0, 5, {"color": "red"}),
    "a script link": lambda d, t: t.format(0, 5, {"link": "javascript:alert(1)"}),
    "a hidden script link": lambda d, t: t.format(0, 5, {"link": "java\tscript:alert(1)"}),
    "bold as a word": lambda d, t: t.format(0, 5, {"bold": "yes"}),
    "a heading 7": lambda d, t: t.format(17, 18, {"header": 7}),
    "a checklist": lambda d, t: t.format(17, 18, {"list": "checked"}),
    "an author object": lambda d, t: t.format(0, 5, {"author": {"id": 3}}),
    "a deep value": lambda d, t: t.format(0, 5, {"bold": [[[[True]]]]}),
}


@pytest.mark.parametrize("name", ACCEPTED)
def test_text_and_the_toolbars_formats_are_accepted(name):
    schema.inspect(change(ACCEPTED[name]))


@pytest.mark.parametrize("name", REFUSED)
def test_anything_else_is_refused(name):
    with pytest.raises(schema.Refused):
        schema.inspect(change(REFUSED[name]))


def test_an_embed_is_refused_before_the_log_and_writers_go_on(pad_school, connect):
    maya = connect(pad_school.maya, pad_school.pad)
    jonah = connect(pad_school.jonah, pad_school.pad)
    assert maya.wait_synced() and jonah.wait_synced()
    jonah.insert(0, "Shade first. ")
    assert maya.wait_for(lambda t: "Shade first." in t)
    with maya._lock:
        maya.text.insert_embed(0, {"video": "x"})
    assert maya.closed.wait(5) and maya.close_reason == 4422
    jonah.append("Then benches.")
    other = connect(pad_school.teacher, pad_school.pad)
    assert other.wait_for(lambda t: "Then benches." in t)
    db.session.expire_all()
    doc = store.load(pad_school.pad.id).doc
    assert all(isinstance(value, str) for value, _ in document.text_of(doc).diff())


def test_a_pad_stops_growing_at_its_limit(app, pad_school, connect, monkeypatch):
    monkeypatch.setitem(app.config, "PAD_MAX_CHARS", 60)
    maya = connect(pad_school.maya, pad_school.pad)
    assert maya.wait_synced()
    maya.insert(0, "x" * 50)
    jonah = connect(pad_school.jonah, pad_school.pad)
    assert jonah.wait_for(lambda t: len(t) == 50)
    jonah.append("y" * 20)
    assert jonah.closed.wait(5) and jonah.close_reason == 4413
    maya.delete(0, 10)  # shrinking is always allowed
    maya.append("z" * 5)
    teacher = connect(pad_school.teacher, pad_school.pad)
    assert teacher.wait_for(lambda t: t == "x" * 40 + "z" * 5)
    db.session.expire_all()
    assert document.plain(document.runs_of(store.load(pad_school.pad.id).doc)) == "x" * 40 + "z" * 5


def test_a_change_that_deletes_as_much_as_it_adds_fits_a_full_pad(app, pad_school, connect, monkeypatch):
    monkeypatch.setitem(app.config, "PAD_MAX_CHARS", 60)
    maya = connect(pad_school.maya, pad_school.pad)
    assert maya.wait_synced()
    maya.insert(0, "a" * 58)
    assert maya.wait_for(lambda t: len(t) == 58)
    with maya._lock, maya.doc.transaction():
        del maya.text[0:20]
        maya.text.insert(0, "b" * 20, {"author": str(pad_school.maya.id)})
    teacher = connect(pad_school.teacher, pad_school.pad)
    assert teacher.wait_for(lambda t: t == "b" * 20 + "a" * 38)
    assert not maya.closed.is_set()


def test_a_flood_of_messages_is_told_to_slow_down(app, pad_school, connect, monkeypatch):
    monkeypatch.setitem(app.config, "PAD_MESSAGE_BURST", 20)
    monkeypatch.setitem(app.config, "PAD_MESSAGES_PER_SECOND", 0.01)
    maya = connect(pad_school.maya, pad_school.pad)
    assert maya.wait_synced()
    for _ in range(40):
        maya.send_raw(bytes([protocol.QUERY_AWARENESS]))
    assert maya.closed.wait(5) and maya.close_reason == 4529


def test_the_message_budget_allows_a_burst_then_a_steady_pace():
    now = [0.0]
    budget = MessageBudget(burst=3, per_second=2, clock=lambda: now[0])
    assert [budget.take() for _ in range(4)] == [True, True, True, False]
    now[0] += 1.0  # two more
    assert [budget.take() for _ in range(3)] == [True, True, False]


# ---- cursors ----------------------------------------------------------------------------


def test_a_deeply_nested_cursor_state_is_refused_without_recursing():
    deep = b"[" * 100_000 + b"]" * 100_000
    message = protocol.write_varuint(1) + protocol.write_varuint(7) + protocol.write_varuint(1) + \
        protocol.write_varuint(len(deep)) + deep
    with pytest.raises(ValueError):
        protocol.decode_awareness(message)
    nested = b"[" * 1020 + b"]" * 1020  # small enough to read, too deep to parse
    message = protocol.write_varuint(1) + protocol.write_varuint(7) + protocol.write_varuint(1) + \
        protocol.write_varuint(len(nested)) + nested
    with pytest.raises(ValueError):
        protocol.decode_awareness(message)


CURSOR = {"anchor": {"type": None, "tname": "quill", "item": {"client": 7, "clock": 3}, "assoc": 0},
          "head": {"type": None, "tname": "quill", "item": {"client": 7, "clock": 5}, "assoc": 0}}


@pytest.mark.parametrize("state", [
    {"cursor": {"anchor": "garbage", "head": 1}},
    {"cursor": {"anchor": {"item": {"client": "x", "clock": []}}, "head": {}}},
    {"cursor": CURSOR, "extra": {"html": "<img src=x onerror=alert(1)>"}},
    {"cursor": [1, 2, 3]},
])
def test_a_cursor_of_another_shape_is_not_passed_on(pad_school, connect, state):
    maya = connect(pad_school.maya, pad_school.pad)
    jonah = connect(pad_school.jonah, pad_school.pad)
    assert maya.wait_synced() and jonah.wait_synced()
    maya.set_awareness(4242, 1, state)
    maya.set_awareness(4242, 2, {"user": {"name": "Someone else"}, "cursor": CURSOR})
    jonah.wait_for(lambda _t: (jonah.awareness.get(4242) or {}).get("cursor") is not None, timeout=5)
    seen = jonah.awareness[4242]
    assert seen["cursor"] == CURSOR and seen["user"]["name"] == pad_school.maya.display_name
    # What came before it reached Jonah as the editor's shape only: a person without a cursor.
    assert [s for client_id, s in jonah.awareness_seen if client_id == 4242][:-1] in ([], [{
        "cursor": None, "user": {"name": pad_school.maya.display_name, "colour": seen["user"]["colour"],
                                 "id": pad_school.maya.id}}])


def test_a_garbage_cursor_leaves_the_person_here_without_a_cursor(pad_school, connect):
    maya = connect(pad_school.maya, pad_school.pad)
    jonah = connect(pad_school.jonah, pad_school.pad)
    assert maya.wait_synced() and jonah.wait_synced()
    maya.set_awareness(4243, 1, {"cursor": {"anchor": "garbage", "head": 1}})
    assert jonah.wait_for(lambda _t: 4243 in jonah.awareness, timeout=5)
    assert jonah.awareness[4243]["cursor"] is None


# ---- restoring ------------------------------------------------------------------------------


def _stored(pad_id: int) -> int:
    revisions = db.session.scalar(select(func.coalesce(func.sum(
        func.length(PadRevision.state) + func.length(PadRevision.markdown)), 0)).where(PadRevision.pad_id == pad_id))
    updates = db.session.scalar(select(func.coalesce(func.sum(func.length(PadUpdate.data)), 0))
                                .where(PadUpdate.pad_id == pad_id))
    return revisions + updates


def test_restore_leaves_out_what_the_editor_cannot_show(client, login_as, pad_school):
    pad = pad_school.pad
    write(pad, pad_school.maya, "Our plan.\n", attrs={"color": "red"})
    # An embed logged before the pad refused them.
    loaded = store.load(pad.id)
    before = loaded.doc.get_state()
    document.text_of(loaded.doc).insert_embed(0, {"video": "x"})
    store.append(pad.id, pad_school.maya.id, loaded.doc.get_update(before))
    store.cut_live_revision(pad.id)
    write(pad, pad_school.jonah, "More.\n")
    store.cut_live_revision(pad.id)
    login_as(pad_school.maya)
    assert client.post(f"/pads/{pad.id}/revisions/1/restore").status_code == 302
    db.session.expire_all()
    pieces = document.text_of(store.load(pad.id).doc).diff()
    assert [value for value, _ in pieces] == ["Our plan.\n"]
    assert "color" not in (pieces[0][1] or {})


def test_a_restore_that_changes_nothing_stores_nothing(client, login_as, pad_school):
    pad = pad_school.pad
    write(pad, pad_school.maya, "Only version.\n")
    store.cut_live_revision(pad.id)
    login_as(pad_school.maya)
    stored = _stored(pad.id)
    response = client.post(f"/pads/{pad.id}/revisions/1/restore", follow_redirects=True)
    assert "already reads as revision 1" in response.get_data(as_text=True)
    db.session.expire_all()
    assert _stored(pad.id) == stored
    assert len(store.revisions(pad.id)) == 1


def test_restores_keep_no_second_copy_of_a_large_pad(client, login_as, pad_school):
    pad = pad_school.pad
    write(pad, pad_school.maya, "The park needs shade trees and benches by the pond.\n" * 1000)
    store.cut_live_revision(pad.id)
    write(pad, pad_school.jonah, "And a fountain.\n")
    store.cut_live_revision(pad.id)
    login_as(pad_school.maya)
    size = len(store.markdown_of(store.revision(pad.id, 1)))
    stored = _stored(pad.id)
    for number in (1, 2, 1, 2):
        assert client.post(f"/pads/{pad.id}/revisions/{number}/restore").status_code == 302
    db.session.expire_all()
    assert [r.note for r in store.revisions(pad.id)][-4:] == ["restored 1", "restored 2"] * 2
    # Four restores of a 52 KB pad: a few lines each, not four copies.
    assert _stored(pad.id) - stored < size / 4
    assert "And a fountain." in document.plain(store.runs_of_revision(store.revisions(pad.id)[-1]))
    assert "And a fountain." not in document.plain(store.runs_of_revision(store.revisions(pad.id)[-2]))


def test_restoring_is_rate_limited(app, client, login_as, pad_school, monkeypatch):
    monkeypatch.setitem(app.config, "PAD_RESTORE_RATE_LIMIT", "3 per minute")
    pad = pad_school.pad
    write(pad, pad_school.maya, "One.\n")
    store.cut_live_revision(pad.id)
    write(pad, pad_school.maya, "Two.\n")
    store.cut_live_revision(pad.id)
    login_as(pad_school.maya)
    codes = [client.post(f"/pads/{pad.id}/revisions/{n}/restore").status_code for n in (1, 2, 1, 2)]
    assert codes == [302, 302, 302, 429]


# ---- exports ------------------------------------------------------------------------------


def test_the_markdown_export_escapes_the_title_and_says_its_charset_once(client, login_as, pad_school):
    pad = pad_school.pad
    pad.name = "Group [x](javascript:alert(1)) <b>bold</b> *one*"
    db.session.commit()
    write(pad, pad_school.maya, "Text.\n")
    login_as(pad_school.maya)
    markdown = client.get(f"/pads/{pad.id}/export.md")
    first = markdown.get_data(as_text=True).splitlines()[0]
    assert first.startswith("# ") and "[x](" not in first and "<b>" not in first and "*one*" not in first
    assert "\\[x\\]" in first and "\\<b\\>" in first
    assert markdown.headers["Content-Type"] == "text/markdown; charset=utf-8"
    page = client.get(f"/pads/{pad.id}/export.html")
    assert page.headers["Content-Type"] == "text/html; charset=utf-8"
