"""The family's pages: signing up with a code, adding a child, the child's work, comments and consent."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_limiter.util import get_remote_address
from flask_login import current_user

from board import permissions
from board.accounts import sessions, throttle
from board.accounts.services import AccountError, UnknownCode
from board.discussions.forms import PostForm
from board.discussions.models import Post
from board.discussions.routes import post_limit
from board.discussions.services import SubmissionError, submit
from board.extensions import db, limiter
from board.families import (
    events,  # noqa: F401  (families hear of their child's published work)
    services,
    work,
)
from board.families.forms import AddChildForm, ConsentForm, FamilySignupForm
from board.pads import pictures as pad_pictures
from board.timeutil import utcnow

bp = Blueprint("families", __name__)

BUSY = "Many people used this page from your network in the last minute. Wait a minute and try again."
family_required = permissions.roles_required("family")


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _signup_limit() -> str:
    return current_app.config["SIGNUP_RATE_LIMIT"]


address_ceiling = limiter.limit(_login_limit, methods=["POST"])
signup_ceiling = limiter.limit(_signup_limit, methods=["POST"], deduct_when=lambda response: response.status_code == 302)


def _too_many(minutes: int) -> str:
    return f"Too many wrong codes. Wait {minutes} minutes, then check the code on the slip from the school."


@bp.errorhandler(429)
def busy(error):
    """Refuse a busy address on the form itself: what was typed stays, a password never does."""
    if request.endpoint == "families.signup":
        return render_template("families/signup.html", form=FamilySignupForm(), error=BUSY), 429
    if request.endpoint == "families.add_child":
        return render_template("families/add_child.html", form=AddChildForm(), error=BUSY), 429
    from board.errors import render_error

    return render_error(429)


def _code_attempt(form, attempt):
    """Run an attempt with a family code, counting wrong codes as wrong class codes are counted."""
    user_id = current_user.id if current_user.is_authenticated else None
    counters = throttle.join_counters(user_id, get_remote_address())
    wait = throttle.refused(counters)
    if wait:
        form.code.errors.append(_too_many(wait))
        return None, 429
    try:
        return attempt(), 200
    except AccountError as problem:
        db.session.rollback()
        if isinstance(problem, UnknownCode):
            throttle.count_failure(counters)
        getattr(form, problem.field, form.code).errors.append(str(problem))
        return None, 422


@bp.route("/family/signup", methods=["GET", "POST"])
@address_ceiling
@signup_ceiling
def signup():
    """Create a family account with the code the school sent home."""
    if current_user.is_authenticated:
        if current_user.role == "family":
            return redirect(url_for("families.add_child", code=request.args.get("code") or None))
        flash(f"Sign out first to create a family account. You are signed in as {current_user.display_name}",
              "info")
        return redirect(url_for("home.index"))
    form = FamilySignupForm(code=request.args.get("code", ""))
    status = 200
    if form.validate_on_submit():
        made, status = _code_attempt(form, lambda: services.sign_up(
            form.first_name.data, form.last_name.data, form.email.data, form.password.data, form.code.data,
            form.relationship.data))
        if made is not None:
            user, link = made
            sessions.sign_in(user)
            flash(f"Welcome! You can now follow {link.student.first_name}’s work.", "success")
            return redirect(url_for("families.home"))
    elif form.errors:
        status = 422
    return render_template("families/signup.html", form=form), status


@bp.route("/family/add", methods=["GET", "POST"])
@family_required
@address_ceiling
def add_child():
    """Follow another child's work with the code from their slip."""
    form = AddChildForm(code=request.args.get("code", ""))
    status = 200
    if form.validate_on_submit():
        me = current_user._get_current_object()

        def link():
            made = services.link_child(me, form.code.data, form.relationship.data)
            db.session.commit()
            return made

        made, status = _code_attempt(form, link)
        if made is not None:
            flash(f"You now follow {made.student.first_name}’s work too.", "success")
            return redirect(url_for("families.child", student_id=made.student_id))
    elif form.errors:
        status = 422
    return render_template("families/add_child.html", form=form), status


@bp.route("/family")
@family_required
def home():
    """Show each child the family follows, with their newest work and where consent stands."""
    links = services.children(current_user)
    me = current_user._get_current_object()
    children = [{"link": link, "posts": work.child_posts(me, link.student_id, limit=3),
                 "consent": services.consent_state(link.student_id),
                 "classes": services.student_memberships(link.student_id)} for link in links]
    return render_template("families/home.html", children=children)


@bp.route("/family/children/<int:student_id>")
@family_required
def child(student_id: int):
    """Show one child's published work in class, the pads they took part in, and their portfolio link."""
    link = services.link_or_404(current_user, student_id)
    me = current_user._get_current_object()
    return render_template(
        "families/child.html", link=link, student=link.student, posts=work.child_posts(me, student_id),
        pads=work.child_pads(student_id), links=work.child_links(link.student),
        consent=services.consent_state(student_id),
        record=services.latest_consents([student_id]).get(student_id),
        classes=services.student_memberships(student_id))


@bp.route("/family/children/<int:student_id>/pads/<int:pad_id>")
@family_required
def pad(student_id: int, pad_id: int):
    """Show a published pad the child took part in: the child's own words only, and her approved pictures."""
    link = services.link_or_404(current_user, student_id)
    shown = work.child_pad_or_none(student_id, pad_id)
    if shown is None:
        abort(404)
    return render_template("families/pad.html", link=link, student=link.student, shown=shown,
                           pictures=pad_pictures.approved_of(shown.pad, current_user, student_id))


@bp.route("/family/pads/<int:pad_id>")
@family_required
def pad_of_child(pad_id: int):
    """Open a published pad on the page of the family's child who took part in it (a mail's link)."""
    for link in services.children(current_user):
        if work.child_pad_or_none(link.student_id, pad_id) is not None:
            return redirect(url_for("families.pad", student_id=link.student_id, pad_id=pad_id))
    abort(404)


def _child_post_or_404(post_id: int) -> Post:
    """The child's published work, for their family; 404 for anything else."""
    post = db.session.get(Post, post_id)
    if (post is None or post.kind == "comment" or not permissions.is_family_of(current_user, post.author_id)
            or not permissions.can_read_post(current_user, post)):
        abort(404)
    return post


def _render_post(post: Post, form: PostForm | None = None, findings=None, status: int = 200):
    me = current_user._get_current_object()
    can_comment = permissions.can_comment(me, post.prompt)
    if form is None and can_comment:
        form = PostForm()
    return render_template("families/post.html", post=post, prompt=post.prompt, student=post.author,
                           comments=work.comments_under(me, post), form=form, findings=findings,
                           can_comment=can_comment, posted_key=request.args.get("posted", "")), status


@bp.route("/family/posts/<int:post_id>")
@family_required
def post(post_id: int):
    """Show the child's work, the comments under it, and a comment box."""
    return _render_post(_child_post_or_404(post_id))


@bp.route("/family/posts/<int:post_id>/comment", methods=["POST"])
@family_required
@post_limit
def comment(post_id: int):
    """Comment on the child's work; the teacher reads it before anyone else does."""
    parent = _child_post_or_404(post_id)
    permissions.require(permissions.can_comment(current_user, parent.prompt))
    form = PostForm()
    if not form.validate_on_submit():
        return _render_post(parent, form, status=422)
    try:
        result = submit(current_user._get_current_object(), parent.prompt, form.body.data, parent,
                        form.submission_key.data, form.reminder, form.post_anyway)
    except SubmissionError as problem:
        form.body.errors.append(str(problem))
        return _render_post(parent, form, status=422)
    if result.needs_reminder:
        form.reminder_id.data = str(result.reminder.id)
        return _render_post(parent, form, result.findings)
    if not result.duplicate:
        flash("Thank you! Your comment is waiting for the teacher, who reads every comment before it appears.",
              "success")
    return redirect(url_for("families.post", post_id=post_id, posted=form.submission_key.data, _anchor="comments"))


@bp.route("/family/children/<int:student_id>/consent", methods=["GET", "POST"])
@family_required
def consent(student_id: int):
    """Give or withdraw publication consent, signed with the name typed and dated today."""
    link = services.link_or_404(current_user, student_id)
    on_record = services.consent_state(student_id)
    form = ConsentForm(relationship=link.relationship_label)
    status = 200
    if form.validate_on_submit():
        give = form.decision.data == "give"
        if form.decision.data not in ("give", "withdraw"):
            abort(400)
        try:
            services.record_consent(current_user._get_current_object(), link, give, form.signature.data,
                                    form.relationship.data)
        except services.FamilyError as problem:
            db.session.rollback()
            getattr(form, problem.field).errors.append(str(problem))
            status = 422
        else:
            name = link.student.first_name
            flash(f"Consent recorded: {name}’s approved work on public prompts can appear publicly, with "
                  f"first name and last initial only." if give else
                  f"Consent withdrawn: nothing of {name}’s work is on any public page any more.", "success")
            return redirect(url_for("families.child", student_id=student_id))
    elif form.errors:
        status = 422
    return render_template("families/consent.html", form=form, link=link, student=link.student, now=utcnow(),
                           on_record=on_record, record=services.latest_consents([student_id]).get(student_id),
                           classes=services.student_memberships(student_id)), status
