"""My notifications, and marking them read."""
from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from board.notifications import services

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
    services.mark_read(current_user.id, int(raw) if raw.isdigit() else None)
    target = request.form.get("post")
    if target and target.isdigit():
        return redirect(url_for("discussions.show_post", post_id=int(target)))
    return redirect(url_for("notifications.index"))
