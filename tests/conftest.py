"""Fixtures: an app on a real database, a client that sends CSRF tokens, people and classes."""
from __future__ import annotations

import os
import re
import threading
import time

import pytest
from flask.testing import FlaskClient
from sqlalchemy import event, make_url
from werkzeug.serving import WSGIRequestHandler, make_server

from board import create_app
from board.extensions import db
from board.pads.rooms import hub_of
from board.pagecache import store_of
from tests import factories
from tests.services import require_service

TEST_SECRET = "test-secret-key-that-is-only-for-the-test-suite-0123456789"

BASE_CONFIG = {
    "TESTING": True,
    "SECRET_KEY": TEST_SECRET,
    # A fast hash keeps the suite quick; production uses scrypt (tested on its own).
    "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
    "LOGIN_RATE_LIMIT": "100000 per minute",
    "POST_RATE_LIMIT": "100000 per minute",
    "CHECK_RATE_LIMIT": "100000 per minute",
    "SIGNUP_RATE_LIMIT": "100000 per minute",
    "TIMEZONE": "UTC",
}


def _fast_sqlite(connection, record) -> None:
    """The suite's SQLite file never needs to survive a power cut; skip the disk syncs."""
    cursor = connection.cursor()
    cursor.execute("PRAGMA synchronous=OFF")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def database_url(tmp_path_factory) -> str:
    url = os.environ.get("DATABASE_URL")
    if url:
        if url.startswith("postgres"):
            require_service("postgresql", url)
        return url
    return "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.db")


@pytest.fixture(scope="session")
def db_url(tmp_path_factory):
    return database_url(tmp_path_factory)


@pytest.fixture(scope="session")
def make_app(db_url):
    """Return a factory of apps that share the test database, with config overrides."""
    made = []

    def make(**overrides):
        config = {**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": db_url, **overrides}
        url = config["SQLALCHEMY_DATABASE_URI"]
        if url.startswith("postgresql"):
            # The suite never needs a commit to survive a power cut.
            options = " ".join(filter(None, [make_url(url).query.get("options"), "-c synchronous_commit=off"]))
            config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {
                "pool_pre_ping": True, "connect_args": {"options": options}})
        app = create_app(config)
        if url.startswith("sqlite"):
            with app.app_context():
                event.listen(db.engine, "connect", _fast_sqlite)
        made.append(app)
        return app

    yield make
    for app in made:
        with app.app_context():
            db.engine.dispose()


@pytest.fixture(scope="session")
def _session_app(make_app):
    app = make_app()
    with app.app_context():
        db.drop_all()
        db.create_all()
    return app


def _empty_tables(app) -> None:
    with app.app_context():
        db.session.remove()
        tables = list(reversed(db.metadata.sorted_tables))
        # DELETE, not TRUNCATE: on PostgreSQL a TRUNCATE syncs every table file to disk.
        with db.engine.begin() as connection:
            for table in tables:
                connection.execute(table.delete())
    # The rows went without a commit the page cache hears of; no page of them may outlive them.
    store_of(app).bump()


@pytest.fixture
def app(_session_app):
    """The app, with an empty database for each test."""
    ctx = _session_app.app_context()
    ctx.push()
    yield _session_app
    db.session.remove()
    ctx.pop()
    _empty_tables(_session_app)


class Client(FlaskClient):
    """A test client that sends a valid CSRF token with every POST, as a browser form would.

    Each request runs in its own app context, so it gets its own database session, as in
    production; afterwards the test's session forgets what it had loaded, to see the changes.
    """

    _csrf: str | None = None

    def open(self, *args, **kwargs):
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        db.session.expire_all()
        return response

    def csrf_token(self) -> str:
        if self._csrf is None:
            page = super().get("/login", follow_redirects=True).get_data(as_text=True)
            self._csrf = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
        return self._csrf

    def post(self, *args, csrf: bool = True, **kwargs):
        data = kwargs.get("data")
        if csrf and (data is None or isinstance(data, dict)) and kwargs.get("json") is None:
            data = dict(data or {})
            data.setdefault("csrf_token", self.csrf_token())
            kwargs["data"] = data
        # A browser names the origin of every form it posts; a test of another origin names its own.
        kwargs["headers"] = {"Origin": "http://localhost", **dict(kwargs.get("headers") or {})}
        if csrf and kwargs.get("json") is not None:
            headers = dict(kwargs.get("headers") or {})
            headers.setdefault("X-CSRFToken", self.csrf_token())
            kwargs["headers"] = headers
        response = super().post(*args, **kwargs)
        path = str(args[0] if args else kwargs.get("path", ""))
        if path.startswith(("/login", "/logout", "/signup", "/account/sign-out")):
            # Signing in or out gives the session a new form token, as it does in a browser.
            self._csrf = None
        return response


@pytest.fixture
def client(app):
    app.test_client_class = Client
    return app.test_client()


@pytest.fixture
def make_client(app):
    """Return new clients: one per person in a test that needs several at once."""

    def make():
        app.test_client_class = Client
        return app.test_client()

    return make


@pytest.fixture
def login_as(client):
    """Sign a person in on the shared client."""

    def login(user, on=None):
        target = on or client
        target.post("/logout")
        response = target.post("/login", data={"login": user.login, "password": factories.PASSWORD})
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return target

    return login


@pytest.fixture
def make(app):
    """The factories, bound to the app: make.user(...), make.classroom(...), make.prompt(...)."""
    return factories.Factory(app)


class _QuietHandler(WSGIRequestHandler):
    """Serve without a log line per request; failures still reach pytest as errors."""

    def log_request(self, *args, **kwargs) -> None:
        pass


@pytest.fixture
def live_server(app):
    """Serve the test app on a free port for one test (threads, WebSockets included)."""
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)
    # Pad sessions end on the server's own threads once their sockets close; a room still open when
    # the tables are emptied would outlive the test and hand its text to the next test's pad.
    hub = hub_of(app)
    deadline = time.monotonic() + 5
    while hub.rooms and time.monotonic() < deadline:
        time.sleep(0.05)
    left = sorted(hub.rooms)
    hub.rooms.clear()
    # The test thread may have read rows the server changed since; start the teardown fresh.
    db.session.remove()
    assert not left, f"pad sessions still open after the test: {left}"
