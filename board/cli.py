"""Commands: seed-demo, create-admin, render, norms check."""
from __future__ import annotations

import secrets
import sys
from pathlib import Path

import click
from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError, ProgrammingError

from board.config import write_private
from board.extensions import db
from board.text import render_markdown

_WORDS = (
    "maple river cedar harbor meadow lantern orbit pebble comet willow canyon summit "
    "violet garnet falcon otter quill prairie ember tidal"
).split()


def readable_password() -> str:
    """Return a random password a person can type from a printout: two words and digits."""
    return f"{secrets.choice(_WORDS)}-{secrets.choice(_WORDS)}-{secrets.randbelow(90) + 10}"


def register(app) -> None:
    from board.backup import cli as backup_cli

    backup_cli.register(app)
    from board.mail import cli as mail_cli

    mail_cli.register(app)

    @app.cli.command("render")
    def render_command():
        """Read Markdown on standard input; print exactly the HTML pages would show."""
        sys.stdout.write(render_markdown(sys.stdin.read()))
        sys.stdout.write("\n")

    @app.cli.command("seed-demo")
    @click.option("--if-empty", is_flag=True, help="Do nothing when the database already has accounts.")
    def seed_demo_command(if_empty: bool):
        """Create a small demo school and print its logins."""
        from board.accounts.models import User
        from board.demo import seed_demo, tour

        if current_app.config["BOARD_ENV"] == "production":
            raise click.ClickException("The demo school is for development, not production.")
        if db.session.scalar(select(func.count(User.id))):
            if if_empty:
                _print_saved_logins(app)
                return
            raise click.ClickException("The database already has accounts; seed-demo only fills an empty one.")
        logins = seed_demo()
        width = max(len(login) for _, login, _ in logins)
        lines = ["Demo logins (also saved in instance/demo-logins.txt):"]
        lines += [f"  {role:<8} {login:<{width}}  {password}" for role, login, password in logins]
        with app.test_request_context():
            guide = tour()
        if guide:
            lines += ["", *guide]
        text = "\n".join(lines)
        write_private(Path(app.instance_path, "demo-logins.txt"), text + "\n")
        click.echo(text)

    @app.cli.command("create-admin")
    @click.argument("login")
    @click.option("--first-name", default="School", show_default=True)
    @click.option("--last-name", default="Admin", show_default=True)
    @click.password_option()
    def create_admin_command(login: str, first_name: str, last_name: str, password: str):
        """Create an admin account (asks for the password)."""
        from board.accounts.services import AccountError, create_user

        try:
            create_user(first_name, last_name, login, password, role="admin")
        except AccountError as problem:
            raise click.ClickException(str(problem)) from None
        db.session.commit()
        click.echo(f"Admin {login} created.")

    @app.cli.group("norms")
    def norms_group():
        """Norms checks."""

    @norms_group.command("check")
    @click.option("--json", "as_json", is_flag=True, help="One JSON object a line.")
    def norms_check_command(as_json: bool):
        """Check each line of standard input with the school's current word lists."""
        from board.admin.wordlists import current_lists
        from board.norms import WordLists, check
        from board.norms.report import to_json_line, to_readable

        try:
            lists = current_lists()
        except (OperationalError, ProgrammingError):
            db.session.rollback()
            click.echo("(no database yet: using the built-in lists only)", err=True)
            lists = WordLists()
        for line in sys.stdin:
            text = line.rstrip("\n")
            findings = check(text, lists)
            click.echo(to_json_line(text, findings) if as_json else to_readable(text, findings))


def _print_saved_logins(app) -> None:
    saved = Path(app.instance_path, "demo-logins.txt")
    if saved.exists():
        click.echo(saved.read_text().rstrip())
