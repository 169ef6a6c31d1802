"""With REDIS_URL set, rate-limit counters live in Redis, shared by every app process; without it, nobody waits."""
import socket
import threading
import time
import uuid

import pytest

from board.extensions import limiter
from tests.conftest import Client
from tests.factories import PASSWORD
from tests.services import REDIS_URL, require_service


@pytest.mark.redis
def test_login_limit_counts_in_redis(make_app, make):
    require_service("redis", REDIS_URL)
    import redis

    app = make_app(REDIS_URL=REDIS_URL, LOGIN_RATE_LIMIT="2 per minute")
    assert app.config["RATELIMIT_STORAGE_URI"] == REDIS_URL
    user = make.user("student")
    app.test_client_class = Client
    client = app.test_client()
    address = f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"
    statuses = [client.post("/login", data={"login": user.login, "password": "wrong"},
                            environ_base={"REMOTE_ADDR": address}).status_code for _ in range(3)]
    assert statuses == [401, 401, 429]
    store = redis.Redis.from_url(REDIS_URL)
    keys = list(store.scan_iter(f"*{address}*"))
    try:
        assert keys, "the counter should be in Redis, where another process would see it"
    finally:
        if keys:
            store.delete(*keys)
        limiter.reset()


def test_wrong_password_counts_live_in_redis(make_app, make):
    require_service("redis", REDIS_URL)
    import redis

    app = make_app(REDIS_URL=REDIS_URL)
    user = make.user("student")
    app.test_client_class = Client
    client = app.test_client()
    store = redis.Redis.from_url(REDIS_URL)

    def counts() -> dict[bytes, int]:
        # An earlier test may have left a counter for the same login and address: compare values.
        return {key: int(store.get(key) or 0) for key in store.scan_iter("*failures*")}

    before = counts()
    try:
        assert client.post("/login", data={"login": user.login, "password": "wrong"}).status_code == 401
        after = counts()
        grown = [key for key, value in after.items() if value > before.get(key, 0)]
        assert grown, "another process must see the failure"
    finally:
        limiter.reset()


# ---- Redis down or hung: limits fail open, quickly ----------------------------------------------

class _SilentServer:
    """A Redis address that accepts connections and never answers, like a hung server."""

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.accepted: list[socket.socket] = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            self.accepted.append(connection)

    def close(self) -> None:
        self.listener.shutdown(socket.SHUT_RDWR)  # wakes the thread waiting in accept()
        self.listener.close()
        for connection in self.accepted:
            connection.close()
        self.thread.join(timeout=5)


def _closed_port() -> int:
    with socket.create_server(("127.0.0.1", 0)) as probe:
        return probe.getsockname()[1]


@pytest.fixture
def broken_redis(make_app, app):
    """Return an app whose Redis is down ("refused") or hung ("silent"); the limiter is put back after."""
    silent = _SilentServer()

    def make_broken(kind: str):
        port = silent.port if kind == "silent" else _closed_port()
        broken = make_app(REDIS_URL=f"redis://127.0.0.1:{port}/13", LOGIN_RATE_LIMIT="300 per minute",
                          POST_RATE_LIMIT="20 per minute")
        broken.test_client_class = Client
        return broken

    yield make_broken
    silent.close()
    # The limiter is one object for every app of the process: give it back its working store,
    # and let it forget that the broken one was found dead.
    limiter.init_app(app)
    limiter._storage_dead = False


@pytest.mark.parametrize("kind", ["refused", "silent"])
def test_signing_in_and_posting_work_while_redis_is_away(broken_redis, make, kind):
    school = make.school()
    client = broken_redis(kind).test_client()
    timings = []

    def timed(call):
        start = time.monotonic()
        response = call()
        timings.append(time.monotonic() - start)
        return response

    signed_in = timed(lambda: client.post("/login", data={"login": school.maya.login, "password": PASSWORD}))
    assert signed_in.status_code == 302
    for i in range(3):
        posted = timed(lambda i=i: client.post(f"/prompts/{school.class_prompt.id}/respond",
                                                data={"body": f"Still here, thought {i}", "action": "post"}))
        assert posted.status_code == 302
    wrong = timed(lambda: client.post("/login", data={"login": school.jonah.login, "password": "wrong"}))
    assert wrong.status_code == 401
    # A hung store costs one short timeout, not the minutes of a default socket: generous bound.
    assert max(timings) < 3, timings
