"""Sign-in, sign-up, joining a class, and one's own account."""
from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required, login_user

from board import carry
from board.accounts import sessions, throttle
from board.accounts.forms import (
    JoinForm,
    LoginForm,
    PasswordChangeForm,
    ProfileForm,
    ReaderSignupForm,
    StudentSignupForm,
)
from board.accounts.https import strict_transport
from board.accounts.services import (
    AccountError,
    UnknownCode,
    authenticate,
    change_name,
    change_password,
    create_user,
    join_class,
)
from board.extensions import db, limiter
from board.web import safe_next

bp = Blueprint("accounts", __name__)
bp.after_app_request(strict_transport)

CARRY = "carry__"
BUSY = "Many people used this page from your network in the last minute. Wait a minute and try again."


def _carried() -> list[tuple[str, str]]:
    """Return the free text an interrupted form carried through this sign-in, if this site sent it."""
    if not carry.from_this_site():
        return []
    fields = [(k.removeprefix(CARRY), v) for k, v in request.form.items(multi=True) if k.startswith(CARRY)]
    return [(k, v) for k, v in fields if k in carry.FREE_TEXT or k in carry.RESEND_KEYS]


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _signup_limit() -> str:
    return current_app.config["SIGNUP_RATE_LIMIT"]


def _created(response) -> bool:
    return response.status_code == 302


#: every POST from one address (generous: a school shares one); accounts made from one address
address_ceiling = limiter.limit(_login_limit, methods=["POST"])
signup_ceiling = limiter.limit(_signup_limit, methods=["POST"], deduct_when=_created)


def _too_many_codes(minutes: int) -> str:
    return f"Too many wrong class codes. Wait {minutes} minutes, then check the code with your teacher."


@bp.errorhandler(429)
def busy(error):
    """Refuse a busy address on the form itself: what was typed stays, a password never does."""
    endpoint = request.endpoint
    if endpoint == "accounts.login":
        return render_template("accounts/login.html", form=LoginForm(), carried=_carried(),
                               next_url=safe_next(request.values.get("next")), error=BUSY), 429
    if endpoint == "accounts.signup":
        return render_template("accounts/signup.html", form=StudentSignupForm(), error=BUSY), 429
    if endpoint == "accounts.signup_reader":
        return render_template("accounts/signup_reader.html", form=ReaderSignupForm(), error=BUSY,
                               next_url=safe_next(request.values.get("next"))), 429
    if endpoint == "accounts.join":
        return render_template("accounts/join.html", form=JoinForm(), error=BUSY), 429
    from board.errors import render_error

    return render_error(429)


@bp.route("/login", methods=["GET", "POST"])
@address_ceiling
def login():
    """Sign in; if a form was interrupted by an expired session, give its text back."""
    form = LoginForm()
    carried = _carried()
    next_url = safe_next(request.values.get("next"))
    error, status = None, 200
    if form.validate_on_submit():
        counters = throttle.login_counters(form.login.data, get_remote_address())
        wait = throttle.refused(counters)
        if wait:
            error, status = (f"Too many wrong passwords for this account. Wait {wait} minutes and try "
                             "again, or ask your teacher to help you."), 429
        else:
            user = authenticate(form.login.data, form.password.data)
            if user is not None:
                throttle.forget(counters[:1])
                sessions.sign_in(user, remember=form.remember.data)
                if carried and next_url and carry.can_resend(next_url):
                    return render_template("accounts/resend.html", carried=carried,
                                           typed=carry.typed_text(carried), action=next_url)
                return redirect(next_url or url_for("home.index"))
            throttle.count_failure(counters)
            error, status = "That username or email and password don’t match an active account.", 401
    elif current_user.is_authenticated and request.method == "GET":
        return redirect(next_url or url_for("home.index"))
    return render_template(
        "accounts/login.html", form=form, carried=carried, next_url=next_url, error=error
    ), status


@bp.route("/logout", methods=["POST"])
def logout():
    """Sign out this device (a POST with CSRF, never a link); its cookies open nothing afterwards."""
    if current_user.is_authenticated:
        sessions.sign_out(current_user._get_current_object())
    flash("You are signed out.", "info")
    return redirect(url_for("home.index"))


@bp.route("/account/sign-out-everywhere", methods=["POST"])
@login_required
def sign_out_everywhere():
    """Sign out on every device: a lost phone, a shared computer left signed in."""
    sessions.sign_out(current_user._get_current_object(), everywhere=True)
    flash("You are signed out on every device.", "info")
    return redirect(url_for("home.index"))


def _already_signed_in():
    """Send a signed-in person where they can join a class, instead of making a second account."""
    flash(f"Sign out first to create another account. You are signed in as {current_user.display_name}",
          "info")
    if current_user.role == "student":
        return redirect(url_for("accounts.join", code=request.args.get("code") or None))
    return redirect(url_for("home.index"))


@bp.route("/signup", methods=["GET", "POST"])
@address_ceiling
@signup_ceiling
def signup():
    """Create a student account and join a class with its code."""
    if current_user.is_authenticated:
        return _already_signed_in()
    form = StudentSignupForm(join_code=request.args.get("code", ""))
    status = 200
    if form.validate_on_submit():
        counters = throttle.join_counters(None, get_remote_address())
        wait = throttle.refused(counters)
        if wait:
            form.join_code.errors.append(_too_many_codes(wait))
            status = 429
        else:
            try:
                user = create_user(form.first_name.data, form.last_name.data, form.login.data,
                                   form.password.data, role="student")
                membership = join_class(user, form.join_code.data)
                db.session.commit()
            except AccountError as problem:
                db.session.rollback()
                if isinstance(problem, UnknownCode):
                    throttle.count_failure(counters)
                getattr(form, problem.field).errors.append(str(problem))
            else:
                sessions.sign_in(user)
                flash(f"Welcome, {user.first_name}! You joined {membership.classroom.name}.", "success")
                return redirect(url_for("classes.show", classroom_id=membership.classroom_id))
    return render_template("accounts/signup.html", form=form), status


@bp.route("/signup/reader", methods=["GET", "POST"])
@address_ceiling
@signup_ceiling
def signup_reader():
    """Create a reader account: a parent, a guest, another school; then back to the page they came from."""
    next_url = safe_next(request.values.get("next"))
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
            sessions.sign_in(user)
            flash("Welcome! You can read and comment on what classes have published.", "success")
            return redirect(next_url or url_for("home.index"))
    return render_template("accounts/signup_reader.html", form=form, next_url=next_url)


@bp.route("/join", methods=["GET", "POST"])
@login_required
@address_ceiling
def join():
    """Join another class with its code (students)."""
    form = JoinForm(join_code=request.args.get("code", ""))
    if current_user.role != "student":
        return render_template("accounts/join.html", form=form, not_student=True), 403
    status = 200
    if form.validate_on_submit():
        counters = throttle.join_counters(current_user.id, get_remote_address())
        wait = throttle.refused(counters)
        if wait:
            form.join_code.errors.append(_too_many_codes(wait))
            status = 429
        else:
            try:
                membership = join_class(current_user, form.join_code.data)
                db.session.commit()
            except AccountError as problem:
                db.session.rollback()
                if isinstance(problem, UnknownCode):
                    throttle.count_failure(counters)
                form.join_code.errors.append(str(problem))
            else:
                flash(f"You joined {membership.classroom.name}.", "success")
                return redirect(url_for("classes.show", classroom_id=membership.classroom_id))
    return render_template("accounts/join.html", form=form), status


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    """Change one's name or password; see how many devices are signed in."""
    profile = ProfileForm(prefix="profile", obj=current_user)
    password = PasswordChangeForm(prefix="password")
    me = current_user._get_current_object()
    if request.method == "POST" and "profile-submit" in request.form and profile.validate():
        change_name(me, profile.first_name.data, profile.last_name.data)
        flash("Your name is updated.", "success")
        return redirect(url_for("accounts.account"))
    if request.method == "POST" and "password-submit" in request.form and password.validate():
        try:
            change_password(me, password.current.data, password.password.data)
        except AccountError as problem:
            getattr(password, problem.field).errors.append(str(problem))
        else:
            # The account's session_version moved on; sign this device back in under it.
            remembered = request.cookies.get(current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token"))
            login_user(me, remember=bool(remembered))
            flash("Your password is changed. Other devices were signed out.", "success")
            return redirect(url_for("accounts.account"))
    return render_template("accounts/account.html", profile=profile, password=password,
                           devices=sessions.devices(me))
