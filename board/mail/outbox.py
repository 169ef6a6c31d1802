"""The outbox: mail is queued in the request's transaction and sent later by a worker.

A worker claims due rows with one conditional UPDATE (FOR UPDATE SKIP LOCKED on PostgreSQL), so
several workers never take the same row; a failed send goes back to the queue with a growing wait.
"""
from __future__ import annotations

import logging
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select, update

from board.extensions import db
from board.mail.models import CANCELLED, FAILED, HELD, QUEUED, SENDING, SENT, OutboxMessage
from board.mail.preferences import MAIL_KIND, NEVER, NOW, choice_for
from board.timeutil import utcnow

log = logging.getLogger(__name__)


def enqueue(notification, user, now: datetime | None = None) -> OutboxMessage | None:
    """Queue the mail a notification calls for, by its reader's choice, to go once the undo window has passed."""
    if not user.email:
        return None
    kind = MAIL_KIND.get(notification.kind)
    choice = choice_for(user, kind) if kind else NEVER
    if choice == NEVER:
        return None
    now = now or utcnow()
    message = OutboxMessage(
        user_id=user.id, kind=notification.kind, notification_id=notification.id,
        status=QUEUED if choice == NOW else HELD, created_at=now,
        not_before=now + timedelta(seconds=current_app.config["UNDO_WINDOW_SECONDS"]),
    )
    db.session.add(message)
    return message


def claim(worker: str, now: datetime, limit: int = 20) -> list[OutboxMessage]:
    """Take up to `limit` due messages for this worker; no other worker gets them."""
    due = (select(OutboxMessage.id)
           .where(OutboxMessage.status == QUEUED, OutboxMessage.not_before <= now)
           .order_by(OutboxMessage.id).limit(limit)
           .with_for_update(skip_locked=True))
    db.session.execute(
        update(OutboxMessage)
        # The status test again: on PostgreSQL a row another worker claimed meanwhile is skipped.
        .where(OutboxMessage.id.in_(due.scalar_subquery()), OutboxMessage.status == QUEUED)
        .values(status=SENDING, claimed_by=worker, claimed_at=now)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return list(db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.claimed_by == worker, OutboxMessage.status == SENDING).order_by(OutboxMessage.id)))


def _finish(message: OutboxMessage, worker: str, **values) -> None:
    db.session.execute(
        update(OutboxMessage).where(OutboxMessage.id == message.id, OutboxMessage.claimed_by == worker)
        .values(**values).execution_options(synchronize_session=False))
    db.session.commit()


def mark_sent(message: OutboxMessage, worker: str, now: datetime) -> None:
    _finish(message, worker, status=SENT, sent_at=now, claimed_by=None)


def mark_cancelled(message: OutboxMessage, worker: str, reason: str) -> None:
    """Send nothing: what it was about was taken back, or its reader may no longer read it."""
    _finish(message, worker, status=CANCELLED, last_error=reason[:300], claimed_by=None)


def mark_failed(message: OutboxMessage, worker: str, problem: str) -> None:
    """Give up on a message the server refused for good (it stays in the outbox, with why)."""
    log.error("mail %s to person %s refused for good: %s", message.id, message.user_id, problem)
    _finish(message, worker, status=FAILED, last_error=problem[:300], claimed_by=None)


def retry_later(message: OutboxMessage, worker: str, now: datetime, problem: str) -> None:
    """Put a message back in the queue after a failure, waiting longer after each one."""
    attempts = message.attempts + 1
    config = current_app.config
    if attempts >= config["MAIL_MAX_ATTEMPTS"]:
        mark_failed(message, worker, f"gave up after {attempts} attempts: {problem}")
        return
    wait = min(config["MAIL_RETRY_SECONDS"] * 2 ** (attempts - 1), config["MAIL_RETRY_MAX_SECONDS"])
    log.warning("mail %s not sent (attempt %s), next try in %ss: %s", message.id, attempts, wait, problem)
    _finish(message, worker, status=QUEUED, attempts=attempts, last_error=problem[:300], claimed_by=None,
            not_before=now + timedelta(seconds=wait))


def release(messages: list[OutboxMessage], worker: str) -> None:
    """Give claimed messages back untried (the server went away before their turn)."""
    ids = [m.id for m in messages]
    if ids:
        db.session.execute(
            update(OutboxMessage).where(OutboxMessage.id.in_(ids), OutboxMessage.claimed_by == worker)
            .values(status=QUEUED, claimed_by=None).execution_options(synchronize_session=False))
        db.session.commit()


def release_stale(now: datetime) -> int:
    """Give back claims of a worker that stopped mid-send, after MAIL_CLAIM_TIMEOUT_SECONDS."""
    cutoff = now - timedelta(seconds=current_app.config["MAIL_CLAIM_TIMEOUT_SECONDS"])
    count = db.session.execute(
        update(OutboxMessage).where(OutboxMessage.status == SENDING, OutboxMessage.claimed_at < cutoff)
        .values(status=QUEUED, claimed_by=None).execution_options(synchronize_session=False)).rowcount
    db.session.commit()
    return count
