"""A page cache for anonymous visitors: public pages served as fast as static files.

Only GET requests from someone not signed in, for the public pages (home, a prompt, a post, a
published pad), are cached, and only responses that carry nothing of one visitor: no cookie set,
no CSRF token, no flashed message. Every entry records the *generation* that was current when its
page began to render; a commit that changes anything the public could see (a post that is or was
published, a prompt, a class, a membership's consent, a name, a pad's published revision) bumps the
generation, so every older page is stale at once, in every process. Entries also expire when a
prompt opens or closes, since time changes what the public sees without any commit.

The store is Redis when REDIS_URL is set (shared by every process) and a bounded dictionary in
this process otherwise. Redis trouble never fails a page: the cache steps aside for a moment.
"""
from __future__ import annotations

import functools
import hashlib
import json
import threading
import time
from collections import OrderedDict
from urllib.parse import parse_qsl

from flask import Flask, current_app, g, request, session
from flask_login import current_user
from sqlalchemy import event, func, inspect, select
from sqlalchemy.orm import Session
from werkzeug.http import parse_etags

#: the pages an anonymous visitor may be served from the cache
CACHED_ENDPOINTS = frozenset({"home.index", "discussions.prompt", "discussions.show_post", "pads.show"})
#: query arguments those pages read; any other argument skips the cache (no flooding it with keys)
CACHED_ARGS = frozenset({"page"})
#: the longest a page stays, even if nothing changes (relative times like "3 minutes ago" age)
MAX_AGE_SECONDS = 300
#: how long the cache steps aside after Redis fails to answer
REDIS_BACKOFF_SECONDS = 5.0


@functools.cache
def _watched_types() -> tuple[type, ...]:
    """The models a public page reads (imported on first use: the models import the app's extensions)."""
    from board.accounts.models import User
    from board.classes.models import Classroom, Membership
    from board.discussions.models import Post
    from board.pads.models import Pad
    from board.prompts.models import Prompt

    return (Post, Prompt, Classroom, Membership, User, Pad)


def _watched_change(obj, is_new: bool = False) -> bool:
    """Tell whether an inserted, changed or deleted row may change what the public sees."""
    # Every flush asks this of each row (a pad's log rows too): anything else is answered at once.
    if not isinstance(obj, _watched_types()):
        return False
    Post, Prompt, Classroom, Membership, User, Pad = _watched_types()
    from board.moderation.states import PUBLISHED

    if isinstance(obj, (Prompt, Classroom, Membership)):
        return True
    if isinstance(obj, Post):
        if is_new:
            return obj.status == PUBLISHED
        state = inspect(obj)
        history = state.attrs.status.history
        was = history.deleted[0] if history.deleted else obj.status
        if obj.status != PUBLISHED and was != PUBLISHED:
            return False
        return any(state.attrs[name].history.has_changes() for name in _PUBLIC_POST_COLUMNS)
    if isinstance(obj, User):
        state = inspect(obj)
        return any(state.attrs[name].history.has_changes() for name in ("first_name", "last_name", "active", "role"))
    if isinstance(obj, Pad):
        state = inspect(obj)
        return any(state.attrs[name].history.has_changes() for name in ("published_revision", "name"))
    return False


class MemoryStore:
    """Pages kept in this process, least recently used first out."""

    def __init__(self, max_entries: int = 2000):
        self.generation = 0
        self.entries: OrderedDict[str, tuple[int, float, bytes]] = OrderedDict()
        self.max_entries = max_entries
        self.lock = threading.Lock()

    def current(self) -> int:
        return self.generation

    def lookup(self, key: str) -> tuple[int, bytes | None]:
        with self.lock:
            entry = self.entries.get(key)
            if entry is None or entry[0] != self.generation or entry[1] < time.monotonic():
                return self.generation, None
            self.entries.move_to_end(key)
            return self.generation, entry[2]

    def store(self, key: str, generation: int, payload: bytes, ttl: int) -> None:
        with self.lock:
            if generation != self.generation:
                return
            self.entries[key] = (generation, time.monotonic() + ttl, payload)
            self.entries.move_to_end(key)
            while len(self.entries) > self.max_entries:
                self.entries.popitem(last=False)

    def bump(self) -> None:
        with self.lock:
            self.generation += 1
            self.entries.clear()


class RedisStore:
    """Pages kept in Redis for every process; a failure makes the cache step aside, never the page."""

    def __init__(self, url: str, prefix: str = "commons:pages"):
        import redis

        # redis-py clients are thread-safe: each command takes a connection from the pool.
        self.redis = redis.Redis.from_url(url, socket_timeout=0.25, socket_connect_timeout=0.25)
        self.generation_key = f"{prefix}:generation"
        self.prefix = prefix
        self.down_until = 0.0
        #: a bump that could not reach Redis is retried before the next page is served
        self.owed_bump = False

    def _available(self) -> bool:
        if time.monotonic() < self.down_until:
            return False
        if self.owed_bump:
            try:
                self.redis.incr(self.generation_key)
                self.owed_bump = False
            except Exception:  # noqa: BLE001  (any Redis trouble: step aside)
                self._failed()
                return False
        return True

    def _failed(self) -> None:
        self.down_until = time.monotonic() + REDIS_BACKOFF_SECONDS

    def lookup(self, key: str) -> tuple[int | None, bytes | None]:
        if not self._available():
            return None, None
        try:
            generation, entry = self.redis.mget(self.generation_key, f"{self.prefix}:{key}")
        except Exception:  # noqa: BLE001
            self._failed()
            return None, None
        current = int(generation or 0)
        if entry is None:
            return current, None
        stored, _, payload = entry.partition(b"\n")
        return current, (payload if int(stored) == current else None)

    def store(self, key: str, generation: int, payload: bytes, ttl: int) -> None:
        if not self._available():
            return
        try:
            self.redis.set(f"{self.prefix}:{key}", str(generation).encode() + b"\n" + payload, ex=ttl)
        except Exception:  # noqa: BLE001
            self._failed()

    def bump(self) -> None:
        try:
            self.redis.incr(self.generation_key)
        except Exception:  # noqa: BLE001
            # Until the bump lands, no page is served from (or stored in) the cache.
            self.owed_bump = True
            self._failed()


def store_of(app: Flask):
    return app.extensions["pagecache"]


def _cacheable_request() -> bool:
    return (
        current_app.config["PAGE_CACHE_ENABLED"]
        and request.method in ("GET", "HEAD")
        and request.endpoint in CACHED_ENDPOINTS
        and set(request.args) <= CACHED_ARGS
        and "_flashes" not in session
        and not current_user.is_authenticated
    )


def _key_of(environ) -> str:
    """Name a page by its path and query, exactly as the server received them."""
    query = environ.get("QUERY_STRING", "")
    raw = environ.get("PATH_INFO", "") + ("?" + query if query else "")
    return hashlib.sha256(raw.encode("latin-1", "replace")).hexdigest()[:32]


def _key() -> str:
    return _key_of(request.environ)


def _etag(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()[:32]


#: headers that belong to one response, never to a copy served to someone else
_PRIVATE_HEADERS = ("set-cookie", "content-length", "x-page-cache", "x-ratelimit")


def _pack(response) -> bytes:
    headers = [(name, value) for name, value in response.headers.items()
               if not name.lower().startswith(_PRIVATE_HEADERS)]
    return json.dumps(headers).encode() + b"\n" + response.get_data()


def _unpack(payload: bytes) -> tuple[list[tuple[str, str]], bytes]:
    head, _, body = payload.partition(b"\n")
    return [tuple(pair) for pair in json.loads(head)], body


def _answer(payload: bytes):
    """Build the response for a cached page, or a 304 when the visitor already has it."""
    headers, body = _unpack(payload)
    response = current_app.response_class(body, headers=headers)
    response.headers["X-Page-Cache"] = "hit"
    return response.make_conditional(request)


def _before_request():
    """Serve a cached page to a visitor who has a session but is not signed in."""
    if not _cacheable_request():
        return None
    g.public_page = True
    generation, payload = store_of(current_app).lookup(_key())
    g.page_generation = generation
    if payload is not None:
        g.page_cache_hit = True
        return _answer(payload)
    return None


class ServeFromCache:
    """WSGI middleware: a visitor with no session and no remember-me cookie gets a cached page at once.

    Such a request cannot belong to anyone signed in, so the page is served before Flask builds a
    request at all; anything else (a miss, a cookie, a POST) goes on to the app as usual.
    """

    def __init__(self, app: Flask, wsgi_app):
        self.app = app
        self.wsgi_app = wsgi_app
        self.static_prefix = (app.static_url_path or "/static") + "/"
        self.cookies = (app.config.get("SESSION_COOKIE_NAME", "session") + "=",
                        app.config.get("REMEMBER_COOKIE_NAME", "remember_token") + "=")

    def _may_serve(self, environ) -> bool:
        if environ.get("REQUEST_METHOD") not in ("GET", "HEAD") or not self.app.config["PAGE_CACHE_ENABLED"]:
            return False
        if environ.get("PATH_INFO", "").startswith(self.static_prefix):
            return False  # files are never kept here: no need to ask the store for them
        cookie = environ.get("HTTP_COOKIE", "")
        if cookie and any(name in cookie for name in self.cookies):
            return False
        query = environ.get("QUERY_STRING")
        return not query or {name for name, _ in parse_qsl(query, keep_blank_values=True)} <= CACHED_ARGS

    def __call__(self, environ, start_response):
        if self._may_serve(environ):
            _, payload = store_of(self.app).lookup(_key_of(environ))
            if payload is not None:
                return self._serve(environ, start_response, payload)
        return self.wsgi_app(environ, start_response)

    @staticmethod
    def _serve(environ, start_response, payload: bytes):
        headers, body = _unpack(payload)
        etag = next((value for name, value in headers if name == "ETag"), None)
        if etag and parse_etags(environ.get("HTTP_IF_NONE_MATCH")).contains_raw(etag):
            kept = [(name, value) for name, value in headers if name in ("ETag", "Cache-Control", "Vary")]
            start_response("304 NOT MODIFIED", kept)
            return [b""]
        start_response("200 OK", [*headers, ("Content-Length", str(len(body))), ("X-Page-Cache", "hit")])
        return [b"" if environ.get("REQUEST_METHOD") == "HEAD" else body]


def _seconds_until_time_changes_it() -> int:
    """Return how long until a prompt opens or closes, which changes the public pages by itself."""
    from board.extensions import db
    from board.prompts.models import Prompt
    from board.timeutil import utcnow

    now = utcnow()
    soonest = db.session.execute(
        select(func.min(Prompt.opens_at).filter(Prompt.opens_at > now),
               func.min(Prompt.closes_at).filter(Prompt.closes_at > now))
    ).one()
    moments = [moment for moment in soonest if moment is not None]
    if not moments:
        return MAX_AGE_SECONDS
    return max(1, min(MAX_AGE_SECONDS, int((min(moments) - now).total_seconds())))


def _after_request(response):
    """Keep a freshly rendered public page, and say how browsers may keep it."""
    if not g.get("public_page"):
        return response
    response.headers["Cache-Control"] = "public, no-cache"
    response.vary.add("Cookie")
    if g.get("page_cache_hit"):
        return response
    generation = g.get("page_generation")
    if (
        generation is None
        or response.status_code != 200
        or response.direct_passthrough
        or "Set-Cookie" in response.headers
        or session.modified
    ):
        return response
    body = response.get_data()
    if b"csrf" in body:  # a token of one visitor's session must never reach another
        return response
    response.set_etag(_etag(body))
    store_of(current_app).store(_key(), generation, _pack(response), _seconds_until_time_changes_it())
    response.headers["X-Page-Cache"] = "miss"
    return response.make_conditional(request)


def _watch(app: Flask) -> None:
    """Bump the generation after every commit that changed something the public may see."""

    @event.listens_for(Session, "before_flush")
    def _note_changes(session_, _context, _instances):
        if session_.info.get("public_changed"):
            return
        if (any(_watched_change(obj, is_new=True) for obj in session_.new)
                or any(_watched_change(obj) for obj in session_.dirty if session_.is_modified(obj))
                or any(isinstance(obj, _watched_types()) for obj in session_.deleted)):
            session_.info["public_changed"] = True

    @event.listens_for(Session, "do_orm_execute")
    def _note_bulk(state):
        if (state.is_update or state.is_delete) and state.bind_mapper is not None:
            if state.bind_mapper.class_.__tablename__ in _BULK_WATCHED:
                state.session.info["public_changed"] = True

    @event.listens_for(Session, "after_commit")
    def _bump(session_):
        if session_.info.pop("public_changed", False):
            for store in list(_STORES):
                store.bump()

    @event.listens_for(Session, "after_rollback")
    def _forget(session_):
        session_.info.pop("public_changed", None)


#: what the public pages show of a published post (a report counted or a lock bumped is not seen)
_PUBLIC_POST_COLUMNS = ("status", "hidden", "body_html", "revision", "published_at", "parent_id", "author_id",
                        "prompt_id", "classroom_id")
#: tables whose bulk UPDATE or DELETE statements may change a public page
_BULK_WATCHED = frozenset({"posts", "prompts", "classrooms", "memberships", "users", "pads"})
#: every app's store in this process (tests make several apps); commits bump them all
_STORES: list = []
_WATCHING = False


def register(app: Flask) -> None:
    """Serve and keep anonymous public pages; call before the rate limiter registers its hooks."""
    global _WATCHING
    url = app.config.get("REDIS_URL")
    store = RedisStore(url, prefix=app.config.get("PAGE_CACHE_PREFIX", "commons:pages")) if url else MemoryStore()
    app.extensions["pagecache"] = store
    _STORES.append(store)
    if not _WATCHING:
        _watch(app)
        _WATCHING = True
    app.before_request(_before_request)
    app.after_request(_after_request)
    app.wsgi_app = ServeFromCache(app, app.wsgi_app)
