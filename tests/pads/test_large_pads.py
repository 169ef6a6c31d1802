"""Large pads: the queue shows what changed, with context, not the whole pad; checks follow the text."""
from __future__ import annotations

import html
import random
import re

import pytest

from board.extensions import db
from board.moderation.states import PUBLISHED
from board.pads import document, store
from tests.pads.conftest import write

SENTENCES = [
    "The park needs more trees along the river path.",
    "A new playground would help the small children most.",
    "Benches near the library are always full at noon.",
    "We could ask the council to publish the whole budget.",
    "Lights on the footpath make the walk home feel safer.",
]


def fill(pad, writers, size: int, seed: int = 5) -> int:
    """Write `size` characters into a pad, in stretches of 20-200 by writers drawn at random; publish them."""
    rng = random.Random(seed)
    doc = document.new_doc()
    body = document.text_of(doc)
    position = 0
    with doc.transaction():
        while position < size:
            length = rng.randint(20, 200)
            piece = ""
            while len(piece) < length:
                piece += rng.choice(SENTENCES) + " "
            piece = piece[:length - 1] + ("\n" if rng.random() < 0.2 else " ")
            body.insert(position, piece, {"author": str(rng.choice(writers).id)})
            position += len(piece)
    store.append(pad.id, None, doc.get_update())
    revision = store.cut_live_revision(pad.id, note="published")
    pad.status, pad.published_revision = PUBLISHED, revision.number
    db.session.commit()
    return position


@pytest.fixture
def large_pad(pad_school):
    """A published 30,000-character pad by two students, then a few words added far apart."""
    pad, school = pad_school.pad, pad_school
    size = fill(pad, [school.maya, school.jonah], 30_000)
    write(pad, school.maya, "MAYA-NEAR-THE-START ", index=500)
    write(pad, school.jonah, "JONAH-IN-THE-MIDDLE ", index=size // 2)
    write(pad, school.maya, "MAYA-AT-THE-END ", index=size - 300)
    return pad


def test_the_queue_shows_a_large_pads_changes_with_context_not_the_whole_pad(large_pad, pad_school, client,
                                                                             login_as):
    login_as(pad_school.teacher)
    page = client.get("/queue").get_data(as_text=True)
    text = html.unescape(re.sub(r"<[^>]+>", "", page))
    for added in ("MAYA-NEAR-THE-START", "JONAH-IN-THE-MIDDLE", "MAYA-AT-THE-END"):
        assert added in text
    # Only the changes and the words around them: far less than the pad's 30,000 characters.
    review = re.search(r'<div class="queue-text prose pad-diff">(.*?)</div>', page, re.S).group(1)
    assert len(html.unescape(re.sub(r"<[^>]+>", "", review))) < 3_000
    assert f'href="/pads/{large_pad.id}/history"' in page
