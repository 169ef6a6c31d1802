"""Writing a mail at the moment it is sent, from what its reader may read then.

Nothing is written when the mail is queued: an undone decision, a withdrawn consent or a report
in the meantime leaves the mail with nothing to say, and then it is not sent.
"""
from __future__ import annotations

from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from urllib.parse import urlsplit

from flask import current_app, render_template, url_for
from sqlalchemy import select

from board.accounts.models import User
from board.extensions import db
from board.mail import preferences
from board.mail.models import OutboxMessage
from board.moderation.models import Decision
from board.notifications.models import Notification
from board.notifications.services import shown_now

SUBJECTS = {
    "decision": "Your work was reviewed",
    "reply": "A new reply to your work",
    "comment": "A new comment on your work",
    "hidden": "Reported work was hidden",
    "report": "A new report",
    "pad_findings": "A pad has new norms findings",
    "overdue": "Work has waited past the target",
    "family_work": "New work by your child",
}

#: a teacher's mail about a post opens the queue tab it waits in
_QUEUE_TABS = {"hidden": "reported", "report": "reported", "overdue": "pending"}


@dataclass
class Item:
    text: str
    url: str
    when: str = ""


def base_url() -> str:
    """Where the board is reached from outside (BASE_URL), for absolute links."""
    return (current_app.config.get("BASE_URL") or "http://localhost:5000").rstrip("/")


def _item(user: User, notification: Notification | None, choices: dict[str, str]) -> Item | None:
    """What one notification says to its reader now, or None if there is nothing to say any more."""
    if notification is None:
        return None
    # Unsubscribed since it was queued: what waits in the outbox stops too.
    if choices.get(preferences.MAIL_KIND.get(notification.kind), preferences.NEVER) == preferences.NEVER:
        return None
    if notification.decision_id is not None:
        decision = db.session.get(Decision, notification.decision_id)
        if decision is None or decision.undone_at is not None:
            return None
    shown = shown_now(user, notification)
    if shown is None:
        return None
    if shown.kind in _QUEUE_TABS and shown.post_id is not None:
        url = url_for("moderation.queue", tab=_QUEUE_TABS[shown.kind], _external=True)
    elif shown.kind == "family_work" and shown.post_id is not None:
        # A family reads its child's work on the family pages (class-only prompts included).
        url = url_for("families.post", post_id=shown.post_id, _external=True)
    elif shown.kind == "family_work" and shown.pad_id is not None:
        url = url_for("families.pad_of_child", pad_id=shown.pad_id, _external=True)
    elif shown.pad_id is not None:
        url = url_for("pads.show", pad_id=shown.pad_id, _external=True)
    elif shown.post_id is not None:
        url = url_for("discussions.show_post", post_id=shown.post_id, _external=True)
    else:
        url = url_for("notifications.index", _external=True)
    return Item(shown.text, url)


def _waiting(user: User) -> dict | None:
    """A teacher's summary of what waits, when they want it in their digest."""
    if preferences.choice_for(user, "waiting") != preferences.DIGEST:
        return None
    from board.moderation.queue import waiting_summary

    summary = waiting_summary(user)
    if not summary["count"]:
        return None
    return {**summary, "url": url_for("moderation.queue", _external=True)}


def compose(message: OutboxMessage) -> EmailMessage | None:
    """Write the mail for an outbox message, or return None when it has nothing left to say."""
    user = db.session.get(User, message.user_id)
    if user is None or not user.email or not user.is_active:
        return None
    waiting = None
    choices = preferences.choices_of(user)
    if message.kind == "digest":
        ids = db.session.scalars(select(OutboxMessage.notification_id).where(OutboxMessage.digest_id == message.id))
        rows = db.session.scalars(select(Notification).where(Notification.id.in_(
            [i for i in ids if i is not None])).order_by(Notification.id))
        items = [item for item in (_item(user, n, choices) for n in rows) if item is not None]
        waiting = _waiting(user)
        if not items and waiting is None:
            return None
        count = len(items) + (1 if waiting else 0)
        subject = f"Your daily digest: {count} thing{'s' if count != 1 else ''} for you"
        token_kind = preferences.DIGEST_MAIL
    else:
        item = _item(user, db.session.get(Notification, message.notification_id)
                     if message.notification_id is not None else None, choices)
        if item is None:
            return None
        items = [item]
        subject = SUBJECTS.get(message.kind, "News from Commons")
        token_kind = preferences.MAIL_KIND.get(message.kind, preferences.ALL)
    token = preferences.unsubscribe_token(user, token_kind)
    unsubscribe = url_for("notifications.unsubscribe", token=token, _external=True)
    context = {
        "user": user, "items": items, "waiting": waiting, "subject": subject, "digest": message.kind == "digest",
        "unsubscribe_url": unsubscribe, "settings_url": url_for("notifications.settings", _external=True),
        "what_stops": preferences.describe(token_kind),
    }
    mail = EmailMessage()
    mail["Subject"] = f"Commons: {subject}"
    mail["From"] = current_app.config["MAIL_FROM"]
    mail["To"] = user.email
    mail["Date"] = formatdate(localtime=False, usegmt=True)
    mail["Message-ID"] = make_msgid(f"outbox-{message.id}", domain=urlsplit(base_url()).hostname or "localhost")
    mail["Auto-Submitted"] = "auto-generated"
    # RFC 8058: a mail program may unsubscribe in one click, by POSTing to this address.
    mail["List-Unsubscribe"] = f"<{unsubscribe}>"
    mail["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    mail["X-Commons-Outbox"] = str(message.id)
    mail.set_content(render_template("mail/message.txt", **context))
    mail.add_alternative(render_template("mail/message.html", **context), subtype="html")
    return mail
