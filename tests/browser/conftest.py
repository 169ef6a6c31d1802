"""A live server and a real Chromium: the board as a person sees it, scripts and all."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from board.accounts.models import User
from board.extensions import db
from tests import factories
from tests.services import require_chromium

#: nothing a page does should take longer than this; a hang fails fast instead
TIMEOUT_MS = 10_000

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture(autouse=True)
def _starts_empty(app):
    """Every browser test starts on an empty database (the suite's app fixture empties it after each test)."""
    assert db.session.scalar(select(func.count(User.id))) == 0, "the database is not empty"
    db.session.commit()


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole run (Debian's, since Playwright's download is not used)."""
    executable = require_chromium()
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS, timeout=30_000
        )
    except Exception:
        playwright.stop()
        raise
    yield chromium
    chromium.close()
    playwright.stop()


@pytest.fixture
def new_page(browser, live_server):
    """Return pages, each in its own browser context (its own cookies and localStorage).

    new_page() is an anonymous visitor; new_page(user) signs that person in through /login first.
    """
    contexts = []

    def make(user=None, **context_options):
        context = browser.new_context(base_url=live_server, **context_options)
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        if user is not None:
            sign_in(page, user)
        return page

    yield make
    for context in contexts:
        context.close()


def sign_in(page, user, password: str = factories.PASSWORD) -> None:
    """Sign in through the real form, as a person would, and wait for the signed-in page."""
    from playwright.sync_api import expect

    page.goto("/login")
    page.get_by_label("Username or email").fill(user.login)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
