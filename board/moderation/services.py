"""Moderation decisions: conditional updates through the state machine, logged and undoable."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select, update

from board.admin.wordlists import check_text
from board.discussions.flags import refresh_flag_state
from board.discussions.models import Flag, Post, PostVersion
from board.extensions import db
from board.moderation import states
from board.moderation.models import Decision
from board.notifications import services as notify
from board.pads.models import Pad
from board.text import render_markdown
from board.timeutil import utcnow


class Conflict(Exception):
    """Someone decided first; nothing was changed."""

    def __init__(self, message: str, decision: Decision | None = None):
        super().__init__(message)
        self.decision = decision


class DecisionError(ValueError):
    """The decision is missing something it needs (feedback, a reason, text)."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


#: the longest feedback or reason a writer is given, and the norm it names
FEEDBACK_MAX_CHARS = 2_000
NORM_MAX_CHARS = 300


def _within(field: str, text: str, limit: int, what: str) -> None:
    """Refuse a text over its limit, saying by how much, before anything is changed."""
    if len(text) > limit:
        raise DecisionError(field, f"This {what} is {len(text):,} characters; the limit is {limit:,}. "
                                   "Shorten it a little: what you wrote is kept here.")


@dataclass
class Outcome:
    decision: Decision
    item: Post | Pad
    #: read before the commit, so a decision made is answered as made whatever the database does next
    action: str = ""
    author_name: str = ""
    kind: str = ""
    decision_id: int = 0
    to_status: str = ""

    @property
    def post(self) -> Post:
        return self.item


def check_feedback(action: str, feedback: str, norm: str = "") -> str:
    """Return the feedback trimmed, or refuse it when a return or rejection has none or too much."""
    feedback = (feedback or "").strip()
    _within("feedback", feedback, FEEDBACK_MAX_CHARS, "feedback")
    _within("feedback", norm or "", NORM_MAX_CHARS, "norm")
    if action == states.RETURN and not feedback:
        raise DecisionError("feedback", "Tell the writer what to revise: feedback is required.")
    if action == states.REJECT and not feedback:
        raise DecisionError("feedback", "Give a reason: the writer sees it beside their text.")
    return feedback


def decide(
    post: Post,
    action: str,
    actor,
    seen_version: int,
    feedback: str = "",
    norm: str = "",
    edited_md: str | None = None,
    batch: str | None = None,
) -> Outcome:
    """Apply a teacher's decision if nobody changed the item since they saw it."""
    feedback = check_feedback(action, feedback, norm)
    if action == states.EDIT_APPROVE:
        _within("body", (edited_md or "").strip(), current_app.config["POST_MAX_CHARS"], "text")
    if action == states.EDIT_APPROVE and not (edited_md or "").strip():
        raise DecisionError("body", "The edited text cannot be empty.")
    now = utcnow()
    values: dict = {}
    if action in (states.RETURN, states.REJECT):
        values.update(feedback=feedback, feedback_norm=norm or "")
    if action in (states.APPROVE, states.EDIT_APPROVE):
        values.update(feedback="", feedback_norm="")
    if action in states.TEACHER_ACTIONS:
        # Any decision settles the reports that brought the item here.
        values.update(hidden=False, open_flags=0)
    revision_before = post.revision
    from_status, to_status = transition("post", post, action, seen_version, values, now)
    decision = record("post", post, action, from_status, to_status, actor, now,
                      feedback=feedback, norm=norm, revision_before=revision_before, batch=batch)
    db.session.flush()
    if action == states.EDIT_APPROVE:
        _save_teacher_edit(post, actor, edited_md)
    if action in states.TEACHER_ACTIONS:
        _resolve_flags(post, actor, decision, now)
    db.session.expire(post)
    notify.decision_made(post, decision)
    if to_status == states.PUBLISHED and from_status != states.PUBLISHED:
        notify.published(post, decision)
    outcome = Outcome(decision, post, action=action, author_name=post.author.display_name, kind=post.kind,
                      decision_id=decision.id, to_status=to_status)
    db.session.commit()
    return outcome


#: the kinds of contribution the state machine moves, by the name decisions record
MODELS = {"post": Post, "pad": Pad}


def transition(item_type: str, item, action: str, seen_version: int, values: dict, now) -> tuple[str, str]:
    """Move an item to its next status if nobody changed it since it was seen (one UPDATE ... WHERE).

    Returns (from, to); raises Conflict, naming who decided first, when the item moved on.
    """
    model = MODELS[item_type]
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
        item_type=item_type, item_id=item.id, classroom_id=item.classroom_id, action=action,
        from_status=from_status, to_status=to_status, actor_id=actor.id, feedback=feedback,
        norm=norm or "", revision_before=revision_before, created_at=now, batch=batch,
    )
    db.session.add(decision)
    db.session.flush()
    return decision


def undo(decision: Decision, actor) -> Outcome:
    """Reverse a recent decision, if it is still the last thing that happened to the item."""
    model = MODELS[decision.item_type]
    item = db.session.get(model, decision.item_id)
    if decision.undone_at is not None:
        raise Conflict("That decision was already undone.")
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

    values: dict = {"status": decision.from_status, "lock_version": model.lock_version + 1, "decided_at": now}
    if decision.item_type == "pad":
        values["published_revision"] = decision.revision_before
    else:
        values.update(_post_values_before(item, decision))
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
    if decision.item_type == "post":
        _reopen_flags(item, decision)
        notify.decision_undone(item, decision)
    db.session.commit()
    return Outcome(reversal, item)


def _post_values_before(post: Post, decision: Decision) -> dict:
    """What a post looked like before a decision: its publication, feedback and text."""
    values: dict = {}
    if decision.from_status != states.PUBLISHED:
        values["published_at"] = None
    if decision.action in (states.RETURN, states.REJECT):
        values.update(feedback="", feedback_norm="")
    if decision.action == states.EDIT_APPROVE and decision.revision_before:
        before = db.session.scalar(
            select(PostVersion).where(
                PostVersion.post_id == post.id, PostVersion.number == decision.revision_before
            )
        )
        values.update(body_md=before.body_md, body_html=before.body_html, findings=before.findings,
                      revision=before.number)
    return values


def can_undo(decision: Decision, now=None) -> bool:
    """Tell whether the undo button should still be offered."""
    window = timedelta(seconds=current_app.config["UNDO_WINDOW_SECONDS"])
    return (
        decision.undone_at is None
        and decision.action in states.TEACHER_ACTIONS
        and (now or utcnow()) - decision.created_at <= window
    )


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


def _save_teacher_edit(post: Post, actor, edited_md: str) -> None:
    """Keep the student's text in history and make the teacher's edit current."""
    number = (
        db.session.scalar(select(func.max(PostVersion.number)).where(PostVersion.post_id == post.id))
        or 0
    ) + 1
    html = render_markdown(edited_md)
    findings = check_text(edited_md)
    db.session.add(
        PostVersion(
            post_id=post.id,
            number=number,
            body_md=edited_md,
            body_html=html,
            findings=findings,
            author_id=actor.id,
            note="edited by teacher",
        )
    )
    db.session.execute(
        update(Post)
        .where(Post.id == post.id)
        .values(body_md=edited_md, body_html=html, findings=findings, revision=number)
        .execution_options(synchronize_session=False)
    )


def _resolve_flags(post: Post, actor, decision: Decision, now) -> None:
    db.session.execute(
        update(Flag)
        .where(Flag.post_id == post.id, Flag.resolved_at.is_(None))
        .values(resolved_at=now, resolved_by_id=actor.id, resolved_by_decision_id=decision.id)
        .execution_options(synchronize_session=False)
    )


def _reopen_flags(post: Post, decision: Decision) -> None:
    """Put back the reports a reversed decision had settled."""
    reopened = db.session.execute(
        update(Flag)
        .where(Flag.resolved_by_decision_id == decision.id)
        .values(resolved_at=None, resolved_by_id=None, resolved_by_decision_id=None)
        .execution_options(synchronize_session=False)
    ).rowcount
    if reopened:
        refresh_flag_state(post.id)
