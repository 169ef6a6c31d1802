"""Which mail each person wants, kind by kind: right away, in a daily digest, or never."""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select

from board.extensions import db
from board.mail.models import MailPreference

NOW, DIGEST, NEVER = "now", "digest", "never"
CHOICE_LABELS = {NOW: "Right away", DIGEST: "In a daily digest", NEVER: "Never"}

_TEACHING = ("teacher", "admin")


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    #: the roles it concerns, each with its default choice
    defaults: dict
    choices: tuple = (NOW, DIGEST, NEVER)


KINDS = (
    Kind("decision", "A teacher’s decision on my work",
         {"student": NOW, "reader": NOW, "family": NOW, "teacher": DIGEST, "admin": DIGEST}),
    Kind("replies", "Replies and comments on my work",
         {"student": DIGEST, "reader": DIGEST, "family": DIGEST, "teacher": DIGEST, "admin": DIGEST}),
    Kind("family_work", "My child’s newly published work", {"family": DIGEST}),
    Kind("hidden", "Work hidden by reports", {role: NOW for role in _TEACHING}),
    Kind("report", "A new report", {role: DIGEST for role in _TEACHING}),
    Kind("pad_findings", "A pad with new norms findings", {role: DIGEST for role in _TEACHING}),
    Kind("overdue", "Work waiting longer than the school’s target", {role: DIGEST for role in _TEACHING}),
    Kind("waiting", "What waits in my queue (a daily summary)", {role: DIGEST for role in _TEACHING},
         choices=(DIGEST, NEVER)),
)
BY_NAME = {kind.name: kind for kind in KINDS}

#: the mail kind each notification kind is sent as
MAIL_KIND = {"decision": "decision", "reply": "replies", "comment": "replies", "hidden": "hidden",
             "report": "report", "pad_findings": "pad_findings", "overdue": "overdue",
             "family_work": "family_work"}


def kinds_for(user) -> list[Kind]:
    """The kinds of mail that concern this person's role."""
    return [kind for kind in KINDS if user.role in kind.defaults]


def choices_of(user) -> dict[str, str]:
    """This person's choice for each kind that concerns them (their own, or their role's default)."""
    saved = dict(db.session.execute(
        select(MailPreference.kind, MailPreference.choice).where(MailPreference.user_id == user.id)).all())
    return {kind.name: saved.get(kind.name, kind.defaults[user.role]) for kind in kinds_for(user)}


def choice_for(user, kind_name: str) -> str:
    """This person's choice for one kind; never for a kind that does not concern them."""
    return choices_of(user).get(kind_name, NEVER)


def save_choices(user, wanted: dict[str, str]) -> None:
    """Keep the person's choices for the kinds that concern them (anything else is ignored)."""
    for kind in kinds_for(user):
        choice = wanted.get(kind.name)
        if choice not in kind.choices:
            continue
        row = db.session.scalar(select(MailPreference).where(
            MailPreference.user_id == user.id, MailPreference.kind == kind.name))
        if row is None:
            db.session.add(MailPreference(user_id=user.id, kind=kind.name, choice=choice))
        else:
            row.choice = choice
    db.session.commit()


# ---- unsubscribe links ----------------------------------------------------------------------------

#: in a token, "all" stops every kind, "digest" the daily digest (each kind chosen for it)
ALL, DIGEST_MAIL = "all", "digest"


def describe(kind_name: str) -> str:
    """Name what an unsubscribe link stops, in a person's words."""
    if kind_name == ALL:
        return "all mail from Commons"
    if kind_name == DIGEST_MAIL:
        return "your daily digest"
    return f"mail about “{BY_NAME[kind_name].label.lower()}”"


def unsubscribe(user, kind_name: str) -> None:
    """Stop what an unsubscribe link names: one kind, the digest, or everything."""
    current = choices_of(user)
    if kind_name == ALL:
        stopped = current
    elif kind_name == DIGEST_MAIL:
        stopped = {name: choice for name, choice in current.items() if choice == DIGEST}
    else:
        stopped = {kind_name: current.get(kind_name)}
    save_choices(user, {name: NEVER for name in stopped})


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="mail-unsubscribe")


def unsubscribe_token(user, kind_name: str) -> str:
    """A signed token that stops one kind of mail (or all of it) for one person, without signing in."""
    return _serializer().dumps([user.id, kind_name])


def read_token(token: str) -> tuple[int, str] | None:
    """Return (person id, kind) from a genuine token, or None."""
    try:
        user_id, kind_name = _serializer().loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    if not isinstance(user_id, int) or (kind_name not in (ALL, DIGEST_MAIL) and kind_name not in BY_NAME):
        return None
    return user_id, kind_name
