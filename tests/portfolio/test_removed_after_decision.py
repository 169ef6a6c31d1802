"""A student takes a piece or a goal out of her portfolio just after her teacher decided on it: the teacher's
Undo says so instead of failing."""
from __future__ import annotations

from sqlalchemy import select

from board.extensions import db
from board.moderation.models import Decision
from board.portfolio import services, sources
from tests.portfolio.conftest import ANSWERS


def test_undoing_a_decision_on_a_removed_reflection_says_it_is_gone(folio, client, login_as, make_client):
    maya = folio.maya
    piece = services.add_piece(maya, sources.find(maya, "post", folio.work.id), dict(ANSWERS)).item
    goal = services.add_goal(maya, folio.classroom.id, "Use a source in every answer.", "Halfway.").item
    login_as(folio.teacher)
    assert client.post(f"/queue/piece/{piece.id}/decide",
                       data={"action": "approve", "version": str(piece.lock_version)}).status_code == 302
    assert client.post(f"/queue/goal/{goal.id}/decide", data={
        "action": "return", "feedback": "Say how you will know.", "version": str(goal.lock_version)}).status_code == 302
    student = login_as(maya, on=make_client())
    assert student.post(f"/portfolio/pieces/{piece.id}/remove").status_code == 302
    assert student.post(f"/portfolio/goals/{goal.id}/remove").status_code == 302

    assert client.get("/queue").status_code == 200
    for decision in db.session.scalars(select(Decision).where(Decision.item_type.in_(("piece", "goal")))):
        answer = client.post(f"/decisions/{decision.id}/undo", headers={"Accept": "application/json"})
        assert answer.status_code == 409 and "deleted" in answer.get_json()["message"], answer.get_data(as_text=True)[:3000]
        page = client.post(f"/decisions/{decision.id}/undo", follow_redirects=True)
        assert page.status_code == 200 and "deleted" in page.get_data(as_text=True)


def test_the_undo_service_refuses_a_decision_whose_item_is_gone(folio):
    import pytest

    from board.moderation import services as moderation
    from board.moderation import states

    maya = folio.maya
    goal = services.add_goal(maya, folio.classroom.id, "Use a source in every answer.", "Halfway.").item
    outcome = moderation.decide(goal, states.APPROVE, folio.teacher, goal.lock_version)
    services.remove_goal(maya, goal)
    with pytest.raises(moderation.Conflict, match="deleted"):
        moderation.undo(outcome.decision, folio.teacher)
