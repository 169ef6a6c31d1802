"""Portfolio pages: a student's showcase, picking work, reflections and goals."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from board import permissions
from board.accounts.models import User
from board.discussions.forms import PostForm
from board.discussions.routes import post_limit
from board.discussions.services import SubmissionError
from board.media import accepts_pictures
from board.media import composer as picture_composer
from board.moderation.states import PUBLISHED
from board.portfolio import (  # noqa: F401  (routes, command, kinds)
    access,
    bp,
    comments,
    events,
    feed_routes,
    importer,
    moderated,
    pages,
    sources,
    tag_routes,
)
from board.portfolio.forms import ButtonForm, GoalForm, PieceForm
from board.portfolio.models import Goal, Piece
from board.portfolio.services import (
    HEADINGS,
    Changed,
    PortfolioError,
    add_goal,
    add_piece,
    class_tags,
    remove_goal,
    remove_piece,
    update_goal,
    update_piece,
    year_label,
)
from board.web import small_int


def student_or_404(student_id: int) -> User:
    """Load a student whose portfolio this person may see, or answer 404."""
    student = permissions.get_or_404(User, student_id, access.can_see_portfolio)
    return student


def piece_or_404(piece_id: int) -> Piece:
    piece = permissions.get_or_404(Piece, piece_id, access.can_see_piece)
    return piece


def goal_or_404(goal_id: int) -> Goal:
    goal = permissions.get_or_404(Goal, goal_id, access.can_see_goal)
    return goal


@bp.route("/portfolio")
@login_required
def mine():
    """Open my own portfolio (students have one)."""
    if current_user.role != "student":
        abort(404)
    return redirect(url_for("portfolio.show", student_id=current_user.id))


@bp.route("/portfolio/<int:student_id>")
def show(student_id: int):
    """Show a student's portfolio: as much of it as this person may see, by tag and school year."""
    student = student_or_404(student_id)
    view = pages.load(current_user, student, small_int(request.args.get("tag")), small_int(request.args.get("year")))
    return render_template("portfolio/show.html", view=view, by_year=pages.by_year,
                           can_download=access.can_download(current_user, student),
                           public=access.is_public(student), form=ButtonForm())


@bp.route("/portfolio/add")
@login_required
def pick():
    """List my published work that is not in my portfolio yet."""
    if current_user.role != "student":
        abort(404)
    taken = pages.all_pieces(current_user)
    works = sources.candidates(current_user, {p.post_id for p in taken if p.post_id},
                               {p.pad_id for p in taken if p.pad_id})
    return render_template("portfolio/pick.html", works=works, summary=sources.summary)


def _render_piece_form(form, findings, pictures, work=None, piece=None, status: int = 200):
    classroom_id = piece.classroom_id if piece else work.classroom_id
    form.tags.choices = [(str(t.id), t.name) for t in class_tags(classroom_id)]
    text = "\n\n".join((form.why.data or "", form.learned.data or "", form.next.data or ""))
    return render_template("portfolio/piece_form.html", form=form, findings=findings, work=work, piece=piece,
                           pictures=pictures, reminder_text=text), status


def _pictures_sent(piece: Piece | None = None):
    """The piece's pictures as they are (a fresh form), or with what this form adds, removes or describes."""
    if request.method == "GET":
        return picture_composer.empty(piece)
    return picture_composer.read(current_user, request.form, request.files, piece)


def _saved_or_again(save, form, again):
    try:
        saved = save()
    except PortfolioError as problem:
        getattr(form, problem.field).errors.append(str(problem))
        return again(None, 422)
    if saved.needs_reminder:
        return again(saved.findings, 200)
    return saved


@bp.route("/portfolio/add/<any(post, pad):source>/<int:ident>", methods=["GET", "POST"])
@login_required
@post_limit
@accepts_pictures
def add(source: str, ident: int):
    """Add one piece of my published work, with why it is there, what I learned and what comes next,
    and pictures (a visual of it) if I like."""
    if current_user.role != "student":
        abort(404)
    work = sources.find(current_user, source, ident)
    if work is None:
        abort(404)
    permissions.require(access.can_edit_class(current_user, work.classroom_id))
    form = PieceForm()
    pictures = _pictures_sent()

    def again(findings=None, status=200):
        return _render_piece_form(form, findings, pictures, work=work, status=status)

    # Validated even when a picture was refused, so every problem is shown at once.
    if request.method == "GET" or not form.validate_on_submit() or pictures.has_errors:
        return again(status=200 if request.method == "GET" else 422)
    saved = _saved_or_again(
        lambda: add_piece(current_user, work, form.answers(), form.tags.data, form.post_anyway, pictures),
        form, again)
    if not hasattr(saved, "item"):
        return saved
    flash("Added. Your reflection is awaiting review: your teacher reads it before anyone else.", "success")
    return redirect(url_for("portfolio.piece", piece_id=saved.item.id))


def render_piece(item: Piece, form: PostForm | None = None, findings=None, status: int = 200):
    thread = comments.for_piece(current_user, item)
    if form is None and thread.can_comment:
        form = PostForm()
    return render_template("portfolio/piece.html", piece=item, headings=HEADINGS, thread=thread,
                           work_pictures=sources.work_pictures(item), own_pictures=sources.own_pictures(item),
                           year=year_label(item.school_year), owner=access.is_owner(current_user, item.student),
                           reviewer=access.can_review(current_user, item), buttons=ButtonForm(),
                           form=form, findings=findings, can_edit=access.can_edit(current_user, item)), status


@bp.route("/portfolio/pieces/<int:piece_id>")
def piece(piece_id: int):
    """Show one piece: the work, the reflection, and readers' comments on the work."""
    return render_piece(piece_or_404(piece_id))


@bp.route("/portfolio/pieces/<int:piece_id>/comment", methods=["POST"])
@login_required
@post_limit
def comment(piece_id: int):
    """Comment on a piece (readers, on public work); the class's teacher reads it first."""
    item = piece_or_404(piece_id)
    permissions.require(comments.for_piece(current_user, item).can_comment)
    form = PostForm()
    if not form.validate_on_submit():
        return render_piece(item, form, status=422)
    try:
        result = comments.add(current_user, item, form.body.data, form.submission_key.data, form.reminder,
                              form.post_anyway)
    except SubmissionError as problem:
        form.body.errors.append(str(problem))
        return render_piece(item, form, status=422)
    if result.needs_reminder:
        form.reminder_id.data = str(result.reminder.id)
        return render_piece(item, form, result.findings)
    if not result.duplicate:
        flash("Thank you! Your comment is awaiting review by the class’s teacher.", "success")
    return redirect(url_for("portfolio.piece", piece_id=piece_id, _anchor="comments"))


@bp.route("/portfolio/pieces/<int:piece_id>/edit", methods=["GET", "POST"])
@login_required
@post_limit
@accepts_pictures
def edit_piece(piece_id: int):
    """Change my reflection on a piece or its pictures (they are read again), or its tags."""
    item = piece_or_404(piece_id)
    permissions.require(access.can_edit(current_user, item))
    form = PieceForm(data=None if request.method == "POST" else {
        "why": item.why_md, "learned": item.learned_md, "next": item.next_md,
        "tags": [str(t.id) for t in item.tags], "version": str(item.lock_version)})

    pictures = _pictures_sent(item)

    def again(findings=None, status=200):
        return _render_piece_form(form, findings, pictures, piece=item, status=status)

    if request.method == "GET" or not form.validate_on_submit() or pictures.has_errors:
        return again(status=200 if request.method == "GET" else 422)
    try:
        saved = _saved_or_again(lambda: update_piece(current_user, item, form.answers(), form.tags.data,
                                                     small_int(form.version.data, 0), form.post_anyway, pictures),
                                form, again)
    except Changed as problem:
        flash(str(problem), "error")
        return redirect(url_for("portfolio.piece", piece_id=piece_id))
    if not hasattr(saved, "item"):
        return saved
    flash("Saved." if saved.item.status == PUBLISHED else "Saved. Your teacher will read the new version.", "success")
    return redirect(url_for("portfolio.piece", piece_id=piece_id))


@bp.route("/portfolio/pieces/<int:piece_id>/remove", methods=["POST"])
@login_required
def remove(piece_id: int):
    """Take a piece out of my portfolio."""
    item = piece_or_404(piece_id)
    permissions.require(access.is_owner(current_user, item.student))
    if ButtonForm().validate_on_submit():
        remove_piece(current_user, item)
        flash("Taken out of your portfolio. The work itself is still where it was published.", "success")
    return redirect(url_for("portfolio.show", student_id=current_user.id))


def _render_goal_form(form, findings, goal=None, status: int = 200):
    classes = access.student_classes(current_user)
    form.classroom.choices = [(str(cid), m.classroom.name) for cid, m in classes.items()]
    text = f"{form.goal.data or ''}\n\n{form.reflection.data or ''}"
    return render_template("portfolio/goal_form.html", form=form, findings=findings, goal=goal,
                           reminder_text=text), status


@bp.route("/portfolio/goals/new", methods=["GET", "POST"])
@login_required
@post_limit
def new_goal():
    """Set a goal for this school year, with a reflection on it."""
    if current_user.role != "student" or not access.student_classes(current_user):
        abort(404)
    form = GoalForm()

    def again(findings=None, status=200):
        return _render_goal_form(form, findings, status=status)

    if request.method == "GET" or not form.validate_on_submit():
        return again(status=200 if request.method == "GET" else 422)
    saved = _saved_or_again(lambda: add_goal(current_user, small_int(form.classroom.data, 0), form.goal.data,
                                             form.reflection.data, form.post_anyway), form, again)
    if not hasattr(saved, "item"):
        return saved
    flash("Goal saved. Your teacher reads it before anyone else.", "success")
    return redirect(url_for("portfolio.show", student_id=current_user.id, _anchor=f"goal-{saved.item.id}"))


@bp.route("/portfolio/goals/<int:goal_id>/edit", methods=["GET", "POST"])
@login_required
@post_limit
def edit_goal(goal_id: int):
    """Change a goal or my reflection on it."""
    item = goal_or_404(goal_id)
    permissions.require(access.can_edit(current_user, item))
    form = GoalForm(data=None if request.method == "POST" else {
        "goal": item.goal, "reflection": item.reflection_md, "classroom": str(item.classroom_id),
        "version": str(item.lock_version)})

    def again(findings=None, status=200):
        return _render_goal_form(form, findings, goal=item, status=status)

    if request.method == "GET" or not form.validate_on_submit():
        return again(status=200 if request.method == "GET" else 422)
    try:
        saved = _saved_or_again(lambda: update_goal(current_user, item, form.goal.data, form.reflection.data,
                                                    small_int(form.version.data, 0), form.post_anyway), form, again)
    except Changed as problem:
        flash(str(problem), "error")
        return redirect(url_for("portfolio.show", student_id=current_user.id))
    if not hasattr(saved, "item"):
        return saved
    flash("Saved. Your teacher will read the new version." if saved.item.status != PUBLISHED else "Saved.",
          "success")
    return redirect(url_for("portfolio.show", student_id=current_user.id, _anchor=f"goal-{goal_id}"))


@bp.route("/portfolio/goals/<int:goal_id>/remove", methods=["POST"])
@login_required
def drop_goal(goal_id: int):
    """Delete one of my goals."""
    item = goal_or_404(goal_id)
    permissions.require(access.is_owner(current_user, item.student))
    if ButtonForm().validate_on_submit():
        remove_goal(current_user, item)
        flash("Goal deleted.", "success")
    return redirect(url_for("portfolio.show", student_id=current_user.id))
