"""The XSS corpus through reflections, goals and tags: everything shown back is inert, on every page."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from board.extensions import db
from board.portfolio.models import Goal, Piece, Tag
from tests.portfolio.conftest import add_piece
from tests.test_sanitization import (
    BATCH,
    VECTORS,
    _handful_params,
    _require,
    _short_params,
    batch_params,
    page_problems,
)


def assert_inert(response, app, where: str) -> None:
    problems = page_problems(response.get_data(as_text=True), app.url_map)
    assert not problems, f"{where}: " + "\n".join(problems[:20])


@pytest.mark.parametrize("batch", batch_params())
def test_every_payload_as_a_goal_and_its_reflection_is_inert(app, folio, client, login_as, make_client, batch):
    if batch is None:
        _require(None)
    vectors = VECTORS[batch * BATCH:(batch + 1) * BATCH]
    login_as(folio.maya)
    for vector in vectors:
        payload = vector["payload"]
        response = client.post("/portfolio/goals/new", data={
            "classroom": str(folio.classroom.id), "goal": payload[:300], "reflection": payload,
            "action": "post_anyway"})
        if response.status_code != 302:
            # Refused beside the field, or a reminder that cannot be sent anyway: shown back as text.
            assert response.status_code in (200, 422)
            assert_inert(response, app, f"goal form for {vector['id']}")
    assert db.session.scalar(select(Goal.id)) is not None
    assert_inert(client.get(f"/portfolio/{folio.maya.id}"), app, f"Maya's portfolio, batch {batch}")
    teacher = login_as(folio.teacher, on=make_client())
    assert_inert(teacher.get(f"/portfolio/{folio.maya.id}"), app, f"the teacher's view, batch {batch}")


@pytest.mark.parametrize("vector", _handful_params())
def test_a_reflection_with_a_payload_is_inert_wherever_it_shows(app, folio, client, login_as, make_client,
                                                                 vector):
    payload = _require(vector)["payload"]
    login_as(folio.maya)
    # The first try shows the reminder (or a refusal) with the text given back; then it is sent anyway.
    first = add_piece(client, folio.work, why=payload, learned=payload, next=payload)
    if first.status_code != 302:
        assert_inert(first, app, "the piece form given back")
        add_piece(client, folio.work, why=payload, learned=payload, next=payload, action="post_anyway")
    piece_id = db.session.scalar(select(Piece.id))
    if piece_id is None:
        return  # a blocking finding: nothing saved, and the form above was inert
    for page in (f"/portfolio/{folio.maya.id}", f"/portfolio/pieces/{piece_id}", f"/portfolio/pieces/{piece_id}/edit"):
        assert_inert(client.get(page), app, page)
    teacher = login_as(folio.teacher, on=make_client())
    assert_inert(teacher.get(f"/portfolio/pieces/{piece_id}"), app, "the teacher's view of the piece")
    assert_inert(teacher.get("/queue"), app, "the queue")
    archive = client.get(f"/portfolio/{folio.maya.id}/portfolio.zip")
    assert archive.status_code == 200


@pytest.mark.parametrize("vector", _short_params())
def test_a_tag_named_with_a_payload_is_plain_text(app, folio, client, login_as, make_client, vector):
    payload = _require(vector)["payload"]
    login_as(folio.teacher)
    response = client.post(f"/portfolio/classes/{folio.classroom.id}/tags", data={"name": payload})
    assert_inert(client.get(f"/portfolio/classes/{folio.classroom.id}/tags"), app, "the tag editor")
    if response.status_code != 302:
        assert_inert(response, app, "the tag refused")
        return
    tag = db.session.scalar(select(Tag).where(Tag.id != folio.tag.id))
    maya = login_as(folio.maya, on=make_client())
    assert_inert(maya.get(f"/portfolio/add/post/{folio.work.id}"), app, "the piece form with the tag")
    add_piece(maya, folio.work, tags=[str(tag.id)])
    page = maya.get(f"/portfolio/{folio.maya.id}")
    assert_inert(page, app, "the portfolio with the tag")
    assert_inert(maya.get(f"/portfolio/{folio.maya.id}?tag={tag.id}"), app, "the portfolio filtered by the tag")
