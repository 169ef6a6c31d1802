"""Load and faults against gunicorn: `make load` (python -m bench.load [--seconds N] [--faults]).

Scenarios, each against the production settings (deploy/gunicorn.conf.py), from this one address:
- first lesson: 30 students join a new class with its code, sign out, sign in again and post at
  once, while the teacher works the queue; every post must exist exactly once and nobody is refused.
- busy school: 50 students and 5 teachers for a while (students read, post and look at their work;
  teachers read the queue and decide), optionally with faults injected at fixed moments: the
  database restarts, Redis stops for a few seconds, a worker is killed.
Afterwards every acknowledged post is looked up in the database (exactly once), every refused post
must have shown its text back, and the server's log is read for crashed workers.

It runs on SQLite (one worker, no Redis) and, when PostgreSQL and Redis answer, on both (two
workers), in a database of its own. Faults need root on this machine (pg_ctlcluster, redis-server).
"""
from __future__ import annotations

import argparse
import html
import http.cookiejar
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from bench.seed import PASSWORD

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
LOAD_DB = "commons_load"
REDIS = "redis://127.0.0.1:6379/7"


# ---- a person with a browser ------------------------------------------------------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@dataclass
class Sample:
    kind: str
    status: int
    ms: float
    at: float


@dataclass
class Log:
    samples: list[Sample] = field(default_factory=list)
    #: texts the server acknowledged (a redirect after posting), and texts refused
    acked: list[str] = field(default_factory=list)
    refused: list[tuple[str, int, bool]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, sample: Sample) -> None:
        with self.lock:
            self.samples.append(sample)


class Browser:
    """One person's cookies and CSRF token, speaking HTTP to the server as a form would."""

    def __init__(self, base: str, log: Log, started: float):
        self.base = base
        self.log = log
        self.started = started
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect)
        self.token = ""

    def request(self, kind: str, path: str, data: dict | None = None) -> tuple[int, str, dict]:
        body = None
        headers = {"Origin": self.base, "Sec-Fetch-Site": "same-origin"}
        if data is not None:
            body = urllib.parse.urlencode({"csrf_token": self.token, **data}).encode()
        request = urllib.request.Request(self.base + path, data=body, headers=headers)
        start = time.perf_counter()
        try:
            with self.opener.open(request, timeout=30) as answer:
                status, text, got = answer.status, answer.read().decode("utf-8", "replace"), dict(answer.headers)
        except urllib.error.HTTPError as error:
            status, text, got = error.code, error.read().decode("utf-8", "replace"), dict(error.headers)
        except OSError:
            status, text, got = 0, "", {}
        self.log.add(Sample(kind, status, (time.perf_counter() - start) * 1000, time.monotonic() - self.started))
        token = re.search(r'name="csrf-token" content="([^"]+)"', text)
        if token:
            self.token = token.group(1)
        return status, text, got

    def get(self, kind: str, path: str):
        return self.request(kind, path)

    def post(self, kind: str, path: str, data: dict):
        """Send a form; like a browser, open the page it leads to (which carries the next token)."""
        if not self.token:
            self.get("page", "/login")
        status, text, headers = self.request(kind, path, data)
        if status in (302, 303) and headers.get("Location"):
            self.get("page", urllib.parse.urlsplit(headers["Location"])._replace(scheme="", netloc="").geturl())
        return status, text, headers

    def sign_in(self, login: str) -> bool:
        self.get("page", "/login")
        return self.post("sign in", "/login", {"login": login, "password": PASSWORD})[0] == 302

    def respond(self, prompt_id: int, text: str) -> bool:
        """Post an answer; an acknowledged post is remembered, a refused one must show the text back."""
        status, page, _ = self.post("post", f"/prompts/{prompt_id}/respond",
                                    {"body": text, "submission_key": uuid.uuid4().hex, "action": "post"})
        with self.log.lock:
            if status == 302:
                self.log.acked.append(text)
            else:
                self.log.refused.append((text, status, text in html.unescape(page)))
        return status == 302


# ---- the server --------------------------------------------------------------------------------


class Server:
    """gunicorn with deploy/gunicorn.conf.py on a free port; its log kept for crash reports."""

    def __init__(self, env: dict, workers: int, log_dir: str):
        import socket

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.log_path = Path(log_dir) / "gunicorn.log"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "deploy" / "gunicorn.conf.py"),
             "--bind", f"127.0.0.1:{self.port}", "--workers", str(workers), "--access-logfile", "/dev/null",
             "app:app"],
            cwd=ROOT, env={**os.environ, **env, "PYTHONFAULTHANDLER": "1"},
            stdout=subprocess.DEVNULL, stderr=open(self.log_path, "wb"))  # noqa: SIM115
        self.base = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.base + "/", timeout=2):
                    return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"gunicorn did not start: {self.log_path.read_text()[-2000:]}")

    def workers(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()] if children.exists() else []

    def rss_mb(self) -> float:
        total = 0
        for pid in self.workers():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            total += int(re.search(r"VmRSS:\s+(\d+)", status).group(1))
        return total / 1024

    def crashes(self) -> list[str]:
        """Return the lines where gunicorn reports a worker that died by itself."""
        lines = self.log_path.read_text(errors="replace").splitlines()
        return [line for line in lines if re.search(r"was sent SIG(?!KILL)|exited with code [^0]|Segmentation", line)]

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


# ---- the school --------------------------------------------------------------------------------


@dataclass
class School:
    join_code: str
    lesson_prompt: int
    lesson_teacher: str
    #: (student login, prompt id) and teacher logins of the busy school
    students: list[tuple[str, int]]
    teachers: list[str]


def seed(url: str) -> School:
    """Create the tables and a school: a new class for the first lesson, five busy classes."""
    from bench.seed import enrol, make_people, make_prompt
    from board import create_app
    from board.classes.services import create_classroom
    from board.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "load-" + "k" * 40,
                      "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})
    rng = random.Random(3)
    with app.app_context():
        db.drop_all()
        db.create_all()
        teacher = make_people("lesson-teacher", 1, rng, "teacher")[0]
        lesson = create_classroom(teacher, "Civics 8B, first lesson")
        prompt = make_prompt(lesson, teacher, "What should our school change first?", "public")
        students, teachers = [], []
        for n in range(5):
            busy_teacher = make_people(f"busy-teacher-{n}-", 1, rng, "teacher")[0]
            classroom = create_classroom(busy_teacher, f"Civics {n + 1}A")
            people = make_people(f"busy-student-{n}-", 10, rng)
            enrol(classroom, busy_teacher, people, rng, consent_share=0.8)
            busy_prompt = make_prompt(classroom, busy_teacher, f"Should the voting age be 16? ({n + 1}A)", "public")
            students += [(person.login, busy_prompt.id) for person in people]
            teachers.append(busy_teacher.login)
        school = School(lesson.join_code, prompt.id, teacher.login, students, teachers)
        db.engine.dispose()
    return school


def count_posts(url: str, texts: list[str]) -> Counter:
    """Count, for each text, how many posts carry it."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT body_md FROM posts")).scalars().all()
    engine.dispose()
    wanted = set(texts)
    found = Counter(body for body in rows if body in wanted)
    return Counter({t: found.get(t, 0) for t in texts})


# ---- scenarios ---------------------------------------------------------------------------------


def _work_the_queue(browser: Browser, stop: threading.Event, per_round: int = 5, pause: float = 0.5) -> None:
    """Approve what waits, a few items at a time, as a teacher clicking through the queue."""
    while not stop.is_set():
        status, page, _ = browser.get("queue", "/queue")
        found = re.findall(r'action="/queue/(\d+)/decide".*?name="version" value="(\d+)"', page, re.S)
        items = list(dict(reversed(found)).items())[::-1]  # each post once, in queue order
        for post_id, version in items[:per_round]:
            browser.post("decide", f"/queue/{post_id}/decide", {"action": "approve", "version": version})
        stop.wait(pause)


def first_lesson(base: str, school: School, log: Log, started: float) -> dict:
    """Thirty students join with the code, sign in again and post in the same minute."""
    stop = threading.Event()
    teacher = Browser(base, log, started)
    teacher.sign_in(school.lesson_teacher)
    queue = threading.Thread(target=_work_the_queue, args=(teacher, stop))
    queue.start()
    joined, signed_in, posted = [], [], []
    barrier = threading.Barrier(30)

    def student(n: int) -> None:
        browser = Browser(base, log, started)
        login = f"lesson-student-{n:02d}"
        browser.get("page", f"/signup?code={school.join_code}")
        barrier.wait()
        status, page, _ = browser.post("join", "/signup", {
            "join_code": school.join_code, "first_name": random.choice(["Maya", "Theo", "Lucia", "Jonah"]),
            "last_name": random.choice(["Chen", "Okafor", "Morales"]), "login": login,
            "password": PASSWORD, "confirm": PASSWORD})
        if status != 302:
            return
        joined.append(login)
        browser.post("sign out", "/logout", {})
        if not browser.sign_in(login):
            return
        signed_in.append(login)
        text = f"First lesson answer {n}: we should start with {uuid.uuid4().hex[:8]} in the library."
        if browser.respond(school.lesson_prompt, text):
            posted.append(text)

    threads = [threading.Thread(target=student, args=(n,)) for n in range(30)]
    begun = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    took = time.monotonic() - begun
    time.sleep(3)
    stop.set()
    queue.join()
    return {"joined": len(joined), "signed in": len(signed_in), "posted": len(posted), "seconds": took,
            "texts": posted}


def busy_school(base: str, school: School, log: Log, started: float, seconds: float,
                faults: list[tuple[float, str, callable]]) -> list[tuple[float, str]]:
    """Fifty students and five teachers for a while; faults run at their moments."""
    stop = threading.Event()
    fault_log: list[tuple[float, str]] = []

    def student(login: str, prompt_id: int) -> None:
        browser = Browser(base, log, started)
        rng = random.Random(login)
        while not browser.sign_in(login):
            if stop.wait(1):
                return
        while not stop.is_set():
            browser.get("prompt page", f"/prompts/{prompt_id}")
            stop.wait(rng.uniform(1, 4))
            if stop.is_set():
                return
            browser.respond(prompt_id, f"{login} thinks {uuid.uuid4().hex[:10]} matters because of fairness.")
            stop.wait(rng.uniform(1, 3))
            browser.get("my work", "/me/work")

    def teacher(login: str) -> None:
        browser = Browser(base, log, started)
        while not browser.sign_in(login):
            if stop.wait(1):
                return
        _work_the_queue(browser, stop, per_round=3, pause=1.0)

    threads = [threading.Thread(target=student, args=pair) for pair in school.students]
    threads += [threading.Thread(target=teacher, args=(login,)) for login in school.teachers]
    begun = time.monotonic()
    for thread in threads:
        thread.start()
    for moment, label, action in sorted(faults, key=lambda f: f[0]):
        if stop.wait(max(0, begun + moment - time.monotonic())):
            break
        fault_log.append((time.monotonic() - started, label))
        action()
    stop.wait(max(0, begun + seconds - time.monotonic()))
    stop.set()
    for thread in threads:
        thread.join()
    return fault_log


# ---- faults ------------------------------------------------------------------------------------


def restart_postgres() -> None:
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"], check=True,
                   capture_output=True, timeout=60)


def pause_redis(seconds: float = 5) -> None:
    subprocess.run(["redis-cli", "-p", "6379", "shutdown", "nosave"], capture_output=True, timeout=10)
    time.sleep(seconds)
    subprocess.run(["redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "-::1", "--port", "6379",
                    "--save", "", "--appendonly", "no", "--dir", "/var/lib/redis",
                    "--logfile", "/var/log/redis/ci.log"], check=True, capture_output=True, timeout=10)


def kill_worker(server: Server) -> None:
    workers = server.workers()
    if workers:
        os.kill(workers[0], signal.SIGKILL)


# ---- report ------------------------------------------------------------------------------------


def _pct(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def report(title: str, log: Log, seconds: float, windows: list[tuple[float, float]], server: Server,
           rss: list[tuple[float, float]], counts: Counter) -> bool:
    """Print one scenario's table; return whether everything that must hold held."""
    print(f"\n{title}")
    by_kind = defaultdict(list)
    for sample in log.samples:
        by_kind[sample.kind].append(sample)
    print(f"  {'request':<12} {'count':>6} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}  statuses")
    for kind, samples in sorted(by_kind.items()):
        times = [s.ms for s in samples if s.status]
        statuses = Counter(s.status for s in samples)
        print(f"  {kind:<12} {len(samples):>6} {len(samples) / seconds:>7.1f} {_pct(times, .5):>8.0f} "
              f"{_pct(times, .95):>8.0f} {_pct(times, .99):>8.0f}  "
              + ", ".join(f"{code or 'no answer'}: {n}" for code, n in sorted(statuses.items())))

    def in_fault(sample: Sample) -> bool:
        return any(start <= sample.at <= end for start, end in windows)

    errors = [s for s in log.samples if s.status >= 500 or s.status == 0]
    outside = [s for s in errors if not in_fault(s)]
    refused_429 = sum(1 for s in log.samples if s.status == 429)
    twice = [t for t, n in counts.items() if n > 1]
    lost = [t for t, n in counts.items() if n == 0]
    unshown = [r for r in log.refused if not r[2] and r[1] not in (0,)]
    crashes = server.crashes()
    print(f"  5xx or no answer: {len(errors)} ({len(outside)} outside fault windows); 429: {refused_429}")
    print(f"  acknowledged posts: {len(counts)}; stored exactly once: {sum(1 for n in counts.values() if n == 1)}; "
          f"lost: {len(lost)}; stored twice: {len(twice)}")
    print(f"  refused posts: {len(log.refused)}; text shown back: {sum(1 for r in log.refused if r[2])}; "
          f"not shown back: {len(unshown)} (no answer at all: {sum(1 for r in log.refused if r[1] == 0)})")
    print(f"  worker crashes: {len(crashes)}" + "".join(f"\n    {line}" for line in crashes[:5]))
    if rss:
        print("  worker RSS (MB) over time: " + ", ".join(f"{t:.0f}s {mb:.0f}" for t, mb in rss))
    return not (outside or lost or twice or unshown or crashes or refused_429)


def _sample_rss(server: Server, started: float, stop: threading.Event, into: list) -> None:
    while not stop.wait(5):
        into.append((time.monotonic() - started, server.rss_mb()))


def run(label: str, url: str, env: dict, workers: int, seconds: float, with_faults: bool) -> bool:
    # The server's log outlives the run: it is where a failure is explained.
    tmp = tempfile.mkdtemp(prefix="commons-load-")
    if True:
        school = seed(url)
        server = Server({**env, "DATABASE_URL": url, "BOARD_SECRET_KEY": "load-" + "k" * 40,
                         "COMMONS_THREADS": "64", "PYTHONPATH": str(ROOT)},
                        workers, tmp)
        ok = True
        try:
            print(f"\n== {label}: gunicorn -c deploy/gunicorn.conf.py, {workers} worker(s) x 64 threads ==")
            started = time.monotonic()
            log = Log()
            lesson = first_lesson(server.base, school, log, started)
            print(f"\nFirst lesson: {lesson['joined']}/30 joined, {lesson['signed in']}/30 signed in again, "
                  f"{lesson['posted']}/30 posted, in {lesson['seconds']:.1f} s")
            ok &= lesson["posted"] == 30
            ok &= report("First lesson requests", log, lesson["seconds"], [], server, [],
                         count_posts(url, log.acked))
            log = Log()
            started = time.monotonic()
            faults = []
            if with_faults:
                faults = [(seconds * 0.25, "database restart", restart_postgres)] if "postgresql" in url else []
                if env.get("REDIS_URL"):
                    faults.append((seconds * 0.5, "Redis stopped for 5 s", pause_redis))
                faults.append((seconds * 0.75, "a worker killed (SIGKILL)", lambda: kill_worker(server)))
            rss: list = []
            sampling = threading.Event()
            threading.Thread(target=_sample_rss, args=(server, started, sampling, rss), daemon=True).start()
            fault_log = busy_school(server.base, school, log, started, seconds, faults)
            sampling.set()
            for at, what in fault_log:
                print(f"  fault at {at:.0f} s: {what}")
            windows = [(at, at + 15) for at, _ in fault_log]
            ok &= report(f"Busy school: 50 students, 5 teachers, {seconds:.0f} s", log, seconds, windows, server,
                         rss, count_posts(url, log.acked))
            errors = sorted({round(s.at) for s in log.samples if s.status >= 500 or s.status == 0})
            if errors:
                print(f"  seconds with errors: {errors}")
        finally:
            server.stop()
            print(f"  server log: {server.log_path}")
        return ok


def _postgres_url() -> str | None:
    try:
        import psycopg

        with psycopg.connect(POSTGRES_ADMIN, autocommit=True, connect_timeout=3) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{LOAD_DB}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{LOAD_DB}"')
        import redis

        redis.Redis.from_url(REDIS, socket_connect_timeout=2).ping()
    except Exception as problem:  # noqa: BLE001
        print(f"PostgreSQL and Redis run skipped: {problem}")
        return None
    return f"postgresql+psycopg://postgres@127.0.0.1:5432/{LOAD_DB}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=float(os.environ.get("LOAD_SECONDS", 60)))
    parser.add_argument("--faults", action="store_true", help="restart the database, stop Redis, kill a worker")
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    args = parser.parse_args()
    results = {}
    if args.only != "postgresql":
        with tempfile.TemporaryDirectory(prefix="commons-load-db-") as tmp:
            results["SQLite"] = run("SQLite, no Redis", f"sqlite:///{tmp}/load.db", {}, 1, args.seconds, args.faults)
    if args.only != "sqlite":
        url = _postgres_url()
        if url:
            results["PostgreSQL + Redis"] = run("PostgreSQL and Redis", url, {"REDIS_URL": REDIS}, 2,
                                                args.seconds, args.faults)
    print("\n" + "; ".join(f"{name}: {'everything held' if ok else 'SOMETHING FAILED'}"
                           for name, ok in results.items()))
    return 0 if all(results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
