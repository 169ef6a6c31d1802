"""Sign-in, sign-up, joining a class, and one's own account."""
from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user

from board.accounts.forms import (
    JoinForm,
    LoginForm,
    PasswordChangeForm,
    ProfileForm,
    ReaderSignupForm,
    StudentSignupForm,
)
from board.accounts.services import (
    AccountError,
    authenticate,
    change_password,
    create_user,
    join_class,
)
from board.extensions import db, limiter
from board.web import safe_next, typed_text

bp = Blueprint("accounts", __name__)

CARRY = "carry__"


def _carried() -> list[tuple[str, str]]:
    return [(k.removeprefix(CARRY), v) for k, v in request.form.items(multi=True) if k.startswith(CARRY)]


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login():
    """Sign in; if a form was interrupted by an expired session, give its text back."""
    form = LoginForm()
    carried = _carried()
    next_url = safe_next(request.values.get("next"))
    error = None
    if form.validate_on_submit():
        user = authenticate(form.login.data, form.password.data)
        if user is not None:
            login_user(user, remember=form.remember.data)
            if carried and next_url:
                return render_template(
                    "accounts/resend.html", carried=carried, typed=typed_text(carried), action=next_url
                )
            return redirect(next_url or url_for("home.index"))
        error = "That username or email and password don’t match an active account."
    elif current_user.is_authenticated and request.method == "GET":
        return redirect(next_url or url_for("home.index"))
    return render_template(
        "accounts/login.html", form=form, carried=carried, next_url=next_url, error=error
    ), (401 if error else 200)


@bp.route("/logout", methods=["POST"])
def logout():
    """Sign out (a POST with CSRF, never a link)."""
    logout_user()
    flash("You are signed out.", "info")
    return redirect(url_for("home.index"))


def _already_signed_in():
    """Send a signed-in person where they can join a class, instead of making a second account."""
    flash(f"You are signed in as {current_user.display_name}. Sign out first to create another account.",
          "info")
    if current_user.role == "student":
        return redirect(url_for("accounts.join", code=request.args.get("code") or None))
    return redirect(url_for("home.index"))


@bp.route("/signup", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def signup():
    """Create a student account and join a class with its code."""
    if current_user.is_authenticated:
        return _already_signed_in()
    form = StudentSignupForm(join_code=request.args.get("code", ""))
    if form.validate_on_submit():
        try:
            user = create_user(form.first_name.data, form.last_name.data, form.login.data,
                               form.password.data, role="student")
            membership = join_class(user, form.join_code.data)
            db.session.commit()
        except AccountError as problem:
            db.session.rollback()
            getattr(form, problem.field).errors.append(str(problem))
        else:
            login_user(user)
            flash(f"Welcome, {user.first_name}! You joined {membership.classroom.name}.", "success")
            return redirect(url_for("classes.show", classroom_id=membership.classroom_id))
    return render_template("accounts/signup.html", form=form)


@bp.route("/signup/reader", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def signup_reader():
    """Create a reader account: a parent, a guest, another school."""
    if current_user.is_authenticated:
        return _already_signed_in()
    form = ReaderSignupForm()
    if form.validate_on_submit():
        try:
            user = create_user(form.first_name.data, form.last_name.data, form.email.data,
                               form.password.data, role="reader", email=form.email.data)
            db.session.commit()
        except AccountError as problem:
            db.session.rollback()
            getattr(form, problem.field).errors.append(str(problem))
        else:
            login_user(user)
            flash("Welcome! You can read and comment on what classes have published.", "success")
            return redirect(url_for("home.index"))
    return render_template("accounts/signup_reader.html", form=form)


@bp.route("/join", methods=["GET", "POST"])
@login_required
def join():
    """Join another class with its code (students)."""
    form = JoinForm(join_code=request.args.get("code", ""))
    if current_user.role != "student":
        return render_template("accounts/join.html", form=form, not_student=True), 403
    if form.validate_on_submit():
        try:
            membership = join_class(current_user, form.join_code.data)
            db.session.commit()
        except AccountError as problem:
            db.session.rollback()
            form.join_code.errors.append(str(problem))
        else:
            flash(f"You joined {membership.classroom.name}.", "success")
            return redirect(url_for("classes.show", classroom_id=membership.classroom_id))
    return render_template("accounts/join.html", form=form)


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    """Change one's name or password."""
    profile = ProfileForm(prefix="profile", obj=current_user)
    password = PasswordChangeForm(prefix="password")
    if request.method == "POST" and "profile-submit" in request.form and profile.validate():
        current_user.first_name = profile.first_name.data.strip()
        current_user.last_name = profile.last_name.data.strip()
        db.session.commit()
        flash("Your name is updated.", "success")
        return redirect(url_for("accounts.account"))
    if request.method == "POST" and "password-submit" in request.form and password.validate():
        try:
            change_password(current_user, password.current.data, password.password.data)
        except AccountError as problem:
            password.current.errors.append(str(problem))
        else:
            # The session id changed with the password; sign this device back in.
            login_user(current_user._get_current_object())
            flash("Your password is changed. Other devices were signed out.", "success")
            return redirect(url_for("accounts.account"))
    return render_template("accounts/account.html", profile=profile, password=password)
