"""Many threads at once on large pads, as a threaded worker sees them; run as a script, in its own process.

Reviewers render large pads' reviews (each from its own copy of the log), writers send updates
into an open room, rooms open and close (their documents left to the garbage collector), and
a thread collects garbage all the while. faulthandler is on: a crash prints every thread's
stack and the process dies of its signal, which the test that starts this script reports.

    python -m tests.pads.thread_stress SECONDS
"""
from __future__ import annotations

import faulthandler
import gc
import random
import sys
import tempfile
import threading
import time

from board import create_app
from board.extensions import db
from board.pads import document, services, store
from board.pads.models import Pad
from board.pads.rooms import Peer, hub_of
from tests.factories import Factory
from tests.pads.test_large_pads import fill

REVIEWERS = 6
WRITERS = 6


class Socket:
    """A socket that takes every message (the server's sends must not block)."""

    def send(self, data: bytes) -> None:
        pass


def update_from(state: bytes, user_id: int, words: str, rng: random.Random) -> bytes:
    """An update inserting words somewhere in the document whose state is given, as a browser makes it."""
    doc = document.load(state)
    body = document.text_of(doc)
    before = doc.get_state()
    body.insert(rng.randrange(len(body) + 1), words, {"author": str(user_id)})  # ASCII: any position
    return doc.get_update(before)


def main(seconds: float) -> int:
    faulthandler.enable()
    errors: list[BaseException] = []
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"TESTING": True, "SECRET_KEY": "stress-secret-key-for-pads-0123456789abcdef",
                          "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/stress.db", "TIMEZONE": "UTC",
                          "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000", "PAD_CHECK_SECONDS": 0.05,
                          "PAD_COMPACT_EVERY": 50})
        with app.app_context():
            db.create_all()
            make = Factory(app)
            school = make.school()
            prompt = make.prompt(school.classroom, "class", "What should the park budget pay for?", kind="pad")
            other = make.prompt(school.classroom, "class", "Which rule should we change?", kind="pad")
            pads = [db.session.scalar(db.select(Pad.id).where(Pad.prompt_id == p.id)) for p in (prompt, other)]
            fill(db.session.get(Pad, pads[0]), [school.maya, school.jonah], 30_000)
            writers = [(school.maya.id, school.maya.display_name), (school.jonah.id, school.jonah.display_name)]
            db.session.remove()
        hub = hub_of(app)
        stop = time.monotonic() + seconds
        counts = {"reviews": 0, "updates": 0, "rooms": 0}

        def guarded(work):
            def run():
                try:
                    while time.monotonic() < stop and not errors:
                        work()
                except BaseException as problem:  # noqa: BLE001  (reported by the main thread)
                    errors.append(problem)
            return threading.Thread(target=run, daemon=True)

        def review() -> None:
            with app.app_context():
                pad = db.session.get(Pad, pads[0])
                shown = services.review(pad)
                assert "<ins" in shown.diff_html or "<p>" in shown.diff_html
                db.session.remove()
            counts["reviews"] += 1

        peers = [Peer(Socket(), user_id, name, 1, can_edit=True) for user_id, name in writers]
        room = hub.join(pads[0], peers[0])
        hub.join(pads[0], peers[1])
        rng = random.Random(3)

        def write() -> None:
            peer = rng.choice(peers)
            with room.lock:
                state = room.doc.get_update()
            room.apply_from(peer, update_from(state, peer.user_id, "new words here. ", random.Random()))
            counts["updates"] += 1

        def open_and_close() -> None:
            # A room of its own, opened and left: its document becomes garbage in this thread.
            peer = Peer(Socket(), writers[0][0], writers[0][1], 2, can_edit=True)
            hub.join(pads[1], peer)
            hub.leave(pads[1], peer)
            counts["rooms"] += 1

        def collect() -> None:
            gc.collect()
            time.sleep(0.01)

        threads = ([guarded(review) for _ in range(REVIEWERS)] + [guarded(write) for _ in range(WRITERS)]
                   + [guarded(open_and_close), guarded(collect)])
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(seconds + 60)
        for peer in peers:
            hub.leave(pads[0], peer)
        with app.app_context():
            text = str(document.text_of(store.load(pads[0]).doc))
    if errors:
        raise errors[0]
    print(f"ok: {counts['reviews']} reviews, {counts['updates']} updates, {counts['rooms']} rooms opened and "
          f"closed; the pad is {len(text):,} characters", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(float(sys.argv[1]) if len(sys.argv) > 1 else 10.0))
