"""A crafted form gets a clear answer and changes nothing it should not: no error page, no stack trace."""
from __future__ import annotations

import pytest

from tests.portfolio.conftest import add_piece, only_piece


@pytest.mark.parametrize("tag", ["²", "٣", "1" * 5000, "-1", "9" * 30])
def test_a_tag_id_that_is_no_number_is_ignored(folio, client, login_as, tag):
    login_as(folio.maya)
    response = add_piece(client, folio.work, tags=[tag, str(folio.tag.id)])
    assert response.status_code == 302
    assert [t.id for t in only_piece(folio.maya).tags] == [folio.tag.id]


def test_feeds_are_asked_for_again_by_every_cache(folio, client):
    """A withdrawn consent reaches feed readers and proxies at once: no cache keeps a feed unasked."""
    for url in (f"/portfolio/{folio.maya.id}/feed.atom", f"/prompts/{folio.public_prompt.id}/feed.atom"):
        response = client.get(url)
        assert response.status_code == 200
        assert "no-cache" in response.headers.get("Cache-Control", ""), url
        assert response.headers.get("ETag")
    # A feed that has not changed is answered in a few bytes.
    again = client.get(url, headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""


def test_public_portfolio_pages_are_asked_for_again_by_every_cache(folio, client, login_as):
    from tests.portfolio.conftest import approve

    login_as(folio.maya)
    assert add_piece(client, folio.work).status_code == 302
    approve(only_piece(folio.maya), folio.teacher)
    client.post("/logout")
    for url in (f"/portfolio/{folio.maya.id}", f"/portfolio/pieces/{only_piece(folio.maya).id}"):
        response = client.get(url)
        assert response.status_code == 200
        assert response.headers.get("Cache-Control") == "public, no-cache", url
        assert "Cookie" in response.headers.get("Vary", "")
    login_as(folio.maya)
    assert "no-store" in client.get(f"/portfolio/{folio.maya.id}").headers.get("Cache-Control", "")
