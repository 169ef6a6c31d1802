"""HTTPS only, in production: browsers are told never to come back over plain HTTP."""
from __future__ import annotations

from flask import current_app

HSTS = "max-age=31536000; includeSubDomains"


def strict_transport(response):
    """Ask the browser for HTTPS on every later visit, for a year (production only)."""
    if current_app.config.get("BOARD_ENV") == "production":
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    return response
