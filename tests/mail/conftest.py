"""A real SMTP server (aiosmtpd) in the test process, the app pointed at it, and the worker run on demand."""
from __future__ import annotations

import email
import email.policy
import socket
import threading
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller

from board.extensions import db
from board.mail.worker import tick
from board.timeutil import utcnow


@dataclass
class Inbox:
    """What the SMTP server received: every message, parsed, in arrival order."""

    messages: list = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server, session, envelope):
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.messages.append(parsed)
        return "250 Message accepted"

    def to(self, address: str) -> list:
        return [m for m in self.messages if m["To"] == address]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SmtpServer:
    """An SMTP server that can be stopped (down) and started again on the same port (up)."""

    def __init__(self):
        self.inbox = Inbox()
        self.port = _free_port()
        self.controller = None

    def start(self) -> None:
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp(app, monkeypatch):
    """A running SMTP server the app sends to; digests only when a test asks for one."""
    server = SmtpServer()
    server.start()
    for key, value in {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": server.port, "MAIL_USE_TLS": False,
                       "MAIL_FROM": "Commons <commons@school.test>", "BASE_URL": "http://commons.test",
                       "MAIL_DIGEST_HOUR": 24, "MAIL_TIMEOUT_SECONDS": 5}.items():
        monkeypatch.setitem(app.config, key, value)
    yield server
    server.stop()


def after_undo_window(app, extra: int = 1):
    return utcnow() + timedelta(seconds=app.config["UNDO_WINDOW_SECONDS"] + extra)


@pytest.fixture
def work(app):
    """Run one round of the worker, in its own app context (its own database session), as the command does."""

    def run(now=None):
        with app.app_context():
            counts = tick(now)
        db.session.expire_all()
        return counts

    return run


def with_email(user, address: str | None = None):
    """Give a person an email address (readers sign up with one; students and teachers may have one)."""
    user.email = address or f"{user.login}@school.test"
    db.session.commit()
    return user


def text_part(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def html_part(message) -> str:
    return message.get_body(preferencelist=("html",)).get_content()
