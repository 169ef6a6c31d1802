"""Pads over a real socket: a live server, signed-in sessions, Python peers speaking the Yjs protocol."""
from __future__ import annotations

import http.cookiejar
import re
import urllib.parse
import urllib.request

import pytest

from board.extensions import db
from board.pads.client import PadClient
from board.pads.models import Pad
from tests.factories import PASSWORD


def sign_in(base_url: str, user) -> str:
    """Sign in through the real form; return the Cookie header a browser would send."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base_url + "/login").read().decode()
    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"login": user.login, "password": PASSWORD, "csrf_token": token}).encode()
    opener.open(base_url + "/login", data=data)
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def socket_url(base_url: str, pad_id: int) -> str:
    return base_url.replace("http://", "ws://") + f"/pads/{pad_id}/sync"


@pytest.fixture
def pad_school(make):
    """A school whose public prompt has a class pad (and a discussion)."""
    school = make.school()
    prompt = make.prompt(school.classroom, "public", "How should our town spend its park budget?",
                         kind="both")
    pad = db.session.scalar(db.select(Pad).where(Pad.prompt_id == prompt.id))
    school.pad_prompt, school.pad = prompt, pad
    return school


@pytest.fixture
def connect(live_server):
    """Open Python peers on a pad as given people; closed at the end of the test."""
    opened: list[PadClient] = []

    def open_peer(user, pad, origin: str | None = None) -> PadClient:
        cookie = sign_in(live_server, user) if user is not None else None
        client = PadClient(socket_url(live_server, pad.id), cookie=cookie, origin=origin,
                           author_id=user.id if user is not None else None)
        opened.append(client)
        return client

    yield open_peer
    for client in opened:
        client.close()


def write(pad, user, text: str, index: int | None = None, attrs: dict | None = None) -> None:
    """Add text to a pad as a writer would, straight into the log (no socket needed)."""
    write_many(pad, user, [(text, attrs)], index)


def write_many(pad, user, pieces: list[tuple[str, dict | None]], index: int | None = None) -> None:
    """Add several pieces of text in one update, each with its own formatting."""
    from board.pads import document, store

    loaded = store.load(pad.id)
    before = loaded.doc.get_state()
    body = document.text_of(loaded.doc)
    position = document.byte_length(str(body)) if index is None else index
    with loaded.doc.transaction():
        for text, attrs in pieces:
            body.insert(position, text, {**(attrs or {}), "author": str(user.id)})
            position += document.byte_length(text)
    store.append(pad.id, user.id, loaded.doc.get_update(before))
