"""Two app processes serve one pad: with Redis, writers on either converge."""
import os
import socket
import subprocess
import sys
import time
import uuid

import pytest

from board.pads.client import PadClient
from tests.conftest import BASE_CONFIG
from tests.pads.conftest import sign_in, socket_url
from tests.services import REDIS_URL, require_service

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_process(db_url: str, channel: str) -> tuple[subprocess.Popen, str]:
    """Start the app under gunicorn (threaded workers, as in production) on a free port."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": db_url,
        "REDIS_URL": REDIS_URL,
        "BOARD_SECRET_KEY": BASE_CONFIG["SECRET_KEY"],
        "BOARD_PASSWORD_HASH_METHOD": BASE_CONFIG["PASSWORD_HASH_METHOD"],
        "BOARD_LOGIN_RATE_LIMIT": "100000 per minute",
        "BOARD_PAD_CHANNEL_PREFIX": channel,
        "BOARD_PAD_CHECK_SECONDS": "3600",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", "1", "--threads", "16", "--bind", f"127.0.0.1:{port}",
         "--log-level", "warning", "app:app"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process, f"http://127.0.0.1:{port}"
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(process.stdout.read().decode()) from None
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("the app process did not start")


@pytest.mark.redis
def test_writers_on_two_processes_converge_through_redis(pad_school, db_url):
    require_service("redis", REDIS_URL)
    if db_url.startswith("sqlite:///") and ":memory:" in db_url:
        pytest.skip("two processes need a database file or server")
    channel = f"test-pad-{uuid.uuid4().hex[:8]}"
    processes = [start_process(db_url, channel) for _ in range(2)]
    clients = []
    try:
        (_, first_url), (_, second_url) = processes
        maya = PadClient(socket_url(first_url, pad_school.pad.id), cookie=sign_in(first_url, pad_school.maya),
                         author_id=pad_school.maya.id)
        jonah = PadClient(socket_url(second_url, pad_school.pad.id), cookie=sign_in(second_url, pad_school.jonah),
                          author_id=pad_school.jonah.id)
        clients += [maya, jonah]
        assert maya.wait_synced() and jonah.wait_synced()
        maya.insert(0, "From the first process. ")
        assert jonah.wait_for(lambda t: "From the first process." in t)
        jonah.append("From the second process.")
        assert maya.wait_for(lambda t: "From the second process." in t)
        for i in range(20):  # both at once
            maya.insert(0, f"m{i} ")
            jonah.append(f" j{i}")
        assert maya.wait_for(lambda t: t == jonah.value and "m19" in t and "j19" in t, timeout=15), (
            maya.value, jonah.value)
    finally:
        for client in clients:
            client.close()
        for process, _ in processes:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
            process.stdout.close()


@pytest.mark.redis
def test_the_fan_out_comes_back_after_redis_drops_it_and_catches_up_from_the_log(app, pad_school):
    """Redis restarts or the network blips: the listener subscribes again and open rooms read what they missed."""
    import redis as redis_client

    from board.pads import document
    from board.pads.fanout import RedisFanout
    from board.pads.rooms import Hub
    from tests.pads.conftest import write

    require_service("redis", REDIS_URL)
    saved = {key: app.config.get(key) for key in ("PAD_CHANNEL_PREFIX", "REDIS_URL")}
    app.config.update(PAD_CHANNEL_PREFIX=f"commons-test-{uuid.uuid4().hex[:8]}", REDIS_URL=REDIS_URL)
    hub = Hub(app)
    try:
        assert isinstance(hub.fanout, RedisFanout) and hub.fanout.subscribed.wait(5)
        room = hub.join(pad_school.pad.id, _Quiet().peer)
        admin = redis_client.Redis.from_url(REDIS_URL)
        ours = [c["id"] for c in admin.client_list() if c.get("name") == hub.fanout.name and int(c.get("psub", 0))]
        assert ours, "the listener's connection is named in CLIENT LIST"
        hub.fanout.subscribed.clear()
        for client_id in ours:
            admin.client_kill_filter(_id=client_id)
        # Meanwhile another process logs words this one never hears of.
        write(pad_school.pad, pad_school.maya, "Written while the fan-out was down.")
        assert hub.fanout.subscribed.wait(10), "the listener did not subscribe again"
        deadline = time.monotonic() + 5
        while "while the fan-out was down" not in str(document.text_of(room.doc)) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert str(document.text_of(room.doc)) == "Written while the fan-out was down."
    finally:
        hub.fanout.close()
        hub.rooms.clear()
        app.config.update(saved)


class _Quiet:
    """A peer that listens to nothing (the room only needs someone present)."""

    def __init__(self):
        from board.pads.rooms import Peer

        self.peer = Peer(ws=self, user_id=0, name="", colour=0, can_edit=False)

    def send(self, data: bytes) -> None:
        pass


@pytest.mark.redis
def test_a_redaction_on_one_process_restarts_the_editors_of_the_other(pad_school, db_url):
    """The teacher redacts through one process; an editor on the other forgets its copy and loads the pad again."""
    import http.cookiejar
    import re
    import urllib.parse
    import urllib.request

    from board.extensions import db
    from board.pads import document, store
    from tests.factories import PASSWORD

    require_service("redis", REDIS_URL)
    if db_url.startswith("sqlite:///") and ":memory:" in db_url:
        pytest.skip("two processes need a database file or server")
    channel = f"test-pad-{uuid.uuid4().hex[:8]}"
    processes = [start_process(db_url, channel) for _ in range(2)]
    clients = []
    try:
        (_, first_url), (_, second_url) = processes
        jonah = PadClient(socket_url(second_url, pad_school.pad.id), cookie=sign_in(second_url, pad_school.jonah),
                          author_id=pad_school.jonah.id)
        clients.append(jonah)
        assert jonah.wait_synced()
        jonah.insert(0, "Call me on 555 0199. ")
        assert jonah.wait_for(lambda t: "555 0199" in t)

        # The teacher, through the first process's pages.
        jar = http.cookiejar.CookieJar()
        browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

        def token(path: str) -> str:
            page = browser.open(first_url + path).read().decode()
            return re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)

        browser.open(first_url + "/login", data=urllib.parse.urlencode({
            "login": pad_school.teacher.login, "password": PASSWORD, "csrf_token": token("/login")}).encode())
        browser.open(first_url + f"/pads/{pad_school.pad.id}/redact", data=urllib.parse.urlencode({
            "phrase": "555 0199", "category": "phone",
            "csrf_token": token(f"/pads/{pad_school.pad.id}")}).encode())

        assert jonah.closed.wait(10)
        assert 4410 in (jonah.close_reason, jonah.denied)
        db.session.commit()
        assert document.plain(document.runs_of(store.load(pad_school.pad.id).doc)) == "Call me on [removed]. "
    finally:
        for client in clients:
            client.close()
        for process, _ in processes:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
            process.stdout.close()
