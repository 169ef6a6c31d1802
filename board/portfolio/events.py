"""What the portfolio offers other features, and hears from them, through signals."""
from __future__ import annotations

from flask import url_for

from board import signals
from board.media import kinds as media_kinds
from board.moderation import states
from board.notifications.services import notify
from board.portfolio import access
from board.portfolio.models import Goal, Piece
from board.text import excerpt

#: a piece brought from another school keeps its pictures; they are seen by whoever may see the piece
media_kinds.register("piece", Piece, access.can_see_piece)


@signals.families.child_links.connect
def _portfolio_link(student, **_):
    """A family's page for their child links the child's portfolio."""
    return ("Portfolio", url_for("portfolio.show", student_id=student.id))


@signals.moderation.decided.connect
def _reflection_decided(item, decision=None, **_) -> None:
    """Tell the student what a teacher decided about a reflection, with the feedback when there is some."""
    if decision is None or not isinstance(item, (Piece, Goal)):
        return
    what = (f"your reflection on “{excerpt(item.title, 60)}”" if isinstance(item, Piece)
            else f"your goal “{excerpt(item.goal, 60)}”")
    if decision.action == states.APPROVE:
        message = f"Your teacher approved {what}."
    elif decision.action == states.RETURN:
        message = f"Your teacher returned {what}: {decision.feedback}"
    elif decision.action == states.REJECT:
        message = f"Your teacher did not publish {what}: {decision.feedback}"
    else:
        return
    notify(item.student_id, "decision", message, decision_id=decision.id)
