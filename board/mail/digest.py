"""The daily digest: what each person chose to hear once a day, in one mail after MAIL_DIGEST_HOUR."""
from __future__ import annotations

from datetime import datetime

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from board.accounts.models import User
from board.extensions import db
from board.mail import preferences
from board.mail.models import FOLDED, HELD, QUEUED, OutboxMessage
from board.timeutil import to_local, utcnow


def _teachers_wanting_summary(done: set[int]) -> set[int]:
    """Teachers (not yet sent today's digest) who want the daily summary of what waits, and have some."""
    from board.moderation.queue import waiting_summary

    wanted = set()
    for user in db.session.scalars(select(User).where(
            User.role.in_(("teacher", "admin")), User.email.is_not(None), User.active.is_(True))):
        if user.id in done:
            continue
        if preferences.choice_for(user, "waiting") == preferences.DIGEST and waiting_summary(user)["count"]:
            wanted.add(user.id)
    return wanted


def build_digests(now: datetime | None = None, force: bool = False) -> int:
    """Fold each person's held mail into today's digest (once a day each); return how many digests were made.

    Before the school's MAIL_DIGEST_HOUR nothing is built, unless `force` (a digest right now).
    """
    now = now or utcnow()
    local = to_local(now)
    if not force and local.hour < current_app.config["MAIL_DIGEST_HOUR"]:
        return 0
    suffix = local.date().isoformat() if not force else now.strftime("%Y-%m-%dT%H:%M:%S.%f")
    held = set(db.session.scalars(select(OutboxMessage.user_id).where(
        OutboxMessage.status == HELD, OutboxMessage.not_before <= now).distinct()))
    done = set(db.session.scalars(select(OutboxMessage.user_id).where(
        OutboxMessage.once_key.like(f"digest:%:{suffix}"))))
    people = (held - done) | _teachers_wanting_summary(done)
    made = 0
    for user_id in sorted(people):
        digest = OutboxMessage(user_id=user_id, kind="digest", status=QUEUED, not_before=now, created_at=now,
                               once_key=f"digest:{user_id}:{suffix}")
        try:
            # One digest per person a day, whichever worker builds it first.
            with db.session.begin_nested():
                db.session.add(digest)
        except IntegrityError:
            continue
        db.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.user_id == user_id, OutboxMessage.status == HELD, OutboxMessage.not_before <= now)
            .values(status=FOLDED, digest_id=digest.id).execution_options(synchronize_session=False))
        made += 1
    db.session.commit()
    return made
