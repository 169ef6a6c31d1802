"""The moderation queue: what waits for which teacher, a page at a time, in a fixed number of queries."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app
from sqlalchemy import and_, case, func, or_, select, union_all
from sqlalchemy.orm import aliased, contains_eager, selectinload

from board import permissions
from board.accounts.models import User
from board.classes.models import Classroom
from board.discussions.models import Flag, Post
from board.extensions import db
from board.moderation import states
from board.pads.models import Pad
from board.pads.services import pads_waiting, review
from board.prompts.models import Prompt
from board.timeutil import utcnow

TABS = ("pending", "reported", "returned", "rejected")
TAB_LABELS = {"pending": "Pending", "reported": "Reported", "returned": "Returned", "rejected": "Rejected"}


@dataclass
class QueuePage:
    tab: str
    items: list[Post]
    counts: dict[str, int]
    page: int
    pages: int
    classrooms: list[Classroom]
    prompts: list[Prompt]
    flags: dict[int, list[Flag]] = field(default_factory=dict)
    #: pads with changes the public has not seen (pending tab, first page)
    pads: list = field(default_factory=list)
    #: how many pads wait, counted with the pending tab
    pads_waiting: int = 0
    #: the filters as applied: a prompt of another class than the chosen one is no filter
    classroom_id: int | None = None
    prompt_id: int | None = None


def classroom_ids(user) -> list[int]:
    """Return the ids of the classes whose queue this person works."""
    if permissions.is_admin(user):
        return list(db.session.scalars(select(Classroom.id)))
    return [cid for cid, m in permissions.memberships(user).items() if m.role == "teacher"]


def _tab_condition(tab: str):
    if tab == "pending":
        return Post.status == states.PENDING
    if tab == "reported":
        return and_(Post.status == states.PUBLISHED, Post.open_flags > 0)
    return Post.status == (states.RETURNED if tab == "returned" else states.REJECTED)


def waiting_condition():
    """What counts as waiting for a teacher: pending work, and published work with open reports."""
    return or_(Post.status == states.PENDING, and_(Post.status == states.PUBLISHED, Post.open_flags > 0))


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
    # Index-friendly parts (pending posts, reported posts, changed pads) instead of one OR, which
    # would scan every waiting row: this runs on every page a teacher opens.
    halves = [
        select(func.count(Post.id).label("n"), func.min(since).label("oldest")).where(
            Post.classroom_id.in_(ids), condition
        )
        for since, condition in ((Post.submitted_at, Post.status == states.PENDING),
                                 (Post.reported_at, and_(Post.status == states.PUBLISHED, Post.open_flags > 0)))
    ]
    halves.append(select(func.count(Pad.id).label("n"), func.min(Pad.submitted_at).label("oldest")).where(
        Pad.classroom_id.in_(ids), Pad.status == states.PENDING))
    rows = db.session.execute(union_all(*halves)).all()
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
    scope = [Post.classroom_id.in_(ids)]
    if prompt_id is not None:
        scope.append(Post.prompt_id == prompt_id)

    # Only rows in some tab are read: published work without reports is the bulk of a school's history.
    counts_row = db.session.execute(
        select(*[func.sum(case((_tab_condition(t), 1), else_=0)) for t in TABS]).where(
            *scope, or_(Post.status != states.PUBLISHED, Post.open_flags > 0)
        )
    ).one()
    counts = {t: int(c or 0) for t, c in zip(TABS, counts_row, strict=True)}

    size = current_app.config["QUEUE_PAGE_SIZE"]
    pages = max(1, -(-counts[tab] // size))
    page = min(max(1, page), pages)
    if tab == "reported":
        order = (Post.reported_at.asc(), Post.id.asc())
    elif tab == "pending":
        order = (Post.submitted_at.asc(), Post.id.asc())
    else:
        order = (Post.decided_at.desc(), Post.id.desc())
    # The page's ids come from posts alone (an index walk), and only those rows are joined.
    page_ids = (
        select(Post.id).where(*scope, _tab_condition(tab)).order_by(*order)
        .limit(size).offset((page - 1) * size).subquery()
    )
    parent = aliased(Post)
    parent_author = aliased(User)
    items = list(db.session.scalars(
        select(Post)
        .join(page_ids, page_ids.c.id == Post.id)
        .join(Post.author)
        .join(Post.prompt)
        .outerjoin(parent, Post.parent)
        .outerjoin(parent_author, parent.author)
        .options(
            contains_eager(Post.author),
            contains_eager(Post.prompt),
            contains_eager(Post.parent.of_type(parent)).contains_eager(parent.author.of_type(parent_author)),
        )
        .order_by(*order)
    ).unique())

    flags: dict[int, list[Flag]] = {}
    if tab == "reported" and items:
        for flag in db.session.scalars(
            select(Flag).options(selectinload(Flag.user))
            .where(Flag.post_id.in_([p.id for p in items]), Flag.resolved_at.is_(None))
            .order_by(Flag.created_at)
        ):
            flags.setdefault(flag.post_id, []).append(flag)

    waiting_pads = pads_waiting(ids, prompt_id)
    pads = [review(pad, short=True) for pad in waiting_pads] if tab == "pending" and page == 1 else []

    # Archived classes and prompts leave the filters (their waiting work stays under "All").
    all_ids = classroom_ids(user)
    classrooms = list(db.session.scalars(
        select(Classroom).where(Classroom.id.in_(all_ids), Classroom.archived_at.is_(None)).order_by(Classroom.name)
    ))
    prompts = list(db.session.scalars(
        select(Prompt).where(Prompt.classroom_id.in_([c.id for c in classrooms if c.id in ids]),
                             Prompt.archived_at.is_(None)).order_by(Prompt.opens_at.desc())
    ))
    return QueuePage(tab, items, counts, page, pages, classrooms, prompts, flags, pads, len(waiting_pads),
                     classroom_id, prompt_id)
