"""Time in one convention: naive UTC in the database, the school's zone on the page."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from flask import current_app


def utcnow() -> datetime:
    """Return the current time as naive UTC, the way columns store it."""
    return datetime.now(UTC).replace(tzinfo=None)


def school_zone() -> ZoneInfo:
    """Return the school's time zone (config TIMEZONE)."""
    return ZoneInfo(current_app.config.get("TIMEZONE") or "UTC")


def to_local(moment: datetime | None) -> datetime | None:
    """Convert a stored naive-UTC time to the school's zone."""
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC).astimezone(school_zone())


def from_local(moment: datetime | None) -> datetime | None:
    """Convert a naive time typed in the school's zone to stored naive UTC."""
    if moment is None:
        return None
    return moment.replace(tzinfo=school_zone()).astimezone(UTC).replace(tzinfo=None)


def ago(moment: datetime | None, now: datetime | None = None) -> str:
    """Say how long ago a stored time was, in words a person reads at a glance."""
    if moment is None:
        return ""
    seconds = max(0, int(((now or utcnow()) - moment).total_seconds()))
    if seconds < 60:
        return "just now"
    for size, unit in ((86400 * 7, "week"), (86400, "day"), (3600, "hour"), (60, "minute")):
        if seconds >= size:
            count = seconds // size
            return f"{count} {unit}{'s' if count != 1 else ''} ago"
    return "just now"


def age(moment: datetime | None, now: datetime | None = None) -> str:
    """Say the age of something waiting, compactly: 5m, 3h, 2d."""
    if moment is None:
        return ""
    seconds = max(0, int(((now or utcnow()) - moment).total_seconds()))
    if seconds < 3600:
        return f"{max(1, seconds // 60)}m"
    if seconds < 86400:
        return f"{seconds // 3600}h"
    return f"{seconds // 86400}d"


__all__ = ["utcnow", "to_local", "from_local", "ago", "age", "timedelta"]
