"""Publishing a pad: exactly what the teacher looked at, the teacher's own edits, and what comes after."""
import html
import re

from board.extensions import db
from board.moderation.models import Decision
from board.moderation.states import PENDING, PUBLISHED
from board.pads import document, store
from board.pads.models import Pad, PadRevision
from tests.pads.conftest import write


def refreshed(pad) -> Pad:
    db.session.expire_all()
    return db.session.get(Pad, pad.id)


def publish_form(page: str, pad) -> dict:
    """The hidden fields of a pad's publish form, as the teacher's browser would send them."""
    form = re.search(rf'action="/pads/{pad.id}/publish".*?</form>', page, re.S).group(0)
    return dict(re.findall(r'name="(version|seen|next)" value="([^"]*)"', form))


def public_text(client, pad) -> str:
    client.post("/logout")
    return html.unescape(client.get(f"/pads/{pad.id}").get_data(as_text=True))


def test_the_teacher_publishes_what_she_looked_at_not_what_came_after(client, pad_school, login_as):
    pad = pad_school.pad
    write(pad, pad_school.maya, "Shade trees first.\n")
    login_as(pad_school.teacher)
    form = publish_form(client.get("/queue").get_data(as_text=True), pad)
    write(pad, pad_school.jonah, "shut up, nobody asked you\n")  # while she reads the queue

    response = client.post(f"/pads/{pad.id}/publish", data=form)
    assert response.status_code == 302
    assert "Words written since you looked wait" in html.unescape(client.get("/queue").get_data(as_text=True))
    published = refreshed(pad)
    assert published.published_revision == 1
    assert published.status == PENDING, "Jonah's words are not published, so the pad still waits"
    queue = re.sub(r"<[^>]+>", "", html.unescape(client.get("/queue").get_data(as_text=True)))
    assert "shut up, nobody asked you" in queue
    outside = public_text(client, pad)
    assert "Shade trees first." in outside and "shut up" not in outside


def test_words_written_just_after_publishing_go_back_to_the_queue(client, pad_school, login_as, connect):
    pad = pad_school.pad
    jonah = connect(pad_school.jonah, pad)
    assert jonah.wait_synced()
    jonah.insert(0, "Benches.\n")
    assert jonah.wait_for(lambda _: refreshed(pad).status == PENDING)
    login_as(pad_school.teacher)
    client.post(f"/pads/{pad.id}/publish", data=publish_form(client.get("/queue").get_data(as_text=True), pad))
    assert refreshed(pad).status == PUBLISHED
    jonah.append("And a fountain.\n")  # a moment later, in the same session
    assert jonah.wait_for(lambda _: refreshed(pad).status == PENDING), "the new words never reached the queue"
    assert "And a fountain." in re.sub(r"<[^>]+>", "", html.unescape(client.get("/queue").get_data(as_text=True)))


def test_the_teacher_s_own_edits_since_she_looked_are_published_as_an_edit(client, pad_school, login_as):
    pad = pad_school.pad
    write(pad, pad_school.maya, "Parks are for everyone, you idiot.\n")
    login_as(pad_school.teacher)
    page = client.get(f"/pads/{pad.id}").get_data(as_text=True)
    assert "Before you publish" in html.unescape(page)  # the findings, beside the publish button
    form = publish_form(page, pad)
    # She edits the insult away in the pad, then publishes from the same page.
    loaded = store.load(pad.id)
    before = loaded.doc.get_state()
    text = document.text_of(loaded.doc)
    at = str(text).index(", you idiot")
    del text[at:at + len(", you idiot")]
    store.append(pad.id, pad_school.teacher.id, loaded.doc.get_update(before))

    assert client.post(f"/pads/{pad.id}/publish", data=form).status_code == 302
    published = refreshed(pad)
    assert published.status == PUBLISHED
    decision = db.session.scalar(db.select(Decision).where(Decision.item_type == "pad"))
    assert decision.action == "edit_approve"
    outside = public_text(client, pad)
    assert "Parks are for everyone." in outside and "idiot" not in outside


def test_a_teacher_edits_a_published_pad_and_publishes_again(client, pad_school, login_as):
    pad = pad_school.pad
    write(pad, pad_school.maya, "First draft.\n")
    login_as(pad_school.teacher)
    client.post(f"/pads/{pad.id}/publish", data=publish_form(client.get("/queue").get_data(as_text=True), pad))
    page = client.get(f"/pads/{pad.id}").get_data(as_text=True)
    write(pad, pad_school.teacher, "A note from the teacher.\n")
    page = client.get(f"/pads/{pad.id}").get_data(as_text=True)
    response = client.post(f"/pads/{pad.id}/publish", data=publish_form(page, pad))
    assert response.status_code == 302
    shown = html.unescape(client.get(f"/pads/{pad.id}").get_data(as_text=True))
    assert "already" not in shown and "Published." in shown
    assert refreshed(pad).published_revision == 2


def test_a_revision_names_everyone_even_after_the_log_was_folded(pad_school):
    pad = pad_school.pad
    write(pad, pad_school.maya, "Maya's line.\n")
    write(pad, pad_school.jonah, "Jonah's line.\n")
    assert store.compact(pad.id) == 2
    write(pad, pad_school.lucia, "Lucia's line.\n")
    revision = store.cut_live_revision(pad.id)
    assert sorted(revision.authors) == sorted([pad_school.maya.id, pad_school.jonah.id, pad_school.lucia.id])
    # After that revision, only new writers count.
    write(pad, pad_school.jonah, "Jonah again.\n")
    assert store.compact(pad.id) == 2
    assert store.cut_live_revision(pad.id).authors == [pad_school.jonah.id]


def test_a_teacher_editing_students_words_live_keeps_their_version_in_the_history(pad_school, connect):
    pad = pad_school.pad
    maya, teacher = connect(pad_school.maya, pad), connect(pad_school.teacher, pad)
    assert maya.wait_synced() and teacher.wait_synced()
    maya.insert(0, "We should ban phones, losers.")
    assert teacher.wait_for(lambda t: t == "We should ban phones, losers.")
    teacher.delete(len("We should ban phones"), len("We should ban phones, losers"))
    assert maya.wait_for(lambda t: t == "We should ban phones.")
    db.session.expire_all()
    texts = [document.plain(store.runs_of_revision(r)) for r in
             db.session.scalars(db.select(PadRevision).where(PadRevision.pad_id == pad.id)
                                .order_by(PadRevision.number))]
    assert texts and texts[-1] == "We should ban phones, losers."


def test_a_student_without_consent_leaves_no_trace_in_the_public_version(client, pad_school, login_as):
    from tests.pads.conftest import write_many

    pad = pad_school.pad
    write_many(pad, pad_school.maya, [("Shade trees", None), ("\n", {"list": "bullet"})])
    write_many(pad, pad_school.lucia, [("A quiet corner", None), ("\n", {"list": "bullet"}),
                                       ("A pond", None), ("\n", {"list": "bullet"})])
    write_many(pad, pad_school.jonah, [("Benches", None), ("\n", {"list": "bullet"})])
    login_as(pad_school.teacher)
    client.post(f"/pads/{pad.id}/publish", data=publish_form(client.get("/queue").get_data(as_text=True), pad))
    client.post("/logout")
    markdown = client.get(f"/pads/{pad.id}/export.md").get_data(as_text=True)
    assert markdown.endswith("- Shade trees\n- Benches\n"), markdown
    page = client.get(f"/pads/{pad.id}").get_data(as_text=True)
    assert "<li></li>" not in re.sub(r"\s+", "", page) and page.count("<li>") >= 2
    assert "quiet corner" not in page and "pond" not in page
