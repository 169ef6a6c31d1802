"""Settings from the environment keep their types; production refuses to start without a secret."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from board import create_app
from board.config import DEFAULTS, ConfigError

README = Path(__file__).resolve().parent.parent / "README.md"
SECRET = "a-secret-from-the-environment-0123456789abcdef"


def documented_variables() -> dict[str, str]:
    """Return the README configuration table: variable -> its documented default."""
    text = README.read_text()
    section = text.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    documented = {}
    for names, defaults in re.findall(r"^\| (`[A-Z0-9_]+`(?:, `[A-Z0-9_]+`)*) \| (.*?) \|", section, re.MULTILINE):
        names = re.findall(r"`([A-Z0-9_]+)`", names)
        # A row may name several variables, with their defaults in the same order.
        values = defaults.split(", ") if len(names) > 1 else [defaults]
        if len(values) != len(names):
            values = [defaults] * len(names)
        documented.update(zip(names, values, strict=True))
    assert documented, "the README's configuration table was not found"
    return documented


BOARD_VARIABLES = sorted(name for name in documented_variables() if name.startswith("BOARD_"))
#: set on their own below: they decide how the app starts, not a value it uses
STARTUP = {"BOARD_ENV", "BOARD_SECRET_KEY"}

#: a value of each type that differs from every default, as a person would type it
SAMPLES = {bool: "false", int: "7", float: "2.5", str: "Europe/Paris"}


@pytest.fixture
def env(monkeypatch):
    """Clear BOARD_* from the environment, and return a setter."""
    import os

    for name in list(os.environ):
        if name.startswith("BOARD_") or name in ("DATABASE_URL", "REDIS_URL"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("BOARD_SECRET_KEY", SECRET)

    def set_env(**values):
        for name, value in values.items():
            monkeypatch.setenv(name, value)

    return set_env


def app_from_environment():
    return create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})


@pytest.mark.parametrize("name", [n for n in BOARD_VARIABLES if n not in STARTUP])
def test_documented_variable_from_environment_keeps_the_defaults_type(env, name):
    key = name.removeprefix("BOARD_")
    assert key in DEFAULTS, f"{name} is documented in the README but has no default in board/config.py DEFAULTS"
    default = DEFAULTS[key]
    kind = type(default)
    sample = SAMPLES[kind] if kind is not bool else ("false" if default else "true")
    env(**{name: sample})

    value = app_from_environment().config[key]

    assert type(value) is kind, f"{name}={sample} gave {value!r}, a {type(value).__name__}, not a {kind.__name__}"
    assert value == (sample == "true" if kind is bool else kind(sample))


# A setting without a value ("") is documented by what happens without one.
@pytest.mark.parametrize("name", [n for n in BOARD_VARIABLES
                                  if n not in STARTUP and DEFAULTS.get(n.removeprefix("BOARD_")) != ""])
def test_readme_states_each_default_as_it_is(name):
    documented = documented_variables()[name].strip("`")
    default = DEFAULTS[name.removeprefix("BOARD_")]
    assert documented == (str(default).lower() if isinstance(default, bool) else str(default))


def test_pad_check_seconds_from_environment_is_a_number_of_seconds(env):
    env(BOARD_PAD_CHECK_SECONDS="1.5")
    assert app_from_environment().config["PAD_CHECK_SECONDS"] == 1.5

    env(BOARD_PAD_CHECK_SECONDS="2")
    value = app_from_environment().config["PAD_CHECK_SECONDS"]
    assert value == 2.0 and isinstance(value, float)


@pytest.mark.parametrize("written, expected", [
    ("false", False), ("False", False), ("0", False), ("no", False), ("off", False),
    ("true", True), ("TRUE", True), ("1", True), ("yes", True), ("on", True),
])
def test_switches_read_the_words_people_write(env, written, expected):
    env(BOARD_RATELIMIT_ENABLED=written)
    assert app_from_environment().config["RATELIMIT_ENABLED"] is expected


def test_text_stays_text_even_when_it_looks_like_a_number(env):
    env(BOARD_TIMEZONE="Europe/Paris", BOARD_LOGIN_RATE_LIMIT="5 per minute", BOARD_SECRET_KEY="1" * 40)
    config = app_from_environment().config
    assert config["TIMEZONE"] == "Europe/Paris"
    assert config["LOGIN_RATE_LIMIT"] == "5 per minute"
    assert config["SECRET_KEY"] == "1" * 40


def test_a_value_of_the_wrong_kind_stops_the_start_with_its_name(env):
    env(BOARD_UNDO_WINDOW_SECONDS="five minutes")
    with pytest.raises(ConfigError, match="BOARD_UNDO_WINDOW_SECONDS"):
        app_from_environment()


def test_nested_settings_use_double_underscores_and_leave_the_defaults_alone(env):
    env(BOARD_SOCK_SERVER_OPTIONS__ping_interval="10")
    config = app_from_environment().config
    assert config["SOCK_SERVER_OPTIONS"]["ping_interval"] == 10
    assert config["SOCK_SERVER_OPTIONS"]["max_message_size"] == DEFAULTS["SOCK_SERVER_OPTIONS"]["max_message_size"]
    assert DEFAULTS["SOCK_SERVER_OPTIONS"]["ping_interval"] == 25


def test_database_and_redis_urls_are_read_as_they_are(env):
    env(DATABASE_URL="postgres://school@db.example/commons", REDIS_URL="redis://127.0.0.1:6379/9")
    config = app_from_environment().config
    assert config["REDIS_URL"] == "redis://127.0.0.1:6379/9"
    # Overrides name the test database; the plain variable is still read as text.
    assert config["DATABASE_URL"] == "postgres://school@db.example/commons"


def test_production_refuses_to_start_without_a_secret(env, monkeypatch):
    monkeypatch.delenv("BOARD_SECRET_KEY")
    env(BOARD_ENV="production")
    with pytest.raises(ConfigError, match="BOARD_SECRET_KEY"):
        app_from_environment()

    env(BOARD_SECRET_KEY="changeme")
    with pytest.raises(ConfigError, match="BOARD_SECRET_KEY"):
        app_from_environment()


def test_production_with_a_secret_starts_with_secure_cookies(env):
    env(BOARD_ENV="production")
    config = app_from_environment().config
    assert config["BOARD_ENV"] == "production"
    assert config["SECRET_KEY"] == SECRET
    assert config["SESSION_COOKIE_SECURE"] is True


@pytest.mark.parametrize("hops, forwarded, seen", [
    ("0", "198.51.100.7", "127.0.0.1"),
    ("1", "198.51.100.7", "198.51.100.7"),
    # A client that writes its own X-Forwarded-For is not believed: the proxy appends the real one.
    ("1", "203.0.113.9, 198.51.100.7", "198.51.100.7"),
])
def test_the_client_address_is_believed_from_as_many_proxies_as_configured(env, hops, forwarded, seen):
    from flask import request

    env(BOARD_PROXY_HOPS=hops)
    app = app_from_environment()
    app.add_url_rule("/address-seen", "address_seen", lambda: request.remote_addr)
    answer = app.test_client().get("/address-seen", headers={"X-Forwarded-For": forwarded},
                                   environ_base={"REMOTE_ADDR": "127.0.0.1"})
    assert answer.text == seen
