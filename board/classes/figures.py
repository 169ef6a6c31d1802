"""What the class list shows of each class: its students and what waits for a teacher, in three queries."""
from __future__ import annotations

from sqlalchemy import and_, func, or_, select

from board.classes.models import Membership
from board.discussions.models import Post
from board.extensions import db
from board.moderation import states
from board.pads.models import Pad


def class_figures(classroom_ids: list[int]) -> dict[int, dict[str, int]]:
    """Return, per class, how many students it has and how many items wait in its queue."""
    figures = {cid: {"students": 0, "waiting": 0} for cid in classroom_ids}
    if not classroom_ids:
        return figures
    for cid, n in db.session.execute(
        select(Membership.classroom_id, func.count(Membership.id))
        .where(Membership.classroom_id.in_(classroom_ids), Membership.role == "student")
        .group_by(Membership.classroom_id)
    ):
        figures[cid]["students"] = n
    # The same two kinds of waiting work as the queue counts: pending posts and reported ones, and pads.
    waiting = or_(Post.status == states.PENDING, and_(Post.status == states.PUBLISHED, Post.open_flags > 0))
    for query in (
        select(Post.classroom_id, func.count(Post.id)).where(Post.classroom_id.in_(classroom_ids), waiting)
        .group_by(Post.classroom_id),
        select(Pad.classroom_id, func.count(Pad.id)).where(Pad.classroom_id.in_(classroom_ids),
                                                           Pad.status == states.PENDING).group_by(Pad.classroom_id),
    ):
        for cid, n in db.session.execute(query):
            figures[cid]["waiting"] += n
    return figures
