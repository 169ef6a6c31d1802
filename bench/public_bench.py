"""Public pages against a bare Flask hello-world, side by side in one run (wrk over loopback).

Three servers run at once under gunicorn (2 workers x 8 threads each, as in the README's recipe scaled
to this machine): a hello-world Flask app, Commons with the anonymous page cache, and Commons
without it. wrk (16 connections) asks each the same way in turn; every row gives requests per
second and the ratio to hello-world measured in this run, so the machine's speed cancels out.
"""
from __future__ import annotations

import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.seed import build_thread_school, make_texts
from board import create_app
from board.discussions.models import Post
from board.extensions import db
from board.moderation.states import PUBLISHED

ROOT = Path(__file__).resolve().parent.parent
WORKERS, THREADS, CONNECTIONS = 2, 8, 16
SECONDS = int(os.environ.get("BENCH_WRK_SECONDS", 5))
HELLO = "from flask import Flask\napp = Flask(__name__)\n\n@app.route('/')\ndef hello():\n    return 'Hello, World!'\n"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """A gunicorn process group serving one app on a free port of this machine."""

    def __init__(self, app_spec: str, env: dict, cwd: str):
        self.port = _free_port()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--workers", str(WORKERS), "--threads", str(THREADS),
             "--bind", f"127.0.0.1:{self.port}", "--log-level", "warning", app_spec],
            cwd=cwd, env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def wait(self, path: str = "/", timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {self.process.stderr.read().decode()[-800:]}")
            try:
                with urllib.request.urlopen(self.url(path), timeout=2) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn on {self.port} did not answer {path} within {timeout} s")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def wrk(url: str) -> tuple[float, str]:
    """Return requests per second and the latency line wrk printed for one URL."""
    out = subprocess.run(["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--latency", url],
                         capture_output=True, text=True, timeout=SECONDS + 30).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    p99 = re.search(r"99%\s+(\S+)", out)
    note = f"p99 {p99.group(1) if p99 else '?'}" + (f"; {errors.group(1)} non-2xx" if errors else "")
    return rate, note


def _seed(url: str) -> dict[str, str]:
    """Seed a public thread of 500 posts; return the paths to ask for."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench-" + "k" * 40, "TESTING": True})
    with app.app_context():
        db.drop_all()
        db.create_all()
        school = build_thread_school(make_texts(random.Random(7)), random.Random(7), sizes=(500,))
        prompt_id = school.prompts[500]
        post_id = db.session.scalar(
            db.select(Post.id).where(Post.prompt_id == prompt_id, Post.status == PUBLISHED,
                                     Post.parent_id.is_(None), Post.hidden.is_(False)).limit(1))
        db.engine.dispose()
    return {"home page": "/", "public prompt, 500 posts": f"/prompts/{prompt_id}",
            "public post": f"/posts/{post_id}"}


def rows() -> list[tuple]:
    """Measure hello-world, then each public page with and without the cache; return table rows."""
    if not shutil.which("wrk"):
        return [("Public pages", "-", "", "wrk is not installed (apt-get install wrk): rows skipped")]
    with tempfile.TemporaryDirectory(prefix="commons-public-") as tmp:
        Path(tmp, "hello_app.py").write_text(HELLO)
        url = os.environ.get("DATABASE_URL") or f"sqlite:///{tmp}/public.db"
        if url.startswith("postgres"):
            return [("Public pages", "-", "", "measured on SQLite only: the seed would replace the tables")]
        paths = _seed(url)
        env = {"DATABASE_URL": url, "BOARD_SECRET_KEY": "bench-" + "k" * 40, "PYTHONPATH": str(ROOT)}
        env.pop("REDIS_URL", None)
        servers = {
            "hello": Server("hello_app:app", {}, tmp),
            "cached": Server("app:app", env, str(ROOT)),
            "uncached": Server("app:app", {**env, "BOARD_PAGE_CACHE_ENABLED": "false"}, str(ROOT)),
        }
        try:
            for server in servers.values():
                server.wait()
            hello, hello_note = wrk(servers["hello"].url("/"))
            table = [("Hello-world Flask", hello, "req/s", f"the baseline of this run; {hello_note}")]
            for label, path in paths.items():
                for kind in ("uncached", "cached"):
                    rate, note = wrk(servers[kind].url(path))
                    what = "anonymous page cache" if kind == "cached" else "cache off (every request renders)"
                    table.append((f"{label.capitalize()}, {kind}", rate, "req/s",
                                  f"{rate / hello:.2f}× hello-world; {what}; {note}"))
        finally:
            for server in servers.values():
                server.stop()
    return table


if __name__ == "__main__":
    for row in rows():
        print(*row, sep="  ")
    sys.exit(0)
