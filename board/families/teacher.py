"""The teacher's side of families: invitations to print, a new code for one student, who has joined."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from board import permissions
from board.classes.models import Classroom, Membership
from board.extensions import db
from board.families import services
from board.families.models import FamilyLink

bp = Blueprint("family_invitations", __name__)


def _taught_classroom_or_404(classroom_id: int) -> Classroom:
    """The class, for its teachers; 404 for anyone not in it, 403 for its students."""
    classroom = permissions.get_or_404(Classroom, classroom_id)
    if not permissions.is_member(current_user, classroom.id):
        abort(404)
    permissions.require(permissions.is_teacher_of(current_user, classroom.id))
    return classroom


def _no_store(html: str):
    """A page with codes on it is not kept by the browser or any cache in between."""
    response = current_app.make_response(html)
    response.headers["Cache-Control"] = "no-store"
    return response


def _without_code(rows) -> list:
    return [row for row in rows if row.invitation is None]


@bp.route("/classes/<int:classroom_id>/families")
@login_required
def index(classroom_id: int):
    """Show each student's family code, who has joined with it, and where consent stands."""
    classroom = _taught_classroom_or_404(classroom_id)
    rows = services.family_rows(classroom)
    return _no_store(render_template(
        "families/teacher.html", classroom=classroom, rows=rows, without_code=_without_code(rows),
        sources={row.membership.id: services.consent_source(row.membership) for row in rows},
        signup_url=url_for("families.signup", _external=True)))


@bp.route("/classes/<int:classroom_id>/families/sheet")
@login_required
def sheet(classroom_id: int):
    """Print one invitation per student who has a code: name, class, code, link and what to do, ready to cut out."""
    classroom = _taught_classroom_or_404(classroom_id)
    rows = services.family_rows(classroom)
    return _no_store(render_template(
        "families/sheet.html", classroom=classroom, rows=[row for row in rows if row.invitation is not None],
        without_code=_without_code(rows), signup_url=url_for("families.signup", _external=True)))


@bp.route("/classes/<int:classroom_id>/families/codes", methods=["POST"])
@login_required
def make_codes(classroom_id: int):
    """Make a family code for each student of the class who has none yet (students who joined before codes
    were made as they joined, or were put on the roster by the school)."""
    classroom = _taught_classroom_or_404(classroom_id)
    made = services.make_missing_codes(current_user, classroom)
    if classroom.archived_at is not None:
        flash("This class has ended: its family codes no longer open anything, so none were made.", "error")
    elif made:
        flash(f"Made family invitations for {made} student{'s' if made != 1 else ''}.", "success")
    else:
        flash("Every student of the class already has a family code.", "info")
    back = "family_invitations.sheet" if request.form.get("then") == "sheet" else "family_invitations.index"
    return redirect(url_for(back, classroom_id=classroom.id))


@bp.route("/classes/<int:classroom_id>/families/<int:membership_id>/code", methods=["POST"])
@login_required
def new_code(classroom_id: int, membership_id: int):
    """Ask, then make a new family code for one student; the old one stops working."""
    classroom = _taught_classroom_or_404(classroom_id)
    membership = db.session.get(Membership, membership_id)
    if membership is None or membership.classroom_id != classroom.id or membership.role != "student":
        abort(404)
    back = url_for("family_invitations.index", classroom_id=classroom.id, _anchor=f"f{membership.id}")
    if classroom.archived_at is not None:
        flash("This class has ended: a new code would open nothing. The student’s current class makes one.", "error")
        return redirect(back)
    if request.form.get("confirmed") != "yes":
        return render_template(
            "classes/confirm.html", title=f"Make a new family code for {membership.user.full_name}?",
            message="The code on the slip you sent home stops working at once. Family members who already "
                    "joined keep their accounts.",
            action=url_for("family_invitations.new_code", classroom_id=classroom.id, membership_id=membership.id),
            fields={}, label="Make a new code", cancel=back)
    name = membership.user.full_name
    invitation = services.new_code(current_user, membership)
    flash(f"The new family code for {name} is {invitation.code}. The old one no longer works.", "success")
    return redirect(back)


@bp.route("/classes/<int:classroom_id>/families/links/<int:link_id>/remove", methods=["POST"])
@login_required
def remove_link(classroom_id: int, link_id: int):
    """Ask, then take a family account off a student of the class: it no longer sees their work."""
    classroom = _taught_classroom_or_404(classroom_id)
    link = db.session.get(FamilyLink, link_id)
    membership = link and db.session.scalar(select(Membership).where(
        Membership.classroom_id == classroom.id, Membership.user_id == link.student_id, Membership.role == "student"))
    if link is None or membership is None:
        abort(404)
    back = url_for("family_invitations.index", classroom_id=classroom.id, _anchor=f"f{membership.id}")
    who, student = link.family.full_name, membership.user.full_name
    if request.form.get("confirmed") != "yes":
        return render_template(
            "classes/confirm.html", title=f"Remove {who} from {student}’s family accounts?",
            message=f"{who} will no longer see {student}’s work, comment on it or change consent. Consent "
                    f"{who} gave in the app is withdrawn too; consent on paper stays. To let someone join "
                    "again, give them a new code.",
            action=url_for("family_invitations.remove_link", classroom_id=classroom.id, link_id=link.id),
            fields={}, label="Remove", cancel=back)
    services.remove_link(current_user, link, classroom.id)
    flash(f"{who} no longer follows {student}’s work. Make a new code if the slip went to the wrong home.",
          "success")
    return redirect(back)


@bp.app_template_global("consent_source")
def consent_source(membership: Membership) -> dict | None:
    """How a student's consent came to be on record (paper or in the app), for the class page."""
    return services.consent_source(membership)
