"""Tests that drive a real Chromium through Playwright against a live server."""
try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture then skips with the reason (and fails in CI)
    expect = None
