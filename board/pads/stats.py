"""Pad figures a teacher reads at a glance: how many pads a prompt has, published, and waiting."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, func, select

from board.extensions import db
from board.moderation.states import PENDING
from board.pads.models import Pad


@dataclass
class PadCounts:
    #: the prompt's pads (the class pad and any group pads)
    pads: int = 0
    #: pads with a published revision
    published: int = 0
    #: pads with changes the public has not seen yet, waiting in the queue
    waiting: int = 0


def pad_counts(prompt_ids: list[int]) -> dict[int, PadCounts]:
    """Return the pad figures of each prompt, in one query."""
    if not prompt_ids:
        return {}
    rows = db.session.execute(
        select(
            Pad.prompt_id,
            func.count(Pad.id),
            func.sum(case((Pad.published_revision.is_not(None), 1), else_=0)),
            func.sum(case((Pad.status == PENDING, 1), else_=0)),
        ).where(Pad.prompt_id.in_(prompt_ids)).group_by(Pad.prompt_id)
    ).all()
    return {pid: PadCounts(int(n or 0), int(published or 0), int(waiting or 0)) for pid, n, published, waiting in rows}
