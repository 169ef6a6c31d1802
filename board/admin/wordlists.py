"""The school's word lists and norms, read fresh so an admin's change applies at once."""
from __future__ import annotations

from flask import g, has_request_context
from sqlalchemy import select

from board.admin.models import SchoolSettings
from board.extensions import db
from board.norms import WordLists, check


def settings() -> SchoolSettings:
    """Return the school's settings row, creating it on first use."""
    row = db.session.scalar(select(SchoolSettings).limit(1))
    if row is None:
        row = SchoolSettings()
        db.session.add(row)
        db.session.flush()
    return row


def _lines(text: str) -> tuple[str, ...]:
    return tuple(sorted({line.strip().lower() for line in (text or "").splitlines() if line.strip()}))


def current_lists() -> WordLists:
    """Return the school's word lists (one small query; compiled matchers are cached by value)."""
    if has_request_context() and "word_lists" in g:
        return g.word_lists
    row = db.session.scalar(select(SchoolSettings).limit(1))
    if row is None:
        lists = WordLists()
    else:
        lists = WordLists(
            block=_lines(row.block_words),
            flag=_lines(row.flag_words),
            allow=_lines(row.allow_words),
            version=row.updated_at.isoformat(),
        )
    if has_request_context():
        g.word_lists = lists
    return lists


def check_text(text: str, lists: WordLists | None = None) -> list[dict]:
    """Check text against the norms with the school's lists (read now, unless given); findings as dicts."""
    return [finding.to_dict() for finding in check(text, lists if lists is not None else current_lists())]
