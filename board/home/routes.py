"""The front page."""
from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user
from sqlalchemy import select

from board import permissions
from board.classes.models import Classroom
from board.classes.routes import my_classrooms
from board.extensions import db
from board.prompts.models import Prompt
from board.timeutil import utcnow

bp = Blueprint("home", __name__)


def public_prompts(limit: int = 20) -> list[Prompt]:
    """Return open-to-read public prompts, newest first."""
    return list(db.session.scalars(
        select(Prompt).join(Prompt.classroom)
        .where(Prompt.visibility == "public", Prompt.opens_at <= utcnow())
        .order_by(Prompt.opens_at.desc()).limit(limit)
    ))


@bp.route("/")
def index():
    """Show what this person can do next: their classes and prompts, or what is public."""
    classrooms: list[Classroom] = []
    open_prompts: list[Prompt] = []
    if current_user.is_authenticated:
        classrooms = my_classrooms(current_user)
        ids = [c.id for c in classrooms]
        if ids:
            open_prompts = [
                p for p in db.session.scalars(
                    select(Prompt).where(Prompt.classroom_id.in_(ids)).order_by(Prompt.opens_at.desc())
                ) if permissions.can_read_prompt(current_user, p)
            ][:20]
    return render_template(
        "home/index.html",
        classrooms=classrooms,
        open_prompts=open_prompts,
        public=public_prompts(),
    )
