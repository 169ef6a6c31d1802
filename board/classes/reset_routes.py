"""Password reset codes: a teacher makes them (one student, or the whole class on a printable sheet);
a student uses one to set a new password."""
from __future__ import annotations

import hashlib

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required

from board import permissions
from board.accounts import sessions, throttle
from board.classes import resets
from board.classes.forms import ResetAllForm, ResetWithCodeForm
from board.classes.models import Classroom, Membership
from board.errors import FieldError
from board.extensions import db, limiter

bp = Blueprint("resets", __name__)

BUSY = "Many people used this page from your network in the last minute. Wait a minute and try again."


def _address_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


address_ceiling = limiter.limit(_address_limit, methods=["POST"])


def _taught_classroom_or_404(classroom_id: int) -> Classroom:
    """The class, for its teachers; 404 for anyone not in it, 403 for its students."""
    classroom = permissions.get_or_404(Classroom, classroom_id)
    if not permissions.is_member(current_user, classroom.id):
        abort(404)
    permissions.require(permissions.is_teacher_of(current_user, classroom.id))
    return classroom


def _no_store(response):
    """A page with a code on it is not kept by the browser or any cache in between."""
    response.headers["Cache-Control"] = "no-store"
    return response


def _render_code_page(template: str, **context):
    return _no_store(current_app.make_response(render_template(template, **context)))


@bp.route("/classes/<int:classroom_id>/members/<int:membership_id>/reset-code", methods=["POST"])
@login_required
def one(classroom_id: int, membership_id: int):
    """Make a one-time password reset code for one student, shown this once."""
    classroom = _taught_classroom_or_404(classroom_id)
    membership = db.session.get(Membership, membership_id)
    if membership is None or membership.classroom_id != classroom.id or membership.role != "student":
        abort(404)
    issued = resets.issue(current_user, membership)
    return _render_code_page("classes/reset_code.html", classroom=classroom, issued=issued,
                             membership=membership)


@bp.route("/classes/<int:classroom_id>/reset-codes", methods=["GET", "POST"])
@login_required
def sheet(classroom_id: int):
    """Ask, then make a code for every student of the class on one printable sheet."""
    classroom = _taught_classroom_or_404(classroom_id)
    form = ResetAllForm()
    if form.validate_on_submit():
        issued = resets.issue_for_class(current_user, classroom)
        return _render_code_page("classes/reset_sheet.html", classroom=classroom, issued=issued,
                                 lifetime_days=resets.LIFETIME.days)
    return render_template("classes/reset_confirm.html", classroom=classroom, form=form,
                           students=resets.student_count(classroom))


def _key(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:40]


def _counters(login: str, address: str) -> list[tuple[str, str]]:
    """Wrong codes, counted as wrong passwords are: this account from here, this account, this address."""
    login = (login or "").strip().lower()
    return [("LOGIN_FAILURE_LIMIT", _key("reset", login, address)),
            ("ACCOUNT_FAILURE_LIMIT", _key("reset-account", login)),
            ("JOIN_ADDRESS_FAILURE_LIMIT", _key("reset-address", address))]


@bp.errorhandler(429)
def busy(error):
    """Refuse a busy address on the form itself, keeping the username and code typed."""
    return render_template("classes/use_reset_code.html", form=ResetWithCodeForm(), error=BUSY), 429


@bp.route("/reset-code", methods=["GET", "POST"])
@address_ceiling
def use():
    """Set a new password with a code from a teacher (students who forgot theirs)."""
    if current_user.is_authenticated:
        flash("You are signed in. To change your password, use your account page.", "info")
        return redirect(url_for("accounts.account"))
    form = ResetWithCodeForm()
    error, status = None, 200
    if form.validate_on_submit():
        counters = _counters(form.login.data, get_remote_address())
        wait = throttle.refused(counters)
        if wait:
            error, status = (f"Too many wrong codes. Wait {wait} minutes and try again, "
                             "or ask your teacher to check your code."), 429
        else:
            try:
                user = resets.use(form.login.data, form.code.data, form.password.data)
            except FieldError as problem:
                throttle.count_failure(counters)
                getattr(form, problem.field).errors.append(str(problem))
                status = 422
            else:
                throttle.forget(counters[:2])
                sessions.sign_in(user)
                flash("Your new password is set and you are signed in. Any other device was signed out.",
                      "success")
                return redirect(url_for("home.index"))
    elif form.errors:
        status = 422
    return _no_store(current_app.make_response(
        (render_template("classes/use_reset_code.html", form=form, error=error), status)))
