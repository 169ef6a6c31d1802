"""The moderation state machine shared by every kind of contribution."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

PENDING = "pending"
PUBLISHED = "published"
RETURNED = "returned"
REJECTED = "rejected"
STATUSES = (PENDING, PUBLISHED, RETURNED, REJECTED)

APPROVE = "approve"
EDIT_APPROVE = "edit_approve"
RETURN = "return"
REJECT = "reject"
#: a teacher looked at reported work and keeps it published
KEEP = "keep"
#: the author sends returned work back after revising it
RESUBMIT = "resubmit"
UNDO = "undo"

#: (action, current status) -> next status; anything else is refused
TRANSITIONS: dict[tuple[str, str], str] = {
    (APPROVE, PENDING): PUBLISHED,
    (APPROVE, RETURNED): PUBLISHED,
    (APPROVE, REJECTED): PUBLISHED,
    (EDIT_APPROVE, PENDING): PUBLISHED,
    (EDIT_APPROVE, RETURNED): PUBLISHED,
    (EDIT_APPROVE, REJECTED): PUBLISHED,
    (RETURN, PENDING): RETURNED,
    (RETURN, PUBLISHED): RETURNED,
    (REJECT, PENDING): REJECTED,
    (REJECT, PUBLISHED): REJECTED,
    (REJECT, RETURNED): REJECTED,
    (KEEP, PUBLISHED): PUBLISHED,
    (RESUBMIT, RETURNED): PENDING,
}

#: decisions a teacher makes (the rest are made by authors or by the system)
TEACHER_ACTIONS = (APPROVE, EDIT_APPROVE, RETURN, REJECT, KEEP)

#: what a decision is called on a page, by action
ACTION_LABELS = {
    APPROVE: "approved",
    EDIT_APPROVE: "edited and approved",
    RETURN: "returned for revision",
    REJECT: "rejected",
    KEEP: "kept published",
    RESUBMIT: "resubmitted",
    UNDO: "undone",
}


class InvalidTransition(ValueError):
    """The action does not apply to an item in its current status."""


def next_status(action: str, status: str) -> str:
    """Return the status an action leads to, or raise InvalidTransition."""
    try:
        return TRANSITIONS[(action, status)]
    except KeyError:
        raise InvalidTransition(f"cannot {action} an item that is {status}") from None


def allowed_actions(status: str) -> list[str]:
    """List the teacher actions that apply to an item in this status."""
    return [action for action in TEACHER_ACTIONS if (action, status) in TRANSITIONS]


class Moderated:
    """Columns every moderated contribution carries."""

    @declared_attr
    def status(cls) -> Mapped[str]:
        return mapped_column(String(16), default=PENDING, index=True)

    #: bumped by every decision; a decision names the lock_version it saw, so two
    #: teachers acting at once cannot both succeed
    @declared_attr
    def lock_version(cls) -> Mapped[int]:
        return mapped_column(default=1)

    #: when the current version entered the queue (the queue's age)
    @declared_attr
    def submitted_at(cls) -> Mapped[datetime | None]:
        return mapped_column(index=True)

    @declared_attr
    def decided_at(cls) -> Mapped[datetime | None]:
        return mapped_column()

    @property
    def is_published(self) -> bool:
        return self.status == PUBLISHED
