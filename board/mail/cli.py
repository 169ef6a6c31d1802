"""`flask --app app worker`: sends mail from the outbox and tells teachers of overdue work."""
from __future__ import annotations

import signal
import threading

import click
from flask import current_app

from board.extensions import db


def register(app) -> None:
    @app.cli.command("worker")
    @click.option("--once", is_flag=True, help="Do one round and stop (for cron and tests).")
    @click.option("--digest-now", is_flag=True, help="Build everyone's digest now, whatever the hour.")
    @click.option("--interval", type=float, default=None, help="Seconds between rounds (WORKER_INTERVAL_SECONDS).")
    def worker_command(once: bool, digest_now: bool, interval: float | None):
        """Send mail from the outbox (after the undo window), build daily digests, tell of overdue work."""
        from board.mail import worker
        from board.mail.digest import build_digests

        if digest_now:
            made = build_digests(force=True)
            db.session.remove()
            click.echo(f"{made} digest(s) built.")
        stop = threading.Event()
        if not once:
            for name in ("SIGTERM", "SIGINT"):
                # Stop between rounds: a mail being handed over is finished and marked first.
                signal.signal(getattr(signal, name), lambda *_: stop.set())
            where = current_app.config.get("MAIL_SERVER") or "instance/mail/ (no BOARD_MAIL_SERVER)"
            click.echo(f"Worker started: mail goes to {where}. Ctrl+C stops it.")
            if current_app.config.get("MAIL_SERVER") and not current_app.config.get("BASE_URL"):
                click.echo("BOARD_BASE_URL is not set: links in mail point to http://localhost:5000.", err=True)
        worker.run(stop, interval or current_app.config["WORKER_INTERVAL_SECONDS"], once=once)
