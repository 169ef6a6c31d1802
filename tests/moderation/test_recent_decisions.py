"""The queue's recent decisions name what was decided: a post as a post, a pad as a pad."""
import html

from board.discussions.models import Post
from board.extensions import db
from board.moderation.states import PENDING
from board.pads.models import Pad
from tests.pads.conftest import write


def text_of(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def recent_section(client) -> str:
    page = text_of(client.get("/queue"))
    start = page.index("Your recent decisions")
    return page[start:page.index("</section>", start)]


def test_a_published_pad_is_listed_as_the_pad_even_when_a_post_has_the_same_id(client, make, login_as):
    school = make.school()
    prompt = make.prompt(school.classroom, "public", "What should our class charter say?", kind="pad")
    pad = db.session.scalar(db.select(Pad).where(Pad.prompt_id == prompt.id))
    # Posts and pads are numbered separately: a waiting post that carries the pad's number.
    first = make.post(school.maya, school.public_prompt, "Voting at sixteen builds habits.")
    twin = db.session.get(Post, pad.id)
    if twin is None:
        twin = Post(id=pad.id, prompt_id=first.prompt_id, classroom_id=first.classroom_id,
                    author_id=first.author_id, kind=first.kind, body_md="A post with the pad's number.",
                    body_html="<p>A post with the pad's number.</p>", status=PENDING)
        db.session.add(twin)
        db.session.commit()
    write(pad, school.jonah, "We listen before we answer.\n")

    login_as(school.teacher)
    client.post(f"/pads/{pad.id}/publish", data={"version": db.session.get(Pad, pad.id).lock_version})
    recent = recent_section(client)
    assert "Published the pad “What should our class charter say?”" in recent
    assert "Maya" not in recent and "response" not in recent
    assert twin.body_md[:20] not in recent

    # Its Undo takes back the publication of the pad, and leaves the post alone.
    undo = client.post(f"/decisions/{_last_decision_id()}/undo", follow_redirects=True)
    assert "Undone: the pad “What should our class charter say?” is not published any more" in text_of(undo)
    pad = db.session.get(Pad, pad.id)
    assert pad.published_revision is None and pad.status == PENDING
    assert db.session.get(Post, twin.id).status == PENDING


def test_a_decision_on_a_post_names_the_writer_and_the_kind(client, make, login_as):
    school = make.school()
    post = make.post(school.maya, school.class_prompt, "Rules are fair when everyone helped write them.")
    login_as(school.teacher)
    client.post(f"/queue/{post.id}/decide", data={"action": "approve", "version": post.lock_version})
    recent = recent_section(client)
    assert "Approved: Maya Chen’s response “Rules are fair when everyone helped write them.”" in recent
    assert "pad" not in recent.lower().replace("padding", "")
    undo = client.post(f"/decisions/{_last_decision_id()}/undo", follow_redirects=True)
    assert "Undone: Maya C.’s response is pending again." in text_of(undo)


def _last_decision_id() -> int:
    from board.moderation.models import Decision

    return db.session.scalar(db.select(Decision.id).order_by(Decision.id.desc()).limit(1))
