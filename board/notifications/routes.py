"""My notifications, marking them read, my mail choices, and unsubscribing from a mail's link."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from board.accounts.models import User
from board.extensions import csrf, db
from board.mail import preferences
from board.notifications import (
    events,  # noqa: F401  (teachers hear of reports and pad findings)
    services,
)
from board.web import small_int

bp = Blueprint("notifications", __name__)


@bp.route("/notifications")
@login_required
def index():
    """List my notifications, newest first."""
    return render_template("notifications/index.html", items=services.inbox(current_user.id))


@bp.route("/notifications/read", methods=["POST"])
@login_required
def read():
    """Mark one notification (and go to what it is about) or all of them as read."""
    raw = request.form.get("id", "")
    one = small_int(raw)
    if raw and one is None:
        abort(404)  # an id that is no id marks nothing, least of all everything
    services.mark_read(current_user.id, one)
    post_id, pad_id = small_int(request.form.get("post")), small_int(request.form.get("pad"))
    if current_user.role == "family" and (post_id is not None or pad_id is not None):
        # A family reads its child's work on the family pages (class-only prompts included).
        return redirect(url_for("families.post", post_id=post_id) if post_id is not None
                        else url_for("families.pad_of_child", pad_id=pad_id))
    if post_id is not None:
        return redirect(url_for("discussions.show_post", post_id=post_id))
    if pad_id is not None:
        return redirect(url_for("pads.show", pad_id=pad_id))
    return redirect(url_for("notifications.index"))


@bp.route("/notifications/settings", methods=["GET", "POST"])
@login_required
def settings():
    """Choose, kind by kind, which mail to get: right away, in a daily digest, or never."""
    if request.method == "POST":
        preferences.save_choices(current_user, request.form.to_dict())
        flash("Your mail choices are saved.", "success")
        return redirect(url_for("notifications.settings"))
    return render_template(
        "notifications/settings.html", kinds=preferences.kinds_for(current_user),
        choices=preferences.choices_of(current_user), labels=preferences.CHOICE_LABELS,
        has_email=bool(current_user.email),
    )


def _token_owner(token: str) -> tuple[User, str]:
    found = preferences.read_token(token)
    user = db.session.get(User, found[0]) if found else None
    if user is None:
        abort(404)
    return user, found[1]


@bp.route("/notifications/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt  # a mail program posts here in one click (RFC 8058); the signed token is the proof
def unsubscribe(token: str):
    """Stop one kind of mail from its link, without signing in: a button here, or one click in the mail program."""
    user, kind = _token_owner(token)
    what = preferences.describe(kind)
    if request.method == "POST":
        preferences.unsubscribe(user, kind)
        return render_template("notifications/unsubscribed.html", what=what, done=True)
    return render_template("notifications/unsubscribed.html", what=what, done=False, token=token)
