"""Creating and editing prompts (teachers)."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from board import permissions
from board.admin.wordlists import settings
from board.classes.models import Classroom
from board.classes.services import roster
from board.errors import FieldError
from board.extensions import db
from board.pads.services import add_group as add_group_pad
from board.pads.services import pads_of
from board.prompts.forms import PromptForm
from board.prompts.models import Prompt, PromptTrust
from board.prompts.services import save_prompt, set_archived, set_prompt_trust
from board.timeutil import to_local, utcnow
from board.web import small_int

bp = Blueprint("prompts", __name__)


def _teacher_prompt_or_404(prompt_id: int) -> Prompt:
    prompt = permissions.get_or_404(Prompt, prompt_id, permissions.can_read_prompt)
    permissions.require(permissions.is_teacher_of(current_user, prompt.classroom_id))
    return prompt


@bp.route("/prompts/new")
@permissions.roles_required("teacher", "admin")
def choose_class():
    """Ask which class a new prompt is for (straight to the form when there is one)."""
    taught = [c for c in db.session.scalars(
        select(Classroom).where(Classroom.archived_at.is_(None)).order_by(Classroom.name)
    ) if permissions.is_teacher_of(current_user, c.id)]
    if len(taught) == 1:
        return redirect(url_for("prompts.new", classroom_id=taught[0].id))
    return render_template("prompts/choose_class.html", classrooms=taught)


@bp.route("/classes/<int:classroom_id>/prompts/new", methods=["GET", "POST"])
@login_required
def new(classroom_id: int):
    """Write a new guiding question for a class."""
    classroom = permissions.get_or_404(Classroom, classroom_id)
    if not permissions.is_member(current_user, classroom.id):
        abort(404)
    permissions.require(permissions.is_teacher_of(current_user, classroom.id))
    if classroom.archived_at is not None:
        flash(f"{classroom.name} is archived: restore it to write a new prompt.", "error")
        return redirect(url_for("classes.show", classroom_id=classroom.id))
    form = PromptForm()
    if request.method == "GET":
        form.norms.data = settings().norms
        form.opens_at.data = to_local(utcnow()).replace(second=0, microsecond=0, tzinfo=None)
    if form.validate_on_submit():
        prompt = save_prompt(Prompt(classroom_id=classroom.id), form.data, current_user)
        flash("The prompt is saved." + ("" if prompt.has_opened() else " Students will see it when it opens.")
              + (" Its class pad is ready; to give groups pads of their own, choose Edit prompt."
                 if prompt.has_pad else ""), "success")
        return redirect(url_for("discussions.prompt", prompt_id=prompt.id))
    return render_template("prompts/form.html", form=form, classroom=classroom, prompt=None)


def _local_dates(form: PromptForm, prompt: Prompt) -> None:
    """Show the prompt's dates in the school's zone, as the teacher typed them."""
    form.opens_at.data = to_local(prompt.opens_at).replace(tzinfo=None)
    form.closes_at.data = to_local(prompt.closes_at).replace(tzinfo=None) if prompt.closes_at else None


@bp.route("/prompts/<int:prompt_id>/edit", methods=["GET", "POST"])
@login_required
def edit(prompt_id: int):
    """Change a prompt's question, context, norms, visibility or dates."""
    prompt = _teacher_prompt_or_404(prompt_id)
    form = PromptForm(obj=prompt)
    if request.method == "GET":
        _local_dates(form, prompt)
    if form.validate_on_submit():
        save_prompt(prompt, form.data)
        flash("The prompt is updated.", "success")
        return redirect(url_for("discussions.prompt", prompt_id=prompt_id))
    return _edit_page(prompt, form)


def _edit_page(prompt: Prompt, form: PromptForm, group: dict | None = None, status: int = 200):
    """The edit page: the prompt's form, its pads and groups, and who is trusted on it."""
    students = [m for m in roster(prompt.classroom) if m.role == "student"]
    trusted = set(db.session.scalars(select(PromptTrust.user_id).where(PromptTrust.prompt_id == prompt.id)))
    return render_template("prompts/form.html", form=form, classroom=prompt.classroom, prompt=prompt,
                           students=students, trusted=trusted, pads=pads_of(prompt),
                           group=group or {}), status


@bp.route("/prompts/<int:prompt_id>/pads", methods=["POST"])
@login_required
def add_group(prompt_id: int):
    """Add a pad for a group of students."""
    prompt = _teacher_prompt_or_404(prompt_id)
    permissions.require(prompt.has_pad)
    members = {small_int(v) for v in request.form.getlist("student")} - {None}
    try:
        pad = add_group_pad(prompt, request.form.get("name", ""), members)
    except FieldError as problem:
        form = PromptForm(obj=prompt)
        _local_dates(form, prompt)
        group = {"name": request.form.get("name", ""), "members": members, "error": str(problem)}
        return _edit_page(prompt, form, group, 422)
    flash(f"The pad for {pad.name} is ready.", "success")
    return redirect(url_for("prompts.edit", prompt_id=prompt_id, _anchor="pads"))


@bp.route("/prompts/<int:prompt_id>/trust", methods=["POST"])
@login_required
def trust(prompt_id: int):
    """Choose which students publish at once on this prompt."""
    prompt = _teacher_prompt_or_404(prompt_id)

    students = {m.user_id for m in roster(prompt.classroom) if m.role == "student"}
    chosen = ({small_int(v) for v in request.form.getlist("student")} - {None}) & students
    set_prompt_trust(prompt, chosen)
    flash("Trusted students for this prompt are saved.", "success")
    return redirect(url_for("prompts.edit", prompt_id=prompt_id, _anchor="trust"))


@bp.route("/prompts/<int:prompt_id>/archive", methods=["POST"])
@login_required
def archive(prompt_id: int):
    """Archive a prompt (read-only, out of the lists) or restore it."""
    prompt = _teacher_prompt_or_404(prompt_id)
    action = request.form.get("action")
    if action not in ("archive", "restore"):
        abort(400)
    if action == "restore" and prompt.classroom.archived_at is not None:
        flash("Its class is archived: restore the class first.", "error")
    else:
        set_archived(current_user, prompt, action == "archive")
        flash("The prompt is archived: it is read-only now, and listed under Archived." if action == "archive"
              else "The prompt is restored.", "success")
    return redirect(url_for("classes.show", classroom_id=prompt.classroom_id, _anchor="prompts-title"))
