"""Another site's form at the board, in a real browser: nothing it sends is ever one click from done.
And a sign-in that was handed a crafted "next" ends on the board."""
from __future__ import annotations

import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import quote, urlsplit

import pytest

from board.accounts.models import User
from board.extensions import db
from tests.browser import expect
from tests.factories import PASSWORD


class _Attacker(BaseHTTPRequestHandler):
    """Serve one page that posts a hidden form at the board as soon as it loads."""

    page = b""

    def do_GET(self):  # noqa: N802  (the name http.server calls)
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write(self.page)

    def log_message(self, *args):
        pass


@pytest.fixture
def attacker_site():
    """Return a function that serves an auto-submitting form on another origin and gives its address."""
    servers = []

    def serve(host: str, action: str, fields: dict[str, str]) -> str:
        inputs = "".join(f'<input type="hidden" name="{k}" value="{v}">' for k, v in fields.items())
        handler = type("Page", (_Attacker,), {"page": (
            f'<!doctype html><title>Win a prize</title><form method="post" action="{action}">{inputs}</form>'
            "<script>document.forms[0].submit()</script>").encode()})
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://{host}:{server.server_port}/"

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()


def role_of(user_id: int) -> str:
    db.session.commit()
    role = db.session.get(User, user_id).role
    db.session.commit()
    return role


def click_everything_offered(page, admin) -> None:
    """Do what a trusting admin would: sign in if asked, and press every button the page offers."""
    for _ in range(4):
        page.wait_for_load_state()
        if page.get_by_label("Username or email").count():
            page.get_by_label("Username or email").fill(admin.login)
            page.get_by_label("Password", exact=True).fill(PASSWORD)
            page.get_by_role("button", name="Sign in").click()
            continue
        buttons = page.locator("main button[type=submit], main input[type=submit]")
        if not buttons.count():
            return
        buttons.first.click()


@pytest.mark.browser
@pytest.mark.parametrize("attacker_host", ["127.0.0.1", "localhost"], ids=["same-site-port", "cross-site"])
def test_a_form_from_another_site_never_makes_anyone_an_admin(make, new_page, live_server, attacker_site,
                                                             attacker_host):
    admin = make.user("admin", "Ada", "Admin")
    mallory = make.user("reader", "Mal", "Lory")
    page = new_page(admin)
    evil = attacker_site(attacker_host, f"{live_server}/admin/users/{mallory.id}",
                         {"role": "admin", "active": "y", "password": "mallory-chose-this"})

    page.goto(evil)
    page.wait_for_url(re.compile(re.escape(live_server)))
    expect(page.get_by_role("heading", level=1)).to_have_text("That was not sent from this site")
    assert "mallory-chose-this" not in page.content() and 'name="role"' not in page.content()
    click_everything_offered(page, admin)

    assert role_of(mallory.id) == "reader"


@pytest.mark.browser
def test_a_post_from_another_site_is_not_offered_to_a_student_to_send(make, new_page, live_server, attacker_site):
    school = make.school()
    page = new_page(school.maya)
    evil = attacker_site("localhost", f"{live_server}/prompts/{school.class_prompt.id}/respond",
                         {"body": "Words a stranger chose."})
    page.goto(evil)
    page.wait_for_url(re.compile(re.escape(live_server)))
    assert "Words a stranger chose." not in page.content()
    assert not page.locator("main form").count()


BYPASSES = ["/\t/evil.example", "/\\evil.example", "//evil.example", "/%2f/evil.example", "/\n/evil.example",
            "https://evil.example/", "/%5C%5Cevil.example"]


@pytest.mark.browser
@pytest.mark.parametrize("bypass", BYPASSES, ids=repr)
def test_signing_in_with_a_crafted_next_ends_on_the_board(make, new_page, live_server, bypass):
    maya = make.user("student", "Maya", "Chen")
    page = new_page()
    left = []
    page.context.route(lambda url: (urlsplit(url).hostname or "").endswith("evil.example"),
                       lambda route: (left.append(route.request.url), route.abort()))
    page.goto(f"/login?next={quote(bypass, safe='')}")
    sign_in_here(page, maya)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    assert urlsplit(page.url).netloc == urlsplit(live_server).netloc, page.url
    assert not left, left
    # Already signed in, the same address sends her on at once: still on the board.
    page.goto(f"/login?next={quote(bypass, safe='')}")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    assert urlsplit(page.url).netloc == urlsplit(live_server).netloc and not left, (page.url, left)


def sign_in_here(page, user) -> None:
    """Fill the sign-in form the page already shows (it carries the crafted next)."""
    page.get_by_label("Username or email").fill(user.login)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
