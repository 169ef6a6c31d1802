"""Pad pages: the class's live page, publishing, what the public sees, history, restore, export, comments."""
import html
import re

from board.extensions import db
from board.moderation.models import Decision
from board.moderation.states import PENDING, PUBLISHED
from board.pads import store
from board.pads.models import Pad, PadRevision
from tests.pads.conftest import write


def text_of(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def refreshed(pad) -> Pad:
    db.session.expire_all()
    return db.session.get(Pad, pad.id)


def publish(client, pad):
    return client.post(f"/pads/{pad.id}/publish", data={"version": refreshed(pad).lock_version})


def test_a_pad_prompt_gets_a_class_pad_with_the_question_and_norms_above_the_editor(client, pad_school, login_as):
    login_as(pad_school.maya)
    prompt_page = text_of(client.get(f"/prompts/{pad_school.pad_prompt.id}"))
    assert f"/pads/{pad_school.pad.id}" in prompt_page
    page = client.get(f"/pads/{pad_school.pad.id}").get_data(as_text=True)
    assert pad_school.pad_prompt.question in page
    assert page.index("Our norms") < page.index("data-pad-editor")
    assert 'data-can-edit="true"' in page and "/static/pad/pad.js" in page


def test_the_live_pad_is_for_the_class_only(client, pad_school, login_as):
    write(pad_school.pad, pad_school.maya, "Draft ideas for the park.")
    assert client.get(f"/pads/{pad_school.pad.id}").status_code == 404
    for outsider in (pad_school.reader, pad_school.outsider, pad_school.other_teacher):
        login_as(outsider)
        assert client.get(f"/pads/{pad_school.pad.id}").status_code == 404
        assert client.get(f"/pads/{pad_school.pad.id}/history").status_code == 404
        assert client.get(f"/pads/{pad_school.pad.id}/export.md").status_code == 404
    login_as(pad_school.jonah)
    assert "Draft ideas for the park." in text_of(client.get(f"/pads/{pad_school.pad.id}"))


def test_teacher_publishes_and_the_public_sees_only_that_revision(client, pad_school, login_as):
    write(pad_school.pad, pad_school.maya, "Shade trees first.\n")
    assert refreshed(pad_school.pad).status == PENDING
    login_as(pad_school.teacher)
    queue = text_of(client.get("/queue"))
    assert "Pads with unpublished changes" in queue and "Shade trees first." in queue
    assert publish(client, pad_school.pad).status_code == 302
    pad = refreshed(pad_school.pad)
    assert pad.status == PUBLISHED and pad.published_revision == 1
    decision = db.session.scalar(db.select(Decision).where(Decision.item_type == "pad"))
    assert decision.action == "approve" and decision.actor_id == pad_school.teacher.id

    write(pad_school.pad, pad_school.jonah, "Unpublished second thought.\n")
    client.post("/logout")
    public = text_of(client.get(f"/pads/{pad.id}"))
    assert "Shade trees first." in public and "Unpublished second thought." not in public
    assert refreshed(pad).status == PENDING


def test_the_public_version_leaves_out_students_without_consent(client, pad_school, login_as):
    write(pad_school.pad, pad_school.maya, "Maya wants benches.\n")
    write(pad_school.pad, pad_school.lucia, "Lucia wants a pond.\n")
    login_as(pad_school.teacher)
    queue = text_of(client.get("/queue"))
    assert "No consent on record for Lucia M." in queue
    publish(client, pad_school.pad)
    client.post("/logout")
    public = text_of(client.get(f"/pads/{pad_school.pad.id}"))
    assert "Maya wants benches." in public
    assert "Lucia" not in public and "pond" not in public
    markdown = client.get(f"/pads/{pad_school.pad.id}/export.md").get_data(as_text=True)
    assert "benches" in markdown and "pond" not in markdown


def test_a_class_only_prompts_pad_is_never_public(client, make, login_as):
    school = make.school()
    prompt = make.prompt(school.classroom, "class", "Plan our class trip", kind="pad")
    pad = db.session.scalar(db.select(Pad).where(Pad.prompt_id == prompt.id))
    write(pad, school.maya, "The museum.\n")
    login_as(school.teacher)
    publish(client, pad)
    client.post("/logout")
    assert client.get(f"/pads/{pad.id}").status_code == 404
    login_as(school.reader)
    assert client.get(f"/pads/{pad.id}").status_code == 404


def test_publishing_an_empty_pad_is_explained(client, pad_school, login_as):
    login_as(pad_school.teacher)
    publish(client, pad_school.pad)
    assert "nothing to publish yet" in text_of(client.get(f"/pads/{pad_school.pad.id}"))


def test_two_teachers_publishing_at_once_make_one_decision(client, make_client, pad_school, login_as, make):
    from board.classes.services import add_teacher

    co = make.user("teacher", "Lee", "Park")
    add_teacher(pad_school.teacher, pad_school.classroom, co.login)
    write(pad_school.pad, pad_school.maya, "Text.\n")
    other = make_client()
    login_as(pad_school.teacher)
    login_as(co, on=other)
    version = refreshed(pad_school.pad).lock_version
    client.post(f"/pads/{pad_school.pad.id}/publish", data={"version": version})
    other.post(f"/pads/{pad_school.pad.id}/publish", data={"version": version})
    assert "already approved this item" in text_of(other.get(f"/pads/{pad_school.pad.id}"))
    assert db.session.scalar(db.select(db.func.count(Decision.id))) == 1


def test_undo_a_publication(client, pad_school, login_as):
    write(pad_school.pad, pad_school.maya, "First.\n")
    login_as(pad_school.teacher)
    publish(client, pad_school.pad)
    decision = db.session.scalar(db.select(Decision))
    client.post(f"/decisions/{decision.id}/undo")
    pad = refreshed(pad_school.pad)
    assert pad.status == PENDING and pad.published_revision is None


def test_only_teachers_publish(client, pad_school, login_as):
    write(pad_school.pad, pad_school.maya, "Mine.\n")
    login_as(pad_school.maya)
    assert publish(client, pad_school.pad).status_code == 403


def test_history_replays_revisions_and_restore_makes_a_new_one(client, pad_school, login_as):
    write(pad_school.pad, pad_school.maya, "Version one.\n")
    store.cut_live_revision(pad_school.pad.id)
    write(pad_school.pad, pad_school.jonah, "Jonah adds a line.\n")
    store.cut_live_revision(pad_school.pad.id)
    login_as(pad_school.maya)
    history = text_of(client.get(f"/pads/{pad_school.pad.id}/history"))
    assert "Revision 2" in history and "Jonah O." in history and "Jonah adds a line." in history
    first = client.get(f"/pads/{pad_school.pad.id}/revisions/1").get_data(as_text=True)
    assert "Version one." in first and "Jonah adds" not in first
    assert 'class="author author-c' in first
    response = client.post(f"/pads/{pad_school.pad.id}/revisions/1/restore")
    assert response.status_code == 302
    revisions = db.session.scalars(db.select(PadRevision).order_by(PadRevision.number)).all()
    assert [r.note for r in revisions] == ["edits", "edits", "restored 1"]
    restored = store.markdown_of(revisions[-1])
    assert "Jonah adds" not in restored and "Version one." in restored
    page = text_of(client.get(f"/pads/{pad_school.pad.id}/history?rev=2"))
    assert "Jonah adds a line." in page  # nothing is lost: the old revision is still there


def test_export_as_markdown_and_html(client, pad_school, login_as):
    write(pad_school.pad, pad_school.maya, "Parks matter\n")
    write(pad_school.pad, pad_school.maya, "Bold claim", attrs={"bold": True})
    login_as(pad_school.jonah)
    markdown = client.get(f"/pads/{pad_school.pad.id}/export.md")
    assert markdown.headers["Content-Disposition"].startswith("attachment")
    assert "**Bold claim**" in markdown.get_data(as_text=True)
    page = client.get(f"/pads/{pad_school.pad.id}/export.html").get_data(as_text=True)
    assert "<strong>Bold claim</strong>" in page and "<!doctype html>" in page


def test_readers_comment_on_the_published_pad_and_wait_for_the_teacher(client, pad_school, login_as):
    write(pad_school.pad, pad_school.maya, "Our plan.\n")
    login_as(pad_school.teacher)
    publish(client, pad_school.pad)
    login_as(pad_school.reader)
    empty = client.post(f"/pads/{pad_school.pad.id}/comment", data={"body": " "})
    assert empty.status_code == 422 and "Write something before posting." in text_of(empty)
    client.post(f"/pads/{pad_school.pad.id}/comment", data={"body": "What a thoughtful plan!"})
    assert "awaiting review" in text_of(client.get(f"/pads/{pad_school.pad.id}"))
    client.post("/logout")
    assert "thoughtful plan" not in text_of(client.get(f"/pads/{pad_school.pad.id}"))
    login_as(pad_school.teacher)
    queue = text_of(client.get("/queue"))
    assert "What a thoughtful plan!" in queue and "A comment on the published pad." in re.sub(r"<[^>]+>", "", queue)
    from board.discussions.models import Post

    comment = db.session.scalar(db.select(Post).where(Post.pad_id == pad_school.pad.id))
    client.post(f"/queue/{comment.id}/decide", data={"action": "approve", "version": comment.lock_version})
    client.post("/logout")
    assert "What a thoughtful plan!" in text_of(client.get(f"/pads/{pad_school.pad.id}"))
    assert "What a thoughtful plan!" not in text_of(client.get(f"/prompts/{pad_school.pad_prompt.id}"))


def test_teacher_makes_group_pads(client, pad_school, login_as):
    login_as(pad_school.teacher)
    bad = client.post(f"/prompts/{pad_school.pad_prompt.id}/pads", data={"name": " ", "student": [
        str(pad_school.maya.id)]})
    assert bad.status_code == 422 and "Give the group a name" in text_of(bad)
    assert "checked" in bad.get_data(as_text=True)
    client.post(f"/prompts/{pad_school.pad_prompt.id}/pads", data={"name": "Group A", "student": [
        str(pad_school.maya.id), str(pad_school.outsider.id)]})
    group = db.session.scalar(db.select(Pad).where(Pad.name == "Group A"))
    assert [m.user_id for m in group.members] == [pad_school.maya.id]
    login_as(pad_school.jonah)
    page = client.get(f"/pads/{group.id}").get_data(as_text=True)
    assert 'data-can-edit="false"' in page
    login_as(pad_school.maya)
    assert 'data-can-edit="true"' in client.get(f"/pads/{group.id}").get_data(as_text=True)


def test_suspended_student_reads_the_pad_without_joining(client, pad_school, login_as, make):
    suspended = make.student(pad_school.classroom, "Rex", "Stone", suspended=True)
    write(pad_school.pad, pad_school.maya, "Visible to the class.\n")
    login_as(suspended)
    page = text_of(client.get(f"/pads/{pad_school.pad.id}"))
    assert "Visible to the class." in page and "can read this pad but not write" in page
    assert "pad.js" not in page


def test_the_class_and_its_teachers_read_readers_comments_under_the_live_pad(client, pad_school, login_as):
    from board.discussions.models import Post

    pad = pad_school.pad
    write(pad, pad_school.maya, "Our plan.\n")
    login_as(pad_school.teacher)
    publish(client, pad)
    login_as(pad_school.reader)
    client.post(f"/pads/{pad.id}/comment", data={"body": "Benches by the pond would be lovely."})
    client.post(f"/pads/{pad.id}/comment", data={"body": "Please think about shade too."})
    approved, waiting = db.session.scalars(db.select(Post).where(Post.pad_id == pad.id).order_by(Post.id)).all()
    login_as(pad_school.teacher)
    client.post(f"/queue/{approved.id}/decide", data={"action": "approve", "version": approved.lock_version})

    # The class reads the approved comment under its live pad; the one still waiting stays out of sight.
    login_as(pad_school.jonah)
    page = text_of(client.get(f"/pads/{pad.id}"))
    assert "Comments from readers" in page and "Benches by the pond would be lovely." in page
    assert "Please think about shade too." not in page and "Awaiting review" not in page

    # The teacher also sees the waiting one, marked as such, with the way to it in the queue.
    login_as(pad_school.teacher)
    page = text_of(client.get(f"/pads/{pad.id}"))
    assert "Benches by the pond would be lovely." in page and "Please think about shade too." in page
    assert page.count("Awaiting review") == 1
    assert f'href="/queue?classroom={pad.classroom_id}&prompt={pad.prompt_id}#q{waiting.id}"' in page
