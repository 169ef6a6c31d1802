"""Services some tests need: skipped with a reason on a laptop, a failure in CI."""
from __future__ import annotations

import os
import shutil

import pytest

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def missing(what: str, why: str):
    """Skip outside CI; fail in CI, where every service must be there."""
    message = f"{what} is not available: {why}"
    if IN_CI:
        pytest.fail(message + " (CI must run this test)", pytrace=False)
    pytest.skip(message)


def require_service(kind: str, url: str) -> None:
    if kind == "postgresql":
        try:
            import psycopg

            plain = url.replace("postgresql+psycopg://", "postgresql://")
            psycopg.connect(plain, connect_timeout=3).close()
        except Exception as problem:  # noqa: BLE001  (any failure means: not reachable)
            missing("PostgreSQL", f"{url}: {problem}")
    elif kind == "redis":
        try:
            import redis

            redis.Redis.from_url(url, socket_connect_timeout=2).ping()
        except Exception as problem:  # noqa: BLE001
            missing("Redis", f"{url}: {problem}")


def require_chromium() -> str:
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        missing("Chromium", f"{CHROMIUM} not found (apt-get install -y chromium)")
    try:
        import playwright  # noqa: F401
    except ImportError:
        missing("Playwright", "the playwright package is not installed")
    return CHROMIUM
