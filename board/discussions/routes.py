"""The prompt page and everything a person adds to it."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from board import permissions, signals
from board.discussions import pending
from board.discussions.changes import resubmissions
from board.discussions.flags import existing_report, flag_post
from board.discussions.forms import FlagForm, PostForm, WithdrawForm
from board.discussions.models import WITHDRAWN, Post
from board.discussions.moderated import POST
from board.discussions.services import (
    SubmissionError,
    Submitted,
    history,
    resubmit,
    submit,
)
from board.discussions.threads import Node, load_thread, visible_post_or_none
from board.errors import FieldError
from board.extensions import db, limiter
from board.media import accepts_pictures
from board.media import composer as picture_composer
from board.moderation import kinds
from board.moderation.services import Conflict
from board.moderation.states import PENDING, PUBLISHED
from board.pads.services import visible_pads
from board.prompts.models import Prompt
from board.web import small_int

bp = Blueprint("discussions", __name__)
# Moderation handles posts once this blueprint is registered.
kinds.register_with(bp, POST)


def _post_limit() -> str:
    return current_app.config["POST_RATE_LIMIT"]


def _per_person() -> str:
    return f"user:{current_user.id}" if current_user.is_authenticated else request.remote_addr or ""


post_limit = limiter.limit(_post_limit, key_func=_per_person, methods=["POST"])


def _prompt_or_404(prompt_id: int) -> Prompt:
    prompt = permissions.get_or_404(Prompt, prompt_id, permissions.can_read_prompt)
    return prompt


def _post_or_404(post_id: int) -> Post:
    post = visible_post_or_none(current_user, post_id)
    if post is None:
        abort(404)
    return post


def _saved_message(result: Submitted) -> str:
    if result.status == PUBLISHED:
        return "Posted. Everyone in the discussion can read it now."
    if result.kind == "comment":
        return "Thank you! Your comment is awaiting review by the class’s teacher."
    return "Sent. It is awaiting review: your teacher reads it before the class does."


def _pictures_sent(prompt: Prompt):
    """Store the pictures a class member sent with the composer (None: this composer takes none)."""
    if not permissions.is_member(current_user, prompt.classroom_id):
        return None
    return picture_composer.read(current_user, request.form, request.files)


def _submit_form(form: PostForm, prompt: Prompt, parent: Post | None, again, pictures=None):
    """Save what the composer sent, or show it again with the error or the reminder."""
    # Validated even when a picture was refused, so every problem is shown at once.
    if not form.validate_on_submit() or (pictures is not None and pictures.has_errors):
        return again()
    try:
        result = submit(current_user, prompt, form.body.data, parent, form.submission_key.data,
                        form.reminder, form.post_anyway, pictures=pictures.added if pictures else ())
    except SubmissionError as problem:
        form.body.errors.append(str(problem))
        return again()
    return _after_submit(result, form, again)


def _after_submit(result: Submitted, form: PostForm, render):
    """Redirect to the saved post, or re-show the composer with the reminder."""
    if result.needs_reminder:
        form.reminder_id.data = str(result.reminder.id)
        return render(findings=result.findings)
    if not result.duplicate:
        flash(_saved_message(result), "success")
    # The page after a post clears this composer's saved draft in the browser. Only what was read
    # before the commit is used: a saved post is answered as saved, whatever the database does next.
    return redirect(url_for("discussions.show_post", post_id=result.post_id, posted=form.submission_key.data))


def _seen(post_ids: list[int]) -> bool:
    """Say that the signed-in person now sees these replies to their work (their to-do lists them no more)."""
    if not post_ids or not current_user.is_authenticated:
        return False
    signals.discussions.read.send(current_user._get_current_object(), post_ids=post_ids)
    return True


def _commit_after(page, seen: bool):
    # Committed once the page is rendered: a commit before would reload every post it shows.
    if seen:
        db.session.commit()
    return page


def render_prompt(prompt: Prompt, form: PostForm | None = None, findings=None, status: int = 200,
                  pictures=None):
    """Render the prompt page: question, context, norms, composer and the visible thread."""
    thread = load_thread(current_user, prompt)
    seen = current_user.is_authenticated and _seen(
        thread.replies_shown_to(current_user.id, thread.roots, current_app.config["THREAD_MAX_DEPTH"]))
    can_respond = permissions.can_respond(current_user, prompt)
    can_comment = permissions.can_comment(current_user, prompt)
    if form is None and (can_respond or can_comment):
        form = PostForm()
    if pictures is None and can_respond:
        pictures = picture_composer.empty()
    page = render_template(
        "discussions/prompt.html",
        prompt=prompt,
        thread=thread,
        form=form,
        findings=findings,
        can_respond=can_respond,
        can_comment=can_comment,
        pictures=pictures,
        teacher=permissions.is_teacher_of(current_user, prompt.classroom_id),
        pads=visible_pads(current_user, prompt) if prompt.has_pad else [],
    )
    return _commit_after(page, seen), status


@bp.route("/prompts/<int:prompt_id>")
def prompt(prompt_id: int):
    """Show a prompt and its discussion, as much of it as this person may see."""
    return render_prompt(_prompt_or_404(prompt_id))


@bp.route("/prompts/<int:prompt_id>/respond", methods=["POST"])
@login_required
@post_limit
@accepts_pictures
def respond(prompt_id: int):
    """Answer the prompt (its class), or comment on it (a reader, on a public prompt)."""
    prompt = _prompt_or_404(prompt_id)
    permissions.require(permissions.can_contribute(current_user, prompt))
    form = PostForm()
    pictures = _pictures_sent(prompt)

    def again(findings=None):
        return render_prompt(prompt, form, findings, 200 if findings else 422, pictures)

    return _submit_form(form, prompt, None, again, pictures)


@bp.route("/posts/<int:post_id>")
def show_post(post_id: int):
    """Show one post with the replies under it, and where it sits in the discussion."""
    post = _post_or_404(post_id)
    thread = load_thread(current_user, post.prompt)
    # A teacher may open returned or rejected work, which the thread itself leaves out.
    node = thread.subtree(post.id) or Node(post)
    ancestors = []
    current = post.parent_id
    while current is not None and current in thread.nodes:
        ancestors.insert(0, thread.nodes[current].post)
        current = thread.nodes[current].post.parent_id
    seen = False
    if current_user.is_authenticated:
        shown = thread.replies_shown_to(current_user.id, [node], current_app.config["THREAD_MAX_DEPTH"])
        if ancestors and ancestors[-1].author_id == current_user.id and post.id in thread.nodes \
                and not thread.nodes[post.id].placeholder:
            shown.append(post.id)  # the reply itself, opened from its link
        seen = _seen(shown)
    page = render_template(
        "discussions/post.html",
        post=post,
        node=node,
        thread=thread,
        ancestors=ancestors,
        prompt=post.prompt,
        posted_key=request.args.get("posted", ""),
        teacher=permissions.is_teacher_of(current_user, post.classroom_id),
    )
    return _commit_after(page, seen)


@bp.route("/posts/<int:post_id>/reply", methods=["GET", "POST"])
@login_required
@post_limit
@accepts_pictures
def reply(post_id: int):
    """Reply to a post (class members) or comment on it (readers)."""
    parent = _post_or_404(post_id)
    prompt = parent.prompt
    permissions.require(parent.status == PUBLISHED and permissions.can_contribute(current_user, prompt))
    form = PostForm()
    commenting = not permissions.is_member(current_user, prompt.classroom_id)
    if request.method == "GET":
        pictures = None if commenting else picture_composer.empty()
    else:
        pictures = _pictures_sent(prompt)

    def again(findings=None):
        return render_template(
            "discussions/reply.html", parent=parent, prompt=prompt, form=form, findings=findings,
            commenting=commenting, pictures=pictures,
        ), (200 if findings or request.method == "GET" else 422)

    if request.method == "GET":
        return again()
    return _submit_form(form, prompt, parent, again, pictures)


def _pictures_of_work(post: Post):
    """The pictures of work being changed: as they are, or with what this form adds, removes or describes."""
    if request.method == "GET":
        return picture_composer.empty(post)
    return picture_composer.read(current_user, request.form, request.files, post)


@bp.route("/posts/<int:post_id>/revise", methods=["GET", "POST"])
@login_required
@post_limit
@accepts_pictures
def revise(post_id: int):
    """Revise returned work beside the teacher's feedback, and send it again."""
    post = _post_or_404(post_id)
    permissions.require(post.author_id == current_user.id)
    if not permissions.can_revise(current_user, post):
        flash("This work is not waiting for a revision.", "info")
        return redirect(url_for("discussions.show_post", post_id=post.id))
    form = PostForm(body=post.body_md, version=str(post.lock_version))
    pictures = _pictures_of_work(post)

    def again(findings=None):
        return render_template(
            "discussions/revise.html", post=post, prompt=post.prompt, form=form, findings=findings,
            versions=history(post), pictures=pictures,
        ), (200 if findings or request.method == "GET" else 422)

    if request.method == "GET" or not form.validate_on_submit() or pictures.has_errors:
        return again()
    try:
        result = resubmit(current_user, post, form.body.data, small_int(form.version.data, 0),
                          form.reminder, form.post_anyway, pictures=pictures)
    except SubmissionError as problem:
        form.body.errors.append(str(problem))
        return again()
    except Conflict as problem:
        flash(str(problem), "error")
        return redirect(url_for("discussions.show_post", post_id=post.id))
    if result.needs_reminder:
        form.reminder_id.data = str(result.reminder.id)
        return again(result.findings)
    flash("Sent again. Your teacher will read the new version.", "success")
    return redirect(url_for("discussions.show_post", post_id=post_id, posted=form.submission_key.data))


def _own_pending_or_redirect(post_id: int):
    """Load the author's own waiting work, or say why it cannot be changed any more."""
    post = _post_or_404(post_id)
    permissions.require(post.author_id == current_user.id)
    if permissions.can_change_pending(current_user, post):
        return post, None
    flash("A teacher has already looked at this work: it can no longer be changed here.", "info")
    return post, redirect(url_for("discussions.show_post", post_id=post.id))


@bp.route("/posts/<int:post_id>/edit", methods=["GET", "POST"])
@login_required
@post_limit
@accepts_pictures
def edit(post_id: int):
    """Change work still waiting for a teacher; the norms are checked again and a new version kept."""
    post, gone = _own_pending_or_redirect(post_id)
    if gone:
        return gone
    form = PostForm(body=post.body_md, version=str(post.lock_version))
    pictures = _pictures_of_work(post)

    def again(findings=None):
        return render_template(
            "discussions/edit.html", post=post, prompt=post.prompt, form=form, findings=findings,
            pictures=pictures,
        ), (200 if findings or request.method == "GET" else 422)

    if request.method == "GET" or not form.validate_on_submit() or pictures.has_errors:
        return again()
    try:
        result = pending.edit(current_user, post, form.body.data, small_int(form.version.data, 0),
                              form.reminder, form.post_anyway, pictures=pictures)
    except SubmissionError as problem:
        form.body.errors.append(str(problem))
        return again()
    except Conflict as problem:
        flash(str(problem), "error")
        return redirect(url_for("discussions.show_post", post_id=post_id))
    if result.needs_reminder:
        form.reminder_id.data = str(result.reminder.id)
        return again(result.findings)
    flash("Saved. Your teacher will read this version.", "success")
    return redirect(url_for("discussions.show_post", post_id=post_id, posted=form.submission_key.data))


@bp.route("/posts/<int:post_id>/withdraw", methods=["GET", "POST"])
@login_required
def withdraw(post_id: int):
    """Ask, then take back work still waiting for a teacher."""
    post, gone = _own_pending_or_redirect(post_id)
    if gone:
        return gone
    form = WithdrawForm(version=str(post.lock_version))
    if form.validate_on_submit():
        try:
            pending.withdraw(current_user, post, small_int(form.version.data, 0))
        except Conflict as problem:
            flash(str(problem), "error")
            return redirect(url_for("discussions.show_post", post_id=post_id))
        flash("Withdrawn. Your teacher will not see it; you can write a new one whenever you like.", "success")
        return redirect(url_for("home.index"))
    return render_template("discussions/withdraw.html", post=post, prompt=post.prompt, form=form)


@bp.route("/posts/<int:post_id>/history")
@login_required
def post_history(post_id: int):
    """Show every version of a post (its author and the class's teachers)."""
    post = _post_or_404(post_id)
    permissions.require(
        post.author_id == current_user.id or permissions.is_teacher_of(current_user, post.classroom_id)
    )
    changes = {change.number: change for change in resubmissions([post.id]).get(post.id, [])}
    return render_template("discussions/history.html", post=post, prompt=post.prompt,
                           versions=history(post), changes=changes)


@bp.route("/posts/<int:post_id>/flag", methods=["GET", "POST"])
@login_required
@post_limit
def flag(post_id: int):
    """Report published work to the class's teachers (once: a second visit says when)."""
    post = _post_or_404(post_id)
    permissions.require(permissions.can_flag(current_user, post))
    earlier = existing_report(current_user, post)
    form = FlagForm()
    if earlier is None and form.validate_on_submit():
        try:
            created = flag_post(current_user, post, form.reason.data, form.category.data)
        except FieldError as problem:
            getattr(form, problem.field).errors.append(str(problem))
        else:
            flash("Thank you. A teacher will look at it." if created
                  else "You already reported this; a teacher will look at it.", "success")
            return redirect(url_for("discussions.prompt", prompt_id=post.prompt_id, _anchor=f"p{post.id}"))
    return render_template("discussions/flag.html", post=post, prompt=post.prompt, form=form,
                           earlier=earlier), (422 if form.errors else 200)


@bp.route("/me/work")
@login_required
def my_work():
    """Show everything I wrote, newest first, with its status and any feedback."""
    posts = list(db.session.scalars(
        select(Post).where(Post.author_id == current_user.id).order_by(Post.created_at.desc())
    ))
    groups = {
        "returned": [p for p in posts if p.status == "returned"],
        "pending": [p for p in posts if p.status == PENDING],
        "published": [p for p in posts if p.status == PUBLISHED],
        "rejected": [p for p in posts if p.status == "rejected"],
        "withdrawn": [p for p in posts if p.status == WITHDRAWN],
    }
    return render_template("discussions/my_work.html", groups=groups)


@bp.route("/me/comments")
@login_required
def my_comments():
    """Show every comment I left on a class's work, newest first, each with where it stands."""
    comments = list(db.session.scalars(
        select(Post).where(Post.author_id == current_user.id, Post.kind == "comment")
        .order_by(Post.created_at.desc())
    ))
    return render_template("discussions/my_comments.html", comments=comments)
