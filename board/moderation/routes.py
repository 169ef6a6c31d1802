"""The teacher's queue: look, decide, decide several at once, undo.

Every decision is a form that works alone (POST, then back to the next item); the page's script sends
the same form with Accept: application/json and gets the answer as JSON with the HTML to put in place.
"""
from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError

from board import permissions
from board.classes.models import Classroom
from board.extensions import db
from board.moderation import kinds, services, states
from board.moderation.bulk import BULK_ACTIONS, decide_many, undo_batch
from board.moderation.models import Decision
from board.moderation.queue import TAB_LABELS, TABS, load_page
from board.moderation.recent import recent_decisions, recent_items
from board.web import page_number, safe_next, small_int

bp = Blueprint("moderation", __name__)


def _int_arg(name: str) -> int | None:
    return small_int(request.values.get(name))


def _queue_url() -> str:
    return safe_next(request.form.get("next")) or url_for("moderation.queue")


def _back_to(item_id: int | None) -> str:
    """Return to the queue as it was, at the given item (the next one after a decision)."""
    url = _queue_url()
    if item_id is None:
        return url
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k != "item"] + [("item", str(item_id))]
    return urlunsplit(("", "", parts.path, urlencode(query), f"q{item_id}"))


def _wants_json() -> bool:
    return request.accept_mimetypes.best_match(["text/html", "application/json"]) == "application/json"


def _item_context(kind: kinds.Kind, items: list) -> dict:
    """What the item template needs besides the item: the kind's helpers, the actions, and no errors."""
    return {"allowed": states.allowed_actions, "labels": states.ACTION_LABELS, "errors": {}, "typed": {},
            **(kind.list_context(items) if kind.list_context else {})}


def render_queue(errors: dict | None = None, typed: dict | None = None, status: int = 200):
    """Render the queue page with the filters in the query string."""
    tab = request.args.get("tab", "pending")
    view = "focus" if request.args.get("view") == "focus" else "list"
    page = load_page(current_user, tab, _int_arg("classroom"), _int_arg("prompt"),
                     page_number(request.args.get("page")))
    ids = [p.id for p in page.items]
    wanted = _int_arg("item")
    current = wanted if wanted in ids else (ids[0] if ids else None)
    return render_template(
        "moderation/queue.html",
        q=page,
        tabs=TABS,
        tab_labels=TAB_LABELS,
        recent=recent_decisions(current_user),
        class_names={c.id: c.name for c in page.classrooms},
        view=view,
        current=current,
        filters={"classroom": page.classroom_id, "prompt": page.prompt_id},
        **{"changes": {}, "reminders_here": 0, **_item_context(page.kind, page.items),
           "errors": errors or {}, "typed": typed or {}},
    ), status


@bp.route("/queue")
@permissions.teacher_required
def queue():
    """Show the queue for all my classes, filterable by class and prompt, as a list or one at a time."""
    return render_queue()


def _moderatable(item_id: int, kind: kinds.Kind | None = None):
    """Load an item of the listed kind (posts) or the given one that this teacher may decide on."""
    return (kind or kinds.listed()).load_for_teacher(current_user, item_id)


def _recent_html() -> str | None:
    """Render the recent decisions again, or None when the database cannot say (the page keeps its own)."""
    try:
        return render_template("moderation/_recent.html", recent=recent_decisions(current_user),
                               labels=states.ACTION_LABELS, back=_queue_url())
    except SQLAlchemyError:
        db.session.rollback()
        return None


@bp.route("/queue/<int:post_id>/decide", methods=["POST"])
@permissions.teacher_required
def decide(post_id: int):
    """Approve, edit then approve, return with feedback, reject with a reason, or keep."""
    return _decide(_moderatable(post_id))


@bp.route("/queue/<kind_name>/<int:item_id>/decide", methods=["POST"])
@permissions.teacher_required
def decide_item(kind_name: str, item_id: int):
    """Decide on an item of another registered kind (a reflection), with the same form and answers."""
    try:
        kind = kinds.get(kind_name)
    except KeyError:
        abort(404)
    if not kind.decided_in_queue:
        abort(404)
    return _decide(_moderatable(item_id, kind))


def _decide(item):
    """Decide on one item; an error goes beside its field, under the key its kind's template reads."""
    kind = kinds.of(item)
    item_id = item.id
    # The listed kind's items are keyed by id on the page; another kind's by its name and id.
    key = item_id if kind is kinds.listed() else f"{kind.name}{item_id}"
    dom_id = f"q{item_id}" if kind is kinds.listed() else f"q{kind.name}{item_id}"
    action = request.form.get("action", "")
    if action not in states.TEACHER_ACTIONS:
        abort(400)
    after = _int_arg("after")
    try:
        outcome = services.decide(
            item, action, current_user, small_int(request.form.get("version", ""), -1),
            feedback=request.form.get("feedback", ""),
            norm=request.form.get("norm", ""),
            edited_md=request.form.get("body"),
        )
    except services.DecisionError as problem:
        if _wants_json():
            return jsonify(ok=False, field=problem.field, message=str(problem)), 422
        typed = {key: {k: v for k, v in request.form.items() if k in ("feedback", "norm", "body")}}
        typed[key]["action"] = action
        return render_queue({key: {problem.field: str(problem)}}, typed, 422)
    except services.Conflict as problem:
        if _wants_json():
            return jsonify(ok=False, conflict=True, item_id=item_id, message=str(problem),
                           stub=render_template("moderation/_decided.html", dom_id=dom_id,
                                                message=str(problem), decision_id=None, back=_queue_url())), 409
        flash(str(problem), "warning")
        return redirect(_back_to(after))
    whose = f"{outcome.author_name}’s {outcome.kind}" if outcome.author_name else f"The {outcome.kind}"
    message = f"{whose}: {states.ACTION_LABELS[outcome.action]}."
    if _wants_json():
        return jsonify(ok=True, item_id=item_id, message=message, action=outcome.action,
                       status=outcome.to_status, recent=_recent_html(),
                       stub=render_template("moderation/_decided.html", dom_id=dom_id, message=message,
                                            decision_id=outcome.decision_id, back=_queue_url()))
    flash(message, "success")
    return redirect(_back_to(after))


@bp.route("/queue/bulk", methods=["POST"])
@permissions.teacher_required
def bulk():
    """Approve, return or reject every selected item still as the teacher saw it, as one batch."""
    action = request.form.get("action", states.APPROVE)
    if action not in BULK_ACTIONS:
        abort(400)
    chosen: list[tuple[object, int]] = []
    for value in request.form.getlist("item"):
        post_id, _, version = value.partition(":")
        post_id, version = small_int(post_id), small_int(version)
        if post_id is not None and version is not None:
            chosen.append((_moderatable(post_id), version))
    if not chosen:
        flash("Select at least one item first.", "warning")
        return redirect(_queue_url())
    try:
        outcome = decide_many(chosen, action, current_user, request.form.get("feedback", ""),
                              include_reminders=request.form.get("include_reminders") == "1")
    except services.DecisionError as problem:
        typed = {"bulk": {"feedback": request.form.get("feedback", ""), "action": action,
                          "include_reminders": request.form.get("include_reminders") == "1",
                          "selected": {post.id for post, _ in chosen}}}
        return render_queue({"bulk": {problem.field: str(problem)}}, typed, 422)
    if outcome.done:
        verb = {states.APPROVE: "Approved", states.RETURN: "Returned", states.REJECT: "Rejected"}[action]
        together = "; one Undo takes back all of them" if outcome.done > 1 else ""
        flash(f"{verb} {_items(outcome.done)}{together}.", "success")
    if outcome.left_out:
        flash(f"Left out {_items(outcome.left_out)} with norms reminders: decide "
              f"{'it' if len(outcome.left_out) == 1 else 'them'} one by one, or tick "
              "“Include items with reminders”.", "warning")
    for problem in outcome.problems:
        flash(problem, "warning")
    return redirect(_queue_url())


def _items(count: int | list) -> str:
    count = count if isinstance(count, int) else len(count)
    return f"{count} item{'s' if count != 1 else ''}"


@bp.route("/decisions/<int:decision_id>/undo", methods=["POST"])
@permissions.teacher_required
def undo(decision_id: int):
    """Take back one of my own recent decisions, or the whole batch it was part of."""
    decision = permissions.get_or_404(Decision, decision_id)
    if not permissions.is_member(current_user, decision.classroom_id):
        abort(404)
    permissions.require(decision.actor_id == current_user.id or permissions.is_admin(current_user))
    if decision.batch:
        undone, kept = undo_batch(decision.batch, current_user)
        if undone:
            message = f"Undone: {_items(undone)} of that batch are as they were."
            if kept:
                message += f" {_items(kept)} had changed since and stayed as they are."
            ok = True
        else:
            message, ok = "Nothing in that batch could be undone: every item changed since.", False
        # The page reloads to show the batch back in place, with this message on top.
        flash(message, "success" if ok else "warning")
        if _wants_json():
            return jsonify(ok=ok, message=message, reload=True), (200 if ok else 409)
        return redirect(_queue_url())
    if db.session.get(kinds.get(decision.item_type).model, decision.item_id) is None:
        # Its writer deleted it since (a portfolio piece taken out): nothing is left to put back.
        gone = "That item was deleted since the decision: there is nothing to undo."
        if _wants_json():
            return jsonify(ok=False, message=gone, recent=_recent_html()), 409
        flash(gone, "warning")
        return redirect(_queue_url())
    # Worded before the undo: once it is committed, the answer must not need the database.
    undone = _undone(decision)
    item_type, item_id, undone_status = decision.item_type, decision.item_id, decision.to_status
    try:
        services.undo(decision, current_user)
    except services.Conflict as problem:
        if _wants_json():
            return jsonify(ok=False, message=str(problem), recent=_recent_html()), 409
        flash(str(problem), "warning")
        return redirect(_queue_url())
    listed = kinds.get(item_type) is kinds.listed()
    if _wants_json() and listed:
        return jsonify(ok=True, message=undone, item_id=item_id, undone_status=undone_status,
                       recent=_recent_html(), item=_item_html(item_id))
    flash(undone, "success")
    if _wants_json():
        return jsonify(ok=True, message=undone, reload=True)
    return redirect(_back_to(item_id) if listed else _queue_url())


def _item_html(item_id: int) -> str | None:
    """Render an item of the listed kind back into the queue after an undo, in the tab its status puts it in."""
    kind = kinds.listed()
    try:
        item = db.session.get(kind.model, item_id)
        tab = "reported" if item.status == states.PUBLISHED else item.status
        context = _item_context(kind, [item])
        classroom_id = kind.classroom_of(item)
        return render_template(kind.template, item=item, tab=tab, flags={}, view="list", back=_queue_url(),
                               change=context.pop("changes", {}).get(item.id), after=None, current=None,
                               class_names={classroom_id: db.session.get(Classroom, classroom_id).name},
                               **context)
    except SQLAlchemyError:
        db.session.rollback()
        return None


def _undone(decision: Decision) -> str:
    """Say what an undo put back, about the item it was about (a post, a pad, ...)."""
    item = recent_items([decision]).get((decision.item_type, decision.item_id))
    kind = kinds.get(decision.item_type)
    if item is not None and kind.undone_message is not None:
        return kind.undone_message(item, decision)
    return f"Undone: the item is {decision.from_status} again."
