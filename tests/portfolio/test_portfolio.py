"""A student curates a portfolio from published work: pieces, reflections, goals, tags and years."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select, update

from board.discussions.models import Post
from board.extensions import db
from board.moderation import states
from board.pads.models import Pad
from board.pads.services import publish as publish_pad
from board.portfolio.models import Piece, Tag
from board.portfolio.services import add_tag, school_year
from tests.pads.conftest import write
from tests.portfolio.conftest import NEXT, WHY, add_piece, only_goal, only_piece, piece_form


def test_a_student_picks_from_her_own_published_work_only(folio, client, login_as, make):
    pending = make.post(folio.maya, folio.class_prompt, "Still waiting for the teacher.")
    login_as(folio.maya)
    page = client.get("/portfolio/add").get_data(as_text=True)
    assert "Voting at sixteen builds a habit" in page and "A rule is fair when" in page
    assert "Still waiting for the teacher" not in page and "Local elections matter" not in page
    # Work that is not hers, or not published, cannot be picked by its address either.
    assert add_piece(client, folio.lucia_work).status_code == 404
    assert add_piece(client, pending).status_code == 404
    assert db.session.scalar(select(func.count(Piece.id))) == 0


def test_a_new_piece_waits_for_a_teacher_and_only_she_and_her_teachers_see_it(folio, client, login_as,
                                                                              make_client):
    login_as(folio.maya)
    response = add_piece(client, folio.work, tags=[str(folio.tag.id)])
    assert response.status_code == 302
    piece = only_piece(folio.maya)
    assert piece.status == states.PENDING and [t.name for t in piece.tags] == ["Using evidence"]
    assert piece.work_md == folio.work.body_md and piece.title.startswith("Response: ")
    mine = client.get(f"/portfolio/{folio.maya.id}").get_data(as_text=True)
    assert "Awaiting review" in mine and WHY in mine

    teacher = login_as(folio.teacher, on=make_client())
    assert WHY in teacher.get(f"/portfolio/pieces/{piece.id}").get_data(as_text=True)
    jonah = login_as(folio.jonah, on=make_client())
    assert jonah.get(f"/portfolio/pieces/{piece.id}").status_code == 404
    assert WHY not in jonah.get(f"/portfolio/{folio.maya.id}").get_data(as_text=True)
    anonymous = make_client()
    assert anonymous.get(f"/portfolio/pieces/{piece.id}").status_code == 404
    # The same work twice is refused beside the field.
    again = add_piece(client, folio.work)
    assert again.status_code == 422 and "already in your portfolio" in again.get_data(as_text=True)


def test_without_consent_a_portfolio_is_the_class_s_teachers_and_family_s_only(folio, login_as, make_client):
    lucia = folio.lucia
    assert make_client().get(f"/portfolio/{lucia.id}").status_code == 404
    for person, status in ((folio.reader, 404), (folio.outsider, 404), (folio.other_teacher, 404),
                           (folio.jonah, 200), (folio.teacher, 200), (folio.admin, 200), (lucia, 200)):
        client = login_as(person, on=make_client())
        assert client.get(f"/portfolio/{lucia.id}").status_code == status, person
    # With consent on record, the portfolio has a public page (showing what is approved and public).
    assert make_client().get(f"/portfolio/{folio.maya.id}").status_code == 200
    # Teachers and readers have no portfolio.
    assert make_client().get(f"/portfolio/{folio.teacher.id}").status_code == 404


def test_pieces_filter_by_tag_and_keep_their_school_year(folio, client, login_as):
    login_as(folio.maya)
    other_tag = add_tag(folio.classroom.id, "Local government")
    add_piece(client, folio.work, tags=[str(folio.tag.id)])
    # Work published last school year keeps that year, whenever it is added.
    last_year = datetime(school_year() - 1, 10, 1, 12, 0)
    db.session.execute(update(Post).where(Post.id == folio.class_work.id).values(published_at=last_year))
    db.session.commit()
    add_piece(client, folio.class_work, why="A rule piece from last year.", tags=[str(other_tag.id)])
    pieces = {p.post_id: p for p in db.session.scalars(select(Piece))}
    assert pieces[folio.class_work.id].school_year == school_year() - 1
    assert pieces[folio.work.id].school_year == school_year()

    everything = client.get(f"/portfolio/{folio.maya.id}").get_data(as_text=True)
    assert WHY in everything and "A rule piece from last year." in everything
    tagged = client.get(f"/portfolio/{folio.maya.id}?tag={folio.tag.id}").get_data(as_text=True)
    assert WHY in tagged and "A rule piece from last year." not in tagged
    earlier = client.get(f"/portfolio/{folio.maya.id}?year={school_year() - 1}").get_data(as_text=True)
    assert "A rule piece from last year." in earlier and WHY not in earlier
    label = f"{school_year() - 1}–{school_year() % 100:02d}"
    assert label in everything


def test_a_tag_of_another_class_cannot_be_given(folio, client, login_as):
    foreign = add_tag(folio.other_classroom.id, "Not ours")
    login_as(folio.maya)
    add_piece(client, folio.work, tags=[str(foreign.id), str(folio.tag.id), "nonsense"])
    assert [t.name for t in only_piece(folio.maya).tags] == ["Using evidence"]


def test_changing_a_reflection_sends_it_back_to_the_teacher_and_tags_alone_do_not(folio, client, login_as):
    login_as(folio.maya)
    add_piece(client, folio.work)
    piece = only_piece(folio.maya)
    db.session.execute(update(Piece).where(Piece.id == piece.id).values(status=states.PUBLISHED, lock_version=2))
    db.session.commit()
    db.session.refresh(piece)
    response = client.post(f"/portfolio/pieces/{piece.id}/edit",
                           data=piece_form(tags=[str(folio.tag.id)], version=str(piece.lock_version)))
    assert response.status_code == 302
    db.session.refresh(piece)
    assert piece.status == states.PUBLISHED and [t.name for t in piece.tags] == ["Using evidence"]
    response = client.post(f"/portfolio/pieces/{piece.id}/edit",
                           data=piece_form(next="Next: interview a city councillor.", version=str(piece.lock_version)))
    assert response.status_code == 302
    db.session.refresh(piece)
    assert piece.status == states.PENDING and piece.next_md == "Next: interview a city councillor."
    assert piece.published_at is None
    # A form opened before that change (its version is stale) saves nothing.
    stale = client.post(f"/portfolio/pieces/{piece.id}/edit",
                        data=piece_form(why="From an old tab.", version="1"))
    assert stale.status_code == 302
    db.session.refresh(piece)
    assert piece.why_md == WHY


def test_a_student_takes_a_piece_out(folio, client, login_as, make_client):
    login_as(folio.maya)
    add_piece(client, folio.work)
    piece = only_piece(folio.maya)
    jonah = login_as(folio.jonah, on=make_client())
    assert jonah.post(f"/portfolio/pieces/{piece.id}/remove").status_code == 404
    assert client.post(f"/portfolio/pieces/{piece.id}/remove").status_code == 302
    assert only_piece(folio.maya) is None
    assert db.session.get(Post, folio.work.id) is not None


def test_goals_for_the_year_with_a_reflection(folio, client, login_as, make_client):
    login_as(folio.maya)
    response = client.post("/portfolio/goals/new", data={
        "classroom": str(folio.classroom.id), "goal": "Speak up in every class debate.",
        "reflection": "I spoke twice this month; *preparing notes* helped.", "action": "post"})
    assert response.status_code == 302
    goal = only_goal(folio.maya)
    assert goal.status == states.PENDING and goal.school_year == school_year()
    assert "<em>preparing notes</em>" in goal.reflection_html
    page = client.get(f"/portfolio/{folio.maya.id}").get_data(as_text=True)
    assert "Speak up in every class debate." in page and "Awaiting review" in page
    jonah = login_as(folio.jonah, on=make_client())
    assert "Speak up in every class debate." not in jonah.get(f"/portfolio/{folio.maya.id}").get_data(as_text=True)
    response = client.post(f"/portfolio/goals/{goal.id}/edit", data={
        "goal": "Speak up in every class debate.", "reflection": "Now every week.", "version": str(goal.lock_version),
        "action": "post"})
    assert response.status_code == 302
    db.session.refresh(goal)
    assert goal.reflection_md == "Now every week."
    # A goal in a class she is not in is refused beside the field.
    refused = client.post("/portfolio/goals/new", data={
        "classroom": str(folio.other_classroom.id), "goal": "Another class's goal", "reflection": ""})
    assert refused.status_code == 422 and "Choose one of your classes." in refused.get_data(as_text=True)
    assert client.post(f"/portfolio/goals/{goal.id}/remove").status_code == 302
    assert only_goal(folio.maya) is None


def test_the_norms_check_runs_on_a_reflection_as_on_a_post(folio, client, login_as):
    login_as(folio.maya)
    rude = "Everyone who disagreed with me is an idiot."
    response = add_piece(client, folio.work, learned=rude)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Before you post, a reminder" in page
    assert "idiot" in page and only_piece(folio.maya) is None
    # What she typed is all still there.
    assert WHY in page and NEXT in page
    response = add_piece(client, folio.work, learned=rude, action="post_anyway")
    assert response.status_code == 302
    piece = only_piece(folio.maya)
    assert piece.findings and piece.posted_anyway and piece.status == states.PENDING


def test_a_teacher_edits_the_class_s_tags(folio, client, login_as, make_client):
    login_as(folio.teacher)
    assert "Using evidence" in client.get(f"/portfolio/classes/{folio.classroom.id}/tags").get_data(as_text=True)
    assert client.post(f"/portfolio/classes/{folio.classroom.id}/tags", data={"name": " Civic  action "}).status_code == 302
    duplicate = client.post(f"/portfolio/classes/{folio.classroom.id}/tags", data={"name": "using EVIDENCE"})
    assert duplicate.status_code == 422 and "already has the tag" in duplicate.get_data(as_text=True)
    names = [t.name for t in db.session.scalars(select(Tag).order_by(Tag.name))]
    assert names == ["Civic action", "Using evidence"]
    maya = login_as(folio.maya, on=make_client())
    assert maya.post(f"/portfolio/classes/{folio.classroom.id}/tags", data={"name": "Mine"}).status_code == 403
    assert maya.post(f"/portfolio/tags/{folio.tag.id}/remove").status_code == 403
    tag_id = folio.tag.id
    assert client.post(f"/portfolio/tags/{tag_id}/remove").status_code == 302
    assert [t.name for t in db.session.scalars(select(Tag))] == ["Civic action"]


def test_a_pad_piece_holds_the_student_s_own_words_only(folio, client, login_as, make):
    prompt = make.prompt(folio.classroom, "public", "How should we spend the park budget?", kind="pad")
    pad = db.session.scalar(select(Pad).where(Pad.prompt_id == prompt.id))
    write(pad, folio.maya, "Shade trees by the pond.\n")
    write(pad, folio.jonah, "A skate park for everyone.\n")
    db.session.refresh(pad)
    publish_pad(pad, folio.teacher, pad.lock_version)
    login_as(folio.maya)
    assert "Pad: How should we spend the park budget?" in client.get("/portfolio/add").get_data(as_text=True)
    response = client.post(f"/portfolio/add/pad/{pad.id}", data=piece_form())
    assert response.status_code == 302
    piece = only_piece(folio.maya)
    assert piece.source == "pad" and "Shade trees" in piece.work_md and "skate park" not in piece.work_md
    # Jonah did not write in another pad, so he cannot pick it; nobody picks a pad by guessing its id.
    login_as(folio.lucia)
    assert client.post(f"/portfolio/add/pad/{pad.id}", data=piece_form()).status_code == 404
