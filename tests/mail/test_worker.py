"""The worker: nothing lost and nothing sent twice, when the server is down, or two workers run at once."""
from __future__ import annotations

import threading
from datetime import timedelta

from sqlalchemy import func, select

from board.extensions import db
from board.mail.models import OutboxMessage
from board.mail.worker import send_due
from board.notifications.services import notify
from board.timeutil import utcnow
from tests.mail.conftest import after_undo_window, text_part, with_email


def queue_decisions(people, count: int) -> None:
    """Queue `count` mails (decisions, which go right away by default) spread over the people."""
    for n in range(count):
        notify(people[n % len(people)].id, "decision", f"Decision number {n}.")
    db.session.commit()


def outbox_statuses() -> dict[str, int]:
    return dict(db.session.execute(
        select(OutboxMessage.status, func.count(OutboxMessage.id)).group_by(OutboxMessage.status)).all())


def numbers_received(inbox) -> list[int]:
    return sorted(int(text_part(m).split("Decision number ")[1].split(".")[0]) for m in inbox.messages)


def test_a_server_that_is_down_delays_mail_without_losing_or_repeating_it(app, make, smtp, work):
    school = make.school()
    people = [with_email(school.maya), with_email(school.jonah)]
    queue_decisions(people, 5)
    smtp.stop()
    later = after_undo_window(app)
    counts = work(later)
    assert counts["sent"] == 0 and counts["retried"] == 1
    assert outbox_statuses() == {"queued": 5}
    tried = db.session.scalar(select(OutboxMessage).where(OutboxMessage.attempts == 1))
    assert tried.not_before > later and "Connection refused" in tried.last_error

    smtp.start()
    work(later)  # before the retry is due, the tried message waits; the untried ones go
    assert len(smtp.inbox.messages) == 4
    work(later + timedelta(seconds=app.config["MAIL_RETRY_SECONDS"] + 1))
    work(later + timedelta(hours=1))
    assert numbers_received(smtp.inbox) == [0, 1, 2, 3, 4]
    assert outbox_statuses() == {"sent": 5}


def test_each_failure_waits_longer_before_the_next_try(app, make, smtp, work):
    school = make.school()
    queue_decisions([with_email(school.maya)], 1)
    smtp.stop()
    now = after_undo_window(app)
    waits = []
    for _ in range(3):
        work(now)
        message = db.session.scalar(select(OutboxMessage))
        waits.append((message.not_before - now).total_seconds())
        now = message.not_before
    assert waits == [60, 120, 240]
    smtp.start()
    work(now)
    assert len(smtp.inbox.messages) == 1


def test_two_workers_at_once_send_each_mail_once(app, make, smtp):
    school = make.school()
    people = [with_email(school.maya), with_email(school.jonah), with_email(school.lucia)]
    queue_decisions(people, 40)
    later = after_undo_window(app)
    start = threading.Barrier(2)
    results, errors = [], []

    def worker() -> None:
        try:
            with app.app_context():
                start.wait(timeout=10)
                results.append(send_due(later, limit=40))
                db.session.remove()
        except Exception as problem:  # reported below, in the test's thread
            errors.append(problem)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    db.session.expire_all()
    assert numbers_received(smtp.inbox) == list(range(40))
    assert sum(r["sent"] for r in results) == 40
    assert outbox_statuses() == {"sent": 40}


def test_the_worker_command_sends_what_is_due(app, make, smtp):
    school = make.school()
    address = with_email(school.maya).email
    queue_decisions([school.maya], 1)
    # The undo window has passed (a cron run minutes later).
    db.session.execute(db.update(OutboxMessage).values(not_before=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["worker", "--once"])
    assert result.exit_code == 0, result.output
    assert len(smtp.inbox.to(address)) == 1


def test_without_a_mail_server_mail_is_written_to_files_and_logged(app, make, work, monkeypatch, tmp_path, caplog):
    monkeypatch.setitem(app.config, "MAIL_SERVER", "")
    monkeypatch.setattr(app, "instance_path", str(tmp_path))
    school = make.school()
    queue_decisions([with_email(school.maya)], 1)
    with caplog.at_level("WARNING"):
        work(after_undo_window(app))
    [written] = list((tmp_path / "mail").glob("*.eml"))
    assert "Decision number 0." in written.read_text()
    assert str(written) in caplog.text and school.maya.email in caplog.text


def test_a_failed_round_is_logged_and_the_worker_goes_on(app, monkeypatch, caplog):
    from board.mail import worker

    rounds = []
    stop = threading.Event()

    def round_that_fails_once(now=None):
        rounds.append(now)
        if len(rounds) == 1:
            raise RuntimeError("database restarting")
        stop.set()
        return {"sent": 0}

    monkeypatch.setattr(worker, "tick", round_that_fails_once)
    with caplog.at_level("ERROR"):
        worker.run(stop, interval=0)
    assert len(rounds) == 2 and "worker round failed" in caplog.text
