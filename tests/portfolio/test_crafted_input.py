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
