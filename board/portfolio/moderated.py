"""Portfolio reflections as moderated kinds: a piece's reflection and a goal wait in the teacher's queue.

Each is registered with moderation when the portfolio blueprint is; the queue shows them in their own
sections and decides on them with its usual form (approve, return with feedback, reject).
"""
from __future__ import annotations

from flask import abort
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from board import permissions
from board.extensions import db
from board.media import services as media
from board.moderation import kinds, states
from board.moderation.kinds import Kind
from board.moderation.services import DecisionError
from board.portfolio import access, bp
from board.portfolio.models import Goal, Piece


def _loader(model, can_see):
    def load_for_teacher(user, item_id: int):
        """Return an item this teacher may decide on: 404 outside their classes, 403 without the right."""
        item = permissions.get_or_404(model, item_id)
        if not can_see(user, item):
            abort(404)
        permissions.require(permissions.can_moderate(user, item.classroom_id))
        return item
    return load_for_teacher


def _load_many(model):
    def load_many(ids):
        return list(db.session.scalars(
            select(model).options(selectinload(model.student), selectinload(model.classroom))
            .where(model.id.in_(list(ids)))))
    return load_many


def _waiting(model):
    def waiting(classroom_ids: list[int]) -> list:
        return [select(func.count(model.id).label("n"), func.min(model.submitted_at).label("oldest")).where(
            model.classroom_id.in_(classroom_ids), model.status == states.PENDING)]
    return waiting


def _pending(model):
    def pending(classroom_ids: list[int], prompt_id: int | None) -> list:
        """What waits, oldest first; a reflection belongs to no prompt, so a prompt filter leaves it out."""
        if prompt_id is not None:
            return []
        query = select(model).where(model.classroom_id.in_(classroom_ids), model.status == states.PENDING)
        if model is Piece:
            query = query.options(selectinload(Piece.tags))
        # Its class is named on the line, "archived" too: a portfolio outlives the class it was written in.
        return list(db.session.scalars(query.options(selectinload(model.student), selectinload(model.classroom))
                                       .order_by(model.submitted_at, model.id)))
    return pending


def _with_pictures(pieces: list) -> list:
    """Give each waiting piece its own pictures, read for the whole section in one query."""
    index = media.image_index("piece", [piece.id for piece in pieces])
    for piece in pieces:
        piece.queue_pictures = index.get(piece.id, [])
    return pieces


def check(action: str, edited_md: str | None) -> None:
    """A reflection is the student's own voice: a teacher returns it with feedback instead of editing it."""
    if action == states.EDIT_APPROVE:
        raise DecisionError("body", "Return the reflection with feedback: students revise their own reflections.")


def decision_values(item, action: str, feedback: str, norm: str) -> dict:
    if action in (states.RETURN, states.REJECT):
        return {"feedback": feedback, "feedback_norm": norm or ""}
    if action == states.APPROVE:
        return {"feedback": "", "feedback_norm": ""}
    return {}


def undo_values(item, decision) -> dict:
    values: dict = {}
    if decision.from_status != states.PUBLISHED:
        values["published_at"] = None
    if decision.action in (states.RETURN, states.REJECT):
        values.update(feedback="", feedback_norm="")
    return values


def _undone(what):
    def message(item, decision) -> str:
        return f"Undone: {item.student.display_name}’s {what} is {decision.from_status} again."
    return message


PIECE = kinds.register_with(bp, Kind(
    name="piece",
    model=Piece,
    label="portfolio reflection",
    load_for_teacher=_loader(Piece, access.can_see_piece),
    load_many=_load_many(Piece),
    template="portfolio/_queue_item.html",
    recent_template="portfolio/_recent_line.html",
    waiting=_waiting(Piece),
    pending=_pending(Piece),
    section_items=_with_pictures,
    section_title="Portfolio reflections",
    needs_a_look=lambda item: bool(item.findings),
    stylesheet="css/portfolio.css",
    undo_words="this decision on a portfolio reflection",
    author_of=lambda item: item.student,
    check=check,
    decision_values=decision_values,
    undo_values=undo_values,
    undone_message=_undone("portfolio reflection"),
))

GOAL = kinds.register_with(bp, Kind(
    name="goal",
    model=Goal,
    label="goal",
    load_for_teacher=_loader(Goal, access.can_see_goal),
    load_many=_load_many(Goal),
    template="portfolio/_queue_item.html",
    recent_template="portfolio/_recent_line.html",
    waiting=_waiting(Goal),
    pending=_pending(Goal),
    section_title="Goals and their reflections",
    needs_a_look=lambda item: bool(item.findings),
    stylesheet="css/portfolio.css",
    undo_words="this decision on a goal",
    author_of=lambda item: item.student,
    check=check,
    decision_values=decision_values,
    undo_values=undo_values,
    undone_message=_undone("goal"),
))
