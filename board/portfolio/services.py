"""Portfolio rules: picking work, writing reflections, goals and tags; every rule takes its arguments."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from board.admin.wordlists import check_text
from board.extensions import db
from board.media import composer as picture_composer
from board.media import services as media
from board.moderation import states
from board.portfolio import access, sources
from board.portfolio.models import Goal, Piece, Tag
from board.text import render_markdown
from board.timeutil import to_local, utcnow
from board.web import small_int

#: the longest answer to one reflection question, and the longest goal
REFLECTION_MAX_CHARS = 4_000
GOAL_MAX_CHARS = 300
TAG_MAX_CHARS = 40
#: the three questions a piece answers, by field name
QUESTIONS = {
    "why": "Why is this piece in your portfolio?",
    "learned": "What did you learn from it?",
    "next": "What comes next?",
}


#: the same three, as headings over the student's answers wherever a piece is shown
HEADINGS = {"why": "Why it is here", "learned": "What I learned", "next": "What comes next"}


class PortfolioError(ValueError):
    """Something typed cannot be taken as it is; the message goes beside the field."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


class Changed(Exception):
    """Someone (a teacher deciding) changed the item since it was opened; nothing was saved."""


@dataclass
class Saved:
    """A reflection was saved, or the norms reminder must be shown first."""

    item: Piece | Goal | None = None
    findings: list[dict] = field(default_factory=list)

    @property
    def needs_reminder(self) -> bool:
        return self.item is None


# ---- school years -----------------------------------------------------------------------------

def school_year(moment: datetime | None = None) -> int:
    """The school year a moment falls in, named by the year it starts (August by default)."""
    local = to_local(moment or utcnow())
    start = current_app.config.get("SCHOOL_YEAR_START_MONTH", 8)
    return local.year if local.month >= start else local.year - 1


def year_label(year: int) -> str:
    return f"{year}–{(year + 1) % 100:02d}"


# ---- checking what was typed ------------------------------------------------------------------

def _clean(text: str | None) -> str:
    return (text or "").replace("\r\n", "\n").strip()


def _within(name: str, text: str, limit: int) -> None:
    if len(text) > limit:
        raise PortfolioError(name, f"This is {len(text):,} characters; the limit is {limit:,}. "
                                   "Shorten it a little: what you wrote is kept here.")


def check_reflection(answers: dict[str, str]) -> dict[str, str]:
    """Return the three answers trimmed, or refuse the first one that is missing or too long."""
    cleaned = {}
    for name, question in QUESTIONS.items():
        text = _clean(answers.get(name))
        if not text:
            raise PortfolioError(name, f"Answer this one: {question.lower()}")
        _within(name, text, REFLECTION_MAX_CHARS)
        cleaned[name] = text
    return cleaned


def check_goal(goal: str, reflection: str) -> tuple[str, str]:
    goal, reflection = " ".join(_clean(goal).split()), _clean(reflection)
    if not goal:
        raise PortfolioError("goal", "Write the goal in a sentence.")
    _within("goal", goal, GOAL_MAX_CHARS)
    _within("reflection", reflection, REFLECTION_MAX_CHARS)
    return goal, reflection


def _norms(text: str, post_anyway: bool) -> tuple[list[dict], bool]:
    """Check the text; return its findings and whether to stop and show the reminder."""
    findings = check_text(text)
    stop = bool(findings) and (not post_anyway or any(f.get("blocking") for f in findings))
    return findings, stop


def _tags_of(classroom_id: int, tag_ids) -> list[Tag]:
    """The chosen tags that belong to the class (any other id is ignored)."""
    ids = {i for i in (small_int(str(v)) for v in tag_ids or ()) if i is not None}
    if not ids:
        return []
    return list(db.session.scalars(select(Tag).where(Tag.classroom_id == classroom_id, Tag.id.in_(ids))))


# ---- pieces -----------------------------------------------------------------------------------

def add_piece(student, work: sources.Work, answers: dict[str, str], tag_ids=(), post_anyway: bool = False,
              pictures=None) -> Saved:
    """Put a piece of the student's published work in their portfolio; its reflection waits for a teacher,
    and so do the pictures added with it (board.media.composer.Pictures)."""
    cleaned = check_reflection(answers)
    if not access.can_edit_class(student, work.classroom_id):
        raise PortfolioError("why", "You cannot add to your portfolio from this class right now.")
    findings, stop = _norms("\n\n".join(cleaned.values()), post_anyway)
    if stop:
        return Saved(findings=findings)
    now = utcnow()
    piece = Piece(
        student_id=student.id, classroom_id=work.classroom_id, source=work.source,
        post_id=work.ident if work.source == "post" else None, pad_id=work.ident if work.source == "pad" else None,
        title=work.title[:300], work_md=work.body_md, work_html=work.body_html, work_date=work.published_at,
        school_year=school_year(work.published_at or now), status=states.PENDING, submitted_at=now,
        findings=findings, posted_anyway=bool(findings), created_at=now,
    )
    _set_answers(piece, cleaned)
    piece.tags = _tags_of(work.classroom_id, tag_ids)
    db.session.add(piece)
    try:
        db.session.flush()
    except IntegrityError:
        # The same work picked twice at once (a double click): the first one stands.
        db.session.rollback()
        raise PortfolioError("why", "This work is already in your portfolio.") from None
    if pictures is not None:
        picture_composer.save(pictures, piece)
    db.session.commit()
    return Saved(item=piece, findings=findings)


def _set_answers(piece: Piece, cleaned: dict[str, str]) -> None:
    for name, text in cleaned.items():
        setattr(piece, f"{name}_md", text)
        setattr(piece, f"{name}_html", render_markdown(text))


def _pictures_changed(pictures) -> bool:
    """A picture added or described anew is read by the teacher again; one taken out is not."""
    if pictures is None:
        return False
    return bool(pictures.added) or any(
        pictures.kept_alts.get(image.id, image.alt) != image.alt
        for image in pictures.kept if image.id not in pictures.removing)


def update_piece(student, piece: Piece, answers: dict[str, str], tag_ids, seen_version: int,
                 post_anyway: bool = False, pictures=None) -> Saved:
    """Change a reflection or its pictures (they go back to the teacher), or only the tags or a picture
    taken out (nothing to review again)."""
    cleaned = check_reflection(answers)
    if not access.can_edit(student, piece):
        raise PortfolioError("why", "You cannot change this piece right now.")
    same_text = all(getattr(piece, f"{name}_md") == text for name, text in cleaned.items())
    tags = _tags_of(piece.classroom_id, tag_ids)
    if same_text and not _pictures_changed(pictures):
        if pictures is not None:
            picture_composer.save(pictures, piece)
        piece.tags = tags
        db.session.commit()
        return Saved(item=piece, findings=piece.findings)
    findings, stop = _norms("\n\n".join(cleaned.values()), post_anyway)
    if stop:
        return Saved(findings=findings)
    values = {f"{name}_md": text for name, text in cleaned.items()}
    values.update({f"{name}_html": render_markdown(text) for name, text in cleaned.items()})
    _resubmit(Piece, piece, seen_version, values, findings)
    if pictures is not None:
        picture_composer.save(pictures, piece)
    piece.tags = tags
    db.session.commit()
    return Saved(item=piece, findings=findings)


def _resubmit(model, item, seen_version: int, values: dict, findings: list[dict]) -> None:
    """Send a changed reflection back to the queue, unless a teacher decided since it was opened."""
    now = utcnow()
    result = db.session.execute(
        update(model)
        .where(model.id == item.id, model.lock_version == seen_version)
        .values(**values, status=states.PENDING, lock_version=model.lock_version + 1, submitted_at=now,
                findings=findings, posted_anyway=bool(findings), published_at=None)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        db.session.rollback()
        raise Changed("A teacher looked at this since you opened it; see what they said, then change it again.")
    db.session.expire(item)


def remove_piece(student, piece: Piece) -> None:
    """Take a piece out of the portfolio, with its own pictures (the work itself stays where it was published)."""
    media.delete_for(piece)
    db.session.delete(piece)
    db.session.commit()


# ---- goals ------------------------------------------------------------------------------------

def add_goal(student, classroom_id: int, goal: str, reflection: str, post_anyway: bool = False) -> Saved:
    """Set a goal for this school year, with a reflection on it so far."""
    goal, reflection = check_goal(goal, reflection)
    if not access.can_edit_class(student, classroom_id):
        raise PortfolioError("classroom", "Choose one of your classes.")
    findings, stop = _norms(f"{goal}\n\n{reflection}", post_anyway)
    if stop:
        return Saved(findings=findings)
    now = utcnow()
    item = Goal(student_id=student.id, classroom_id=classroom_id, goal=goal, reflection_md=reflection,
                reflection_html=render_markdown(reflection), school_year=school_year(now),
                status=states.PENDING, submitted_at=now, findings=findings, posted_anyway=bool(findings),
                created_at=now)
    db.session.add(item)
    db.session.commit()
    return Saved(item=item, findings=findings)


def update_goal(student, item: Goal, goal: str, reflection: str, seen_version: int,
                post_anyway: bool = False) -> Saved:
    """Change a goal or its reflection; the new text goes back to the teacher."""
    goal, reflection = check_goal(goal, reflection)
    if not access.can_edit(student, item):
        raise PortfolioError("goal", "You cannot change this goal right now.")
    if goal == item.goal and reflection == item.reflection_md:
        return Saved(item=item, findings=item.findings)
    findings, stop = _norms(f"{goal}\n\n{reflection}", post_anyway)
    if stop:
        return Saved(findings=findings)
    _resubmit(Goal, item, seen_version, {"goal": goal, "reflection_md": reflection,
                                         "reflection_html": render_markdown(reflection)}, findings)
    db.session.commit()
    return Saved(item=item, findings=findings)


def remove_goal(student, item: Goal) -> None:
    db.session.delete(item)
    db.session.commit()


# ---- tags -------------------------------------------------------------------------------------

def class_tags(classroom_id: int) -> list[Tag]:
    return list(db.session.scalars(select(Tag).where(Tag.classroom_id == classroom_id).order_by(Tag.name)))


def add_tag(classroom_id: int, name: str) -> Tag:
    """Name a skill or topic for the class's pieces."""
    name = " ".join((name or "").split())
    if not name:
        raise PortfolioError("name", "Name the skill or topic.")
    if len(name) > TAG_MAX_CHARS:
        raise PortfolioError("name", f"Keep a tag under {TAG_MAX_CHARS} characters (this one is {len(name)}).")
    if any(t.name.casefold() == name.casefold() for t in class_tags(classroom_id)):
        raise PortfolioError("name", f"This class already has the tag “{name}”.")
    tag = Tag(classroom_id=classroom_id, name=name)
    db.session.add(tag)
    db.session.commit()
    return tag


def remove_tag(tag: Tag) -> None:
    """Delete a tag; pieces that carried it simply lose it."""
    db.session.delete(tag)
    db.session.commit()
