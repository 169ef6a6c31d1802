"""A family reads its own child's approved work, her own words in the pads she wrote in, and comments on it."""
from __future__ import annotations

from sqlalchemy import select

from board.discussions.models import Post
from board.extensions import db
from board.pads import services as pad_services
from board.pads.models import Pad
from tests.families.conftest import field_error, text
from tests.pads.conftest import write


def test_a_family_sees_its_childs_approved_work_class_only_prompts_included(client, login_as, make, family_of):
    school = make.school()
    public = make.post(school.maya, school.public_prompt, "Maya on the voting age mkpublic.", publish=True)
    in_class = make.post(school.maya, school.class_prompt, "Maya on fair rules mkclass.", publish=True)
    make.post(school.maya, school.class_prompt, "Maya still waiting mkpending.")
    make.post(school.jonah, school.class_prompt, "Jonah on fair rules mkjonah.", publish=True)
    family = family_of(school, school.maya)
    login_as(family)
    page = text(client.get(f"/family/children/{school.maya.id}"))
    assert "mkpublic" in page and "mkclass" in page
    assert "mkpending" not in page and "mkjonah" not in page
    assert "What makes a rule fair?" in page and "Class only" in page
    for post in (public, in_class):
        assert client.get(f"/family/posts/{post.id}").status_code == 200


def test_another_students_work_is_not_there_for_a_family(client, login_as, make, family_of):
    school = make.school()
    jonah_class = make.post(school.jonah, school.class_prompt, "Jonah on fair rules mkjonah.", publish=True)
    lucia_pending = make.post(school.lucia, school.public_prompt, "Lucia waits mklucia.")
    maya_class = make.post(school.maya, school.class_prompt, "Maya on fair rules.", publish=True)
    reply = make.post(school.jonah, school.class_prompt, "Jonah answers Maya mkjonahreply.", parent=maya_class,
                      publish=True)
    family = family_of(school, school.maya)
    login_as(family)
    for post in (jonah_class, lucia_pending, reply):
        assert client.get(f"/family/posts/{post.id}").status_code == 404
        assert client.get(f"/posts/{post.id}").status_code == 404
    assert client.get(f"/family/children/{school.jonah.id}").status_code == 404
    assert client.get(f"/prompts/{school.class_prompt.id}").status_code == 404
    # The discussion's own page shows Maya's work to her family, and nothing of her classmates under it.
    page = text(client.get(f"/posts/{maya_class.id}"))
    assert "Maya on fair rules." in page and "mkjonahreply" not in page
    assert "mkjonahreply" not in text(client.get(f"/family/posts/{maya_class.id}"))


def test_a_post_hidden_after_a_report_leaves_the_family_pages(client, login_as, make, family_of):
    school = make.school()
    post = make.post(school.maya, school.class_prompt, "Maya on fair rules mkhidden.", publish=True)
    family = family_of(school, school.maya)
    post = db.session.get(Post, post.id)
    post.hidden = True
    db.session.commit()
    login_as(family)
    assert client.get(f"/family/posts/{post.id}").status_code == 404
    assert "mkhidden" not in text(client.get(f"/family/children/{school.maya.id}"))


def test_a_published_pad_shows_the_childs_own_words_only(client, login_as, make, family_of):
    school = make.school()
    prompt = make.prompt(school.classroom, "class", "Plan the class trip", kind="pad")
    pad = db.session.scalar(select(Pad).where(Pad.prompt_id == prompt.id))
    write(pad, school.maya, "The museum mkmayapad.\n")
    write(pad, school.jonah, "The zoo mkjonahpad.\n")
    # A teacher's line may name a classmate: on a class-only pad, Jonah's family may read nothing of him here.
    write(pad, school.teacher, "Good point, Jonah: the zoo has a class rate mkteacherpad.\n")
    # A teacher's words inside Maya's own line go too; hers stay.
    write(pad, school.maya, "We could also see the planetarium mkmayasecond")
    write(pad, school.teacher, " (ask Jonah Okafor mkteacherinline)")
    write(pad, school.maya, ".\n")
    family = family_of(school, school.maya)
    login_as(family)
    assert "Plan the class trip" not in text(client.get(f"/family/children/{school.maya.id}"))
    assert client.get(f"/family/children/{school.maya.id}/pads/{pad.id}").status_code == 404
    pad_services.publish(pad, school.teacher, db.session.get(Pad, pad.id).lock_version)
    write(pad, school.maya, "Unpublished mklive.\n")
    assert "Plan the class trip" in text(client.get(f"/family/children/{school.maya.id}"))
    page = text(client.get(f"/family/children/{school.maya.id}/pads/{pad.id}"))
    assert "mkteacherpad" not in page and "mkteacherinline" not in page and "Jonah" not in page
    assert "mkmayapad" in page and "We could also see the planetarium mkmayasecond." in page
    assert "mkjonahpad" not in page and "mklive" not in page


def test_a_familys_comment_waits_for_the_teacher_and_then_appears(client, login_as, make, family_of):
    school = make.school()
    post = make.post(school.maya, school.class_prompt, "Maya on fair rules.", publish=True)
    family = family_of(school, school.maya)
    login_as(family)
    response = client.post(f"/family/posts/{post.id}/comment", data={"body": "We are proud of you, Maya!"})
    assert response.status_code == 302
    page = text(client.get(response.headers["Location"]))
    assert "We are proud of you, Maya!" in page and "Waiting for the teacher" in page
    comment = db.session.scalar(select(Post).where(Post.kind == "comment"))
    assert comment.status == "pending" and comment.parent_id == post.id
    # Nobody else sees it yet, not even Maya.
    login_as(school.maya)
    assert "proud of you" not in text(client.get(f"/posts/{post.id}"))
    login_as(school.teacher)
    queue = text(client.get("/queue"))
    assert "We are proud of you, Maya!" in queue
    client.post(f"/queue/{comment.id}/decide", data={"action": "approve", "version": comment.lock_version})
    login_as(school.maya)
    assert "We are proud of you, Maya!" in text(client.get(f"/posts/{post.id}"))
    login_as(family)
    page = text(client.get(f"/family/posts/{post.id}"))
    assert "We are proud of you, Maya!" in page and "Waiting for the teacher" not in page


def test_a_comment_with_a_norms_finding_shows_the_reminder_and_keeps_the_text(client, login_as, make, family_of):
    school = make.school()
    post = make.post(school.maya, school.class_prompt, "Maya on fair rules.", publish=True)
    family = family_of(school, school.maya)
    login_as(family)
    response = client.post(f"/family/posts/{post.id}/comment", data={"body": "Shut up, this is nonsense."})
    page = text(response)
    assert response.status_code == 200 and "reminder" in page.lower()
    assert "Shut up, this is nonsense." in page
    assert db.session.scalar(select(Post).where(Post.kind == "comment")) is None


def test_an_empty_comment_is_refused_beside_the_field(client, login_as, make, family_of):
    school = make.school()
    post = make.post(school.maya, school.class_prompt, "Maya on fair rules.", publish=True)
    family = family_of(school, school.maya)
    login_as(family)
    response = client.post(f"/family/posts/{post.id}/comment", data={"body": "   "})
    assert response.status_code == 422
    assert "Write something" in field_error(text(response), "body")
    too_long = "Well done. " * 2000
    response = client.post(f"/family/posts/{post.id}/comment", data={"body": too_long})
    assert response.status_code == 422 and field_error(text(response), "body")
    assert too_long.strip()[:200] in text(response)


def test_the_portfolio_link_appears_when_a_feature_offers_one(client, login_as, make, family_of):
    from board import signals

    school = make.school()
    family = family_of(school, school.maya)

    def portfolio_link(student, **_):
        return ("Portfolio", f"/portfolio/{student.id}")

    signals.families.child_links.connect(portfolio_link)
    try:
        login_as(family)
        assert f'href="/portfolio/{school.maya.id}"' in text(client.get(f"/family/children/{school.maya.id}"))
    finally:
        signals.families.child_links.disconnect(portfolio_link)


def test_the_familys_home_tells_an_answer_from_a_reply_on_the_same_prompt(client, login_as, make, family_of):
    school = make.school()
    jonah = make.post(school.jonah, school.class_prompt, "Jonah starts the thread.", publish=True)
    make.post(school.maya, school.class_prompt, "Maya answers the question.", publish=True)
    make.post(school.maya, school.class_prompt, "Maya replies to Jonah.", parent=jonah, publish=True)
    login_as(family_of(school, school.maya))
    page = text(client.get("/family"))
    assert page.count("What makes a rule fair?") == 2
    assert "an answer" in page and "a reply in the discussion" in page
