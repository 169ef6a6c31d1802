"""The JSON endpoint the composer calls as a student types; it never stores the draft."""
from __future__ import annotations

from flask import Blueprint, current_app, request
from flask_login import current_user, login_required

from board.admin.wordlists import check_text
from board.discussions.highlight import messages
from board.extensions import limiter

bp = Blueprint("norms", __name__)

def _check_limit() -> str:
    return current_app.config["CHECK_RATE_LIMIT"]


@bp.route("/norms/check", methods=["POST"])
@login_required
@limiter.limit(_check_limit, key_func=lambda: f"user:{current_user.id}")
def check():
    """Return the findings for a draft, with the highlighted text and the messages to show."""
    payload = request.get_json(silent=True) or {}
    text = payload.get("text")
    if not isinstance(text, str):
        return {"error": "Send {\"text\": \"...\"} as JSON."}, 400
    longest = current_app.config["POST_MAX_CHARS"]
    if len(text) > longest:
        # Never checked in part: a draft this long cannot be posted, and the form says so beside the text.
        return {"error": f"This is longer than {longest:,} characters: shorten it before it can be posted."}, 413
    findings = check_text(text)
    return {
        "findings": findings,
        "messages": messages(text, findings),
        "blocking": any(f.get("blocking") for f in findings),
    }
