"""Reflections through the teacher's queue, and the public audience: public page, feeds, comments, consent."""
from __future__ import annotations

import html
import xml.etree.ElementTree as ET

from sqlalchemy import select

from board.classes.models import Membership
from board.discussions.models import Post
from board.extensions import db
from board.moderation import states
from board.notifications.models import Notification
from tests.portfolio.conftest import LEARNED, WHY, add_piece, approve, only_goal, only_piece, piece_form

ATOM = "{http://www.w3.org/2005/Atom}"


def decide(client, kind: str, item, action: str, **extra):
    return client.post(f"/queue/{kind}/{item.id}/decide",
                       data={"action": action, "version": str(item.lock_version), **extra})


def entries(response) -> list[dict]:
    assert response.status_code == 200 and response.mimetype == "application/atom+xml"
    feed = ET.fromstring(response.data)
    return [{"title": e.findtext(f"{ATOM}title"), "author": e.findtext(f"{ATOM}author/{ATOM}name"),
             "content": e.findtext(f"{ATOM}content") or ""} for e in feed.findall(f"{ATOM}entry")]


def _published_piece(folio, client, login_as, post=None):
    login_as(folio.maya)
    add_piece(client, post or folio.work, tags=[str(folio.tag.id)])
    piece = only_piece(folio.maya)
    approve(piece, folio.teacher)
    return piece


def test_a_reflection_waits_in_the_teacher_s_queue_and_is_approved_there(folio, client, login_as, make_client):
    login_as(folio.maya)
    add_piece(client, folio.work)
    piece = only_piece(folio.maya)
    teacher = login_as(folio.teacher, on=make_client())
    queue = html.unescape(teacher.get("/queue").get_data(as_text=True))
    assert "Portfolio reflections" in queue and WHY in queue and "Maya Chen" in queue
    assert teacher.get("/").status_code == 200
    # Another class's teacher has no say over it.
    other = login_as(folio.other_teacher, on=make_client())
    assert WHY not in other.get("/queue").get_data(as_text=True)
    assert decide(other, "piece", piece, "approve").status_code == 404
    assert decide(teacher, "piece", piece, "approve").status_code == 302
    db.session.refresh(piece)
    assert piece.status == states.PUBLISHED and piece.published_at is not None
    # A second decision from a page opened before the first is told, and changes nothing.
    stale = teacher.post(f"/queue/piece/{piece.id}/decide", data={"action": "return", "version": "1",
                                                                  "feedback": "Too late."})
    assert stale.status_code == 302
    db.session.refresh(piece)
    assert piece.status == states.PUBLISHED and piece.feedback == ""


def test_a_returned_reflection_shows_its_feedback_and_goes_back_when_revised(folio, client, login_as, make_client):
    login_as(folio.maya)
    add_piece(client, folio.work)
    piece = only_piece(folio.maya)
    teacher = login_as(folio.teacher, on=make_client())
    refused = decide(teacher, "piece", piece, "return", feedback="  ")
    assert refused.status_code == 422 and "feedback is required" in refused.get_data(as_text=True)
    assert decide(teacher, "piece", piece, "edit_approve", body="A teacher's words.").status_code == 422
    assert decide(teacher, "piece", piece, "return", feedback="Say which source changed your mind.").status_code == 302
    db.session.refresh(piece)
    assert piece.status == states.RETURNED
    told = db.session.scalar(select(Notification.message).where(Notification.user_id == folio.maya.id)
                             .order_by(Notification.id.desc()).limit(1))
    assert told.startswith("Your teacher returned your reflection on") and "Say which source" in told
    page = html.unescape(client.get(f"/portfolio/pieces/{piece.id}").get_data(as_text=True))
    assert "Say which source changed your mind." in page and "Revise your reflection" in page
    response = client.post(f"/portfolio/pieces/{piece.id}/edit",
                           data=piece_form(why="The census table changed my mind.", version=str(piece.lock_version)))
    assert response.status_code == 302
    db.session.refresh(piece)
    assert piece.status == states.PENDING and piece.why_md == "The census table changed my mind."


def test_the_public_page_shows_approved_reflections_on_public_work_with_a_first_name_and_initial(
        folio, client, login_as, make_client):
    piece = _published_piece(folio, client, login_as)
    add_piece(client, folio.class_work, why="About a class-only rule.")
    class_piece = db.session.scalar(select(type(piece)).where(type(piece).post_id == folio.class_work.id))
    approve(class_piece, folio.teacher)
    client.post("/portfolio/goals/new", data={"classroom": str(folio.classroom.id), "goal": "Quote fairly.",
                                              "reflection": "Getting there."})
    approve(only_goal(folio.maya), folio.teacher)

    visitor = make_client()
    page = html.unescape(visitor.get(f"/portfolio/{folio.maya.id}").get_data(as_text=True))
    assert "Maya C." in page and "Chen" not in page and WHY in page and "Quote fairly." in page
    assert "Using evidence" in page and "Awaiting review" not in page
    # Work on a class-only prompt stays with the class, reflection and all.
    assert "About a class-only rule." not in page
    assert visitor.get(f"/portfolio/pieces/{class_piece.id}").status_code == 404
    jonah = login_as(folio.jonah, on=make_client())
    assert "About a class-only rule." in html.unescape(jonah.get(f"/portfolio/{folio.maya.id}").get_data(as_text=True))
    piece_page = html.unescape(visitor.get(f"/portfolio/pieces/{piece.id}").get_data(as_text=True))
    assert LEARNED.replace("**", "") not in piece_page and "name my source" in piece_page
    assert 'rel="alternate" type="application/atom+xml"' in visitor.get(f"/portfolio/{folio.maya.id}").get_data(as_text=True)


def test_the_portfolio_feed_carries_only_what_the_public_page_shows(folio, client, login_as, make_client):
    _published_piece(folio, client, login_as)
    add_piece(client, folio.class_work, why="About a class-only rule.")
    found = entries(make_client().get(f"/portfolio/{folio.maya.id}/feed.atom"))
    assert len(found) == 1 and found[0]["author"] == "Maya C." and WHY in html.unescape(found[0]["content"])
    feed_text = make_client().get(f"/portfolio/{folio.maya.id}/feed.atom").get_data(as_text=True)
    assert "Chen" not in feed_text and "About a class-only rule." not in feed_text
    # Without consent there is no feed, whoever asks (even the student herself).
    lucia = login_as(folio.lucia, on=make_client())
    assert lucia.get(f"/portfolio/{folio.lucia.id}/feed.atom").status_code == 404


def test_the_prompt_feed_lists_published_responses_with_consent_and_is_linked_from_the_prompt(folio, make_client):
    visitor = make_client()
    page = visitor.get(f"/prompts/{folio.public_prompt.id}").get_data(as_text=True)
    assert '<link rel="alternate" type="application/atom+xml"' in page
    assert f'href="/prompts/{folio.public_prompt.id}/feed.atom"' in page
    found = entries(visitor.get(f"/prompts/{folio.public_prompt.id}/feed.atom"))
    assert [e["author"] for e in found] == ["Maya C."]
    text = visitor.get(f"/prompts/{folio.public_prompt.id}/feed.atom").get_data(as_text=True)
    assert "Local elections matter most" not in text and "Morales" not in text and "Chen" not in text
    # A class-only prompt has no feed and names none.
    assert visitor.get(f"/prompts/{folio.class_prompt.id}/feed.atom").status_code == 404
    assert "application/atom+xml" not in visitor.get(f"/prompts/{folio.class_prompt.id}").get_data(as_text=True)


def test_withdrawing_consent_takes_the_words_off_every_public_page_feed_and_export_at_once(
        folio, client, login_as, make_client, family_of):
    piece = _published_piece(folio, client, login_as)
    visitor = make_client()
    assert visitor.get(f"/portfolio/pieces/{piece.id}").status_code == 200
    # The family withdraws consent in the app; the very next request shows nothing of Maya's.
    family_of(folio, folio.maya, email="ana.chen@example.org")
    response = client.post(f"/family/children/{folio.maya.id}/consent", data={
        "signature": "Ana Chen", "relationship": "Mother", "decision": "withdraw"})
    assert response.status_code == 302
    assert db.session.scalar(select(Membership.consent_at).where(Membership.user_id == folio.maya.id)) is None
    for url in (f"/portfolio/{folio.maya.id}", f"/portfolio/pieces/{piece.id}", f"/portfolio/{folio.maya.id}/feed.atom"):
        assert visitor.get(url).status_code == 404, url
    prompt_feed = visitor.get(f"/prompts/{folio.public_prompt.id}/feed.atom").get_data(as_text=True)
    assert "Voting at sixteen" not in prompt_feed and "Maya" not in prompt_feed
    # Her class still sees it, and she can still take her portfolio with her.
    jonah = login_as(folio.jonah, on=make_client())
    assert WHY in html.unescape(jonah.get(f"/portfolio/pieces/{piece.id}").get_data(as_text=True))


def test_the_teacher_withdrawing_consent_on_paper_does_the_same(folio, client, login_as, make_client):
    piece = _published_piece(folio, client, login_as)
    membership = db.session.scalar(select(Membership).where(Membership.user_id == folio.maya.id))
    teacher = login_as(folio.teacher, on=make_client())
    assert teacher.post(f"/classes/{folio.classroom.id}/members/{membership.id}",
                        data={"action": "consent_off"}).status_code == 302
    visitor = make_client()
    assert visitor.get(f"/portfolio/pieces/{piece.id}").status_code == 404
    assert visitor.get(f"/portfolio/{folio.maya.id}/feed.atom").status_code == 404


def test_a_reader_comments_on_a_piece_and_the_teacher_reads_it_first(folio, client, login_as, make_client):
    piece = _published_piece(folio, client, login_as)
    reader = login_as(folio.reader, on=make_client())
    page = reader.get(f"/portfolio/pieces/{piece.id}").get_data(as_text=True)
    assert "Leave a comment" in page
    response = reader.post(f"/portfolio/pieces/{piece.id}/comment",
                           data={"body": "Your chart made me look up our own turnout.", "action": "post"})
    assert response.status_code == 302
    comment = db.session.scalar(select(Post).where(Post.kind == "comment"))
    assert comment.status == states.PENDING and comment.parent_id == folio.work.id
    visitor = make_client()
    assert "Your chart made me look up" not in visitor.get(f"/portfolio/pieces/{piece.id}").get_data(as_text=True)
    approve(comment, folio.teacher)
    assert "Your chart made me look up" in visitor.get(f"/portfolio/pieces/{piece.id}").get_data(as_text=True)
    # Classmates do not comment from outside; a piece still waiting for review takes no comment.
    jonah = login_as(folio.jonah, on=make_client())
    assert jonah.post(f"/portfolio/pieces/{piece.id}/comment", data={"body": "Nice.", "action": "post"}).status_code == 403
    empty = reader.post(f"/portfolio/pieces/{piece.id}/comment", data={"body": "  ", "action": "post"})
    assert empty.status_code == 422


def test_an_undone_approval_takes_the_reflection_off_the_public_page(folio, client, login_as, make_client):
    login_as(folio.maya)
    add_piece(client, folio.work)
    piece = only_piece(folio.maya)
    teacher = login_as(folio.teacher, on=make_client())
    decide(teacher, "piece", piece, "approve")
    from board.moderation.services import last_decision

    decision = last_decision("piece", piece.id)
    assert teacher.post(f"/decisions/{decision.id}/undo").status_code == 302
    db.session.refresh(piece)
    assert piece.status == states.PENDING and piece.published_at is None
    assert make_client().get(f"/portfolio/pieces/{piece.id}").status_code == 404
