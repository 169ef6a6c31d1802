"""Error pages that explain, never a stack trace; a form that failed keeps what was typed."""
from __future__ import annotations

from flask import render_template, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from board.web import carried_fields, typed_text

MESSAGES = {
    400: ("Something about that request was off", "The page could not understand what was sent."),
    403: ("You can’t do that here", "Your account can see this page but not make this change."),
    404: ("Page not found", "There is nothing here, or nothing you can see with this account."),
    405: ("That doesn’t work here", "This address does not accept that kind of request."),
    413: ("That was too large", "What you sent is larger than the board accepts."),
    429: ("Slow down a little", "That was a lot of requests in a short time. Wait a minute and try again."),
    500: ("Something went wrong on our side", "The problem was recorded. Try again in a moment."),
}


def _wants_json() -> bool:
    return request.path.startswith("/norms/") or request.accept_mimetypes.best == "application/json"


def render_error(code: int, detail: str | None = None):
    """Render the error page; on a POST, show the person their text and a way to send it again."""
    title, message = MESSAGES.get(code, MESSAGES[500])
    if code == 404 and not current_user.is_authenticated:
        message = "There is nothing here, or nothing that is public. If it belongs to your class, sign in to see it."
    if _wants_json():
        return {"error": detail or message}, code
    fields = carried_fields() if request.method == "POST" else []
    return render_template(
        "errors/error.html",
        code=code,
        title=title,
        message=detail or message,
        carried=fields,
        typed=typed_text(fields),
        action=request.path,
    ), code


def register(app) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        """An old or missing token: the text comes back with a fresh form to send it again."""
        return render_error(
            400,
            "This page was open for a long time, so the form expired. Nothing was lost: "
            "your text is below. Send it again when you are ready.",
        )

    @app.errorhandler(HTTPException)
    def http_error(error):
        code = error.code or 500
        if code == 429:
            return render_error(
                429, "You have posted a lot in a short time. Wait a minute, then send your text again: "
                "it is kept below."
            )
        return render_error(code)

    @app.errorhandler(Exception)
    def server_error(error):
        if app.testing and not app.config.get("ERROR_PAGES_IN_TESTS"):
            raise error
        app.logger.exception("Unhandled error on %s %s", request.method, request.path)
        from board.extensions import db

        db.session.rollback()
        return render_error(500)
