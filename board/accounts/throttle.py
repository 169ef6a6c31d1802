"""Counting wrong passwords and wrong class codes, shared by every process through the limiter's store.

Only failures count, so a class signing in at once from one school address is never refused. The
store may be Redis; when it is down or hung, counting fails open: nobody is locked out by it.
"""
from __future__ import annotations

import hashlib

from flask import current_app
from limits import RateLimitItem, parse_many

from board.extensions import limiter

_SCOPE = "failures"


def _key(*parts: str) -> str:
    """Name a counter without putting a login or an address in the store in clear."""
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:40]


def _off() -> bool:
    """Tell whether limits are switched off (RATELIMIT_ENABLED=false): then nothing is counted."""
    return not current_app.config.get("RATELIMIT_ENABLED", True)


def _items(setting: str) -> list[RateLimitItem]:
    return parse_many(current_app.config[setting])


def login_counters(login: str, address: str) -> list[tuple[str, str]]:
    """Return the counters of wrong passwords: this account from this address, this account from anywhere."""
    login = (login or "").strip().lower()
    return [("LOGIN_FAILURE_LIMIT", _key("login", login, address)),
            ("ACCOUNT_FAILURE_LIMIT", _key("account", login))]


def join_counters(user_id: int | None, address: str) -> list[tuple[str, str]]:
    """Return the counters of wrong class codes: this person (when signed in) and this address."""
    counters = [("JOIN_ADDRESS_FAILURE_LIMIT", _key("join-address", address))]
    if user_id is not None:
        counters.append(("JOIN_FAILURE_LIMIT", _key("join-person", str(user_id))))
    return counters


def refused(counters: list[tuple[str, str]]) -> int | None:
    """Return the minutes to wait when a counter is full, or None when the attempt may go ahead."""
    if _off():
        return None
    try:
        for setting, key in counters:
            for item in _items(setting):
                if not limiter.limiter.test(item, _SCOPE, key):
                    return max(1, round(item.get_expiry() / 60))
    except Exception:  # noqa: BLE001  (a broken store must not lock anyone out)
        current_app.logger.warning("Failure counters unavailable; letting the attempt through", exc_info=True)
    return None


def count_failure(counters: list[tuple[str, str]]) -> None:
    """Count one wrong attempt on each counter."""
    _on_each(counters, "hit", "a failure went uncounted")


def forget(counters: list[tuple[str, str]]) -> None:
    """Clear counters after a success, so yesterday's typos do not shorten today's chances."""
    _on_each(counters, "clear", "could not clear one")


def _on_each(counters: list[tuple[str, str]], action: str, lost: str) -> None:
    """Hit or clear every counter; a broken store only costs the count, never the attempt."""
    if _off():
        return
    try:
        for setting, key in counters:
            for item in _items(setting):
                getattr(limiter.limiter, action)(item, _SCOPE, key)
    except Exception:  # noqa: BLE001
        current_app.logger.warning("Failure counters unavailable; %s", lost, exc_info=True)
