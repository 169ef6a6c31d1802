"""Pads as a moderated kind: a section of the queue with what changed since the published version."""
from __future__ import annotations

from flask import abort
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from board import permissions
from board.extensions import db
from board.moderation import states
from board.moderation.kinds import Kind
from board.pads.models import Pad
from board.pads.services import pads_waiting, review


def load_for_teacher(user, pad_id: int) -> Pad:
    """Return a pad this teacher may publish: 404 outside their classes, 403 without the right."""
    pad = permissions.get_or_404(Pad, pad_id)
    if not permissions.can_read_live_pad(user, pad):
        abort(404)
    permissions.require(permissions.can_moderate(user, pad.classroom_id))
    return pad


def load_many(ids) -> list[Pad]:
    return list(db.session.scalars(select(Pad).options(selectinload(Pad.prompt)).where(Pad.id.in_(list(ids)))))


def waiting(classroom_ids: list[int]) -> list:
    return [select(func.count(Pad.id).label("n"), func.min(Pad.submitted_at).label("oldest")).where(
        Pad.classroom_id.in_(classroom_ids), Pad.status == states.PENDING)]


def reviews(pads: list[Pad]) -> list:
    """Each waiting pad's review: what changed since the published version, by whom, with findings."""
    return [review(pad, short=True) for pad in pads]


def undo_values(pad: Pad, decision) -> dict:
    """An undo makes the revision published before the decision the published one again."""
    return {"published_revision": decision.revision_before}


def undone_message(pad: Pad, decision) -> str:
    if decision.revision_before:
        return f"Undone: revision {decision.revision_before} of the pad “{pad.title}” is the published one again."
    return f"Undone: the pad “{pad.title}” is not published any more; its changes wait for review."


PAD = Kind(
    name="pad",
    model=Pad,
    label="pad",
    load_for_teacher=load_for_teacher,
    load_many=load_many,
    template="pads/_queue_item.html",
    recent_template="pads/_recent_line.html",
    waiting=waiting,
    pending=pads_waiting,
    section_items=reviews,
    section_title="Pads with unpublished changes",
    author_of=lambda pad: None,
    revision_of=lambda pad: pad.published_revision,
    undo_values=undo_values,
    undone_message=undone_message,
    stylesheet="pad/pad.css",
    decided_in_queue=False,
    undo_words="publishing the pad",
)
