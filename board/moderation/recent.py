"""A teacher's recent decisions that can still be undone: one line per decision or per batch."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import and_, exists, select
from sqlalchemy.orm import aliased

from board.extensions import db
from board.moderation import kinds, states
from board.moderation.kinds import Kind
from board.moderation.models import Decision
from board.timeutil import utcnow

#: how many lines the list shows
SHOWN = 10


@dataclass
class Recent:
    #: the newest decision of the line (its undo takes back the whole batch)
    decision: Decision
    item: object | None
    #: how many items of a batch can still be taken back (1 for a single decision)
    count: int = 1

    @property
    def kind(self) -> Kind:
        return kinds.get(self.decision.item_type)

    @property
    def is_batch(self) -> bool:
        return self.decision.batch is not None


def recent_items(decisions: list[Decision]) -> dict[tuple[str, int], object]:
    """Load what each decision was about, keyed by (kind, id): a post and a pad may share an id."""
    wanted: dict[str, set[int]] = {}
    for decision in decisions:
        wanted.setdefault(decision.item_type, set()).add(decision.item_id)
    found: dict[tuple[str, int], object] = {}
    for name, ids in wanted.items():
        for item in kinds.get(name).load_many(ids):
            found[(name, item.id)] = item
    return found


def recent_decisions(user, now: datetime | None = None) -> list[Recent]:
    """Return this teacher's decisions that an undo would still take back, newest first.

    A decision something else happened after (another teacher's, a resubmission) is left out,
    so no Undo button is offered that could only end in "it was not changed".
    """
    now = now or utcnow()
    window = timedelta(seconds=current_app.config["UNDO_WINDOW_SECONDS"])
    later = aliased(Decision)
    decisions = list(db.session.scalars(
        select(Decision)
        .where(
            Decision.actor_id == user.id,
            Decision.created_at >= now - window,
            Decision.undone_at.is_(None),
            Decision.action.in_(states.TEACHER_ACTIONS),
            ~exists().where(and_(later.item_type == Decision.item_type, later.item_id == Decision.item_id,
                                 later.id > Decision.id)),
        )
        .order_by(Decision.id.desc())
        # A batch is at most a page of the queue; this is enough for SHOWN lines of them.
        .limit(SHOWN * current_app.config["QUEUE_PAGE_SIZE"])
    ))
    items = recent_items(decisions)
    lines: list[Recent] = []
    batches: dict[str, Recent] = {}
    for decision in decisions:
        item = items.get((decision.item_type, decision.item_id))
        if item is None or item.status != decision.to_status:
            continue
        if decision.batch and decision.batch in batches:
            batches[decision.batch].count += 1
            continue
        line = Recent(decision, item)
        if decision.batch:
            batches[decision.batch] = line
        lines.append(line)
    return lines[:SHOWN]
