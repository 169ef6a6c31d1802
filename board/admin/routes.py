"""Admin pages: users and roles, school norms and word lists, the audit log."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from board import permissions, signals
from board.accounts.models import User
from board.accounts.services import AccountError, create_user
from board.admin.forms import EditUserForm, NewUserForm, SchoolNormsForm
from board.admin.wordlists import settings
from board.classes.models import AuditEntry
from board.classes.services import classes_taught_by, classes_without_teacher, end_memberships_for_role
from board.discussions.models import Post
from board.extensions import db
from board.moderation.models import Decision
from board.timeutil import utcnow
from board.web import page_number

bp = Blueprint("admin", __name__, url_prefix="/admin")

admin_only = permissions.roles_required("admin")
PAGE = 50


def _page() -> int:
    return page_number(request.args.get("page"))


@bp.route("/users")
@admin_only
def users():
    """List accounts, searchable by name, username or email, filterable by role."""
    query = select(User).order_by(User.role, func.lower(User.last_name), func.lower(User.first_name))
    term = request.args.get("q", "").strip().lower()
    if term:
        like = f"%{term}%"
        query = query.where(or_(func.lower(User.first_name).like(like), func.lower(User.last_name).like(like),
                                User.login.like(like), User.email.like(like)))
    role = request.args.get("role", "")
    if role:
        query = query.where(User.role == role)
    page = _page()
    people = list(db.session.scalars(query.limit(PAGE + 1).offset((page - 1) * PAGE)))
    return render_template("admin/users.html", people=people[:PAGE], more=len(people) > PAGE, page=page,
                           term=term, role=role, form=NewUserForm(), untaught=classes_without_teacher())


@bp.route("/users/new", methods=["POST"])
@admin_only
def new_user():
    """Create an account (usually a teacher's)."""
    form = NewUserForm()
    if form.validate_on_submit():
        try:
            user = create_user(form.first_name.data, form.last_name.data, form.login.data,
                               form.password.data, role=form.role.data, email=form.email.data or None)
            db.session.add(AuditEntry(actor_id=current_user.id, action="created account",
                                      target_user_id=user.id, detail=user.role))
            db.session.commit()
        except AccountError as problem:
            db.session.rollback()
            getattr(form, problem.field).errors.append(str(problem))
        else:
            flash(f"Account created for {user.full_name}.", "success")
            return redirect(url_for("admin.users"))
    people = list(db.session.scalars(select(User).order_by(User.role).limit(PAGE)))
    return render_template("admin/users.html", people=people, more=False, page=1, term="", role="",
                           form=form), 422


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@admin_only
def edit_user(user_id: int):
    """Change someone's role, deactivate them, or set a new password."""
    user = permissions.get_or_404(User, user_id)
    form = EditUserForm(obj=user)
    if form.validate_on_submit():
        if user.id == current_user.id and (form.role.data != "admin" or not form.active.data):
            form.role.errors.append("You cannot remove your own admin role or deactivate yourself.")
        else:
            changes = []
            taught = {c.id for c in classes_taught_by(user)}
            if form.role.data != user.role:
                changes.append(f"role {user.role} → {form.role.data}")
                user.role = form.role.data
                # A role ends the roster places it cannot hold: a demoted teacher stops teaching.
                end_memberships_for_role(current_user, user)
            if form.active.data != user.active:
                changes.append("activated" if form.active.data else "deactivated")
                user.active = form.active.data
                user.session_version += 1
            if form.password.data:
                user.set_password(form.password.data)
                user.session_version += 1
                changes.append("password reset")
            if changes:
                db.session.add(AuditEntry(actor_id=current_user.id, action="changed account",
                                          target_user_id=user.id, detail=", ".join(changes)))
            db.session.commit()
            if changes:
                # Open pads close at once for an account that lost access.
                signals.accounts.access_changed.send(user.id)
            flash(f"Saved for {user.full_name}." if changes else "Nothing changed.", "success")
            for classroom in classes_without_teacher(among=taught):
                flash(f"{classroom.name} has no teacher now. Add one from the class page.", "warning")
            return redirect(url_for("admin.edit_user", user_id=user.id))
    memberships = permissions.memberships(user)
    return render_template("admin/user.html", person=user, form=form, memberships=memberships.values()), (
        422 if form.errors else 200)


@bp.route("/norms", methods=["GET", "POST"])
@admin_only
def norms():
    """Edit the school's norms and word lists; they apply to the next check, without a restart."""
    row = settings()
    form = SchoolNormsForm(obj=row)
    if form.validate_on_submit():
        form.populate_obj(row)
        row.updated_at = utcnow()
        db.session.add(AuditEntry(actor_id=current_user.id, action="changed norms and word lists"))
        db.session.commit()
        flash("Saved. The next check uses the new lists.", "success")
        return redirect(url_for("admin.norms"))
    db.session.commit()
    return render_template("admin/norms.html", form=form), (422 if form.errors else 200)


@bp.route("/audit")
@admin_only
def audit():
    """Read the log: every moderation decision, and roster and account changes."""
    kind = request.args.get("kind", "decisions")
    page = _page()
    if kind == "accounts":
        rows = list(db.session.scalars(
            select(AuditEntry).options(
                selectinload(AuditEntry.actor), selectinload(AuditEntry.target_user),
                selectinload(AuditEntry.classroom)).order_by(AuditEntry.id.desc()).limit(PAGE + 1).offset((page - 1) * PAGE)
        ))
    elif kind == "decisions":
        rows = list(db.session.scalars(
            select(Decision).options(selectinload(Decision.actor)).order_by(Decision.id.desc()).limit(PAGE + 1).offset((page - 1) * PAGE)
        ))
    else:
        abort(404)
    more, rows = len(rows) > PAGE, rows[:PAGE]
    posts = {}
    if kind == "decisions" and rows:
        posts = {p.id: p for p in db.session.scalars(
            select(Post).options(selectinload(Post.author), selectinload(Post.prompt))
            .where(Post.id.in_({d.item_id for d in rows if d.item_type == "post"}))
        )}
    return render_template("admin/audit.html", rows=rows, more=more, page=page, kind=kind,
                           posts=posts)
