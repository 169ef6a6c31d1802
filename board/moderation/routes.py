"""The teacher's queue: look, decide, decide several at once, undo."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from board import permissions
from board.discussions.highlight import highlight
from board.discussions.models import Post
from board.extensions import db
from board.moderation import services, states
from board.moderation.models import Decision
from board.moderation.queue import TAB_LABELS, TABS, load_page, recent_decisions, recent_items
from board.web import page_number, safe_next, small_int

bp = Blueprint("moderation", __name__)


def _int_arg(name: str) -> int | None:
    return small_int(request.values.get(name))


def _queue_url() -> str:
    return safe_next(request.form.get("next")) or url_for("moderation.queue")


def render_queue(errors: dict | None = None, typed: dict | None = None, status: int = 200):
    """Render the queue page with the filters in the query string."""
    tab = request.args.get("tab", "pending")
    page = load_page(current_user, tab, _int_arg("classroom"), _int_arg("prompt"),
                     page_number(request.args.get("page")))
    recent = recent_decisions(current_user)
    return render_template(
        "moderation/queue.html",
        q=page,
        tabs=TABS,
        tab_labels=TAB_LABELS,
        recent=recent,
        recent_items=recent_items(recent),
        highlight=highlight,
        allowed=states.allowed_actions,
        labels=states.ACTION_LABELS,
        errors=errors or {},
        typed=typed or {},
        filters={"classroom": _int_arg("classroom"), "prompt": _int_arg("prompt")},
    ), status


@bp.route("/queue")
@permissions.teacher_required
def queue():
    """Show the queue for all my classes, filterable by class and prompt."""
    return render_queue()


def _moderatable_post(post_id: int) -> Post:
    post = db.session.get(Post, post_id)
    if post is None or not permissions.is_member(current_user, post.classroom_id):
        abort(404)
    permissions.require(permissions.can_moderate(current_user, post.classroom_id))
    return post


@bp.route("/queue/<int:post_id>/decide", methods=["POST"])
@permissions.teacher_required
def decide(post_id: int):
    """Approve, edit then approve, return with feedback, reject with a reason, or keep."""
    post = _moderatable_post(post_id)
    action = request.form.get("action", "")
    if action not in states.TEACHER_ACTIONS:
        abort(400)
    version = request.form.get("version", "")
    try:
        outcome = services.decide(
            post, action, current_user, small_int(version, -1),
            feedback=request.form.get("feedback", ""),
            norm=request.form.get("norm", ""),
            edited_md=request.form.get("body"),
        )
    except services.DecisionError as problem:
        typed = {post.id: {k: v for k, v in request.form.items() if k in ("feedback", "norm", "body")}}
        typed[post.id]["action"] = action
        return render_queue({post.id: {problem.field: str(problem)}}, typed, 422)
    except services.Conflict as problem:
        flash(str(problem), "warning")
        return redirect(_queue_url())
    label = states.ACTION_LABELS[outcome.action]
    flash(f"{outcome.author_name}’s {outcome.kind}: {label}.", "success")
    return redirect(_queue_url())


@bp.route("/queue/bulk", methods=["POST"])
@permissions.teacher_required
def bulk():
    """Approve every selected item that is still as the teacher saw it."""
    chosen: list[tuple[Post, int]] = []
    for value in request.form.getlist("item"):
        post_id, _, version = value.partition(":")
        post_id, version = small_int(post_id), small_int(version)
        if post_id is not None and version is not None:
            chosen.append((_moderatable_post(post_id), version))
    if not chosen:
        flash("Select at least one item to approve.", "warning")
        return redirect(_queue_url())
    done, problems = services.decide_many(chosen, states.APPROVE, current_user)
    if done:
        flash(f"Approved {done} item{'s' if done != 1 else ''}.", "success")
    for problem in problems:
        flash(problem, "warning")
    return redirect(_queue_url())


@bp.route("/decisions/<int:decision_id>/undo", methods=["POST"])
@permissions.teacher_required
def undo(decision_id: int):
    """Take back one of my own recent decisions."""
    decision = permissions.get_or_404(Decision, decision_id)
    if not permissions.is_member(current_user, decision.classroom_id):
        abort(404)
    permissions.require(decision.actor_id == current_user.id or permissions.is_admin(current_user))
    # Worded before the undo: once it is committed, the answer must not need the database.
    undone = _undone(decision)
    try:
        services.undo(decision, current_user)
    except services.Conflict as problem:
        flash(str(problem), "warning")
    else:
        flash(undone, "success")
    return redirect(_queue_url())


def _undone(decision: Decision) -> str:
    """Say what an undo put back, about the item it was about (a post or a pad)."""
    item = recent_items([decision]).get((decision.item_type, decision.item_id))
    if decision.item_type == "pad" and item is not None:
        if decision.revision_before:
            return f"Undone: revision {decision.revision_before} of the pad “{item.title}” is the published one again."
        return f"Undone: the pad “{item.title}” is not published any more; its changes wait for review."
    if decision.item_type == "post" and item is not None:
        return f"Undone: {item.author.display_name}’s {item.kind} is {decision.from_status} again."
    return f"Undone: the item is {decision.from_status} again."
