"""Handing mail over: to the SMTP server of BOARD_MAIL_SERVER, or without one to files in instance/mail/."""
from __future__ import annotations

import logging
import smtplib
import ssl
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path

from flask import current_app

log = logging.getLogger(__name__)


class SmtpSender:
    """One connection for a batch, opened at the first mail so a server that is down fails that mail."""

    def __init__(self, config):
        self.config = config
        self.connection: smtplib.SMTP | None = None

    def _open(self) -> smtplib.SMTP:
        config = self.config
        connection = smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=config["MAIL_TIMEOUT_SECONDS"])
        try:
            if config["MAIL_USE_TLS"]:
                connection.starttls(context=ssl.create_default_context())
            if config["MAIL_USERNAME"]:
                connection.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        except BaseException:
            connection.close()
            raise
        return connection

    def send(self, mail: EmailMessage) -> None:
        if self.connection is None:
            self.connection = self._open()
        try:
            self.connection.send_message(mail)
        except (smtplib.SMTPServerDisconnected, OSError):
            self.close()
            raise

    def close(self) -> None:
        if self.connection is not None:
            try:
                self.connection.quit()
            except (smtplib.SMTPException, OSError):
                self.connection.close()
            self.connection = None


class FileSender:
    """Without a mail server (development): each mail becomes an .eml file, and a line in the log."""

    def __init__(self, folder: Path):
        self.folder = folder

    def send(self, mail: EmailMessage) -> None:
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        path = self.folder / f"{stamp}-{mail['X-Commons-Outbox']}.eml"
        path.write_bytes(bytes(mail))
        log.warning("mail to %s, %r, written to %s (set BOARD_MAIL_SERVER to send it)",
                    mail["To"], mail["Subject"], path)

    def close(self) -> None:
        pass


def sender_for_app():
    """The sender the configuration asks for."""
    if current_app.config.get("MAIL_SERVER"):
        return SmtpSender(current_app.config)
    return FileSender(Path(current_app.instance_path) / "mail")
