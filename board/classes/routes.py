"""Class pages: the list, one class with its prompts and roster, and roster changes."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from board import permissions
from board.classes import services
from board.classes.figures import class_figures
from board.classes.forms import ClassroomForm, CoTeacherForm
from board.classes.joinpage import qr_code
from board.classes.models import Classroom, Membership
from board.discussions.stats import norm_outcomes, own_work, post_counts, public_share, reminder_stats
from board.errors import FieldError
from board.extensions import db
from board.pads.stats import pad_counts
from board.prompts.models import Prompt

bp = Blueprint("classes", __name__)


def _classroom_or_404(classroom_id: int) -> Classroom:
    classroom = permissions.get_or_404(Classroom, classroom_id)
    if not permissions.is_member(current_user, classroom.id):
        abort(404)
    return classroom


def my_classrooms(user, archived: bool = False) -> list[Classroom]:
    """Return the classes a person belongs to (every class, for an admin), active or archived."""
    query = select(Classroom).where(
        Classroom.archived_at.is_not(None) if archived else Classroom.archived_at.is_(None)
    ).order_by(Classroom.name)
    if not permissions.is_admin(user):
        query = query.where(Classroom.id.in_(list(permissions.memberships(user))))
    return list(db.session.scalars(query))


def _teacher_classroom_or_404(classroom_id: int) -> Classroom:
    classroom = _classroom_or_404(classroom_id)
    permissions.require(permissions.is_teacher_of(current_user, classroom.id))
    return classroom


@bp.route("/classes")
@permissions.roles_required("student", "teacher", "admin")
def index():
    """List my classes, with students, waiting work and the join code for the ones I teach."""
    classrooms = my_classrooms(current_user)
    archived = my_classrooms(current_user, archived=True)
    taught = [c.id for c in classrooms + archived if permissions.is_teacher_of(current_user, c.id)]
    return render_template("classes/index.html", classrooms=classrooms, archived=archived,
                           taught=set(taught), figures=class_figures(taught))


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
    archived = [p for p in prompts if p.archived_at is not None]
    prompts = [p for p in prompts if p.archived_at is None]
    context = {"classroom": classroom, "prompts": prompts, "archived": archived, "teacher": teacher}
    if teacher:
        by_prompt, by_class = reminder_stats([classroom.id])
        context.update(
            roster=services.roster(classroom),
            counts=post_counts(prompt_ids),
            public=public_share([p.id for p in prompts if p.is_public]),
            pad_figures=pad_counts([p.id for p in prompts if p.has_pad]),
            has_pads=any(p.has_pad for p in prompts),
            reminders=by_prompt,
            class_reminders=by_class.get(classroom.id),
            outcomes=norm_outcomes(classroom.id),
            co_teacher_form=CoTeacherForm(),
        )
    else:
        context.update(mine=own_work(current_user.id, prompt_ids))
    return render_template("classes/show.html", **context)


@bp.route("/classes/<int:classroom_id>/code", methods=["POST"])
@login_required
def code(classroom_id: int):
    """Make a new join code (after asking), or open or close joining."""
    classroom = _teacher_classroom_or_404(classroom_id)
    action = request.form.get("action")
    if action == "regenerate" and request.form.get("confirmed") != "yes":
        return _confirm(
            "Make a new join code?",
            f"The code {classroom.join_code} stops working at once: students who have not joined yet "
            "need the new one. Students already in the class stay in it.",
            url_for("classes.code", classroom_id=classroom.id), {"action": "regenerate"},
            "Make a new code", url_for("classes.show", classroom_id=classroom.id, _anchor="code"))
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
        except FieldError as problem:
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
    if request.form.get("action") == "suspend" and request.form.get("confirmed") != "yes":
        return _confirm(
            f"Suspend {membership.user.full_name}?",
            f"{membership.user.first_name} can still read the class but cannot post, reply or write in pads "
            "until you lift the suspension. Work already waiting stays in the queue.",
            url_for("classes.member", classroom_id=classroom.id, membership_id=membership.id),
            {"action": "suspend"}, "Suspend",
            url_for("classes.show", classroom_id=classroom.id, _anchor=f"m{membership.id}"))
    # Read before the commit: what was saved is answered as saved even if the database then goes away.
    name = membership.user.full_name
    action(current_user, membership, request.form.get("note", ""))
    flash(f"Saved for {name}.", "success")
    return redirect(url_for("classes.show", classroom_id=classroom_id, _anchor=f"m{membership_id}"))


def _confirm(title: str, message: str, action: str, fields: dict, label: str, cancel: str):
    """Ask before a change that is hard to take back; the same page with or without a script."""
    return render_template("classes/confirm.html", title=title, message=message, action=action,
                           fields=fields, label=label, cancel=cancel)


@bp.route("/classes/<int:classroom_id>/archive", methods=["POST"])
@login_required
def archive(classroom_id: int):
    """Archive a class (read-only, out of the lists) or restore it."""
    classroom = _teacher_classroom_or_404(classroom_id)
    action = request.form.get("action")
    if action not in ("archive", "restore"):
        abort(400)
    if action == "archive" and request.form.get("confirmed") != "yes":
        return _confirm(
            f"Archive {classroom.name}?",
            "Nobody can post, reply or write in its pads any more, and it leaves your lists and the queue’s "
            "filters. Everything stays as it is, and the public still reads what was public. "
            "You can restore it from the Archived section of your classes.",
            url_for("classes.archive", classroom_id=classroom.id), {"action": "archive"},
            "Archive the class", url_for("classes.show", classroom_id=classroom.id))
    name = classroom.name
    services.set_archived(current_user, classroom, action == "archive")
    flash(f"{name} is archived: it is read-only now." if action == "archive"
          else f"{name} is restored.", "success")
    return redirect(url_for("classes.index") if action == "archive"
                    else url_for("classes.show", classroom_id=classroom_id))


def _join_url(classroom: Classroom) -> str:
    return url_for("accounts.signup", code=classroom.join_code, _external=True)


@bp.route("/classes/<int:classroom_id>/join-code")
@login_required
def join_code(classroom_id: int):
    """Show the join code to copy or project, with the link students open."""
    classroom = _teacher_classroom_or_404(classroom_id)
    return render_template("classes/join_code.html", classroom=classroom, join_url=_join_url(classroom))


@bp.route("/classes/<int:classroom_id>/join-code/projector")
@login_required
def projector(classroom_id: int):
    """Show the join code big enough for the back row, with a QR code of the link."""
    classroom = _teacher_classroom_or_404(classroom_id)
    url = _join_url(classroom)
    # The short address is what the back row types; the link and the QR code carry the code too.
    return render_template("classes/projector.html", classroom=classroom, join_url=url,
                           signup_url=url_for("accounts.signup", _external=True),
                           qr=qr_code(url) if classroom.joining_open and classroom.archived_at is None else None)
