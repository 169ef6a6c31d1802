"""Class pages: the list, one class with its prompts and roster, and roster changes."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from board import permissions
from board.classes import services
from board.classes.forms import ClassroomForm, CoTeacherForm
from board.classes.models import Classroom, Membership
from board.discussions.stats import own_work, post_counts, reminder_stats
from board.extensions import db
from board.pads.stats import pad_counts
from board.prompts.models import Prompt

bp = Blueprint("classes", __name__)


def _classroom_or_404(classroom_id: int) -> Classroom:
    classroom = permissions.get_or_404(Classroom, classroom_id)
    if not permissions.is_member(current_user, classroom.id):
        abort(404)
    return classroom


def my_classrooms(user) -> list[Classroom]:
    """Return the classes a person belongs to (every class, for an admin)."""
    query = select(Classroom).order_by(Classroom.name)
    if not permissions.is_admin(user):
        query = query.where(Classroom.id.in_(list(permissions.memberships(user))))
    return list(db.session.scalars(query))


@bp.route("/classes")
@permissions.roles_required("student", "teacher", "admin")
def index():
    """List my classes."""
    return render_template("classes/index.html", classrooms=my_classrooms(current_user))


@bp.route("/classes/new", methods=["GET", "POST"])
@permissions.roles_required("teacher", "admin")
def new():
    """Create a class."""
    form = ClassroomForm()
    if form.validate_on_submit():
        classroom = services.create_classroom(current_user, form.name.data)
        permissions.forget_memberships(current_user)
        flash(f"{classroom.name} is ready. Share the code {classroom.join_code} with your students.",
              "success")
        return redirect(url_for("classes.show", classroom_id=classroom.id))
    return render_template("classes/new.html", form=form)


@bp.route("/classes/<int:classroom_id>")
@login_required
def show(classroom_id: int):
    """Show a class: prompts for everyone in it; code, roster and figures for its teachers."""
    classroom = _classroom_or_404(classroom_id)
    teacher = permissions.is_teacher_of(current_user, classroom.id)
    prompts = list(db.session.scalars(
        select(Prompt).where(Prompt.classroom_id == classroom.id).order_by(Prompt.opens_at.desc())
    ))
    if not teacher:
        prompts = [p for p in prompts if p.has_opened()]
    prompt_ids = [p.id for p in prompts]
    context = {"classroom": classroom, "prompts": prompts, "teacher": teacher}
    if teacher:
        by_prompt, by_class = reminder_stats([classroom.id])
        context.update(
            roster=services.roster(classroom),
            counts=post_counts(prompt_ids),
            pad_figures=pad_counts([p.id for p in prompts if p.has_pad]),
            has_pads=any(p.has_pad for p in prompts),
            reminders=by_prompt,
            class_reminders=by_class.get(classroom.id),
            co_teacher_form=CoTeacherForm(),
        )
    else:
        context.update(mine=own_work(current_user.id, prompt_ids))
    return render_template("classes/show.html", **context)


@bp.route("/classes/<int:classroom_id>/code", methods=["POST"])
@login_required
def code(classroom_id: int):
    """Make a new join code, or open or close joining."""
    classroom = _classroom_or_404(classroom_id)
    permissions.require(permissions.is_teacher_of(current_user, classroom.id))
    action = request.form.get("action")
    if action == "regenerate":
        services.regenerate_code(current_user, classroom)
        flash(f"The new code is {classroom.join_code}. The old one no longer works.", "success")
    elif action in ("open", "close"):
        services.set_joining(current_user, classroom, action == "open")
        flash("Students can join with the code." if action == "open"
              else "Joining is closed: the code no longer works.", "success")
    else:
        abort(400)
    return redirect(url_for("classes.show", classroom_id=classroom_id, _anchor="code"))


@bp.route("/classes/<int:classroom_id>/teachers", methods=["POST"])
@login_required
def add_teacher(classroom_id: int):
    """Add a co-teacher to the class."""
    classroom = _classroom_or_404(classroom_id)
    permissions.require(permissions.is_teacher_of(current_user, classroom.id))
    form = CoTeacherForm()
    if form.validate_on_submit():
        try:
            services.add_teacher(current_user, classroom, form.login.data)
        except services.RosterError as problem:
            flash(str(problem), "error")
        else:
            flash("Co-teacher added.", "success")
    for error in form.login.errors:
        flash(error, "error")
    return redirect(url_for("classes.show", classroom_id=classroom_id, _anchor="roster"))


ROSTER_ACTIONS = {
    "consent_on": lambda actor, m, note: services.set_consent(actor, m, True, note),
    "consent_off": lambda actor, m, note: services.set_consent(actor, m, False),
    "trust_on": lambda actor, m, note: services.set_trusted(actor, m, True),
    "trust_off": lambda actor, m, note: services.set_trusted(actor, m, False),
    "suspend": lambda actor, m, note: services.set_suspended(actor, m, True),
    "unsuspend": lambda actor, m, note: services.set_suspended(actor, m, False),
}


@bp.route("/classes/<int:classroom_id>/members/<int:membership_id>", methods=["POST"])
@login_required
def member(classroom_id: int, membership_id: int):
    """Change one student's consent, trust or suspension."""
    classroom = _classroom_or_404(classroom_id)
    permissions.require(permissions.is_teacher_of(current_user, classroom.id))
    membership = db.session.get(Membership, membership_id)
    if membership is None or membership.classroom_id != classroom.id or membership.role != "student":
        abort(404)
    action = ROSTER_ACTIONS.get(request.form.get("action", ""))
    if action is None:
        abort(400)
    # Read before the commit: what was saved is answered as saved even if the database then goes away.
    name = membership.user.full_name
    action(current_user, membership, request.form.get("note", ""))
    flash(f"Saved for {name}.", "success")
    return redirect(url_for("classes.show", classroom_id=classroom_id, _anchor=f"m{membership_id}"))
