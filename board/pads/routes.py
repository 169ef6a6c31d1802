"""Pad pages: the live editor for the class, the published version for everyone else, history, export."""
from __future__ import annotations

import json

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import selectinload

from board import permissions
from board.discussions.forms import PostForm
from board.discussions.highlight import messages
from board.discussions.models import Post
from board.discussions.services import SubmissionError, submit
from board.errors import FieldError
from board.extensions import db, limiter, sock
from board.moderation import kinds
from board.moderation.services import Conflict, DecisionError
from board.moderation.states import PENDING, PUBLISHED
from board.pads import (
    document,
    events,  # noqa: F401  (pads hear of prompts saved and rights changed)
    holds,
    pictures,
    publication,
    redaction,
    render,
    services,
    store,
)
from board.pads.models import Pad
from board.pads.moderated import PAD
from board.pads.socket import serve
from board.timeutil import utcnow
from board.web import safe_next

bp = Blueprint("pads", __name__)
# Moderation handles pads once this blueprint is registered.
kinds.register_with(bp, PAD)


@sock.route("/pads/<int:pad_id>/sync", bp=bp)
def sync(ws, pad_id: int):
    """The live session (WebSocket)."""
    serve(ws, pad_id)


def _pad_or_404(pad_id: int) -> Pad:
    pad = permissions.get_or_404(Pad, pad_id)
    if not (permissions.can_read_live_pad(current_user, pad)
            or permissions.can_read_published_pad(current_user, pad)):
        abort(404)
    return pad


def _live_or_404(pad_id: int) -> Pad:
    """Only the class and its teachers see the live pad and its history."""
    pad = permissions.get_or_404(Pad, pad_id, permissions.can_read_live_pad)
    return pad


def _comments(pad: Pad) -> list[Post]:
    """Comments on the published pad this person may see: approved ones, their own; for teachers, waiting ones."""
    query = select(Post).options(selectinload(Post.author)).where(Post.pad_id == pad.id)
    shown = and_(Post.status == PUBLISHED, Post.hidden.is_(False))
    if permissions.is_teacher_of(current_user, pad.classroom_id):
        query = query.where(Post.status.in_((PUBLISHED, PENDING)))
    elif current_user.is_authenticated:
        query = query.where(or_(shown, Post.author_id == current_user.id))
    else:
        query = query.where(shown)
    return list(db.session.scalars(query.order_by(Post.created_at)))


@bp.route("/pads/<int:pad_id>")
def show(pad_id: int):
    """Show the pad: the live editor for the class, the published version for everyone else."""
    pad = _pad_or_404(pad_id)
    if not permissions.can_read_live_pad(current_user, pad):
        return _published_page(pad)
    loaded = store.load(pad.id)
    runs = document.runs_of(loaded.doc)
    present = services.authors_in(runs)
    authors = services.names(present | {current_user.id})
    teacher = permissions.is_teacher_of(current_user, pad.classroom_id)
    review = services.review(pad, loaded) if teacher and pad.has_unpublished_changes else None
    shown = holds.visible_runs(runs, current_user.id, teacher)
    return render_template(
        "pads/pad.html",
        pad=pad,
        prompt=pad.prompt,
        siblings=services.visible_pads(current_user, pad.prompt),
        html=render.to_html(shown, authors),
        held=holds.held_passages(runs, authors) if teacher else [],
        authors_json=json.dumps({str(k): v for k, v in authors.items()}),
        can_join=permissions.can_join_pad(current_user, pad),
        can_edit=permissions.can_edit_pad(current_user, pad),
        teacher=teacher,
        review=review,
        teacher_findings=publication.teacher_findings(review, runs) if review is not None else None,
        state=publication.publication_state(pad, runs) if teacher else None,
        colour=render.colour(current_user.id),
        legend=sorted(((a, authors[a]) for a in present if a in authors), key=lambda pair: pair[1]),
        comments=_comments(pad),
        redact_categories=redaction.CATEGORIES,
    )


def _published_page(pad: Pad, form: PostForm | None = None, findings=None, status: int = 200):
    can_comment = permissions.can_comment(current_user, pad.prompt)
    runs = services.published_runs(pad)
    revision = store.revision(pad.id, pad.published_revision)
    return render_template(
        "pads/published.html",
        pad=pad,
        prompt=pad.prompt,
        html=render.to_html(runs),
        writers=sorted(services.names(services.authors_in(runs)).values()),
        published_at=revision.created_at if revision is not None else None,
        comments=_comments(pad),
        form=form or (PostForm() if can_comment else None),
        findings=findings,
        can_comment=can_comment,
    ), status


@bp.route("/pads/<int:pad_id>/comment", methods=["POST"])
@login_required
@limiter.limit(lambda: current_app.config["POST_RATE_LIMIT"],
               key_func=lambda: f"user:{current_user.id}")
def comment(pad_id: int):
    """Comment on the published pad (readers); the teacher reads it first."""
    pad = _pad_or_404(pad_id)
    permissions.require(permissions.can_read_published_pad(current_user, pad)
                        and permissions.can_comment(current_user, pad.prompt))
    form = PostForm()
    if not form.validate_on_submit():
        return _published_page(pad, form, status=422)
    try:
        result = submit(current_user, pad.prompt, form.body.data, None, form.submission_key.data,
                        form.reminder, form.post_anyway, pad=pad)
    except SubmissionError as problem:
        form.body.errors.append(str(problem))
        return _published_page(pad, form, status=422)
    if result.needs_reminder:
        form.reminder_id.data = str(result.reminder.id)
        return _published_page(pad, form, result.findings)
    if not result.duplicate:
        flash("Thank you! Your comment is awaiting review by the class’s teacher.", "success")
    return redirect(url_for("pads.show", pad_id=pad_id, posted=form.submission_key.data, _anchor="comments"))


@bp.route("/pads/<int:pad_id>/history")
def history(pad_id: int):
    """Replay the pad revision by revision: who wrote what, and what changed each time."""
    pad = _live_or_404(pad_id)
    revisions = store.revisions(pad.id)
    if not revisions:
        return render_template("pads/history.html", pad=pad, prompt=pad.prompt, revisions=[], current=None)
    number = request.args.get("rev", type=int) or revisions[-1].number
    current = next((r for r in revisions if r.number == number), revisions[-1])
    return render_template("pads/history.html", pad=pad, prompt=pad.prompt, revisions=revisions,
                           current=current, view=_revision_view(pad, current),
                           names=services.names({a for r in revisions for a in r.authors}),
                           can_edit=permissions.can_edit_pad(current_user, pad))


def _revision_view(pad: Pad, revision) -> dict:
    # Teachers see every finding, with who wrote the words; a student, only those on their own words.
    teacher = permissions.is_teacher_of(current_user, pad.classroom_id)
    runs = holds.visible_runs(store.runs_of_revision(revision), current_user.id, teacher)
    previous = store.revision(pad.id, revision.number - 1) if revision.number > 1 else None
    before = holds.visible_runs(store.runs_of_revision(previous), current_user.id, teacher)
    who = services.names(services.authors_in(runs) | services.authors_in(before) | set(revision.authors))
    findings = [f for f in revision.findings or [] if teacher or f.get("author") == current_user.id]
    return {
        "html": render.to_html(runs, who),
        "diff": render.diff_html(before, runs, who, {i for f in findings for i in range(f["start"], f["end"])}),
        "authors": [who[a] for a in revision.authors if a in who],
        "writers": sorted(((a, who[a]) for a in revision.authors if a in who), key=lambda pair: pair[1]),
        "findings": findings,
        "messages": messages(document.plain(runs), findings, who if teacher else None),
        "teacher": teacher,
    }


@bp.route("/pads/<int:pad_id>/revisions/<int:number>")
def revision(pad_id: int, number: int):
    """One revision, as a fragment for the history slider."""
    pad = _live_or_404(pad_id)
    rev = store.revision(pad.id, number)
    if rev is None:
        abort(404)
    return render_template("pads/_revision.html", pad=pad, current=rev, view=_revision_view(pad, rev),
                           names=services.names(rev.authors),
                           can_edit=permissions.can_edit_pad(current_user, pad))


@bp.route("/pads/<int:pad_id>/revisions/<int:number>/restore", methods=["POST"])
@login_required
@limiter.limit(lambda: current_app.config["PAD_RESTORE_RATE_LIMIT"], key_func=lambda: f"user:{current_user.id}")
def restore(pad_id: int, number: int):
    """Bring an old revision back as the newest one."""
    pad = _live_or_404(pad_id)
    permissions.require(permissions.can_edit_pad(current_user, pad))
    try:
        new = services.restore(pad, number, current_user)
    except FieldError:
        abort(404)
    if new is None:
        flash(f"The pad already reads as revision {number}: nothing to restore.", "info")
    else:
        flash(f"Revision {number} is the pad’s text again (now revision {new.number}).", "success")
    return redirect(url_for("pads.show", pad_id=pad.id))


@bp.route("/pads/<int:pad_id>/publish", methods=["POST"])
@login_required
def publish(pad_id: int):
    """Publish the pad as the teacher saw it (teachers)."""
    pad = _live_or_404(pad_id)
    permissions.require(permissions.can_moderate(current_user, pad.classroom_id))
    version, seen = request.form.get("version", ""), request.form.get("seen", "")
    try:
        services.publish(pad, current_user, int(version) if version.isdigit() else -1,
                         int(seen) if seen.isdigit() else None)
    except (DecisionError, Conflict) as problem:
        flash(str(problem), "warning")
    else:
        db.session.refresh(pad)
        flash("Published. " + ("The public sees this version now." if pad.prompt.is_public
                               else "The class sees it as the published version.")
              + (" Words written since you looked wait for your next look." if pad.status == PENDING else ""),
              "success")
    return redirect(safe_next(request.form.get("next")) or url_for("pads.show", pad_id=pad.id))


@bp.route("/pads/<int:pad_id>/redact", methods=["POST"])
@login_required
def redact(pad_id: int):
    """Take words out of the pad and its whole history (teachers)."""
    pad = _live_or_404(pad_id)
    permissions.require(permissions.can_moderate(current_user, pad.classroom_id))
    try:
        done = redaction.redact(pad, request.form.get("phrase", ""), request.form.get("category", ""),
                                current_user)
    except FieldError as problem:
        flash(str(problem), "warning")
    else:
        if done.live or done.revisions:
            places = ([f"{done.live} place{'s' if done.live != 1 else ''} in the pad"] if done.live else []) + (
                [f"{done.revisions} revision{'s' if done.revisions != 1 else ''}"] if done.revisions else [])
            flash("Removed from " + " and ".join(places) + ". Nothing of it is kept; the open editors "
                  "loaded the pad again.", "success")
        else:
            flash("Those words are not in the pad or its history. The log was cleaned anyway.", "info")
    return redirect(url_for("pads.show", pad_id=pad.id, _anchor="redact"))


@bp.route("/pads/<int:pad_id>/release", methods=["POST"])
@login_required
def release(pad_id: int):
    """Show words held back by the norms check to the class (teachers)."""
    pad = _live_or_404(pad_id)
    permissions.require(permissions.can_moderate(current_user, pad.classroom_id))
    hold = request.form.get("hold", "")
    try:
        holds.release(pad, int(hold) if hold.isdigit() else -1, current_user)
    except holds.HoldError as problem:
        flash(str(problem), "info")
    else:
        flash("The class sees those words now.", "success")
    return redirect(url_for("pads.show", pad_id=pad.id, _anchor="held"))


@bp.route("/pads/<int:pad_id>/export.<fmt>")
def export(pad_id: int, fmt: str):
    """Download the pad as Markdown or HTML: the live text for the class, the published one for others."""
    pad = _pad_or_404(pad_id)
    if fmt not in ("md", "html"):
        abort(404)
    live = permissions.can_read_live_pad(current_user, pad)
    runs = holds.visible_runs(services.live_runs(pad), current_user.get_id() and current_user.id,
                              permissions.is_teacher_of(current_user, pad.classroom_id)) \
        if live else services.published_runs(pad)
    stem = f"pad-{pad.id}" + ("" if live else f"-revision-{pad.published_revision}")
    if fmt == "md":
        body = (document.markdown_heading(pad.title) + "\n\n" + document.to_markdown(runs)
                + pictures.markdown(pad, current_user))
        mimetype = "text/markdown"
    else:
        published = None if live else store.revision(pad.id, pad.published_revision)
        body = render_template(
            "pads/export.html", pad=pad, html=render.to_html(runs), live=live,
            writers=sorted(services.names(services.authors_in(runs)).values()),
            revision=pad.latest_revision if live else pad.published_revision,
            dated=utcnow() if published is None else published.created_at,
            pictures=pictures.for_export(pad, current_user),
        )
        mimetype = "text/html"
    # Werkzeug adds "; charset=utf-8" to a text mimetype itself.
    return Response(body, mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{stem}.{fmt}"'})


def _teacher_pad(pad_id: int) -> Pad:
    pad = _live_or_404(pad_id)
    permissions.require(permissions.is_teacher_of(current_user, pad.classroom_id))
    return pad


def _student_ids() -> set[int]:
    return {int(v) for v in request.form.getlist("student") if v.isdigit()}


@bp.route("/pads/<int:pad_id>/members", methods=["POST"])
@login_required
def members(pad_id: int):
    """Choose who writes in a group pad (teachers)."""
    pad = _teacher_pad(pad_id)
    services.set_members(pad, _student_ids())
    flash(f"Saved who writes in {pad.name or 'the class pad'}.", "success")
    return redirect(url_for("prompts.edit", prompt_id=pad.prompt_id, _anchor="pads"))


@bp.route("/pads/<int:pad_id>/remove", methods=["POST"])
@login_required
def remove(pad_id: int):
    """Remove a group pad nobody has written in (teachers)."""
    pad = _teacher_pad(pad_id)
    prompt_id = pad.prompt_id
    try:
        services.remove_pad(pad)
    except FieldError as problem:
        flash(str(problem), "warning")
    else:
        flash("The pad is removed.", "success")
    return redirect(url_for("prompts.edit", prompt_id=prompt_id, _anchor="pads"))
