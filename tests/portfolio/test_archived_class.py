"""A class that has ended: a student's portfolio outlives it, so her waiting reflections still reach its teachers."""
from __future__ import annotations

import re

from sqlalchemy import select

from board.classes.services import set_archived
from board.extensions import db
from board.moderation import states
from board.portfolio.models import Piece
from tests.portfolio.conftest import WHY, add_piece, only_goal

GOAL = "Ask one question in every debate."


def _queue_line(page: str, text: str) -> str:
    """The meta line of the queue item that holds this text."""
    item = next(part for part in page.split('<article class="queue-item') if text in part)
    return re.search(r'<p class="meta">(.*?)</p>', item, re.S).group(1)


def test_reflections_waiting_in_an_archived_class_reach_its_teachers_labelled(folio, client, login_as,
                                                                               make_client):
    login_as(folio.maya)
    assert add_piece(client, folio.work).status_code == 302
    set_archived(folio.teacher, folio.classroom, True)
    # After the class ended she still picks its work and sets a goal in it: her portfolio goes on.
    assert add_piece(client, folio.class_work).status_code == 302
    assert client.post("/portfolio/goals/new", data={
        "classroom": str(folio.classroom.id), "goal": GOAL, "reflection": "", "action": "post"}).status_code == 302

    teacher = login_as(folio.teacher, on=make_client())
    page = teacher.get("/queue").get_data(as_text=True)
    assert page.count(WHY) == 2 and GOAL in page
    for text in (WHY, GOAL):
        line = _queue_line(page, text)
        assert line.startswith("Civics 8B") and '<span class="badge badge-class">archived</span>' in line
    # A teacher of another class sees none of it.
    other = login_as(folio.other_teacher, on=make_client()).get("/queue").get_data(as_text=True)
    assert WHY not in other and GOAL not in other

    pieces = db.session.scalars(select(Piece).where(Piece.student_id == folio.maya.id)).all()
    for kind, item in [("piece", piece) for piece in pieces] + [("goal", only_goal(folio.maya))]:
        response = teacher.post(f"/queue/{kind}/{item.id}/decide",
                                data={"action": states.APPROVE, "version": item.lock_version})
        assert response.status_code == 302
        db.session.refresh(item)
        assert item.status == states.PUBLISHED


def test_a_live_class_s_reflection_is_not_labelled_archived(folio, client, login_as, make_client):
    login_as(folio.maya)
    assert add_piece(client, folio.work).status_code == 302
    page = login_as(folio.teacher, on=make_client()).get("/queue").get_data(as_text=True)
    line = _queue_line(page, WHY)
    assert line.startswith("Civics 8B") and "archived" not in line
