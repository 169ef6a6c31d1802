"""Moderation decisions: conditional updates through the state machine, logged and undoable."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select, update

from board import signals
from board.errors import FieldError
from board.extensions import db
from board.moderation import kinds, states
from board.moderation.models import Decision
from board.timeutil import utcnow


class Conflict(Exception):
    """Someone decided first; nothing was changed."""

    def __init__(self, message: str, decision: Decision | None = None):
        super().__init__(message)
        self.decision = decision


class DecisionError(FieldError):
    """The decision is missing something it needs (feedback, a reason, text)."""


#: the longest feedback or reason a writer is given, and the norm it names
FEEDBACK_MAX_CHARS = 2_000
NORM_MAX_CHARS = 300


def within(field: str, text: str, limit: int, what: str) -> None:
    """Refuse a text over its limit, saying by how much, before anything is changed."""
    if len(text) > limit:
        raise DecisionError(field, f"This {what} is {len(text):,} characters; the limit is {limit:,}. "
                                   "Shorten it a little: what you wrote is kept here.")


@dataclass
class Outcome:
    decision: Decision
    item: object
    #: read before the commit, so a decision made is answered as made whatever the database does next
    action: str = ""
    author_name: str = ""
    kind: str = ""
    decision_id: int = 0
    to_status: str = ""

    @property
    def post(self):
        return self.item


def check_feedback(action: str, feedback: str, norm: str = "") -> str:
    """Return the feedback trimmed, or refuse it when a return or rejection has none or too much."""
    feedback = (feedback or "").strip()
    within("feedback", feedback, FEEDBACK_MAX_CHARS, "feedback")
    within("feedback", norm or "", NORM_MAX_CHARS, "norm")
    if action == states.RETURN and not feedback:
        raise DecisionError("feedback", "Tell the writer what to revise: feedback is required.")
    if action == states.REJECT and not feedback:
        raise DecisionError("feedback", "Give a reason: the writer sees it beside their text.")
    return feedback


def decide(
    item,
    action: str,
    actor,
    seen_version: int,
    feedback: str = "",
    norm: str = "",
    edited_md: str | None = None,
    batch: str | None = None,
) -> Outcome:
    """Apply a teacher's decision if nobody changed the item since they saw it.

    The item's kind adds its own columns and work (a post's feedback, edit and reports); then
    signals.moderation.decided tells the features that react (notifications), before the commit.
    """
    kind = kinds.of(item)
    feedback = check_feedback(action, feedback, norm)
    kind.check(action, edited_md)
    now = utcnow()
    values = kind.decision_values(item, action, feedback, norm)
    revision_before = kind.revision_of(item)
    from_status, to_status = transition(kind.name, item, action, seen_version, values, now)
    decision = record(kind.name, item, action, from_status, to_status, actor, now,
                      feedback=feedback, norm=norm, revision_before=revision_before, batch=batch)
    db.session.flush()
    kind.after_decision(item, decision, actor, edited_md, now)
    db.session.expire(item)
    signals.moderation.decided.send(item, decision=decision,
                                    published=to_status == states.PUBLISHED and from_status != states.PUBLISHED)
    author = kind.author_of(item)
    outcome = Outcome(decision, item, action=action, author_name=author.display_name if author else "",
                      kind=getattr(item, "kind", kind.label), decision_id=decision.id, to_status=to_status)
    db.session.commit()
    return outcome


def transition(item_type: str, item, action: str, seen_version: int, values: dict, now) -> tuple[str, str]:
    """Move an item to its next status if nobody changed it since it was seen (one UPDATE ... WHERE).

    Returns (from, to); raises Conflict, naming who decided first, when the item moved on.
    """
    model = kinds.get(item_type).model
    if item.lock_version != seen_version:
        raise conflict(item_type, item)
    try:
        to_status = states.next_status(action, item.status)
    except states.InvalidTransition:
        raise conflict(item_type, item) from None
    values = {**values, "status": to_status, "lock_version": model.lock_version + 1, "decided_at": now}
    if to_status == states.PUBLISHED and item.status != states.PUBLISHED and hasattr(model, "published_at"):
        values["published_at"] = now
    result = db.session.execute(
        update(model)
        .where(model.id == item.id, model.lock_version == seen_version, model.status == item.status)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        db.session.rollback()
        db.session.refresh(item)
        raise conflict(item_type, item)
    return item.status, to_status


def record(item_type: str, item, action: str, from_status: str, to_status: str, actor, now,
           feedback: str = "", norm: str = "", revision_before: int | None = None,
           batch: str | None = None) -> Decision:
    """Log a decision: who, when, what, why."""
    decision = Decision(
        item_type=item_type, item_id=item.id, classroom_id=kinds.get(item_type).classroom_of(item), action=action,
        from_status=from_status, to_status=to_status, actor_id=actor.id, feedback=feedback,
        norm=norm or "", revision_before=revision_before, created_at=now, batch=batch,
    )
    db.session.add(decision)
    db.session.flush()
    return decision


def undo(decision: Decision, actor) -> Outcome:
    """Reverse a recent decision, if it is still the last thing that happened to the item."""
    kind = kinds.get(decision.item_type)
    model = kind.model
    item = db.session.get(model, decision.item_id)
    if decision.undone_at is not None:
        raise Conflict("That decision was already undone.")
    if item is None:
        # Its writer deleted it since (a portfolio piece taken out): nothing is left to put back.
        raise Conflict("That item was deleted since the decision: there is nothing to undo.")
    if decision.action not in states.TEACHER_ACTIONS:
        raise Conflict("Only a teacher's decision can be undone.")
    window = timedelta(seconds=current_app.config["UNDO_WINDOW_SECONDS"])
    now = utcnow()
    if now - decision.created_at > window:
        minutes = int(window.total_seconds() // 60)
        raise Conflict(f"Decisions can be undone for {minutes} minutes; decide again instead.")
    later = db.session.scalar(
        select(func.count(Decision.id)).where(
            Decision.item_type == decision.item_type,
            Decision.item_id == decision.item_id,
            Decision.id > decision.id,
        )
    )
    if later or item.status != decision.to_status:
        raise Conflict("Something else happened to this item since; it was not changed.")

    values: dict = {**kind.undo_values(item, decision), "status": decision.from_status,
                    "lock_version": model.lock_version + 1, "decided_at": now}
    result = db.session.execute(
        update(model)
        .where(model.id == item.id, model.lock_version == item.lock_version)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        db.session.rollback()
        raise Conflict("Someone changed this item at the same moment; it was not changed.")
    decision.undone_at = now
    reversal = record(decision.item_type, item, states.UNDO, decision.to_status, decision.from_status, actor,
                      now, feedback=f"Undid decision #{decision.id}")
    db.session.expire(item)
    kind.after_undo(item, decision)
    signals.moderation.undone.send(item, decision=decision)
    db.session.commit()
    return Outcome(reversal, item)


def last_decision(item_type: str, item_id: int) -> Decision | None:
    return db.session.scalar(
        select(Decision)
        .where(Decision.item_type == item_type, Decision.item_id == item_id)
        .order_by(Decision.id.desc())
        .limit(1)
    )


def conflict(item_type: str, item) -> Conflict:
    """Explain what happened to an item someone else decided first."""
    latest = last_decision(item_type, item.id)
    if latest is None:
        return Conflict("This item changed since you opened it; look at it again.")
    label = states.ACTION_LABELS.get(latest.action, latest.action)
    who = latest.actor.display_name if latest.actor else "Someone"
    return Conflict(f"{who} already {label} this item; nothing was changed.", latest)
