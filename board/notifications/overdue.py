"""Work waiting longer than the school's target (QUEUE_TARGET_HOURS): its teachers are told once."""
from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select

from board.discussions.models import Post
from board.extensions import db
from board.moderation import states
from board.notifications.models import Notification
from board.notifications.services import notify, teachers_of
from board.pads.models import Pad
from board.text import excerpt
from board.timeutil import utcnow


def _key(kind: str, item) -> str:
    # A resubmission waits anew: its own arrival time makes it a new item to tell about.
    return f"overdue:{kind}:{item.id}:{item.submitted_at:%Y%m%d%H%M%S}"


def check_overdue(now: datetime | None = None) -> int:
    """Tell teachers about each item waiting past the target, once per item and arrival; return how many."""
    hours = current_app.config["QUEUE_TARGET_HOURS"]
    if not hours or hours <= 0:
        return 0
    cutoff = (now or utcnow()) - timedelta(hours=hours)
    items = [("post", post) for post in db.session.scalars(
        select(Post).where(Post.status == states.PENDING, Post.submitted_at <= cutoff))]
    items += [("pad", pad) for pad in db.session.scalars(
        select(Pad).where(Pad.status == states.PENDING, Pad.submitted_at <= cutoff))]
    if not items:
        return 0
    keys = {_key(kind, item) for kind, item in items}
    told = set(db.session.execute(select(Notification.user_id, Notification.once_key).where(
        Notification.once_key.in_(keys))).all())
    sent = 0
    for kind, item in items:
        key = _key(kind, item)
        for teacher_id in teachers_of(item.classroom_id):
            if (teacher_id, key) in told:
                continue
            if kind == "post":
                text = (f"A {item.kind} by {item.author.display_name} to “{excerpt(item.prompt.question, 60)}” "
                        f"has waited more than {hours} hours.")
                made = notify(teacher_id, "overdue", text, post_id=item.id, once_key=key)
            else:
                text = f"Changes to the pad “{excerpt(item.title, 80)}” have waited more than {hours} hours."
                made = notify(teacher_id, "overdue", text, pad_id=item.id, once_key=key)
            sent += made is not None
    db.session.commit()
    return sent
