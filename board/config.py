"""Configuration: defaults < instance/config.py < environment (BOARD_*, DATABASE_URL, REDIS_URL)."""
from __future__ import annotations

import copy
import json
import os
import secrets
from pathlib import Path

DEFAULTS = {
    "BOARD_ENV": "development",
    #: empty: generated into instance/ in development, refused in production
    "SECRET_KEY": "",
    #: the school's time zone, for prompt dates
    "TIMEZONE": "UTC",
    #: proxies in front of the app whose X-Forwarded-For/-Proto are believed (1 behind deploy/nginx.conf)
    "PROXY_HOPS": 0,
    "SQLALCHEMY_TRACK_MODIFICATIONS": False,
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    "WTF_CSRF_TIME_LIMIT": 8 * 3600,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    #: seconds "keep me signed in" lasts, and the longest any sign-in lives on the server: a school term
    "REMEMBER_COOKIE_DURATION": 120 * 24 * 3600,
    "MAX_CONTENT_LENGTH": 1 * 1024 * 1024,
    #: werkzeug's scrypt is the default KDF; tests may use a cheaper one.
    "PASSWORD_HASH_METHOD": "scrypt",
    "RATELIMIT_ENABLED": True,
    "RATELIMIT_HEADERS_ENABLED": True,
    "RATELIMIT_STORAGE_URI": "memory://",
    #: a Redis that is down or hung must not stop anyone: limits fail open, after a short wait
    "RATELIMIT_SWALLOW_ERRORS": True,
    "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
    "RATELIMIT_STORAGE_OPTIONS": {"socket_timeout": 0.3, "socket_connect_timeout": 0.3},
    #: every sign-in and sign-up from one address (a whole school may share one)
    "LOGIN_RATE_LIMIT": "300 per minute",
    #: wrong passwords for one account from one address, and for one account from anywhere
    "LOGIN_FAILURE_LIMIT": "10 per 15 minutes",
    "ACCOUNT_FAILURE_LIMIT": "50 per hour",
    #: accounts made from one address (a class of 30 joins in the first minutes of a lesson)
    "SIGNUP_RATE_LIMIT": "60 per minute;600 per hour",
    #: wrong class codes by one person, and from one address
    "JOIN_FAILURE_LIMIT": "10 per 10 minutes",
    "JOIN_ADDRESS_FAILURE_LIMIT": "60 per 10 minutes",
    "POST_RATE_LIMIT": "20 per minute;300 per hour",
    "CHECK_RATE_LIMIT": "120 per minute",
    #: distinct people whose flags hide published work until a teacher decides
    "FLAG_HIDE_THRESHOLD": 3,
    #: seconds during which a moderation decision can be undone
    "UNDO_WINDOW_SECONDS": 5 * 60,
    "QUEUE_PAGE_SIZE": 25,
    #: public pages kept for anonymous visitors (in Redis when REDIS_URL is set), stale at any change they show
    "PAGE_CACHE_ENABLED": True,
    #: replies shown before a long branch folds, and depth before "continue this thread"
    "THREAD_VISIBLE_REPLIES": 3,
    "THREAD_MAX_DEPTH": 5,
    "POST_MAX_CHARS": 10_000,
    #: pads: cut a revision after this many seconds of editing, fold the log every so many updates
    "PAD_REVISION_SECONDS": 60,
    "PAD_COMPACT_EVERY": 200,
    #: at most one norms check of a writer's words this often
    "PAD_CHECK_SECONDS": 1.5,
    #: the longest a pad may grow (characters); classes write pads of up to 100,000
    "PAD_MAX_CHARS": 150_000,
    #: messages one pad connection may send: a burst (a paste, a reconnect), then so many a second
    "PAD_MESSAGE_BURST": 300,
    "PAD_MESSAGES_PER_SECOND": 40,
    "PAD_RESTORE_RATE_LIMIT": "10 per minute;60 per hour",
    #: WebSocket pings find dead connections; a message larger than this is refused
    "SOCK_SERVER_OPTIONS": {"ping_interval": 25, "max_message_size": 4 * 1024 * 1024},
    #: hours an item may wait in the queue before its teachers are told (0: never)
    "QUEUE_TARGET_HOURS": 24,
    #: mail (BOARD_MAIL_*): without a server, mail is written to instance/mail/ and logged
    "MAIL_SERVER": "",
    "MAIL_PORT": 587,
    "MAIL_USERNAME": "",
    "MAIL_PASSWORD": "",
    "MAIL_USE_TLS": True,
    "MAIL_FROM": "Commons <commons@localhost>",
    "MAIL_TIMEOUT_SECONDS": 20,
    #: where people reach the board, for the links in mail (e.g. https://commons.example.org)
    "BASE_URL": "",
    #: the school's hour (TIMEZONE) after which daily digests go out
    "MAIL_DIGEST_HOUR": 16,
    #: a failed send waits this long, doubling each time up to the maximum, and stops after so many tries
    "MAIL_RETRY_SECONDS": 60,
    "MAIL_RETRY_MAX_SECONDS": 3600,
    "MAIL_MAX_ATTEMPTS": 30,
    #: a claim older than this belongs to a worker that stopped mid-send; the mail is queued again
    "MAIL_CLAIM_TIMEOUT_SECONDS": 600,
    "WORKER_INTERVAL_SECONDS": 30.0,
    #: pictures: stored in a folder (MEDIA_FOLDER, default instance/media) or in the database (several hosts)
    "MEDIA_STORAGE": "folder",
    "MEDIA_FOLDER": "",
    #: one uploaded file, a whole form with its pictures, and the pixels a picture may decode to
    "MEDIA_MAX_UPLOAD_BYTES": 10 * 1024 * 1024,
    "MEDIA_MAX_REQUEST_BYTES": 42 * 1024 * 1024,
    "MEDIA_MAX_PIXELS": 40_000_000,
    #: the long side of a stored picture and of its thumbnail, in pixels
    "MEDIA_MAX_SIDE": 2000,
    "MEDIA_THUMB_SIDE": 480,
    "MEDIA_ALT_MAX_CHARS": 250,
    #: pictures one contribution may carry
    "MEDIA_MAX_PER_ITEM": 4,
    #: the month a school year starts (portfolios group pieces and goals by school year)
    "SCHOOL_YEAR_START_MONTH": 8,
}

#: environment variables read as-is (no prefix)
_PLAIN_ENV = ("DATABASE_URL", "REDIS_URL")

_INSECURE_SECRETS = {"", "dev", "secret", "changeme", "change-me", "development"}


class ConfigError(RuntimeError):
    """The configuration cannot run safely."""


def load(app, overrides: dict | None = None) -> None:
    """Fill app.config from defaults, the instance folder, the environment and overrides."""
    # A copy: nested settings from the environment must not change the defaults of the next app.
    app.config.update(copy.deepcopy(DEFAULTS))
    app.config.from_pyfile("config.py", silent=True)
    _from_environment(app)
    for key in _PLAIN_ENV:
        if os.environ.get(key):
            app.config[key] = os.environ[key]
    if overrides:
        app.config.update(overrides)

    app.config["SQLALCHEMY_DATABASE_URI"] = database_uri(app)
    redis_url = app.config.get("REDIS_URL")
    if redis_url and app.config["RATELIMIT_STORAGE_URI"] == "memory://":
        app.config["RATELIMIT_STORAGE_URI"] = redis_url
    # instance/ holds the generated secret, the SQLite database and the demo logins.
    _owner_only(Path(app.instance_path), 0o700)
    app.config["SECRET_KEY"] = _secret_key(app)
    if app.config["BOARD_ENV"] == "production":
        app.config["SESSION_COOKIE_SECURE"] = True
        app.config["REMEMBER_COOKIE_SECURE"] = True


def database_uri(app) -> str:
    """Return the SQLAlchemy URL: DATABASE_URL if set, else a SQLite file in instance/."""
    url = app.config.get("SQLALCHEMY_DATABASE_URI") or app.config.get("DATABASE_URL")
    if not url:
        return "sqlite:///" + str(Path(app.instance_path) / "board.db")
    # Hosting platforms hand out postgres:// URLs; SQLAlchemy wants the driver named.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def _secret_key(app) -> str:
    """Return the secret key; generate one into instance/ for development, refuse in production."""
    key = app.config.get("SECRET_KEY") or ""
    if app.config["BOARD_ENV"] == "production":
        if key in _INSECURE_SECRETS or len(key) < 32:
            raise ConfigError(
                "BOARD_SECRET_KEY must be set to a random value of at least 32 characters in production."
            )
        return key
    if key:
        return key
    path = Path(app.instance_path) / "secret_key"
    if not path.exists():
        write_private(path, secrets.token_urlsafe(48))
    _owner_only(path, 0o600)
    return path.read_text().strip()


def _owner_only(path: Path, mode: int) -> None:
    """Take away what group and others may do with a file or folder of secrets."""
    if path.exists() and path.stat().st_mode & 0o077:
        path.chmod(mode)


def write_private(path: Path, text: str) -> None:
    """Write a file only its owner can read, in a folder only its owner can enter, from the first byte."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    _owner_only(path.parent, 0o700)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(text)
    _owner_only(path, 0o600)


def _from_environment(app) -> None:
    """Read BOARD_* as Flask does (JSON values, `__` into nested keys), each typed like its default."""
    before = copy.deepcopy(dict(app.config))
    app.config.from_prefixed_env("BOARD")
    # BOARD_ENV keeps its name, so it is never taken for Flask's own former ENV.
    app.config.pop("ENV", None)
    if "BOARD_ENV" in os.environ:
        app.config["BOARD_ENV"] = os.environ["BOARD_ENV"]
    for name in sorted(os.environ):
        if not name.startswith("BOARD_") or name == "BOARD_ENV":
            continue
        *parents, key = name.removeprefix("BOARD_").split("__")
        default, target = before, app.config
        for part in parents:
            default, target = default.get(part), target[part]
            if not isinstance(default, dict):
                break
        else:
            if key in default and default[key] is not None:
                target[key] = _typed_like(default[key], os.environ[name], name)


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def _typed_like(default, raw: str, name: str):
    """Return the environment's text as a value of the default's type, or refuse with the variable's name."""
    kind = type(default)
    try:
        if kind is str:
            # Text stays text, even when it looks like a number (a secret, a zone, a limit).
            return raw
        if kind is bool:
            word = raw.strip().lower()
            if word in _TRUE | _FALSE:
                return word in _TRUE
            raise ValueError(raw)
        if kind in (int, float):
            return kind(raw.strip())
        value = json.loads(raw)
        if not isinstance(value, kind):
            raise ValueError(raw)
        return value
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a {kind.__name__} like its default {default!r}.") from None
