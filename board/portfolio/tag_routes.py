"""The class's tags: skills and topics its teachers name for portfolio pieces."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from board import permissions
from board.classes.models import Classroom
from board.portfolio import access, bp
from board.portfolio.forms import ButtonForm, TagForm
from board.portfolio.models import Tag
from board.portfolio.services import PortfolioError, add_tag, class_tags, remove_tag


def _classroom_or_404(classroom_id: int) -> Classroom:
    classroom = permissions.get_or_404(Classroom, classroom_id)
    if not permissions.is_member(current_user, classroom.id):
        abort(404)
    return classroom


@bp.route("/portfolio/classes/<int:classroom_id>/tags", methods=["GET", "POST"])
@login_required
def tags(classroom_id: int):
    """List the class's tags and add one (the class's teachers)."""
    classroom = _classroom_or_404(classroom_id)
    permissions.require(access.can_manage_tags(current_user, classroom.id))
    form = TagForm()
    status = 200
    if request.method == "POST":
        if form.validate_on_submit():
            try:
                tag = add_tag(classroom.id, form.name.data)
            except PortfolioError as problem:
                form.name.errors.append(str(problem))
            else:
                flash(f"Added the tag “{tag.name}”.", "success")
                return redirect(url_for("portfolio.tags", classroom_id=classroom.id))
        status = 422
    return render_template("portfolio/tags.html", classroom=classroom, form=form, tags=class_tags(classroom.id),
                           buttons=ButtonForm()), status


@bp.route("/portfolio/tags/<int:tag_id>/remove", methods=["POST"])
@login_required
def remove_class_tag(tag_id: int):
    """Delete a tag; pieces that carried it lose it."""
    tag = permissions.get_or_404(Tag, tag_id)
    if not permissions.is_member(current_user, tag.classroom_id):
        abort(404)
    permissions.require(access.can_manage_tags(current_user, tag.classroom_id))
    if ButtonForm().validate_on_submit():
        name = tag.name
        remove_tag(tag)
        flash(f"Deleted the tag “{name}”.", "success")
    return redirect(url_for("portfolio.tags", classroom_id=tag.classroom_id))
