"""The feeds' addresses, and the download of a whole portfolio."""
from __future__ import annotations

from flask import Response, abort, request
from flask_login import current_user, login_required
from sqlalchemy import func, select

from board import permissions
from board.accounts.models import User
from board.extensions import db
from board.moderation.states import PUBLISHED
from board.portfolio import access, bp, export, feeds, sources
from board.portfolio.models import Piece
from board.prompts.models import Prompt

ATOM = "application/atom+xml; charset=utf-8"


def _feed_response(data: bytes) -> Response:
    """A feed any cache may keep, but must ask about again each time: a consent withdrawn reaches it at once."""
    response = Response(data, mimetype=ATOM)
    response.headers["Cache-Control"] = "public, no-cache"
    response.add_etag()
    return response.make_conditional(request)


@bp.app_template_global("public_portfolios")
def public_portfolios(limit: int = 12) -> list[tuple[User, int]]:
    """Return (student, pieces the public sees) for public portfolios, the most recently added to first."""
    newest = func.max(Piece.decided_at)
    candidates = db.session.scalars(
        select(Piece.student_id).where(Piece.status == PUBLISHED)
        .group_by(Piece.student_id).order_by(newest.desc()).limit(limit * 4)
    ).all()
    found = []
    for student_id in candidates:
        student = db.session.get(User, student_id)
        if not access.is_public(student):
            continue
        pieces = db.session.scalars(select(Piece).where(Piece.student_id == student_id, Piece.status == PUBLISHED))
        shown = sum(1 for piece in pieces if access.publicly_visible_piece(piece))
        if shown:
            found.append((student, shown))
        if len(found) == limit:
            break
    return found


@bp.after_request
def _caches_ask_again(response):
    """A portfolio page a visitor may see can be kept by a cache, which must ask again each time: a
    consent withdrawn takes it away at once. Signed-in pages stay private (board.web's headers)."""
    if request.method in ("GET", "HEAD") and "Cache-Control" not in response.headers \
            and not current_user.is_authenticated:
        response.headers["Cache-Control"] = "public, no-cache"
        response.vary.add("Cookie")
    return response


@bp.route("/portfolio/<int:student_id>/feed.atom")
def portfolio_feed(student_id: int):
    """A consented student's public pieces as an Atom feed (404 without consent, whoever asks)."""
    student = permissions.get_or_404(User, student_id)
    if not access.is_public(student):
        abort(404)
    return _feed_response(feeds.portfolio_feed(student))


@bp.route("/prompts/<int:prompt_id>/feed.atom")
def prompt_feed(prompt_id: int):
    """A public prompt's published responses as an Atom feed."""
    prompt = permissions.get_or_404(Prompt, prompt_id)
    if not (prompt.is_public and permissions.can_read_prompt(sources.NOBODY, prompt)):
        abort(404)
    return _feed_response(feeds.prompt_feed(prompt))


@bp.route("/portfolio/<int:student_id>/portfolio.zip")
@login_required
def download(student_id: int):
    """Download the whole portfolio as a small website that opens offline (the student, or their family)."""
    student = permissions.get_or_404(User, student_id, access.can_see_portfolio)
    permissions.require(access.can_download(current_user, student))
    data = export.build_zip(student, current_user)
    filename = f"portfolio-{export.slug(student.display_name)}.zip"
    return Response(data, mimetype="application/zip",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
