"""Decisions on several items at once: one feedback for all, reminders left out unless included, one undo."""
from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from sqlalchemy import select

from board.extensions import db
from board.moderation import kinds, states
from board.moderation.models import Decision
from board.moderation.services import Conflict, DecisionError, check_feedback, decide, undo

#: what a teacher may decide for a whole selection
BULK_ACTIONS = (states.APPROVE, states.RETURN, states.REJECT)


@dataclass
class BulkOutcome:
    action: str
    batch: str
    done: int = 0
    #: items with norms findings that a bulk approval left for a look one by one
    left_out: list[int] = field(default_factory=list)
    #: why the others were not decided (someone decided first, ...)
    problems: list[str] = field(default_factory=list)


def decide_many(items: list[tuple[object, int]], action: str, actor, feedback: str = "",
                include_reminders: bool = False) -> BulkOutcome:
    """Decide every selected item still as the teacher saw it, as one batch that one undo takes back."""
    if action not in BULK_ACTIONS:
        raise ValueError(f"{action} is not a bulk decision")
    feedback = check_feedback(action, feedback)
    outcome = BulkOutcome(action, secrets.token_hex(8))
    for item, seen in items:
        if action == states.APPROVE and not include_reminders and kinds.of(item).needs_a_look(item):
            outcome.left_out.append(item.id)
            continue
        try:
            decide(item, action, actor, seen, feedback=feedback, batch=outcome.batch)
            outcome.done += 1
        except (Conflict, DecisionError) as problem:
            outcome.problems.append(str(problem))
    return outcome


def undo_batch(batch: str, actor) -> tuple[int, int]:
    """Take back every decision of a batch that can still be taken back; return (undone, left as they are)."""
    decisions = list(db.session.scalars(
        select(Decision).where(Decision.batch == batch, Decision.undone_at.is_(None),
                               Decision.action.in_(states.TEACHER_ACTIONS)).order_by(Decision.id.desc())
    ))
    undone = kept = 0
    for decision in decisions:
        try:
            undo(decision, actor)
            undone += 1
        except Conflict:
            kept += 1
    return undone, kept
