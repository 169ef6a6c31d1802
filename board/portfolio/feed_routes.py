"""The feeds' addresses, and the download of a whole portfolio."""
from __future__ import annotations

from flask import Response, abort, request
from flask_login import current_user, login_required

from board import permissions
from board.accounts.models import User
from board.portfolio import access, bp, export, feeds, sources
from board.prompts.models import Prompt

ATOM = "application/atom+xml; charset=utf-8"


def _feed_response(data: bytes) -> Response:
    """A feed any cache may keep, but must ask about again each time: a consent withdrawn reaches it at once."""
    response = Response(data, mimetype=ATOM)
    response.headers["Cache-Control"] = "public, no-cache"
    response.add_etag()
    return response.make_conditional(request)


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
    student = permissions.get_or_404(User, student_id)
    if not access.can_see_portfolio(current_user, student):
        abort(404)
    permissions.require(access.can_download(current_user, student))
    data = export.build_zip(student, current_user)
    filename = f"portfolio-{export.slug(student.display_name)}.zip"
    return Response(data, mimetype="application/zip",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
