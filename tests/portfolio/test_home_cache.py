"""The public home lists portfolios from the page cache: a decision on a piece, or a piece taken out,
reaches the cached page in the same commit."""
from __future__ import annotations

import html

from board.moderation import services as moderation
from board.moderation import states
from board.portfolio import services, sources
from tests.portfolio.conftest import ANSWERS, approve


def _home(client) -> str:
    response = client.get("/")
    assert response.status_code == 200
    return html.unescape(response.get_data(as_text=True))


def test_a_piece_taken_back_leaves_the_cached_public_home_at_once(folio, make_client):
    piece = services.add_piece(folio.maya, sources.find(folio.maya, "post", folio.work.id), dict(ANSWERS)).item
    approve(piece, folio.teacher)
    visitor = make_client()
    assert "Maya C.’s portfolio" in _home(visitor)
    assert "Maya C.’s portfolio" in _home(visitor)  # now from the cache
    moderation.decide(piece, states.REJECT, folio.teacher, piece.lock_version, feedback="It names a classmate.")
    assert "Maya C.’s portfolio" not in _home(visitor)


def test_a_piece_the_student_takes_out_leaves_the_cached_public_home_at_once(folio, make_client):
    piece = services.add_piece(folio.maya, sources.find(folio.maya, "post", folio.work.id), dict(ANSWERS)).item
    approve(piece, folio.teacher)
    visitor = make_client()
    assert "1 piece chosen" in _home(visitor) and "1 piece chosen" in _home(visitor)
    services.remove_piece(folio.maya, piece)
    assert "Maya C.’s portfolio" not in _home(visitor)
