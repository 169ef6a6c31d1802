"""Benchmarks of the thread page and the teacher's queue, on a school seeded in bulk.

Requests go through the Flask test client in this process, on a temporary SQLite file,
or on the database DATABASE_URL names (its tables are dropped and recreated first and
emptied at the end). Queries are counted per request with a cursor event on the engine.
"""
from __future__ import annotations

import os
import random
import statistics
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import event, func, select, text

from bench.seed import (
    PASSWORD,
    QueueSchool,
    Row,
    ThreadSchool,
    build_queue_school,
    build_thread_school,
    make_texts,
)
from board import create_app
from board.discussions.models import Post
from board.extensions import db
from board.prompts.models import Prompt

WARMUPS = 3
REPS = int(os.environ.get("BENCH_REPS", 20))
CONFIG = {
    "TESTING": True,
    "SECRET_KEY": "bench-secret-key-that-is-only-for-measuring-0123456789",
    "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
    "LOGIN_RATE_LIMIT": "1000000 per minute",
    "POST_RATE_LIMIT": "1000000 per minute",
    "CHECK_RATE_LIMIT": "1000000 per minute",
    "TIMEZONE": "UTC",
    # The client only reads pages and signs in.
    "WTF_CSRF_ENABLED": False,
}


@dataclass
class Measure:
    #: queries per request (the median; see query_range)
    queries: int
    #: lowest and highest count over the repetitions (equal when the page is stable)
    query_range: tuple[int, int]
    median_ms: float
    min_ms: float
    max_ms: float
    kilobytes: float


@contextmanager
def bench_app():
    """Yield an app on fresh tables; empty them at the end.

    On PostgreSQL the tables live in a schema of their own for the run, dropped at the end:
    the test suite drops and truncates the same database's tables while it runs, and would
    otherwise pull the benchmark's data away mid-run (and the benchmark theirs).
    """
    url = os.environ.get("DATABASE_URL")
    with tempfile.TemporaryDirectory(prefix="commons-bench-") as tmp:
        config = {**CONFIG, "SQLALCHEMY_DATABASE_URI": url or f"sqlite:///{tmp}/bench.db"}
        schema = f"commons_bench_{os.getpid()}" if url and url.startswith("postgres") else None
        if schema:
            config["SQLALCHEMY_ENGINE_OPTIONS"] = {
                "pool_pre_ping": True, "connect_args": {"options": f"-csearch_path={schema}"}}
        app = create_app(config)
        with app.app_context():
            if schema:
                with db.engine.begin() as connection:
                    connection.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
            db.drop_all()
            db.create_all()
        try:
            yield app
        finally:
            empty_tables(app)
            with app.app_context():
                if schema:
                    with db.engine.begin() as connection:
                        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
                db.engine.dispose()


def settle_statistics(app) -> str:
    """On PostgreSQL, VACUUM ANALYZE the seeded tables, as autovacuum would soon after a bulk load."""
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            return ""
        names = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text(f"VACUUM ANALYZE {names}"))
        return "; tables VACUUM ANALYZEd after seeding"


def database_name(app) -> str:
    with app.app_context():
        engine = db.engine
        if engine.dialect.name == "sqlite":
            return "SQLite (temporary file)"
        version = engine.dialect.server_version_info or ()
        return f"{engine.dialect.name} {'.'.join(map(str, version))} ({engine.url.render_as_string()})"


def empty_tables(app) -> None:
    with app.app_context():
        db.session.remove()
        tables = list(reversed(db.metadata.sorted_tables))
        with db.engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                names = ", ".join(f'"{t.name}"' for t in tables)
                connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
            else:
                for table in tables:
                    connection.execute(table.delete())


# ---- measuring ---------------------------------------------------------------------------


class QueryCounter:
    """Count statements sent to the database."""

    def __init__(self, engine):
        self.count = 0
        event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, *args) -> None:
        self.count += 1


def signed_in(app, login: str | None):
    """Return a test client, signed in through the login form unless login is None."""
    client = app.test_client()
    if login is not None:
        response = client.post("/login", data={"login": login, "password": PASSWORD})
        if response.status_code != 302:
            raise RuntimeError(f"signing in as {login} answered {response.status_code}")
    return client


def measure(client, counter: QueryCounter, path: str) -> Measure:
    """GET the page a few times to warm up, then time REPS requests and count their queries."""
    for _ in range(WARMUPS):
        _get(client, path)
    times, counts, size = [], [], 0
    for _ in range(REPS):
        counter.count = 0
        start = time.perf_counter()
        size = len(_get(client, path))
        times.append((time.perf_counter() - start) * 1000)
        counts.append(counter.count)
    return Measure(statistics.median_low(counts), (min(counts), max(counts)),
                   statistics.median(times), min(times), max(times), size / 1024)


def _get(client, path: str) -> bytes:
    response = client.get(path)
    if response.status_code != 200:
        raise RuntimeError(f"GET {path} answered {response.status_code}")
    return response.data


def page_rows(label: str, m: Measure, notes: str = "") -> list[Row]:
    queries = f"{m.query_range[0]}–{m.query_range[1]} over the repetitions" \
        if m.query_range[0] != m.query_range[1] else "same on every repetition"
    spread = (f"{REPS} reps after {WARMUPS} warm-ups; min {m.min_ms:.1f}, max {m.max_ms:.1f}; "
              f"{m.kilobytes:.0f} KB")
    return [
        (label, m.queries, "queries", "; ".join(x for x in (notes, queries) if x)),
        (label, m.median_ms, "ms median", spread),
    ]


def growth_row(label: str, small: Measure, large: Measure, what: str) -> Row:
    same = "same" if small.queries == large.queries else "NOT CONSTANT"
    return (label, large.median_ms / small.median_ms, "× time",
            f"median {large.median_ms:.1f} / {small.median_ms:.1f} ms; queries {large.queries} vs "
            f"{small.queries} ({same}) {what}")


def thread_rows(app, counter: QueryCounter, school: ThreadSchool) -> list[Row]:
    """Measure GET /prompts/<id> for a student of the class and for an anonymous visitor."""
    rows: list[Row] = []
    for who, login in (("student of the class", school.student_login), ("anonymous visitor", None)):
        client = signed_in(app, login)
        measured = {}
        for n, prompt_id in sorted(school.prompts.items()):
            m = measured[n] = measure(client, counter, f"/prompts/{prompt_id}")
            rows += page_rows(f"Thread page, {n} posts, {who}", m, _visible_note(app, login, prompt_id, n))
        small, large = min(measured), max(measured)
        rows.append(growth_row(f"Thread page {large}/{small} posts, {who}", measured[small], measured[large],
                               "per request"))
    return rows


def _visible_note(app, login: str | None, prompt_id: int, total: int) -> str:
    """Say how many of the posts this reader may see (what load_thread returns)."""
    from flask_login import AnonymousUserMixin

    from board.accounts.models import User
    from board.discussions.threads import load_thread

    with app.app_context():
        user = db.session.scalar(select(User).where(User.login == login)) if login else AnonymousUserMixin()
        thread = load_thread(user, db.session.get(Prompt, prompt_id))
        return f"{thread.count} of {total} posts visible"


def queue_rows(app, counter: QueryCounter, small: QueueSchool, large: QueueSchool) -> list[Row]:
    """Measure GET /queue (pending tab, first page) at two sizes, then filtered by class and by prompt."""
    rows: list[Row] = []
    measured = {}
    for school in (small, large):
        client = signed_in(app, school.teacher_login)
        m = measured[school.pending] = measure(client, counter, "/queue")
        rows += page_rows(f"Queue, pending, page 1, {school.pending:,} pending", m,
                          "teacher of 20 classes")
    rows.append(growth_row(f"Queue {large.pending:,}/{small.pending:,} pending", measured[small.pending],
                           measured[large.pending], "per request"))
    client = signed_in(app, large.teacher_login)
    m = measure(client, counter, f"/queue?classroom={large.classroom_id}")
    rows += page_rows(f"Queue filtered to one class, {large.pending:,} pending", m,
                      f"{large.in_class:,} pending in that class")
    m = measure(client, counter, f"/queue?classroom={large.classroom_id}&prompt={large.prompt_id}")
    rows += page_rows(f"Queue filtered to one prompt, {large.pending:,} pending", m,
                      f"{large.in_prompt:,} pending under that prompt")
    return rows


def run(seed: int = 20240917) -> tuple[str, list[Row]]:
    """Seed a school, measure every page, empty the tables; return a description and the rows."""
    rng = random.Random(seed)
    with bench_app() as app:
        started = time.perf_counter()
        with app.app_context():
            texts = make_texts(rng)
            thread_school = build_thread_school(texts, rng)
            small = build_queue_school("q50", 50, texts, rng)
            large = build_queue_school("q10k", 10_000, texts, rng)
            counter = QueryCounter(db.engine)
            posts = db.session.scalar(select(func.count(Post.id)))
        seeded = time.perf_counter() - started
        settled = settle_statistics(app)
        rows = thread_rows(app, counter, thread_school) + queue_rows(app, counter, small, large)
        about = (f"database: {database_name(app)}; {posts:,} posts seeded in {seeded:.1f} s{settled}; "
                 f"each page: median of {REPS} requests after {WARMUPS} warm-ups")
    return about, rows
