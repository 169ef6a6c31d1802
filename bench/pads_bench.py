"""Benchmarks of the live pads: propagation latency with 30 editors in one pad, and server memory per pad.

The app runs as real OS processes under gunicorn (one threaded worker each), on a temporary
SQLite file, or on the PostgreSQL database DATABASE_URL names (in a schema of its own for the
run, dropped at the end). The editors are PadClients (Python Yjs peers over the WebSocket),
each signed in through the real /login form, all in this process. They are students, so the
server checks each one's new words against the norms as it would in class (every
PAD_CHECK_SECONDS, 1.5 s by default) while they type.

A delivery is one marker reaching one other editor: the time from just before the writer's
insert to the moment the update carrying it arrives on that editor's socket (stamped with
time.perf_counter() by the editor's receiving thread, before it applies the update; no
polling). It covers the writer's client, the server (logging, applying, checking and
passing it on, through Redis between processes) and the network; not the reader applying
the update, which a browser does on its own core, while here 30 editors share one
interpreter. The CPU used by this process and by each server worker is shown beside the
figures, to tell a busy server from a busy benchmark. At the end every editor's document is
compared: they must all hold the same text.

A large pad (LARGE_TEXT characters by every student in stretches of LARGE_RUN, published) is
then typed into by the 30 editors at once, each in their own part of it, and the teacher's
queue page is fetched with it waiting (then again after each of a few new words, the review computed afresh).

Run `python -m bench.pads_bench` for this table alone, or `python -m bench` for every table;
PADS_BENCH_ONLY=large runs the large pad's rows alone.
"""
from __future__ import annotations

import http.cookiejar
import itertools
import math
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from sqlalchemy import select, text
from sqlalchemy.engine import make_url

from bench.seed import NORMS, PASSWORD, SENTENCES, Row, enrol, make_people
from board import create_app
from board.classes.services import create_classroom
from board.extensions import db
from board.pads.client import PadClient
from board.pads.models import Pad
from board.prompts.models import Prompt
from board.prompts.services import save_prompt
from board.timeutil import utcnow

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
SECRET_KEY = "bench-secret-key-that-is-only-for-measuring-pads-0123456789"
HASH_METHOD = "pbkdf2:sha256:1000"

EDITORS = 30
#: one writer at a time: every editor writes once, the others wait for it
ROUNDS = EDITORS
#: everyone at once: each editor inserts a marker every PERIOD seconds for DURATION seconds
PERIOD = 0.2
DURATION = 10.0
#: pads opened for the memory measurement, and the text typed into each
MEMORY_PADS = 40
PAD_TEXT = 5_000
CHUNK = 200
THREADS = 64
#: a delivery not seen within this long after the last write counts as missing
SETTLE_SECONDS = 15.0
#: if the whole section takes longer than this, its app processes are stopped (a hung socket fails fast)
DEADLINE_SECONDS = 420.0
#: the large pad: this many characters before anyone types, written by every student in turn
LARGE_TEXT = 100_000
#: each stretch of the large pad's text has one author, this long (characters, at random)
LARGE_RUN = (20, 200)
#: queue pages fetched to time it with the large pad waiting
QUEUE_FETCHES = 10
#: then fetched once after each of this many new words
QUEUE_CHANGES = 5

MARKER = re.compile(rb"#m(\d+)#")


# ---- the school -----------------------------------------------------------------------------


@dataclass
class School:
    teacher_login: str
    #: (login, user id) of every student
    students: list[tuple[str, int]]
    one_process_pad: int
    two_process_pad: int
    warmup_pad: int
    memory_pads: list[int]
    large_pad: int


def pad_prompt(classroom, teacher, question: str) -> int:
    """Save a prompt whose format is a pad; return the id of the class pad it gets."""
    prompt = save_prompt(Prompt(classroom_id=classroom.id), {
        "question": question, "context_md": "Write the class's answer together.", "norms": NORMS,
        "visibility": "class", "kind": "pad", "opens_at": utcnow() - timedelta(days=1), "closes_at": None,
    }, teacher)
    return db.session.scalar(select(Pad.id).where(Pad.prompt_id == prompt.id))


def build_school(rng: random.Random) -> School:
    """A class of 30 students (consent on record) and its teacher, and the pads each measurement uses."""
    teacher = make_people("pads-teacher", 1, rng, "teacher")[0]
    classroom = create_classroom(teacher, "Civics 8B")
    students = make_people("pads-student", EDITORS, rng)
    enrol(classroom, teacher, students, rng, consent_share=1.0)
    return School(
        teacher_login=teacher.login,
        students=[(s.login, s.id) for s in students],
        one_process_pad=pad_prompt(classroom, teacher, "How should our town spend its park budget?"),
        two_process_pad=pad_prompt(classroom, teacher, "What makes a rule fair?"),
        warmup_pad=pad_prompt(classroom, teacher, "Warm-up pad"),
        memory_pads=[pad_prompt(classroom, teacher, f"Group answer {i + 1}") for i in range(MEMORY_PADS)],
        large_pad=pad_prompt(classroom, teacher, "Our class's year in writing"),
    )


@contextmanager
def bench_database():
    """Yield (SQLAlchemy URL for the app processes, description, school); drop everything at the end.

    On PostgreSQL the tables live in a schema of their own for the run (the app processes get it
    through the connection's search_path), dropped at the end.
    """
    given = os.environ.get("DATABASE_URL") or ""
    postgres = given.startswith("postgres")
    with tempfile.TemporaryDirectory(prefix="commons-pads-bench-") as tmp:
        schema = None
        if postgres:
            schema = f"commons_pads_bench_{os.getpid()}"
            url = make_url(given.replace("postgres://", "postgresql+psycopg://", 1)
                           .replace("postgresql://", "postgresql+psycopg://", 1))
            url = url.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
                hide_password=False)
        else:
            url = f"sqlite:///{tmp}/pads.db"
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": SECRET_KEY,
                          "PASSWORD_HASH_METHOD": HASH_METHOD, "TIMEZONE": "UTC"})
        try:
            with app.app_context():
                if schema:
                    with db.engine.begin() as connection:
                        connection.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
                db.create_all()
                school = build_school(random.Random(20240917))
                if schema:
                    version = ".".join(map(str, db.engine.dialect.server_version_info or ()))
                    about = f"PostgreSQL {version}, schema {schema} (dropped at the end)"
                else:
                    about = "SQLite (temporary file)" + (
                        "; DATABASE_URL is not PostgreSQL, so not used" if given else "")
                db.session.remove()
            yield app, url, about, school, tmp
        finally:
            with app.app_context():
                db.session.remove()
                if schema:
                    with db.engine.begin() as connection:
                        connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
                db.engine.dispose()


# ---- the app processes --------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def children_of(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry))
    return found


def rss_kb(pid: int) -> int:
    """Resident set size of one process, from /proc/<pid>/status (VmRSS, in KB)."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for process {pid}")


def thread_count(pid: int) -> int:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("Threads:"):
                return int(line.split()[1])
    raise RuntimeError(f"no thread count for process {pid}")


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of one process so far."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Server:
    """The app under gunicorn, one threaded worker, as in production (README: gunicorn --threads 64)."""

    #: every server not yet stopped, for the watchdog
    running: set[Server] = set()

    def __init__(self, name: str, db_url: str, log_dir: str, channel: str, redis_url: str | None = None):
        self.name = name
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.worker: int | None = None
        env = {key: value for key, value in os.environ.items()
               if not key.startswith("BOARD_") and key not in ("DATABASE_URL", "REDIS_URL")}
        env.update({
            "DATABASE_URL": db_url,
            "BOARD_SECRET_KEY": SECRET_KEY,
            "BOARD_PASSWORD_HASH_METHOD": HASH_METHOD,
            "BOARD_LOGIN_RATE_LIMIT": "1000000 per minute",
            "BOARD_POST_RATE_LIMIT": "1000000 per minute",
            "BOARD_CHECK_RATE_LIMIT": "1000000 per minute",
            "BOARD_PAD_CHANNEL_PREFIX": channel,
        })
        if redis_url:
            env["REDIS_URL"] = redis_url
        self.log_path = os.path.join(log_dir, f"gunicorn-{name}-{self.port}.log")
        self._log = open(self.log_path, "wb")  # a file, not a pipe: a full pipe would stall the server
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--workers", "1", "--threads", str(THREADS),
             "--bind", f"127.0.0.1:{self.port}", "--log-level", "warning", "app:app"],
            cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT,
        )
        Server.running.add(self)
        try:
            self._wait_ready()
        except BaseException:
            self.stop()
            raise

    def _wait_ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn {self.name} exited: {self.log_tail()}")
            try:
                with urllib.request.urlopen(self.base + "/login", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError(f"gunicorn {self.name} did not answer within {timeout} s: {self.log_tail()}")
        workers = children_of(self.process.pid)
        if len(workers) != 1:
            raise RuntimeError(f"gunicorn {self.name}: expected one worker, found {workers}")
        self.worker = workers[0]

    def rss_kb(self) -> int:
        return rss_kb(self.worker)

    def master_rss_kb(self) -> int:
        return rss_kb(self.process.pid)

    def cpu(self) -> float:
        return cpu_seconds(self.worker)

    def log_tail(self, chars: int = 2000) -> str:
        self._log.flush()
        with open(self.log_path, "rb") as log:
            return log.read().decode(errors="replace")[-chars:]

    def problems(self) -> list[str]:
        """The exceptions the server logged, each as "Class at board/file.py:line (function)".

        gunicorn runs at --log-level warning; a traceback's last line names the exception, its
        last frame in the app's own code says where it was raised.
        """
        with open(self.log_path, "rb") as log:
            lines = log.read().decode(errors="replace").splitlines()
        found, where = [], ""
        for line in lines:
            frame = re.match(r'\s*File "' + re.escape(ROOT) + r'/(board/[^"]+)", line (\d+), in (\S+)', line)
            if frame:
                where = f"{frame.group(1)}:{frame.group(2)} ({frame.group(3)})"
            elif line.startswith("Traceback"):
                where = ""
            else:
                error = re.match(r"^([\w.]+(?:Error|Exception|Exit|Closed))(?::|$)", line)
                if error:
                    found.append(f"{error.group(1).rsplit('.', 1)[-1]} at {where or 'outside board/'}")
        return found

    def _is_ours(self, pid: int) -> bool:
        """Still this server's worker (not a recycled pid): gunicorn's command line, with our port."""
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
                args = cmdline.read().split(b"\0")
        except OSError:
            return False
        return b"gunicorn" in args and f"127.0.0.1:{self.port}".encode() in args

    def threads(self) -> int:
        return thread_count(self.worker)

    def stop(self) -> None:
        Server.running.discard(self)
        worker = self.worker
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        if worker is not None and self._is_ours(worker):  # a killed master can leave its worker behind
            try:
                os.kill(worker, 9)
            except OSError:
                pass
        if not self._log.closed:
            self._log.close()


def sign_in(base_url: str, login: str) -> str:
    """Sign in through the real form; return the Cookie header a browser would send."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base_url + "/login", timeout=10).read().decode()
    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"login": login, "password": PASSWORD, "csrf_token": token}).encode()
    response = opener.open(base_url + "/login", data=data, timeout=10)
    if urllib.parse.urlsplit(response.geturl()).path == "/login":
        raise RuntimeError(f"signing in as {login} on {base_url} failed")
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def socket_url(base_url: str, pad_id: int) -> str:
    return base_url.replace("http://", "ws://") + f"/pads/{pad_id}/sync"


def open_clients(stack: ExitStack, placements: list[tuple[Server, str, int]], pad_id: int) -> list[PadClient]:
    """Sign in and connect one editor per (server, login, user id); wait until every one is synced."""
    cookies = [sign_in(server.base, login) for server, login, _ in placements]
    clients = []
    for (server, _, user_id), cookie in zip(placements, cookies, strict=True):
        client = PadClient(socket_url(server.base, pad_id), cookie=cookie, author_id=user_id)
        clients.append(client)
        stack.callback(client.close)
    late = [i for i, client in enumerate(clients) if not client.wait_synced(15)]
    if late:
        raise RuntimeError(f"{len(late)} of {len(clients)} editors did not sync within 15 s "
                           f"(close reasons: {[clients[i].close_reason for i in late][:5]})")
    return clients


def close_all(clients: list[PadClient]) -> None:
    """Close every client at once (each close waits up to 2 s for the server's answer)."""
    if clients:
        with ThreadPoolExecutor(max_workers=len(clients)) as pool:
            list(pool.map(lambda client: client.close(), clients))


# ---- latency ------------------------------------------------------------------------------


class Deliveries:
    """Markers written into a pad, and when the update carrying each first reached each editor."""

    def __init__(self, clients: list[PadClient], positions: list[int] | None = None):
        self.clients = clients
        #: where each editor types (pycrdt's units); at the start of the text when not given
        self.positions = positions
        #: marker -> (time just before the insert, writer index)
        self.sent: dict[int, tuple[float, int]] = {}
        #: per client: marker -> time it appeared in that client's document
        self.seen: list[dict[int, float]] = [{} for _ in clients]
        self._counts: dict[int, int] = {}
        self._done: dict[int, threading.Event] = {}
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        for i, client in enumerate(clients):
            client.on_update.append(partial(self._arrived, i))

    def _arrived(self, index: int, update: bytes, now: float) -> None:
        """Runs in the editor's receiving thread as an update arrives (Yjs keeps inserted text verbatim)."""
        if b"#m" in update:
            for match in MARKER.finditer(update):
                self._seen_by(index, int(match.group(1)), now)

    def _seen_by(self, index: int, marker: int, now: float) -> None:
        if marker in self.seen[index]:
            return
        self.seen[index][marker] = now
        with self._lock:
            self._counts[marker] = self._counts.get(marker, 0) + 1
            if self._counts[marker] == len(self.clients) and marker in self._done:
                self._done[marker].set()

    def write(self, writer: int) -> threading.Event:
        """Insert a new marker as one editor; return an event set when every editor has it."""
        with self._lock:
            marker = next(self._ids)
            done = self._done[marker] = threading.Event()
        self.sent[marker] = (time.perf_counter(), writer)
        self.clients[writer].insert(self.positions[writer] if self.positions else 0, f"#m{marker}# ")
        self._seen_by(writer, marker, time.perf_counter())
        return done

    def complete(self) -> bool:
        with self._lock:
            return all(self._counts.get(marker, 0) == len(self.clients) for marker in self.sent)

    def wait_complete(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.complete():
                return True
            time.sleep(0.05)
        return self.complete()

    def delays(self, markers=None, pair=lambda writer, reader: True) -> tuple[list[float], int]:
        """Delays in ms of every delivery to another editor (those the filter keeps), and how many are missing."""
        delays, missing = [], 0
        for marker in (self.sent if markers is None else markers):
            start, writer = self.sent[marker]
            for reader, seen in enumerate(self.seen):
                if reader == writer or not pair(writer, reader):
                    continue
                if marker in seen:
                    delays.append((seen[marker] - start) * 1000)
                else:
                    missing += 1
        return delays, missing

    def converged(self) -> bool:
        values = {client.value for client in self.clients}
        return len(values) == 1


def one_at_a_time(deliveries: Deliveries, order: list[int]) -> tuple[list[int], int]:
    """Each editor in turn inserts a marker; the next waits until all have it. Return markers, timeouts."""
    markers, timeouts = [], 0
    for rnd in range(ROUNDS):
        done = deliveries.write(order[rnd % len(order)])
        markers.append(max(deliveries.sent))
        if not done.wait(10):
            timeouts += 1
        time.sleep(0.05)
    return markers, timeouts


@dataclass
class Burst:
    markers: list[int]
    #: from the first write until every delivery arrived (or the wait ran out)
    seconds: float
    #: CPU seconds used meanwhile by this process (the clients) and by each server worker
    bench_cpu: float
    server_cpu: dict[str, float]
    #: updates per second the server passed on: markers / time until the last one first reached a reader
    passed_on: float


def all_at_once(deliveries: Deliveries, servers: list[Server]) -> Burst:
    """Every editor inserts a marker every PERIOD seconds from its own thread, for DURATION seconds."""
    rng = random.Random(7)
    before = set(deliveries.sent)
    cpu_before = {server.name: server.cpu() for server in servers}
    bench_before = time.process_time()
    start = time.perf_counter() + 0.1
    end = start + DURATION

    def typist(writer: int, offset: float) -> None:
        next_at = start + offset
        while True:
            wait = next_at - time.perf_counter()
            if wait > 0:
                time.sleep(wait)
            now = time.perf_counter()
            if now >= end:
                return
            deliveries.write(writer)
            next_at = max(next_at + PERIOD, now)

    threads = [threading.Thread(target=typist, args=(i, rng.uniform(0, PERIOD)), daemon=True)
               for i in range(len(deliveries.clients))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    deliveries.wait_complete(SETTLE_SECONDS)
    elapsed = time.perf_counter() - start
    markers = sorted(set(deliveries.sent) - before)
    first = [min((seen[m] for i, seen in enumerate(deliveries.seen)
                  if m in seen and i != deliveries.sent[m][1]), default=math.inf) for m in markers]
    reached = [t for t in first if t < math.inf]
    passed_on = len(reached) / (max(reached) - start) if reached else 0.0
    return Burst(markers, elapsed, time.process_time() - bench_before,
                 {server.name: server.cpu() - cpu_before[server.name] for server in servers}, passed_on)


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def latency_rows(label: str, delays: list[float], missing: int, notes: str) -> list[Row]:
    """Median and p95 over every expected delivery; a missing one counts as slower than the wait.

    A missing delivery took more than SETTLE_SECONDS (at least), so a percentile is exact while it
    is under that; above it, only "more than SETTLE_SECONDS" is known.
    """
    if not delays:
        return [(label, "not measured", "", f"no delivery arrived; {missing:,} missing; {notes}")]
    every = delays + [math.inf] * missing
    slower = f"> {SETTLE_SECONDS * 1000:,.0f}"

    def shown(value: float):
        return value if value <= SETTLE_SECONDS * 1000 or not missing else slower

    counted = f"{len(delays):,} deliveries measured" + (
        f", {missing:,} MISSING (not there {SETTLE_SECONDS:.0f} s after the last write; counted as slower)"
        if missing else ", none missing")
    return [
        (label, shown(percentile(every, 0.5)), "ms median", f"{counted}; {notes}"),
        (label, shown(percentile(every, 0.95)), "ms p95",
         f"max {max(every) if not missing else max(delays):,.1f} ms{' of those measured' if missing else ''}; "
         f"min {min(delays):.1f} ms"),
    ]


def load_row(label: str, burst: Burst, offered: float, converged: bool) -> Row:
    servers = ", ".join(f"worker {name} {cpu / burst.seconds:.0%}" for name, cpu in burst.server_cpu.items())
    return (label, burst.passed_on, "updates/s",
            f"passed on by the server(s) while {offered:.0f}/s were typed; CPU over {burst.seconds:.1f} s: "
            f"{servers}, benchmark clients {burst.bench_cpu / burst.seconds:.0%} (of one core; "
            f"{os.cpu_count()} cores); all copies identical at the end: {'yes' if converged else 'NO'}")


# ---- the measurements ---------------------------------------------------------------------


def one_process(school: School, db_url: str, log_dir: str, channel: str, problems: list[str]) -> list[Row]:
    rows: list[Row] = []
    with ExitStack() as stack:
        server = Server("1", db_url, log_dir, channel)
        stack.callback(lambda: problems.extend(f"process 1: {p}" for p in server.problems()))
        stack.callback(server.stop)
        idle, idle_threads = server.rss_kb(), server.threads()
        clients = open_clients(stack, [(server, login, user_id) for login, user_id in school.students],
                               school.one_process_pad)
        stack.callback(close_all, clients)
        synced, synced_threads = server.rss_kb(), server.threads()
        deliveries = Deliveries(clients)
        markers, timeouts = one_at_a_time(deliveries, list(range(EDITORS)))
        rows += latency_rows(f"1 process, {EDITORS} editors, one writer at a time", *deliveries.delays(markers),
                             f"{ROUNDS} rounds, each editor writes once, {EDITORS - 1} readers each"
                             + (f"; {timeouts} rounds timed out" if timeouts else ""))
        burst = all_at_once(deliveries, [server])
        offered = len(burst.markers) / DURATION
        rows += latency_rows(
            f"1 process, {EDITORS} editors all typing", *deliveries.delays(burst.markers),
            f"each inserts every {PERIOD * 1000:.0f} ms for {DURATION:.0f} s: {len(burst.markers):,} updates "
            f"({offered:.0f}/s in, {offered * (EDITORS - 1):,.0f} messages/s out)")
        rows.append(load_row("1 process, all typing: throughput", burst, offered, deliveries.converged()))
        after = server.rss_kb()
        size = len(clients[0].value)
        rows += [
            ("Server RSS, 1 worker, before any pad is open", idle / 1024, "MB",
             f"VmRSS of the gunicorn worker alone (master {server.master_rss_kb() / 1024:.1f} MB, not counted); "
             f"{idle_threads} threads"),
            (f"Server RSS, {EDITORS} editors synced in one pad", synced / 1024, "MB",
             f"+{(synced - idle) / 1024:.1f} MB over idle: {(synced - idle) / EDITORS:.0f} KB per editor; "
             f"{synced_threads} threads ({(synced_threads - idle_threads) / EDITORS:.1f} per editor)"),
            ("Server RSS, same pad after both runs", after / 1024, "MB",
             f"text now {size / 1024:.1f} KB; +{(after - synced) / 1024:.1f} MB over synced"),
        ]
    return rows


def redis_problem() -> str | None:
    """Why Redis cannot be used for the two-process rows, or None when it answers."""
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except Exception as problem:  # noqa: BLE001  (any failure means: not reachable)
        return f"Redis at {REDIS_URL} is unreachable: {type(problem).__name__}: {problem}"
    return None


def redis_reachable() -> bool:
    return redis_problem() is None


def two_processes(school: School, db_url: str, log_dir: str, channel: str, problems: list[str]) -> list[Row]:
    problem = redis_problem()
    if problem:
        return [("2 processes behind Redis", "not measured", "", problem)]
    rows: list[Row] = []
    half = EDITORS // 2
    with ExitStack() as stack:
        servers = []
        for name in ("A", "B"):
            server = Server(name, db_url, log_dir, channel, redis_url=REDIS_URL)
            stack.callback(lambda s=server: problems.extend(f"process {s.name}: {p}" for p in s.problems()))
            stack.callback(server.stop)
            servers.append(server)
        a, b = servers
        placements = [(a if i < half else b, login, user_id) for i, (login, user_id) in enumerate(school.students)]
        clients = open_clients(stack, placements, school.two_process_pad)
        stack.callback(close_all, clients)
        where = [server.name for server, _, _ in placements]
        deliveries = Deliveries(clients)
        # Writers alternate between the processes: A0, B0, A1, B1, ...
        order = [i for pair in zip(range(half), range(half, EDITORS), strict=True) for i in pair]
        markers, timeouts = one_at_a_time(deliveries, order)
        same = lambda writer, reader: where[writer] == where[reader]  # noqa: E731
        cross = lambda writer, reader: where[writer] != where[reader]  # noqa: E731
        note = f"{ROUNDS} rounds alternating A and B" + (f"; {timeouts} rounds timed out" if timeouts else "")
        rows += latency_rows(f"2 processes, {half}+{half} editors, one writer, same process",
                             *deliveries.delays(markers, same), note + f"; {half - 1} readers each")
        rows += latency_rows(f"2 processes, {half}+{half} editors, one writer, cross-process",
                             *deliveries.delays(markers, cross), note + f"; {half} readers each, through Redis")
        burst = all_at_once(deliveries, servers)
        offered = len(burst.markers) / DURATION
        note = f"every {PERIOD * 1000:.0f} ms for {DURATION:.0f} s: {len(burst.markers):,} updates ({offered:.0f}/s)"
        rows += latency_rows(f"2 processes, {half}+{half} editors all typing, same process",
                             *deliveries.delays(burst.markers, same), note)
        rows += latency_rows(f"2 processes, {half}+{half} editors all typing, cross-process",
                             *deliveries.delays(burst.markers, cross), note + ", through Redis")
        rows.append(load_row("2 processes, all typing: throughput", burst, offered, deliveries.converged()))
    return rows


def fill_large_pad(app, school: School) -> int:
    """Write LARGE_TEXT characters into the large pad, every student in turn, and publish them.

    Authorship is dense, as in a class pad late in the year: stretches of LARGE_RUN characters,
    each by a student drawn at random, paragraphs now and then. Written straight into the log
    (one update, folded into a snapshot) before any server starts. Returns the text's length.
    """
    from board.moderation.states import PUBLISHED
    from board.pads import document, store

    rng = random.Random(11)
    doc = document.new_doc()
    body = document.text_of(doc)
    position = 0
    with doc.transaction():
        while position < LARGE_TEXT:
            _, user_id = rng.choice(school.students)
            length = rng.randint(*LARGE_RUN)
            piece = ""
            while len(piece) < length:
                piece += rng.choice(SENTENCES) + " "
            piece = piece[:length - 1] + ("\n" if rng.random() < 0.2 else " ")
            body.insert(position, piece, {"author": str(user_id)})
            position += len(piece)  # ASCII: characters are pycrdt's units
    with app.app_context():
        store.append(school.large_pad, None, doc.get_update())
        store.compact(school.large_pad)
        revision = store.cut_live_revision(school.large_pad, note="published")
        pad = db.session.get(Pad, school.large_pad)
        pad.status, pad.published_revision = PUBLISHED, revision.number
        db.session.commit()
        db.session.remove()
    return position


def queue_rows(server: Server, school: School, size: int, clients: list[PadClient]) -> list[Row]:
    """Time the teacher's queue page while the large pad waits there (after the typing run).

    First the page as the teacher opens and reopens it (the first fetch computes the pad's
    review, the others find it kept); then after each of a few new words, each fetch a review
    computed afresh.
    """
    cookie = sign_in(server.base, school.teacher_login)

    def fetch() -> tuple[float, bytes]:
        request = urllib.request.Request(server.base + "/queue", headers={"Cookie": cookie})
        started = time.perf_counter()
        with urllib.request.urlopen(request, timeout=60) as response:
            page = response.read()
        return (time.perf_counter() - started) * 1000, page

    timings, pages = zip(*(fetch() for _ in range(QUEUE_FETCHES)), strict=True)
    changed = []
    for n in range(QUEUE_CHANGES):
        marker = f"#q{n}# "
        clients[0].insert(0, marker)
        # The server logs an update before passing it on: once another editor has it, the queue can see it.
        clients[-1].wait_for(lambda text, marker=marker: marker in text)
        changed.append(fetch()[0])
    shows = b"pad-review" in pages[-1]
    return [
        (f"Queue page, a {size / 1000:.0f} KB pad waiting", percentile(timings, 0.5), "ms median",
         f"{QUEUE_FETCHES} fetches by the teacher, one at a time; the first {timings[0]:.0f} ms (computes the "
         f"pad's review; the worker's first queue page), p95 {percentile(timings, 0.95):.0f} ms; "
         f"page {len(pages[-1]) / 1024:.0f} KB; the pad's review {'shown' if shows else 'NOT shown'}"),
        (f"Queue page, a {size / 1000:.0f} KB pad waiting, after each change", percentile(changed, 0.5),
         "ms median", f"{QUEUE_CHANGES} fetches, each after one more word typed (the review computed afresh); "
                      f"max {max(changed):.0f} ms"),
    ]


def large_pad(app, school: School, db_url: str, log_dir: str, channel: str, problems: list[str]) -> list[Row]:
    """30 editors typing at once, each in their own part of a 100,000-character pad of dense authorship."""
    size = fill_large_pad(app, school)
    rows: list[Row] = []
    with ExitStack() as stack:
        server = Server("large", db_url, log_dir, channel)
        stack.callback(lambda: problems.extend(f"process large: {p}" for p in server.problems()))
        stack.callback(server.stop)
        clients = open_clients(stack, [(server, login, user_id) for login, user_id in school.students],
                               school.large_pad)
        stack.callback(close_all, clients)
        runs = len(clients[0].runs())
        # Each editor writes in their own part of the text, as a class does: far apart, all through it.
        positions = [size * (2 * i + 1) // (2 * EDITORS) for i in range(EDITORS)]
        deliveries = Deliveries(clients, positions)
        burst = all_at_once(deliveries, [server])
        offered = len(burst.markers) / DURATION
        label = f"1 process, {EDITORS} editors typing, {size / 1000:.0f} KB pad"
        rows += latency_rows(
            label, *deliveries.delays(burst.markers),
            f"{runs:,} stretches by {EDITORS} authors; each editor inserts in their own part every "
            f"{PERIOD * 1000:.0f} ms for {DURATION:.0f} s: {len(burst.markers):,} updates ({offered:.0f}/s in)")
        rows.append(load_row(f"{label}: throughput", burst, offered, deliveries.converged()))
        rows += queue_rows(server, school, size, clients)
    return rows


def _type_into_pads(clients: list[PadClient], chunks: list[str]) -> None:
    for client in clients:
        for chunk in chunks:
            client.append(chunk)


def _wait_for_text(clients: list[PadClient], length: int, timeout: float = 30) -> None:
    late = [c for c in clients if not c.wait_for(lambda t: len(t) >= length, timeout=timeout)]
    if late:
        raise RuntimeError(f"{len(late)} editors did not receive their pad's text within {timeout:.0f} s")


def memory_per_pad(app, school: School, db_url: str, log_dir: str, channel: str, problems: list[str],
                   redis_url: str | None = None) -> list[Row]:
    """Open MEMORY_PADS pads in fresh workers, typing PAD_TEXT characters into each; compare RSS.

    One process: one editor per pad. Two processes behind Redis: one editor per pad on each, the
    text typed on A and received on B through Redis, so both processes hold every pad.
    """
    from board.pads import document, store

    texts = " ".join(itertools.islice(itertools.cycle(SENTENCES), 200))
    chunks = [texts[i:i + CHUNK] for i in range(0, PAD_TEXT, CHUNK)]
    login, user_id = school.students[0]
    names = ("A", "B") if redis_url else ("M",)
    label = "2 processes behind Redis" if redis_url else "1 process"
    with ExitStack() as stack:
        servers = []
        for name in names:
            server = Server(f"{name}-memory", db_url, log_dir, channel, redis_url=redis_url)
            stack.callback(lambda s=server: problems.extend(f"process {s.name}: {p}" for p in s.problems()))
            stack.callback(server.stop)
            servers.append(server)
        cookies = {server.name: sign_in(server.base, login) for server in servers}

        def editor(server: Server, pad_id: int) -> PadClient:
            client = PadClient(socket_url(server.base, pad_id), cookie=cookies[server.name], author_id=user_id)
            if not client.wait_synced(15):
                raise RuntimeError(f"the editor of pad {pad_id} did not sync (close reason {client.close_reason})")
            return client

        # Warm up: one pad opened, written in and closed, so first-use costs are not counted per pad.
        warm = [editor(server, school.warmup_pad) for server in servers]
        stack.callback(close_all, warm)
        _type_into_pads(warm[:1], chunks)
        _wait_for_text(warm, PAD_TEXT)
        time.sleep(0.5)
        close_all(warm)
        time.sleep(1.0)
        before = {s.name: (s.rss_kb(), s.threads()) for s in servers}
        clients: list[PadClient] = []
        stack.callback(lambda: close_all(clients))
        for pad_id in school.memory_pads:
            opened = [editor(server, pad_id) for server in servers]
            clients += opened
            _type_into_pads(opened[:1], chunks)
        _wait_for_text(clients, PAD_TEXT)
        # Wait until the log holds every pad's text (what a process logs, it has applied).
        deadline = time.monotonic() + 30
        with app.app_context():
            while True:
                short = [pad_id for pad_id in school.memory_pads
                         if len(str(document.text_of(store.load(pad_id).doc))) < PAD_TEXT]
                db.session.remove()
                if not short or time.monotonic() > deadline:
                    break
                time.sleep(0.2)
        if short:
            raise RuntimeError(f"{len(short)} pads did not reach the log within 30 s")
        time.sleep(0.5)
        opened = {s.name: (s.rss_kb(), s.threads()) for s in servers}
        close_all(clients)
        time.sleep(1.0)
        closed = {s.name: s.rss_kb() for s in servers}
    rows = []
    for server in servers:
        rss_before, threads_before = before[server.name]
        rss_opened, threads_opened = opened[server.name]
        where = f"process {server.name[0]}" if redis_url else "the worker"
        role = (" (where the text was typed)" if server is servers[0] else " (text received through Redis)") \
            if redis_url else ""
        rows += [
            (f"Memory per open pad, {label}: {where}", (rss_opened - rss_before) / MEMORY_PADS, "KB/pad",
             f"{MEMORY_PADS} pads, {PAD_TEXT / 1000:.0f} KB of text each{role}; (RSS after − before) / "
             f"{MEMORY_PADS}, gunicorn worker alone, after a warm-up pad: {rss_before / 1024:.1f} → "
             f"{rss_opened / 1024:.1f} MB; includes each editor's connection"),
            (f"Threads per open pad, {label}: {where}", (threads_opened - threads_before) / MEMORY_PADS,
             "threads", f"{threads_before} → {threads_opened}: the socket's gunicorn thread, its reader thread "
             "and, while a check runs, a norms-check timer; --threads bounds open sockets"),
            (f"RSS after the editors left, {label}: {where}", closed[server.name] / 1024, "MB",
             f"{(closed[server.name] - rss_before) / 1024:+.1f} MB against before opening them "
             "(rooms are dropped when empty)"),
        ]
    return rows


def summarise(problems: list[str]) -> Row:
    if not problems:
        return ("Server log problems", 0, "exceptions", "no exception logged by any app process")
    kinds = {}
    for problem in problems:
        kind = problem.split(": ", 1)[1]
        kinds[kind] = kinds.get(kind, 0) + 1
    listed = "; ".join(f"{count}× {kind}" for kind, count in sorted(kinds.items(), key=lambda kv: -kv[1]))
    return ("Server log problems", len(problems), "exceptions", f"logged by the app processes: {listed}")


@contextmanager
def watchdog(seconds: float):
    """Stop every app process still running after `seconds`: a client blocked on a socket then fails."""
    fired = threading.Event()

    def expire() -> None:
        fired.set()
        for server in list(Server.running):
            server.process.kill()

    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    timer.start()
    try:
        yield
    except Exception as problem:
        if fired.is_set():
            raise RuntimeError(f"stopped after {seconds:.0f} s: {problem}") from problem
        raise
    finally:
        timer.cancel()
        for server in list(Server.running):
            server.stop()


def run() -> tuple[str, list[Row]]:
    """Measure everything; return a description and the rows."""
    started = time.perf_counter()
    load = os.getloadavg()[0]
    channel = f"commons-pads-bench-{uuid.uuid4().hex[:12]}"
    problems: list[str] = []
    with watchdog(DEADLINE_SECONDS), bench_database() as (app, db_url, about, school, tmp):
        only = os.environ.get("PADS_BENCH_ONLY")
        if only == "large":
            rows = large_pad(app, school, db_url, tmp, channel, problems)
        else:
            rows = one_process(school, db_url, tmp, channel, problems)
            rows += large_pad(app, school, db_url, tmp, channel, problems)
            rows += two_processes(school, db_url, tmp, channel, problems)
            rows += memory_per_pad(app, school, db_url, tmp, channel, problems)
            if redis_reachable():
                rows += memory_per_pad(app, school, db_url, tmp, channel, problems, redis_url=REDIS_URL)
    rows.append(summarise(problems))
    about = (f"database: {about}; gunicorn --workers 1 --threads {THREADS} per process; clients in this "
             f"process; {os.cpu_count()} cores, load average {load:.1f} at the start; "
             f"{time.perf_counter() - started:.0f} s in all")
    return about, rows


def rows() -> list[Row]:
    about, table = run()
    return [("Pads setup", "", "", about), *table]


def main() -> int:
    from bench.__main__ import print_table

    print_table([("Live pads (bench/pads_bench.py)", rows(), None)])
    return 0


if __name__ == "__main__":
    sys.exit(main())
