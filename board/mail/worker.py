"""The mail worker: tell teachers of overdue work, build digests, and send what is due from the outbox."""
from __future__ import annotations

import logging
import smtplib
import threading
import uuid
from datetime import datetime

from flask import current_app

from board import signals
from board.extensions import db
from board.mail import outbox
from board.mail.compose import base_url, compose
from board.mail.digest import build_digests
from board.mail.sender import sender_for_app
from board.notifications.overdue import check_overdue
from board.timeutil import utcnow

log = logging.getLogger(__name__)


def _refused_for_good(problem: Exception) -> bool:
    """A 5xx answer or refused recipients: sending again would be refused again."""
    if isinstance(problem, smtplib.SMTPRecipientsRefused):
        return True
    return isinstance(problem, smtplib.SMTPResponseException) and problem.smtp_code >= 500 and not isinstance(
        problem, smtplib.SMTPAuthenticationError)


def send_due(now: datetime | None = None, limit: int = 50) -> dict:
    """Send the messages that are due; return counts of sent, cancelled, retried and failed."""
    now = now or utcnow()
    worker = uuid.uuid4().hex
    counts = {"sent": 0, "cancelled": 0, "retried": 0, "failed": 0}
    messages = outbox.claim(worker, now, limit)
    if not messages:
        return counts
    sender = sender_for_app()
    try:
        for index, message in enumerate(messages):
            # Links in the mail are absolute: written as if the board were asked from BASE_URL.
            with current_app.test_request_context("/", base_url=base_url()):
                mail = compose(message)
            if mail is None:
                outbox.mark_cancelled(message, worker, "nothing left to say to this person")
                counts["cancelled"] += 1
                continue
            try:
                sender.send(mail)
            except (smtplib.SMTPException, OSError) as problem:
                if _refused_for_good(problem):
                    outbox.mark_failed(message, worker, repr(problem))
                    counts["failed"] += 1
                    continue
                outbox.retry_later(message, worker, now, repr(problem))
                counts["retried"] += 1
                # The server is away: the rest of the batch waits for the next round, untried.
                outbox.release(messages[index + 1:], worker)
                break
            outbox.mark_sent(message, worker, utcnow())
            counts["sent"] += 1
    finally:
        sender.close()
    return counts


def tick(now: datetime | None = None) -> dict:
    """Do one round of the worker's work."""
    now = now or utcnow()
    try:
        released = outbox.release_stale(now)
        overdue = check_overdue(now)
        digests = build_digests(now)
        counts = send_due(now)
        # Other features' periodic work (old pictures never sent, for one), without importing them.
        for _receiver, done in signals.worker.round.send(now=now):
            counts.update(done or {})
    finally:
        # A fresh session each round: nothing cached (memberships, rows) outlives it.
        db.session.remove()
    return {"released": released, "overdue": overdue, "digests": digests, **counts}


def run(stop: threading.Event, interval: float, once: bool = False) -> None:
    """Do rounds until stopped (or one round with `once`); a failed round is logged and tried again."""
    while True:
        try:
            counts = tick()
            if any(counts.values()):
                log.info("worker round: %s", counts)
        except Exception:
            if once:
                raise
            log.exception("worker round failed; trying again in %ss", interval)
            db.session.remove()
        if once or stop.wait(interval):
            return
