"""The anonymous page cache: public pages served fast, and never a word the public may not see."""
from __future__ import annotations

import hashlib
import html
import os
import socket
import subprocess
import sys
import threading
import time
from datetime import timedelta

import pytest

from board.discussions.models import Post
from board.extensions import db
from board.pagecache import MemoryStore, store_of
from tests.services import require_service


def anonymous(make_client):
    return make_client()


def get(client, url, **headers):
    response = client.get(url, headers=headers)
    return response, html.unescape(response.get_data(as_text=True))


def test_second_visit_is_served_from_the_cache_with_validators(client, make):
    school = make.school()
    make.post(school.maya, school.public_prompt, "Maya's published view", publish=True)
    url = f"/prompts/{school.public_prompt.id}"
    first, text = get(client, url)
    assert first.status_code == 200 and "Maya's published view" in text
    assert first.headers["X-Page-Cache"] == "miss"
    assert first.headers["Cache-Control"] == "public, no-cache"
    assert "Cookie" in first.headers["Vary"]
    assert "Set-Cookie" not in first.headers
    assert "csrf" not in text
    second, again = get(client, url)
    assert second.headers["X-Page-Cache"] == "hit"
    assert again == text
    assert second.headers["ETag"] == first.headers["ETag"]
    # The page's own security headers come with a cached copy too.
    assert "script-src 'self'" in second.headers["Content-Security-Policy"]
    unchanged = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert unchanged.status_code == 304 and unchanged.get_data() == b""


@pytest.mark.parametrize("page", ["home", "prompt", "post"])
def test_every_public_page_is_cached(client, make, page):
    school = make.school()
    post = make.post(school.maya, school.public_prompt, "Maya's published view", publish=True)
    url = {"home": "/", "prompt": f"/prompts/{school.public_prompt.id}", "post": f"/posts/{post.id}"}[page]
    client.get(url)
    assert client.get(url).headers.get("X-Page-Cache") == "hit"


def test_approval_shows_on_the_cached_page_at_once(client, make, login_as, make_client):
    school = make.school()
    url = f"/prompts/{school.public_prompt.id}"
    visitor = anonymous(make_client)
    get(visitor, url)
    pending = make.post(school.maya, school.public_prompt, "A view that waits for the teacher")
    # A pending post changes nothing the public sees: the cached page stays.
    response, text = get(visitor, url)
    assert response.headers["X-Page-Cache"] == "hit" and "waits for the teacher" not in text
    login_as(school.teacher)
    client.post(f"/queue/{pending.id}/decide", data={"action": "approve", "version": pending.lock_version})
    assert db.session.get(Post, pending.id).status == "published"
    response, text = get(visitor, url)
    assert response.headers["X-Page-Cache"] == "miss"
    assert "A view that waits for the teacher" in text


def test_withdrawn_consent_removes_the_post_from_cached_pages(client, make, login_as, make_client):
    school = make.school()
    post = make.post(school.maya, school.public_prompt, "Maya's published view", publish=True)
    visitor = anonymous(make_client)
    for url in (f"/prompts/{school.public_prompt.id}", f"/posts/{post.id}", "/"):
        visitor.get(url)
        assert visitor.get(url).headers["X-Page-Cache"] == "hit"
    membership = next(m for m in school.classroom.memberships if m.user_id == school.maya.id)
    login_as(school.teacher)
    response = client.post(f"/classes/{school.classroom.id}/members/{membership.id}", data={"action": "consent_off"})
    assert response.status_code == 302
    assert "Maya's published view" not in get(visitor, f"/prompts/{school.public_prompt.id}")[1]
    assert visitor.get(f"/posts/{post.id}").status_code == 404


def test_an_edit_by_the_teacher_reaches_the_cached_post(client, make, login_as, make_client):
    school = make.school()
    post = make.post(school.maya, school.public_prompt, "Maya wrote hte first version")
    visitor = anonymous(make_client)
    login_as(school.teacher)
    client.post(f"/queue/{post.id}/decide",
                data={"action": "edit_approve", "version": post.lock_version, "body": "Maya wrote the first version"})
    assert "Maya wrote the first version" in get(visitor, f"/posts/{post.id}")[1]
    assert visitor.get(f"/posts/{post.id}").headers["X-Page-Cache"] == "hit"
    client.post(f"/queue/{post.id}/decide", data={"action": "reject", "version": db.session.get(Post, post.id).lock_version,
                                                  "feedback": "This one should not stay up."})
    assert visitor.get(f"/posts/{post.id}").status_code == 404


def test_signed_in_people_never_get_a_cached_page(client, make, login_as):
    school = make.school()
    make.post(school.lucia, school.public_prompt, "Lucia's pending view")
    url = f"/prompts/{school.public_prompt.id}"
    client.get(url)
    client.get(url)
    login_as(school.teacher)
    response, text = get(client, url)
    assert "X-Page-Cache" not in response.headers
    assert "Lucia's pending view" in text and "csrf-token" in text
    assert "private" in response.headers["Cache-Control"]


def test_a_visitor_with_a_message_waiting_or_odd_arguments_is_not_served_from_the_cache(client, make):
    school = make.school()
    url = f"/prompts/{school.public_prompt.id}"
    client.get(url)
    assert "X-Page-Cache" not in client.get(url + "?utm=paper").headers
    with client.session_transaction() as session:
        session["_flashes"] = [("success", "Signed out.")]
    response, text = get(client, url)
    assert "X-Page-Cache" not in response.headers and "Signed out." in text


def _seconds_left(store, key: str) -> float:
    """Return how long a cached page has left, whichever store keeps it."""
    if isinstance(store, MemoryStore):
        return store.entries[key][1] - time.monotonic()
    return store.redis.ttl(f"{store.prefix}:{key}")


def test_a_prompt_that_opens_later_is_kept_only_until_it_opens(client, make):
    school = make.school()
    make.prompt(school.classroom, "public", "A question for next week", opens_in=timedelta(seconds=90))
    assert client.get("/").headers["X-Page-Cache"] == "miss"
    key = hashlib.sha256(b"/").hexdigest()[:32]
    assert 0 < _seconds_left(store_of(client.application), key) <= 90


@pytest.fixture
def hung_redis():
    """Return the URL of a server that accepts connections and never answers, like a hung Redis."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    accepted: list[socket.socket] = []

    def accept():
        while True:
            try:
                accepted.append(server.accept()[0])
            except OSError:
                return

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"redis://127.0.0.1:{server.getsockname()[1]}/0"
    server.shutdown(socket.SHUT_RDWR)  # wakes the accept() that close() alone would leave waiting
    server.close()
    thread.join(timeout=5)
    for connection in accepted:
        connection.close()


def test_pages_are_served_while_redis_hangs(make_app, make, hung_redis):
    app = make_app(REDIS_URL=hung_redis, RATELIMIT_STORAGE_URI="memory://")
    school = make.school()
    client = app.test_client()
    with app.app_context():
        for url in ("/", f"/prompts/{school.public_prompt.id}", "/"):
            assert client.get(url).status_code == 200


@pytest.fixture
def redis_url():
    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    require_service("redis", url)
    return url


APPROVE_IN_ANOTHER_PROCESS = """
import sys
from board import create_app
from board.discussions.models import Post
from board.extensions import db
from board.moderation import services, states
from board.accounts.models import User

url, redis_url, prefix, post_id, teacher_id = sys.argv[1:]
app = create_app({"SQLALCHEMY_DATABASE_URI": url, "REDIS_URL": redis_url, "PAGE_CACHE_PREFIX": prefix,
                  "SECRET_KEY": "x" * 40, "RATELIMIT_STORAGE_URI": "memory://"})
with app.app_context():
    post = db.session.get(Post, int(post_id))
    services.decide(post, states.APPROVE, db.session.get(User, int(teacher_id)), post.lock_version)
"""


def test_processes_sharing_redis_see_each_others_changes(make_app, make, redis_url, db_url):
    """An approval committed in another process makes this process's cached copy stale."""
    prefix = f"commons-test-pages-{os.getpid()}"
    app = make_app(REDIS_URL=redis_url, PAGE_CACHE_PREFIX=prefix, RATELIMIT_STORAGE_URI="memory://")
    school = make.school()
    waiting = make.post(school.jonah, school.public_prompt, "Jonah's view, approved in the other process")
    url = f"/prompts/{school.public_prompt.id}"
    visitor = app.test_client()
    with app.app_context():
        visitor.get(url)
        assert visitor.get(url).headers["X-Page-Cache"] == "hit"
    subprocess.run([sys.executable, "-c", APPROVE_IN_ANOTHER_PROCESS, db_url, redis_url, prefix,
                    str(waiting.id), str(school.teacher.id)], check=True, timeout=60,
                   cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    with app.app_context():
        response = visitor.get(url)
    assert response.headers["X-Page-Cache"] == "miss"
    assert "approved in the other process" in html.unescape(response.get_data(as_text=True))
