"""What the portfolio offers other features, and hears from them, through signals."""
from __future__ import annotations

from flask import url_for
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

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


# ---- the page cache ---------------------------------------------------------------------------
# The public home lists public portfolios from the anonymous page cache (board/pagecache.py): a piece
# that is or was published changing, by the ORM or by one UPDATE (a decision, a resubmission), makes
# the cached pages stale at the commit, as a post does.

def _touches_public_piece(obj) -> bool:
    if not isinstance(obj, Piece):
        return False
    history = inspect(obj).attrs.status.history
    return obj.status == states.PUBLISHED or states.PUBLISHED in (history.deleted or ())


@event.listens_for(Session, "before_flush")
def _piece_changed(session_, _context, _instances) -> None:
    if any(_touches_public_piece(obj) for obj in (*session_.dirty, *session_.deleted)):
        session_.info["public_changed"] = True


@event.listens_for(Session, "do_orm_execute")
def _pieces_updated(state) -> None:
    if (state.is_update or state.is_delete) and state.bind_mapper is not None \
            and state.bind_mapper.class_ is Piece:
        state.session.info["public_changed"] = True
