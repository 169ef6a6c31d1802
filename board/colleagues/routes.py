"""Sharing student work with colleagues, the list of conversations, and one conversation in its steps."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from board import permissions
from board.colleagues import protocol, services
from board.colleagues.copies import copy_of_pad_revision, copy_of_post
from board.colleagues.forms import ContributionForm, ShareForm
from board.colleagues.models import SharedWork
from board.discussions.models import Post
from board.extensions import db, limiter
from board.pads import document, store
from board.pads.models import Pad, PadRevision

bp = Blueprint("colleagues", __name__, url_prefix="/colleagues")


def _per_person() -> str:
    return f"user:{current_user.id}" if current_user.is_authenticated else request.remote_addr or ""


post_limit = limiter.limit(lambda: current_app.config["POST_RATE_LIMIT"], key_func=_per_person, methods=["POST"])


def _colleague_or_404() -> None:
    """Students, readers, families and visitors are not told that shared work exists."""
    if not services.is_colleague(current_user):
        abort(404)


def _work_or_404(work_id: int) -> SharedWork:
    _colleague_or_404()
    return permissions.get_or_404(SharedWork, work_id)


@bp.app_template_global("colleague_conversations_open")
def _open_count() -> int | None:
    """How many conversations are open, for a teacher's home page (None for everyone else)."""
    return services.open_count() if services.is_colleague(current_user) else None


@bp.app_template_global("can_share_with_colleagues")
def _can_share_post(post: Post) -> bool:
    return services.can_share_post(current_user, post)


@bp.app_template_global("can_share_class_work")
def _can_share_class_work(classroom_id: int) -> bool:
    return services.can_share(current_user, classroom_id)


@bp.route("")
def index():
    """List the open conversations, then the latest closed ones."""
    _colleague_or_404()
    open_works, closed = services.conversations(True), services.conversations(False, limit=20)
    return render_template("colleagues/index.html", open_works=open_works, closed=closed,
                           counts=services.contribution_counts(open_works + closed), steps=protocol.BY_KEY)


def _share(copy, source_url: str, save):
    """Show the copy colleagues would see and the framing question, or share it."""
    form = ShareForm()
    if form.validate_on_submit():
        try:
            work = save(form.body.data, form.submission_key.data)
        except services.ShareError as problem:
            getattr(form, problem.field).errors.append(str(problem))
        else:
            flash("Shared. Colleagues at your school can see it now, with every student’s name replaced.", "success")
            return redirect(url_for("colleagues.show", work_id=work.id))
    status = 422 if request.method == "POST" else 200
    return render_template("colleagues/share.html", form=form, copy=copy, source_url=source_url), status


@bp.route("/share/posts/<int:post_id>", methods=["GET", "POST"])
@post_limit
def share_post(post_id: int):
    """Share a student's post with colleagues (a teacher of its class)."""
    _colleague_or_404()
    post = permissions.get_or_404(Post, post_id, permissions.can_read_post)
    permissions.require(services.can_share_post(current_user, post))
    return _share(copy_of_post(post), url_for("discussions.show_post", post_id=post.id),
                  lambda framing, key: services.share_post(current_user, post, framing, key))


@bp.route("/share/pads/<int:pad_id>/revisions/<int:number>", methods=["GET", "POST"])
@post_limit
def share_pad_revision(pad_id: int, number: int):
    """Share a pad as it stood at one revision (a teacher of its class)."""
    _colleague_or_404()
    pad = permissions.get_or_404(Pad, pad_id)
    if not services.can_share(current_user, pad.classroom_id):
        abort(404)
    revision = db.session.scalar(select(PadRevision).where(PadRevision.pad_id == pad.id, PadRevision.number == number))
    if revision is None:
        abort(404)
    # Words a norms check held back wait for this teacher's eyes only: colleagues never see them.
    markdown = document.to_markdown(document.without_held(store.runs_of_revision(revision)))
    return _share(copy_of_pad_revision(pad, revision, markdown),
                  url_for("pads.revision", pad_id=pad.id, number=number),
                  lambda framing, key: services.share_pad_revision(current_user, pad, revision, markdown, framing, key))


def _render(work: SharedWork, form: ContributionForm | None = None, status: int = 200):
    step = protocol.BY_KEY[work.step]
    if form is None and services.can_contribute(current_user, work, step):
        form = ContributionForm(step=work.step)
    return render_template(
        "colleagues/show.html", work=work, steps=protocol.STEPS, current=step, form=form,
        contributions=services.by_step(work), presenter=services.is_presenter(current_user, work),
        lead=services.can_lead(current_user, work), after=protocol.step_after(work.step),
        before=protocol.step_before(work.step),
        may_speak=services.can_contribute(current_user, work, step),
        original=url_for("discussions.show_post", post_id=work.post_id)
        if work.post_id and services.can_share(current_user, work.classroom_id) else None,
    ), status


@bp.route("/<int:work_id>")
def show(work_id: int):
    """Show the shared work and the conversation, step by step."""
    return _render(_work_or_404(work_id))


@bp.route("/<int:work_id>/contribute", methods=["POST"])
@post_limit
def contribute(work_id: int):
    """Add a question or feedback to the step the conversation is in."""
    work = _work_or_404(work_id)
    form = ContributionForm()
    if form.validate_on_submit():
        try:
            contribution = services.contribute(current_user, work, form.step.data, form.body.data,
                                               form.submission_key.data)
        except services.ShareError as problem:
            form.body.errors.append(str(problem))
        else:
            return redirect(url_for("colleagues.show", work_id=work.id, _anchor=f"c{contribution.id}"))
    return _render(work, form, 422)


@bp.route("/<int:work_id>/step", methods=["POST"])
def move(work_id: int):
    """Move the conversation to another step (the presenter)."""
    work = _work_or_404(work_id)
    permissions.require(services.can_lead(current_user, work))
    try:
        moved = services.move_to(current_user, work, request.form.get("step", ""))
    except services.ShareError as problem:
        flash(str(problem), "error")
        return _render(work, status=422)
    if moved:
        flash(f"The conversation is on to {protocol.BY_KEY[work.step].title.lower()}.", "success")
    return redirect(url_for("colleagues.show", work_id=work.id, _anchor="now"))


@bp.route("/<int:work_id>/close", methods=["POST"])
def close(work_id: int):
    """Close the conversation (the presenter): it stays readable, and nothing more is added."""
    work = _work_or_404(work_id)
    permissions.require(services.can_lead(current_user, work))
    if services.close(current_user, work):
        flash("Closed. Thank you for bringing this work; the conversation stays here to read.", "success")
    return redirect(url_for("colleagues.show", work_id=work.id))


@bp.route("/<int:work_id>/remove", methods=["POST"])
def remove(work_id: int):
    """Take the shared copy away for good, with what colleagues said (the presenter, or an admin)."""
    work = _work_or_404(work_id)
    permissions.require(services.can_lead(current_user, work))
    services.remove(current_user, work)
    flash("Removed. Colleagues no longer see this work or the conversation about it.", "success")
    return redirect(url_for("colleagues.index"))
