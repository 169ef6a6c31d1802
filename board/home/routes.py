"""The front page."""
from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import and_, or_, select

from board import permissions
from board.accounts.models import User
from board.classes.models import Classroom, Membership
from board.classes.routes import my_classrooms
from board.discussions.models import Post
from board.extensions import db
from board.home.todo import student_todo
from board.moderation.states import PUBLISHED
from board.pads.models import Pad
from board.prompts.models import Prompt
from board.timeutil import utcnow

bp = Blueprint("home", __name__)


def public_prompts(limit: int = 20) -> list[Prompt]:
    """Return public prompts the public can read something of, newest first: posts, or a published pad."""
    author = and_(Membership.classroom_id == Post.classroom_id, Membership.user_id == Post.author_id)
    # As the thread shows it to the public: a response (a reply under work the public cannot see is
    # not shown either; a reader's comment on the question is not the class's work), published, not
    # hidden, by an author the publication rules let through.
    readable_post = (
        select(Post.id).join(User, User.id == Post.author_id).outerjoin(Membership, author)
        .where(Post.prompt_id == Prompt.id, Post.pad_id.is_(None), Post.parent_id.is_(None),
               Post.kind != "comment",
               Post.status == PUBLISHED, Post.hidden.is_(False), permissions.public_author_condition())
        .exists()
    )
    published_pad = select(Pad.id).where(Pad.prompt_id == Prompt.id, Pad.published_revision.is_not(None)).exists()
    return list(db.session.scalars(
        select(Prompt).join(Prompt.classroom)
        .where(Prompt.visibility == "public", Prompt.opens_at <= utcnow(), or_(readable_post, published_pad))
        .order_by(Prompt.opens_at.desc()).limit(limit)
    ))


@bp.route("/")
def index():
    """Show what this person can do next: their classes and prompts, or what is public."""
    classrooms: list[Classroom] = []
    open_prompts: list[Prompt] = []
    if current_user.is_authenticated and current_user.role == "family":
        return redirect(url_for("families.home"))
    if current_user.is_authenticated and current_user.role == "student":
        return render_template("home/student.html", todo=student_todo(current_user), public=public_prompts())
    if current_user.is_authenticated:
        classrooms = my_classrooms(current_user)
        ids = [c.id for c in classrooms]
        if ids:
            open_prompts = [
                p for p in db.session.scalars(
                    select(Prompt).where(Prompt.classroom_id.in_(ids), Prompt.archived_at.is_(None))
                    .order_by(Prompt.opens_at.desc())
                ) if permissions.can_read_prompt(current_user, p)
            ][:20]
    return render_template(
        "home/index.html",
        classrooms=classrooms,
        open_prompts=open_prompts,
        # what "Your prompts" lists already is not listed twice
        public=[p for p in public_prompts() if p not in open_prompts],
    )
