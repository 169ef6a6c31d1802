"""Bad input on every portfolio form: a clear error beside the field, and nothing typed is lost."""
from __future__ import annotations

import html
import re

from sqlalchemy import func, select

from board.extensions import db
from board.portfolio.models import Goal, Piece, Tag
from tests.portfolio.conftest import LEARNED, NEXT, WHY, add_piece, only_piece


def field_error(page: str, field_id: str) -> str | None:
    found = re.search(rf'<p class="error" id="{field_id}-error">([^<]*)</p>', page)
    return html.unescape(found.group(1)) if found else None


def textarea(page: str, name: str) -> str:
    found = re.search(rf'<textarea[^>]*name="{name}"[^>]*>(?:\r?\n)?(.*?)</textarea>', page, re.S)
    return html.unescape(found.group(1)) if found else ""


def test_a_missing_answer_is_asked_for_beside_its_field_and_the_others_are_kept(folio, client, login_as):
    login_as(folio.maya)
    response = add_piece(client, folio.work, learned="   ")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert field_error(page, "learned") == "Answer this one: what did you learn from it?"
    assert field_error(page, "why") is None
    assert textarea(page, "why") == WHY and textarea(page, "next") == NEXT
    assert db.session.scalar(select(func.count(Piece.id))) == 0


def test_a_long_answer_is_refused_saying_by_how_much(folio, client, login_as):
    login_as(folio.maya)
    long = "I learned a lot. " * 300
    response = add_piece(client, folio.work, learned=long)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "the limit is 4,000" in field_error(page, "learned")
    assert textarea(page, "learned").strip() == long.strip() and textarea(page, "why") == WHY


def test_changing_a_reflection_to_nothing_keeps_the_saved_one(folio, client, login_as):
    login_as(folio.maya)
    add_piece(client, folio.work)
    piece = only_piece(folio.maya)
    response = client.post(f"/portfolio/pieces/{piece.id}/edit", data={
        "why": "", "learned": LEARNED, "next": "Something new to try", "version": str(piece.lock_version)})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and field_error(page, "why")
    assert textarea(page, "next") == "Something new to try"
    db.session.refresh(piece)
    assert piece.why_md == WHY and piece.next_md == NEXT


def test_a_goal_needs_its_sentence_and_keeps_the_reflection(folio, client, login_as):
    login_as(folio.maya)
    response = client.post("/portfolio/goals/new", data={
        "classroom": str(folio.classroom.id), "goal": "  ", "reflection": "I practised twice a week."})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and field_error(page, "goal") == "Write the goal in a sentence."
    assert textarea(page, "reflection") == "I practised twice a week."
    long_goal = "Speak up " * 40
    response = client.post("/portfolio/goals/new", data={
        "classroom": str(folio.classroom.id), "goal": long_goal, "reflection": "Kept."})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "the limit is 300" in field_error(page, "goal")
    assert html.unescape(re.search(r'name="goal"[^>]*value="([^"]*)"', page).group(1)).strip() == long_goal.strip()
    assert db.session.scalar(select(func.count(Goal.id))) == 0


def test_a_tag_needs_a_short_name(folio, client, login_as):
    login_as(folio.teacher)
    url = f"/portfolio/classes/{folio.classroom.id}/tags"
    empty = client.post(url, data={"name": "   "})
    assert empty.status_code == 422 and field_error(empty.get_data(as_text=True), "name") == "Name the skill or topic."
    long = client.post(url, data={"name": "Reading primary sources from the nineteenth century"})
    page = long.get_data(as_text=True)
    assert long.status_code == 422 and "under 40 characters" in field_error(page, "name")
    assert 'value="Reading primary sources from the nineteenth century"' in page
    assert db.session.scalar(select(func.count(Tag.id))) == 1


def test_an_expired_form_gives_the_reflection_back(folio, client, login_as):
    login_as(folio.maya)
    response = client.post(f"/portfolio/add/post/{folio.work.id}", csrf=False, data={
        "why": WHY, "learned": LEARNED, "next": NEXT, "csrf_token": "stale"})
    assert response.status_code == 400
    page = html.unescape(response.get_data(as_text=True))
    assert "Nothing was lost" in page and WHY in page and LEARNED in page and NEXT in page
    assert db.session.scalar(select(func.count(Piece.id))) == 0
