"""The pictures strip of a pad: add a picture, take one out, the strip again for an open editor.

Pictures beside a pad are a moderated kind of their own ("pad_picture"): they wait in the queue's
section and in the pad's pictures strip, where a teacher approves or rejects each with the queue's form.
"""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from board import permissions
from board.errors import FieldError
from board.extensions import db, limiter
from board.media import accepts_pictures
from board.media.processing import ACCEPT_ATTRIBUTE
from board.moderation import kinds, states
from board.moderation.kinds import Kind
from board.moderation.services import DecisionError
from board.pads import pictures
from board.pads.models import Pad, PadPicture
from board.web import small_int

bp = Blueprint("pad_pictures", __name__)


@bp.record_once
def _setup(state) -> None:
    # The pad's page and its published page show the strip through this (no change to their views).
    state.app.jinja_env.globals.update(pad_pictures=lambda pad: pictures.strip(pad, current_user),
                                       pad_pictures_accept=ACCEPT_ATTRIBUTE)


# ---- the queue ------------------------------------------------------------------------------

def load_for_teacher(user, picture_id: int) -> PadPicture:
    """Return a picture this teacher may decide on: 404 outside their classes, 403 without the right."""
    picture = permissions.get_or_404(PadPicture, picture_id)
    if not permissions.can_see_pad_picture(user, picture):
        abort(404)
    permissions.require(permissions.can_moderate(user, picture.classroom_id))
    return picture


def load_many(ids) -> list[PadPicture]:
    return list(db.session.scalars(select(PadPicture).options(
        selectinload(PadPicture.author), selectinload(PadPicture.pad).selectinload(Pad.prompt))
        .where(PadPicture.id.in_(list(ids)))))


def waiting(classroom_ids: list[int]) -> list:
    return [select(func.count(PadPicture.id).label("n"), func.min(PadPicture.submitted_at).label("oldest"))
            .where(PadPicture.classroom_id.in_(classroom_ids), PadPicture.status == states.PENDING)]


def pending(classroom_ids: list[int], prompt_id: int | None) -> list[PadPicture]:
    """The pictures waiting, oldest first (only the prompt's, under a prompt filter)."""
    query = (select(PadPicture).join(Pad, Pad.id == PadPicture.pad_id)
             .options(selectinload(PadPicture.author), selectinload(PadPicture.pad).selectinload(Pad.prompt))
             .where(PadPicture.classroom_id.in_(classroom_ids), PadPicture.status == states.PENDING))
    if prompt_id is not None:
        query = query.where(Pad.prompt_id == prompt_id)
    return list(db.session.scalars(query.order_by(PadPicture.submitted_at, PadPicture.id)))


def check(action: str, edited_md: str | None) -> None:
    """A picture is approved or rejected with a reason; its writer adds a better one if she wants."""
    if action in (states.EDIT_APPROVE, states.RETURN):
        raise DecisionError("feedback", "Approve the picture, or reject it with a reason its writer will see.")


def decision_values(item, action: str, feedback: str, norm: str) -> dict:
    return {"feedback": feedback if action == states.REJECT else ""}


PAD_PICTURE = kinds.register_with(bp, Kind(
    name="pad_picture",
    model=PadPicture,
    label="picture",
    load_for_teacher=load_for_teacher,
    load_many=load_many,
    template="pads/_picture_queue_item.html",
    recent_template="pads/_picture_recent_line.html",
    waiting=waiting,
    pending=pending,
    section_title="Pictures added to pads",
    author_of=lambda item: item.author,
    check=check,
    decision_values=decision_values,
    undo_values=lambda item, decision: {"feedback": ""},
    undone_message=lambda item, d: f"Undone: {item.author.display_name}’s picture is {d.from_status} again.",
    stylesheet="pad/pad.css",
    undo_words="this decision on a picture in a pad",
))


# ---- the strip --------------------------------------------------------------------------------

def _live_pad_or_404(pad_id: int) -> Pad:
    pad = permissions.get_or_404(Pad, pad_id, permissions.can_read_live_pad)
    return pad


@bp.route("/pads/<int:pad_id>/pictures")
def strip(pad_id: int):
    """The pictures strip alone, as this person sees it (an open editor asks for it when told of a change)."""
    pad = _live_pad_or_404(pad_id)
    response = current_app.make_response(render_template("pads/_pictures.html", pad=pad,
                                                         strip=pictures.strip(pad, current_user)))
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/pads/<int:pad_id>/pictures/add", methods=["POST"])
@login_required
@limiter.limit(lambda: current_app.config["POST_RATE_LIMIT"], key_func=lambda: f"user:{current_user.id}")
@accepts_pictures
def add(pad_id: int):
    """Add a picture beside the pad: the teacher sees it first, then the class."""
    pad = _live_pad_or_404(pad_id)
    permissions.require(permissions.can_edit_pad(current_user, pad))
    alt = request.form.get("alt", "")
    try:
        picture = pictures.add(pad, current_user, request.files.get("picture"), alt,
                               small_int(request.form.get("staged", "")))
    except FieldError as problem:
        staged = getattr(problem, "image", None)
        return render_template("pads/picture_form.html", pad=pad, prompt=pad.prompt, alt=alt,
                               errors={problem.field: str(problem)}, staged=staged,
                               accept=ACCEPT_ATTRIBUTE), 422
    if picture.status == states.PUBLISHED:
        flash("Your picture is in the pad: the class sees it now.", "success")
    else:
        flash("Your picture is added. Your teacher looks at it before your classmates see it.", "success")
    return redirect(url_for("pads.show", pad_id=pad.id, _anchor="pictures"))


@bp.route("/pads/pictures/<int:picture_id>/remove", methods=["POST"])
@login_required
def remove(picture_id: int):
    """Take a picture out of the pad (its writer, or a teacher of the class)."""
    picture = permissions.get_or_404(PadPicture, picture_id)
    if not permissions.can_see_pad_picture(current_user, picture) or not permissions.can_read_live_pad(
            current_user, picture.pad):
        abort(404)
    permissions.require(picture.author_id == current_user.id
                        or permissions.can_moderate(current_user, picture.classroom_id))
    pad_id = picture.pad_id
    pictures.remove(picture)
    flash("The picture is taken out of the pad.", "success")
    return redirect(url_for("pads.show", pad_id=pad_id, _anchor="pictures"))
