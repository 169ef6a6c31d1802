"""What one portfolio page shows one person: pieces and goals they may see, by tag and school year."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from board.extensions import db
from board.portfolio import access
from board.portfolio.models import Goal, Piece, Tag
from board.portfolio.services import year_label


@dataclass
class PortfolioView:
    student: object
    pieces: list[Piece]
    goals: list[Goal]
    #: every school year and tag among what this person may see, for the filters
    years: list[tuple[int, str]] = field(default_factory=list)
    tags: list[Tag] = field(default_factory=list)
    year: int | None = None
    tag: Tag | None = None
    owner: bool = False
    #: the viewer reviews some of it (teacher of a class the student is in)
    reviewer: bool = False
    #: the page as the public sees it (no statuses, no feedback)
    public: bool = True


def all_pieces(student) -> list[Piece]:
    return list(db.session.scalars(
        select(Piece).options(selectinload(Piece.tags)).where(Piece.student_id == student.id)
        .order_by(Piece.school_year.desc(), Piece.work_date.desc(), Piece.id.desc())
    ))


def all_goals(student) -> list[Goal]:
    return list(db.session.scalars(
        select(Goal).where(Goal.student_id == student.id).order_by(Goal.school_year.desc(), Goal.id)
    ))


def load(user, student, tag_id: int | None = None, year: int | None = None) -> PortfolioView:
    """Load the pieces and goals this person may see, filtered by tag and year."""
    pieces = access.visible_pieces(user, student, all_pieces(student))
    goals = access.visible_goals(user, student, all_goals(student))
    owner = access.is_owner(user, student)
    reviewer = access.teaches(user, student)
    years = sorted({p.school_year for p in pieces} | {g.school_year for g in goals}, reverse=True)
    tags = sorted({t.id: t for p in pieces for t in p.tags}.values(), key=lambda t: t.name.casefold())
    tag = next((t for t in tags if t.id == tag_id), None)
    year = year if year in years else None
    if tag is not None:
        pieces = [p for p in pieces if tag in p.tags]
    if year is not None:
        pieces = [p for p in pieces if p.school_year == year]
        goals = [g for g in goals if g.school_year == year]
    return PortfolioView(student, pieces, goals, [(y, year_label(y)) for y in years], tags, year, tag,
                         owner, reviewer, public=not (owner or reviewer))


def by_year(items) -> list[tuple[str, list]]:
    """Group items (newest school year first) under their year's label."""
    groups: dict[int, list] = {}
    for item in items:
        groups.setdefault(item.school_year, []).append(item)
    return [(year_label(y), groups[y]) for y in sorted(groups, reverse=True)]
