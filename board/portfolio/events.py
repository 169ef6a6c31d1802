"""What the portfolio offers other features through signals."""
from __future__ import annotations

from flask import url_for

from board import signals
from board.media import kinds as media_kinds
from board.portfolio import access
from board.portfolio.models import Piece

#: a piece brought from another school keeps its pictures; they are seen by whoever may see the piece
media_kinds.register("piece", Piece, access.can_see_piece)


@signals.families.child_links.connect
def _portfolio_link(student, **_):
    """A family's page for their child links the child's portfolio."""
    return ("Portfolio", url_for("portfolio.show", student_id=student.id))
