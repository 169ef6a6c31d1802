"""A portfolio page reads its pieces in a fixed number of queries, however many pieces there are."""
from __future__ import annotations

import pytest
from sqlalchemy import event

from board.extensions import db
from board.portfolio import services, sources
from tests.portfolio.conftest import ANSWERS, approve


class Counter:
    def __init__(self):
        self.count = 0

    def __call__(self, *args, **kwargs):
        self.count += 1


def _portfolio_of(make, school, size: int):
    tag = services.add_tag(school.classroom.id, "Using evidence")
    for n in range(size):
        post = make.post(school.maya, school.public_prompt, f"Argument number {n} about the vote.", publish=True)
        piece = services.add_piece(school.maya, sources.find(school.maya, "post", post.id), ANSWERS, [tag.id]).item
        approve(piece, school.teacher)
    services.add_goal(school.maya, school.classroom.id, "Quote fairly.", "Most weeks.")


def _queries(app, client, url: str) -> int:
    counter = Counter()
    event.listen(db.engine, "before_cursor_execute", counter)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", counter)
    return counter.count


@pytest.mark.parametrize("viewer", ["anonymous", "maya", "jonah"])
def test_the_portfolio_page_costs_the_same_for_two_pieces_or_twelve(app, make, make_client, login_as, viewer):
    counts = []
    for size in (2, 12):
        school = make.school()
        _portfolio_of(make, school, size)
        client = make_client()
        if viewer != "anonymous":
            login_as(getattr(school, viewer), on=client)
        counts.append(_queries(app, client, f"/portfolio/{school.maya.id}"))
    assert counts[0] == counts[1], counts


def test_the_page_s_rule_is_the_one_rule_for_a_piece(app, make, tmp_path, family_of, client):
    """visible_pieces and visible_goals answer as can_see_piece and can_see_goal, person by person."""
    from board.classes.models import Membership
    from board.portfolio import access, pages
    from tests.portfolio.conftest import showcase

    school = showcase(make, app, tmp_path / "media")
    lucia_piece = services.add_piece(school.lucia, sources.find(
        school.lucia, "post", make.post(school.lucia, school.public_prompt, "Lucia's view.", publish=True).id),
        ANSWERS).item
    approve(lucia_piece, school.teacher)
    family = family_of(school, school.maya)
    people = [sources.NOBODY, school.maya, school.jonah, school.lucia, school.reader, school.outsider,
              school.teacher, school.other_teacher, school.admin, family]
    for consent in (True, False):
        if not consent:
            for m in db.session.scalars(db.select(Membership).where(Membership.role == "student")):
                m.consent_at = None
            db.session.commit()
        for student in (school.maya, school.lucia):
            for person in people:
                pieces, goals = pages.all_pieces(student), pages.all_goals(student)
                assert access.visible_pieces(person, student, pieces) == [
                    p for p in pieces if access.can_see_piece(person, p)], (person, student, consent)
                assert access.visible_goals(person, student, goals) == [
                    g for g in goals if access.can_see_goal(person, g)], (person, student, consent)
