"""Error pages that explain, never a stack trace; a form that failed keeps what the person typed.

Every error page renders without the database: when the page with the site's navigation cannot be
drawn (it reads the signed-in account and its counts), a plain page says the same thing.
"""
from __future__ import annotations

from flask import current_app, render_template, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from markupsafe import escape
from sqlalchemy import exc as sa_exc
from werkzeug.exceptions import HTTPException

from board import carry

MESSAGES = {
    400: ("Something about that request was off", "The page could not understand what was sent."),
    403: ("You can’t do that here", "Your account can see this page but not make this change."),
    404: ("Page not found", "There is nothing here, or nothing you can see with this account."),
    405: ("That doesn’t work here", "This address does not accept that kind of request."),
    413: ("That was too large", "What you sent is larger than the board accepts."),
    429: ("Slow down a little", "That was a lot of requests in a short time. Wait a minute and try again."),
    500: ("Something went wrong on our side", "The problem was recorded. Try again in a moment."),
    503: ("The board is busy for a moment", "It cannot reach its database right now. Try again in a minute."),
}

EXPIRED = ("This page was open for a long time, so the form expired. Nothing was lost: your text is below. "
           "Send it again when you are ready.")
EXPIRED_NO_TEXT = ("This page was open for a long time, so the form expired and nothing was changed. "
                   "Go back, reload the page and make the change again.")
FOREIGN = ("This form was sent from another site, or the browser did not say where it came from, "
           "so nothing was done. If you meant to make this change, open the page on this site and do it there.")
TOO_LARGE = ("What you sent is larger than the board accepts (about 1 MB), so it could not be read. "
             "If you were writing a post, reply or comment, your draft is still saved in this browser: "
             "go back to the page and it will be there. Shorten it, or split it in two.")
DATABASE_AWAY = "It cannot reach its database, so this could not be done. Try again in a minute."
TEXT_KEPT = " Your text is below: copy it, or send it again when the board is back."

class FieldError(ValueError):
    """What was typed cannot be taken as it is; the message says why, beside the form field it names."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        #: the name of the form field the message goes beside
        self.field = field


#: errors that mean the database is away (restarting, unreachable, out of connections)
DATABASE_ERRORS = (sa_exc.OperationalError, sa_exc.InterfaceError, sa_exc.TimeoutError)


def _wants_json() -> bool:
    return request.path.startswith("/norms/") or request.accept_mimetypes.best == "application/json"


def render_error(code: int, detail: str | None = None, *, plain: bool = False, headers: dict | None = None,
                 title: str | None = None):
    """Render the error page; on a POST from this site, show the person their text and a way to send it."""
    default_title, message = MESSAGES.get(code, MESSAGES[500])
    title = title or default_title
    if _wants_json():
        return {"error": detail or message}, code, headers or {}
    fields = carry.carried_fields() if code != 413 else []
    typed = carry.typed_text(fields)
    context = {
        "code": code, "title": title, "message": detail or message, "carried": fields, "typed": typed,
        "action": request.path, "resendable": carry.can_resend(request.path),
    }
    if not plain:
        try:
            if code == 404 and not current_user.is_authenticated:
                context["message"] = detail or ("There is nothing here, or nothing that is public. "
                                                "If it belongs to your class, sign in to see it.")
            return render_template("errors/error.html", **context), code, headers or {}
        except Exception:  # noqa: BLE001  (the page with navigation needs the database; the plain one does not)
            current_app.logger.exception("Error page drawn plain on %s %s", request.method, request.path)
            _forget_session()
    return render_plain(context, code, headers)


def render_plain(context: dict, code: int, headers: dict | None = None):
    """Render the page that needs nothing but the request: no account, no counts, no database."""
    try:
        # Straight from the environment: render_template's context processors load the account.
        page = current_app.jinja_env.get_template("errors/plain.html").render(**context)
        return page, code, headers or {}
    except Exception:  # noqa: BLE001  (last resort: still a page that says what happened)
        current_app.logger.exception("Plain error page failed on %s %s", request.method, request.path)
        body = (f"<!doctype html><title>{escape(context['title'])}</title>"
                f"<h1>{escape(context['title'])}</h1><p>{escape(context['message'])}</p>")
        return body, code, {**(headers or {}), "Content-Type": "text/html; charset=utf-8"}


def refuse_foreign():
    """Refuse a form another site made the browser send: nothing of it shown, nothing to click."""
    title = "That was not sent from this site"
    context = {"code": 403, "title": title, "message": FOREIGN, "carried": [], "typed": [],
               "action": None, "resendable": False}
    return render_plain(context, 403)


def _forget_session() -> None:
    from board.extensions import db

    try:
        db.session.rollback()
    except Exception:  # noqa: BLE001  (a connection that is gone cannot be rolled back; the pool drops it)
        db.session.remove()


def register(app) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        """An old or missing token: text typed on this site comes back; a foreign form gets nothing."""
        if carry.is_foreign():
            return refuse_foreign()
        typed = carry.typed_text(carry.carried_fields())
        return render_error(400, EXPIRED if typed else EXPIRED_NO_TEXT, title="This form expired")

    @app.errorhandler(HTTPException)
    def http_error(error):
        code = error.code or 500
        if code == 413:
            return render_error(413, TOO_LARGE)
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
        _forget_session()
        if isinstance(error, DATABASE_ERRORS) or (
                isinstance(error, sa_exc.DBAPIError) and error.connection_invalidated):
            typed = carry.typed_text(carry.carried_fields())
            return render_error(503, DATABASE_AWAY + (TEXT_KEPT if typed else ""), plain=True,
                                headers={"Retry-After": "30"})
        return render_error(500)
