"""The production recipe as `make prod` runs it: gunicorn (deploy/gunicorn.conf.py) behind nginx."""
from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import threading
import time
import urllib.parse
import uuid
from http.cookies import SimpleCookie
from pathlib import Path

import pytest

from board import create_app
from board.config import DEFAULTS
from board.extensions import db
from board.pads.client import PadClient
from board.pads.models import Pad
from tests import factories
from tests.services import missing

ROOT = Path(__file__).resolve().parent.parent
SECRET = "deploy-test-secret-0123456789abcdef0123456789"
#: how long a client waits between two requests on one connection (gunicorn's own default was 2 s)
IDLE_SECONDS = 3


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(predicate, timeout: float, what: str):
    """Poll a condition that an outside process makes true; fail with `what` after `timeout`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(0.05)
    pytest.fail(f"timed out waiting for {what}")


def get(port: int, path: str = "/", source: str | None = None, headers: dict | None = None):
    """GET over a fresh connection (from `source`, an address of this machine); return (status, body)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5,
                                      source_address=(source, 0) if source else None)
    try:
        conn.request("GET", path, headers=headers or {})
        answer = conn.getresponse()
        return answer.status, answer.read()
    except OSError:
        return None, b""
    finally:
        conn.close()


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    """Start `deploy/prod.sh` (what `make prod` runs) on free ports with its own SQLite file."""
    if not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()):
        missing("nginx", "install it with `apt-get install -y nginx` to test the production recipe")
    run = tmp_path_factory.mktemp("prod")
    app_port, proxy_port = free_port(), free_port()
    env = {key: value for key, value in os.environ.items()
           if not key.startswith("BOARD_") and key not in ("REDIS_URL", "WEB_CONCURRENCY")}
    env.update(COMMONS_RUN_DIR=str(run), APP_PORT=str(app_port), PROXY_PORT=str(proxy_port),
               DATABASE_URL=f"sqlite:///{run / 'board.db'}", BOARD_SECRET_KEY=SECRET, COMMONS_THREADS="8")
    started = subprocess.run([str(ROOT / "deploy/prod.sh"), "start"], cwd=ROOT, env=env,
                             capture_output=True, text=True, timeout=60)
    info = {"run": run, "app": app_port, "proxy": proxy_port, "env": env}
    try:
        assert started.returncode == 0, started.stdout + started.stderr
        info["school"], info["pad_id"] = a_school_with_a_pad(env["DATABASE_URL"])
        wait_until(lambda: get(proxy_port)[0] == 200, 20, "the home page through nginx")
        yield info
    finally:
        subprocess.run([str(ROOT / "deploy/prod.sh"), "stop"], cwd=ROOT, env=env, capture_output=True, timeout=60)


def a_school_with_a_pad(url: str):
    """Add people and a class pad to the recipe's database, as the app's own services do."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": SECRET, "REDIS_URL": None,
                      "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})
    with app.app_context():
        make = factories.Factory(app)
        school = make.school()
        prompt = make.prompt(school.classroom, "public", "How should our town spend its park budget?", kind="both")
        pad_id = db.session.scalar(db.select(Pad.id).where(Pad.prompt_id == prompt.id))
        people = {name: (getattr(school, name).login, getattr(school, name).id) for name in ("maya", "jonah")}
        db.engine.dispose()
    return people, pad_id


def sign_in(port: int, login: str) -> str:
    """Sign in through the form; return the Cookie header (production cookies are Secure, so by hand)."""
    jar: dict[str, str] = {}

    def call(method, path, body=None):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in jar.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers=headers)
        answer = conn.getresponse()
        for header in answer.msg.get_all("Set-Cookie") or []:
            jar.update({name: morsel.value for name, morsel in SimpleCookie(header).items()})
        text = answer.read().decode()
        conn.close()
        return answer.status, text

    _, page = call("GET", "/login")
    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    status, _ = call("POST", "/login", urllib.parse.urlencode(
        {"login": login, "password": factories.PASSWORD, "csrf_token": token}))
    assert status == 302
    return "; ".join(f"{k}={v}" for k, v in jar.items())


def log_of(stack) -> str:
    return (stack["run"] / "gunicorn.log").read_text(errors="replace")


def test_a_page_is_served_through_the_proxy(stack):
    status, body = get(stack["proxy"])
    assert status == 200
    assert b"Commons" in body


def test_a_pad_socket_upgrade_passes_the_proxy_and_the_app_answers_on_it(stack):
    # Not signed in: the app accepts the upgrade, then says so on the socket and closes.
    client = PadClient(f"ws://127.0.0.1:{stack['proxy']}/pads/1/sync")
    try:
        assert client.closed.wait(10), "the app never answered on the socket"
        assert client.denied == 4401
    finally:
        client.close()


def hold_open(port: int, results: dict) -> None:
    """Two requests on one connection with a pause between them; record what the second got."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", "/")
        first = conn.getresponse()
        first.read()
        sock = conn.sock
        assert not first.will_close, "the server asked to close the connection"
        time.sleep(IDLE_SECONDS)  # the idle pause is what is under test
        conn.request("GET", "/")
        second = conn.getresponse()
        second.read()
        results[port] = (second.status, conn.sock is sock)
    except (OSError, http.client.HTTPException, AssertionError) as problem:
        results[port] = problem
    finally:
        conn.close()


def test_a_connection_kept_alive_for_seconds_is_not_reset(stack):
    results: dict = {}
    # Both at once: the browser's connection to nginx, and a client of gunicorn itself.
    threads = [threading.Thread(target=hold_open, args=(port, results)) for port in (stack["proxy"], stack["app"])]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == {stack["proxy"]: (200, True), stack["app"]: (200, True)}


def test_the_app_sees_the_address_the_proxy_received_the_request_from(stack):
    # From another loopback address than nginx's own, with a forged header the client wrote itself.
    probe = uuid.uuid4().hex
    status, _ = get(stack["proxy"], f"/?probe={probe}", source="127.0.0.2",
                    headers={"X-Forwarded-For": "198.51.100.7"})
    assert status == 200
    access = stack["run"] / "access.log"
    line = wait_until(lambda: next((row for row in access.read_text().splitlines() if probe in row), None),
                      10, "the request in the access log")
    assert line.split()[0] == "127.0.0.2"


def test_the_body_limit_of_the_proxy_is_the_apps():
    template = (ROOT / "deploy/nginx.conf").read_text()
    from deploy.render_nginx import MAX_BODY

    assert "client_max_body_size @MAX_BODY@;" in template
    number, unit = re.fullmatch(r"(\d+)([km])", MAX_BODY).groups()
    assert int(number) * {"k": 1024, "m": 1024 * 1024}[unit] == DEFAULTS["MAX_CONTENT_LENGTH"]


def worker_pids(master: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == master:
                pids.append(int(entry.name))
    return pids


def test_a_crashing_worker_leaves_a_stack_dump_and_is_replaced(stack):
    master = int((stack["run"] / "gunicorn.pid").read_text())
    [worker] = wait_until(lambda: worker_pids(master), 10, "a worker")
    os.kill(worker, signal.SIGSEGV)

    wait_until(lambda: "Fatal Python error: Segmentation fault" in log_of(stack), 10, "the crash dump")
    assert re.search(r"(Current thread|Thread) 0x[0-9a-f]+", log_of(stack))
    wait_until(lambda: get(stack["proxy"])[0] == 200, 20, "a new worker serving the home page")


def test_a_leaving_worker_lets_its_pad_editors_go_at_once_and_they_lose_no_word(stack):
    """A recycled worker (max_requests) leaves as on TERM: it stops taking requests, finishes its own."""
    url = f"ws://127.0.0.1:{stack['proxy']}/pads/{stack['pad_id']}/sync"
    (maya, maya_id), (jonah, _) = stack["school"]["maya"], stack["school"]["jonah"]
    maya_cookie, jonah_cookie = sign_in(stack["proxy"], maya), sign_in(stack["proxy"], jonah)
    writer = PadClient(url, cookie=maya_cookie, author_id=maya_id)
    reader = PadClient(url, cookie=jonah_cookie)
    opened = [writer, reader]
    try:
        assert writer.wait_synced() and reader.wait_synced()
        writer.append("Plant trees first. ")
        assert reader.wait_for(lambda text: "Plant trees first." in text)

        master = int((stack["run"] / "gunicorn.pid").read_text())
        [worker] = wait_until(lambda: worker_pids(master), 10, "a worker")
        os.kill(worker, signal.SIGTERM)
        # Let go at once (not after graceful_timeout), with a code that makes the editor reconnect.
        assert writer.closed.wait(10) and reader.closed.wait(10)
        assert writer.close_reason == 1012

        # Words typed while away travel with the editor's copy, as the browser keeps it.
        writer.append("Then benches.")
        back = PadClient(url, cookie=maya_cookie, author_id=maya_id, state=writer.doc.get_update())
        again = PadClient(url, cookie=jonah_cookie)
        opened += [back, again]
        assert back.wait_synced(20) and again.wait_synced(20)
        assert again.wait_for(lambda text: "Plant trees first. Then benches." in text)
    finally:
        for client in opened:
            client.close()
