"""The moderation queue: what waits for which teacher, a page at a time, in a fixed number of queries."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app
from sqlalchemy import select, union_all

from board import permissions
from board.classes.models import Classroom
from board.extensions import db
from board.moderation import kinds
from board.moderation.kinds import Kind
from board.prompts.models import Prompt
from board.timeutil import utcnow

TABS = ("pending", "reported", "returned", "rejected")
TAB_LABELS = {"pending": "Pending", "reported": "Reported", "returned": "Returned", "rejected": "Rejected"}


@dataclass
class Section:
    """A kind's waiting items on the pending tab's first page (pads with unpublished changes)."""

    kind: Kind
    items: list


@dataclass
class QueuePage:
    tab: str
    #: the kind whose items fill the tabs (posts), and this page of them
    kind: Kind
    items: list
    counts: dict[str, int]
    page: int
    pages: int
    classrooms: list[Classroom]
    prompts: list[Prompt]
    flags: dict[int, list] = field(default_factory=dict)
    #: the other kinds' waiting items (pending tab, first page)
    sections: list[Section] = field(default_factory=list)
    #: how many of those wait, counted with the pending tab
    sections_waiting: int = 0
    #: the filters as applied: a prompt of another class than the chosen one is no filter
    classroom_id: int | None = None
    prompt_id: int | None = None


def classroom_ids(user) -> list[int]:
    """Return the ids of the classes whose queue this person works."""
    if permissions.is_admin(user):
        return list(db.session.scalars(select(Classroom.id)))
    return [cid for cid, m in permissions.memberships(user).items() if m.role == "teacher"]


def waiting_age(oldest: datetime | None, now: datetime | None = None) -> tuple[str, str]:
    """Say how long the oldest item has waited: short for the header's badge, in words for pages.

    Both come from one count in one unit, so the badge's "8d" never sits beside "1 week ago".
    """
    if oldest is None:
        return "", ""
    seconds = max(0, int(((now or utcnow()) - oldest).total_seconds()))
    for size, unit, short in ((86400, "day", "d"), (3600, "hour", "h"), (60, "minute", "m")):
        if seconds >= size:
            count = seconds // size
            return f"{count}{short}", f"{count} {unit}{'s' if count != 1 else ''}"
    return "<1m", "less than a minute"


def waiting_summary(user) -> dict:
    """Return how many items wait for this teacher and when the oldest arrived.

    The header's badge and the queue page both read this, so they always name the same age; reported
    work waits from its newest report, as the Reported view dates it.
    """
    ids = classroom_ids(user)
    if not ids:
        return {"count": 0, "oldest": None, "age": "", "age_words": ""}
    # Each kind gives index-friendly parts (pending posts, reported posts, changed pads) instead of one
    # OR, which would scan every waiting row: this runs on every page a teacher opens.
    parts = [part for kind in kinds.all_kinds() for part in kind.waiting(ids)]
    rows = db.session.execute(union_all(*parts)).all()
    oldest = min((row.oldest for row in rows if row.oldest is not None), default=None)
    age, age_words = waiting_age(oldest)
    return {"count": sum(row.n or 0 for row in rows), "oldest": oldest, "age": age, "age_words": age_words}


def load_page(user, tab: str = "pending", classroom_id: int | None = None,
              prompt_id: int | None = None, page: int = 1) -> QueuePage:
    """Load one page of a queue tab, filtered by class and prompt."""
    tab = tab if tab in TABS else "pending"
    ids = classroom_ids(user)
    if classroom_id is not None and classroom_id in ids:
        ids = [classroom_id]
    else:
        classroom_id = None  # not a class of this teacher's: no filter
    if prompt_id is not None and db.session.scalar(select(Prompt.classroom_id).where(Prompt.id == prompt_id)) not in ids:
        # The prompt filter follows the class: a prompt left over from another class is dropped.
        prompt_id = None
    kind = kinds.listed()
    listed = kind.list_page(ids, prompt_id, tab, page, current_app.config["QUEUE_PAGE_SIZE"], TABS)

    sections, waiting_elsewhere = [], 0
    for other in kinds.sectioned():
        items = other.pending(ids, prompt_id)
        waiting_elsewhere += len(items)
        if items and tab == "pending" and listed.page == 1:
            sections.append(Section(other, other.section_items(items) if other.section_items else items))

    # Archived classes and prompts leave the filters (their waiting work stays under "All").
    all_ids = classroom_ids(user)
    classrooms = list(db.session.scalars(
        select(Classroom).where(Classroom.id.in_(all_ids), Classroom.archived_at.is_(None)).order_by(Classroom.name)
    ))
    prompts = list(db.session.scalars(
        select(Prompt).where(Prompt.classroom_id.in_([c.id for c in classrooms if c.id in ids]),
                             Prompt.archived_at.is_(None)).order_by(Prompt.opens_at.desc())
    ))
    return QueuePage(tab, kind, listed.items, listed.counts, listed.page, listed.pages, classrooms, prompts,
                     listed.flags, sections, waiting_elsewhere, classroom_id, prompt_id)
