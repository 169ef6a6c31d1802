"""With REDIS_URL set, rate-limit counters live in Redis, shared by every app process."""
import uuid

import pytest

from board.extensions import limiter
from tests.conftest import Client
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
