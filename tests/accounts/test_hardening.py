"""Secrets on disk are private, admins get strong passwords, production asks browsers for HTTPS only."""
import stat

from flask import Flask

from board import config as board_config
from board.accounts.models import User
from board.extensions import db

STRONG_SECRET = "k3J9x2-vQ8pL0sN4mR7tW1yZ5bC6dF8gH0jK2lM4nP6qR8sT"


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_create_admin_refuses_a_short_password(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["create-admin", "boss", "--password", "short"])
    assert result.exit_code != 0 and "at least 8 characters" in result.output
    assert db.session.scalar(db.select(User).where(User.login == "boss")) is None
    result = runner.invoke(args=["create-admin", "boss", "--password", "a long enough one"])
    assert result.exit_code == 0, result.output


def test_the_generated_secret_and_the_instance_folder_are_private(tmp_path):
    instance = tmp_path / "instance"
    instance.mkdir(mode=0o755)
    instance.chmod(0o755)
    app = Flask("probe", instance_path=str(instance))
    board_config.load(app, {"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert mode(instance / "secret_key") == 0o600
    assert mode(instance) == 0o700


def test_a_secret_left_readable_by_others_is_made_private(tmp_path):
    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / "secret_key").write_text("x" * 64)
    (instance / "secret_key").chmod(0o644)
    board_config.load(Flask("probe", instance_path=str(instance)), {"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert mode(instance / "secret_key") == 0o600


def test_demo_logins_are_written_for_the_owner_only(app, monkeypatch, tmp_path):
    monkeypatch.setattr(app, "instance_path", str(tmp_path))
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert mode(tmp_path / "demo-logins.txt") == 0o600


def test_production_asks_for_https_only(make_app):
    production = make_app(BOARD_ENV="production", SECRET_KEY=STRONG_SECRET)
    header = production.test_client().get("/login").headers.get("Strict-Transport-Security")
    assert header == "max-age=31536000; includeSubDomains"
    development = make_app()
    assert "Strict-Transport-Security" not in development.test_client().get("/login").headers
