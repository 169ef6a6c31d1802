"""Counts teachers read at a glance: reminders shown and heeded, work waiting."""
from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import String, case, cast, func, select

from board import permissions
from board.accounts.models import User
from board.classes.models import Membership
from board.discussions.models import Post, Reminder
from board.extensions import db
from board.moderation.states import PENDING, PUBLISHED


@dataclass
class ReminderStats:
    shown: int = 0
    revised: int = 0
    posted_anyway: int = 0
    #: distinct writers who saw a reminder, and of those, who revised after one
    writers: int = 0
    writers_revised: int = 0

    @property
    def revised_share(self) -> str:
        return f"{round(100 * self.writers_revised / self.writers)}%" if self.writers else "—"


def reminder_stats(classroom_ids: list[int]) -> tuple[dict[int, ReminderStats], dict[int, ReminderStats]]:
    """Return reminder figures by prompt and by class, in one query each."""

    def figures(group_column):
        return db.session.execute(
            select(
                group_column,
                func.count(Reminder.id),
                func.sum(case((Reminder.outcome == "revised", 1), else_=0)),
                func.sum(case((Reminder.outcome == "posted_anyway", 1), else_=0)),
                func.count(func.distinct(Reminder.user_id)),
                func.count(func.distinct(case((Reminder.outcome == "revised", Reminder.user_id)))),
            )
            .where(Reminder.classroom_id.in_(classroom_ids))
            .group_by(group_column)
        ).all()

    by_prompt = {row[0]: ReminderStats(*[int(v or 0) for v in row[1:]]) for row in figures(Reminder.prompt_id)}
    by_class = {row[0]: ReminderStats(*[int(v or 0) for v in row[1:]]) for row in figures(Reminder.classroom_id)}
    return by_prompt, by_class


#: the norms as teachers read them, in the order a table lists them when their counts are equal
NORM_LABELS = {
    "personal_attack": "Personal attack",
    "identity_attack": "Identity attack",
    "threat": "Threat",
    "profanity": "Profanity",
    "shutdown": "Shutting others out",
    "shouting": "Shouting",
    "privacy": "Personal information",
}


@dataclass
class NormOutcomes:
    """What reminders about one norm led to: a revision, posting anyway, or nothing posted."""

    category: str
    shown: int = 0
    revised: int = 0
    posted_anyway: int = 0
    nothing: int = 0
    #: where they were shown: the composer (posts, replies, comments) or a pad
    in_posts: int = 0
    in_pads: int = 0

    @property
    def label(self) -> str:
        return NORM_LABELS.get(self.category, self.category.replace("_", " ").capitalize())

    def add(self, outcome: str | None, in_pad: bool, count: int) -> None:
        self.shown += count
        if outcome == "revised":
            self.revised += count
        elif outcome == "posted_anyway":
            self.posted_anyway += count
        else:
            self.nothing += count
        if in_pad:
            self.in_pads += count
        else:
            self.in_posts += count


@dataclass
class ClassOutcomes:
    """A class's reminders in all (each once), and by norm (a reminder about two norms counts under each)."""

    total: NormOutcomes
    norms: list[NormOutcomes]


def norm_outcomes(classroom_id: int) -> ClassOutcomes:
    """Return what the class's reminders led to, by norm and in all, composer and pads together, in one query."""
    categories = cast(Reminder.categories, String)
    in_pad = Reminder.pad_id.is_not(None)
    rows = db.session.execute(
        select(categories, in_pad, Reminder.outcome, func.count(Reminder.id))
        .where(Reminder.classroom_id == classroom_id)
        .group_by(categories, in_pad, Reminder.outcome)
    ).all()
    total, norms = NormOutcomes("all"), {}
    for listed, pad, outcome, count in rows:
        total.add(outcome, bool(pad), count)
        for category in dict.fromkeys(json.loads(listed or "[]")):
            norms.setdefault(category, NormOutcomes(category)).add(outcome, bool(pad), count)
    order = list(NORM_LABELS)
    ranked = sorted(norms.values(), key=lambda n: (-n.shown, order.index(n.category) if n.category in order
                                                   else len(order), n.category))
    return ClassOutcomes(total, ranked)


def post_counts(prompt_ids: list[int]) -> dict[int, dict[str, int]]:
    """Return published and pending counts by prompt."""
    if not prompt_ids:
        return {}
    rows = db.session.execute(
        select(
            Post.prompt_id,
            func.sum(case((Post.status == PUBLISHED, 1), else_=0)),
            func.sum(case((Post.status == PENDING, 1), else_=0)),
        ).where(Post.prompt_id.in_(prompt_ids)).group_by(Post.prompt_id)
    ).all()
    return {pid: {"published": int(pub or 0), "pending": int(pen or 0)} for pid, pub, pen in rows}


@dataclass
class PublicShare:
    """How much of a public prompt's published work the public sees, and why not the rest."""

    published: int = 0
    public: int = 0
    #: students whose published work here waits for their family's consent
    without_consent: int = 0
    hidden: int = 0


def public_share(prompt_ids: list[int]) -> dict[int, PublicShare]:
    """Return, by prompt, published posts, those the public sees, and the students without consent."""
    if not prompt_ids:
        return {}
    author = (Membership.classroom_id == Post.classroom_id) & (Membership.user_id == Post.author_id)
    seen = Post.hidden.is_(False) & permissions.public_author_condition()
    waiting = (Membership.role == "student") & Membership.consent_at.is_(None)
    rows = db.session.execute(
        select(
            Post.prompt_id,
            func.count(Post.id),
            func.sum(case((seen, 1), else_=0)),
            func.count(func.distinct(case((waiting, Post.author_id)))),
            func.sum(case((Post.hidden.is_(True), 1), else_=0)),
        )
        .join(User, User.id == Post.author_id).outerjoin(Membership, author)
        .where(Post.prompt_id.in_(prompt_ids), Post.status == PUBLISHED)
        .group_by(Post.prompt_id)
    ).all()
    return {row[0]: PublicShare(*[int(v or 0) for v in row[1:]]) for row in rows}


def own_work(user_id: int, prompt_ids: list[int]) -> dict[int, dict[str, int]]:
    """Return a student's own posts by prompt and status."""
    if not prompt_ids:
        return {}
    rows = db.session.execute(
        select(Post.prompt_id, Post.status, func.count(Post.id))
        .where(Post.author_id == user_id, Post.prompt_id.in_(prompt_ids))
        .group_by(Post.prompt_id, Post.status)
    ).all()
    result: dict[int, dict[str, int]] = {}
    for prompt_id, status, count in rows:
        result.setdefault(prompt_id, {})[status] = count
    return result
