"""Bring a portfolio exported by another Commons into this one, as the student's archived pieces.

Only portfolio.json is read, never the HTML. Every text is rendered again here, through the one
sanitizer, and every piece and goal waits for a teacher of the student's class before anyone but the
student sees it.
"""
from __future__ import annotations

import io
import json
import zipfile
import zlib
from datetime import UTC, datetime
from pathlib import Path

import click
from flask import current_app
from sqlalchemy import select

from board.accounts.models import User
from board.admin.wordlists import check_text
from board.extensions import db
from board.media import services as media
from board.moderation import states
from board.portfolio import access, bp
from board.portfolio.export import FORMAT
from board.portfolio.models import Goal, Piece, Tag
from board.portfolio.services import GOAL_MAX_CHARS, REFLECTION_MAX_CHARS, school_year
from board.text import render_markdown
from board.timeutil import utcnow

#: the most an archive may hold, unpacked: a portfolio is text and a few pictures
MAX_MANIFEST_BYTES = 5 * 1024 * 1024
MAX_PIECES = 1_000
WORK_MAX_CHARS = 50_000
MAX_PICTURES_PER_PIECE = 12
#: every picture is decoded and encoded again: an archive brings this many at most, in all
MAX_PICTURES = 200


class ArchiveError(ValueError):
    """The archive is not a portfolio this Commons can read; the message says why."""


def _text(value, limit: int) -> str:
    if not isinstance(value, str):
        return ""
    return value.replace("\r\n", "\n").strip()[:limit]


def _year(value) -> int:
    return value if isinstance(value, int) and 1990 <= value <= 2200 else school_year()


def _date(value) -> datetime | None:
    """A date as stored here: naive UTC (an offset given is applied), or None when it cannot be read."""
    try:
        moment = datetime.fromisoformat(value) if isinstance(value, str) and len(value) <= 40 else None
    except ValueError:
        return None
    if moment is not None and moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment


def _strings(value) -> list[str]:
    """The strings of a list in the manifest (anything else in their place is skipped)."""
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def read_manifest(path: Path) -> dict:
    """Read and check the archive's portfolio.json."""
    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo("portfolio.json")
            if info.file_size > MAX_MANIFEST_BYTES:
                raise ArchiveError("portfolio.json is larger than any portfolio this Commons writes.")
            manifest = json.loads(archive.read(info).decode("utf-8"))
    except ArchiveError:
        raise
    except KeyError:
        raise ArchiveError("This zip has no portfolio.json: it was not downloaded from a Commons portfolio.") from None
    except (zipfile.BadZipFile, OSError) as problem:
        raise ArchiveError(f"This is not a zip file that can be read ({problem}).") from None
    except (UnicodeDecodeError, ValueError, RecursionError):
        # Not JSON, or JSON no portfolio is written as (nested thousands deep, numbers thousands of digits long).
        raise ArchiveError("portfolio.json cannot be read as JSON.") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ArchiveError(f"portfolio.json is not in the format {FORMAT}.")
    if not isinstance(manifest.get("pieces", []), list) or not isinstance(manifest.get("goals", []), list):
        raise ArchiveError("portfolio.json lists its pieces and goals in a shape this Commons does not know.")
    if len(manifest.get("pieces", [])) > MAX_PIECES:
        raise ArchiveError(f"More than {MAX_PIECES} pieces: this is not one student's portfolio.")
    return manifest


def import_portfolio(path: Path, student: User, classroom_id: int) -> tuple[int, int]:
    """Add the archive's pieces and goals to the student's portfolio; return how many of each were new."""
    manifest = read_manifest(path)
    tags = {t.name.casefold(): t for t in db.session.scalars(select(Tag).where(Tag.classroom_id == classroom_id))}
    existing = {(p.title, p.work_md) for p in db.session.scalars(
        select(Piece).where(Piece.student_id == student.id, Piece.source == "archived"))}
    now = utcnow()
    pieces = goals = pictures = 0
    for item in manifest.get("pieces", []):
        if not isinstance(item, dict):
            continue
        title = " ".join(_text(item.get("title"), 300).split()) or "A piece from another school"
        work = _text(item.get("work_md"), WORK_MAX_CHARS)
        if (title, work) in existing:
            continue
        answers = {name: _text(item.get(f"{name}_md"), REFLECTION_MAX_CHARS) for name in ("why", "learned", "next")}
        names = _strings(item.get("tags"))[:20]
        known = [tags[n.casefold()] for n in names if n.casefold() in tags]
        others = [n[:40] for n in names if n.casefold() not in tags]
        piece = Piece(
            student_id=student.id, classroom_id=classroom_id, source="archived", title=title,
            work_md=work, work_html=render_markdown(work, headings=True),
            school_year=_year(item.get("school_year")), work_date=_date(item.get("work_date")),
            status=states.PENDING, submitted_at=now, created_at=now,
            findings=check_text("\n\n".join(answers.values())),
            origin=("Brought from another school's Commons"
                    + (f"; tagged there {', '.join(others)}" if others else ""))[:300],
        )
        for name, text in answers.items():
            setattr(piece, f"{name}_md", text)
            setattr(piece, f"{name}_html", render_markdown(text))
        piece.tags = known
        db.session.add(piece)
        db.session.flush()
        pictures += _bring_pictures(path, item.get("images"), piece, student, MAX_PICTURES - pictures)
        existing.add((title, work))
        pieces += 1
    for item in manifest.get("goals", []):
        if not isinstance(item, dict):
            continue
        goal = " ".join(_text(item.get("goal"), GOAL_MAX_CHARS).split())
        if not goal:
            continue
        reflection = _text(item.get("reflection_md"), REFLECTION_MAX_CHARS)
        db.session.add(Goal(
            student_id=student.id, classroom_id=classroom_id, goal=goal, reflection_md=reflection,
            reflection_html=render_markdown(reflection), school_year=_year(item.get("school_year")),
            status=states.PENDING, submitted_at=now, created_at=now,
            findings=check_text(f"{goal}\n\n{reflection}"),
        ))
        goals += 1
    db.session.commit()
    return pieces, goals


def _bring_pictures(path: Path, images, piece: Piece, student: User, room: int) -> int:
    """Decode and re-encode each picture the archive names for a piece, as any upload is; skip what is no
    picture; bring `room` at most. Return how many came."""
    if not isinstance(images, list) or room <= 0:
        return 0
    limit = current_app.config["MEDIA_MAX_UPLOAD_BYTES"]
    brought = 0
    with zipfile.ZipFile(path) as archive:
        for entry in images[:MAX_PICTURES_PER_PIECE]:
            if brought >= room:
                break
            if not isinstance(entry, dict) or not isinstance(entry.get("path"), str):
                continue
            try:
                info = archive.getinfo(entry["path"])
            except KeyError:
                continue
            if info.file_size > limit:
                continue
            alt = entry.get("alt") if isinstance(entry.get("alt"), str) else ""
            try:
                data = archive.read(info)
            except (zipfile.BadZipFile, zlib.error, OSError, EOFError):
                continue  # a damaged member: the rest of the archive still comes
            try:
                image = media.store_upload(io.BytesIO(data), alt, student, require_alt=False, commit=False)
            except (media.ImageRefused, media.AltRefused):
                continue
            media.attach(image, piece)
            brought += 1
    return brought


@bp.cli.command("import-portfolio")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--student", "login", required=True, help="The login of the student whose portfolio it is.")
@click.option("--class", "class_name", default=None, help="The class whose teachers review it (if several).")
def import_portfolio_command(archive: Path, login: str, class_name: str | None) -> None:
    """Import a portfolio downloaded from another Commons; every piece waits for a teacher."""
    student = db.session.scalar(select(User).where(User.login == login.strip().lower()))
    if student is None or student.role != "student":
        raise click.ClickException(f"No student signs in as {login!r}.")
    classes = access.student_classes(student)
    if class_name:
        classes = {cid: m for cid, m in classes.items() if m.classroom.name == class_name}
    if len(classes) != 1:
        names = ", ".join(sorted(m.classroom.name for m in access.student_classes(student))) or "none"
        raise click.ClickException(
            f"Say which class reviews it with --class (the student's classes: {names}).")
    try:
        pieces, goals = import_portfolio(archive, student, next(iter(classes)))
    except ArchiveError as problem:
        raise click.ClickException(str(problem)) from None
    click.echo(f"Imported {pieces} piece{'s' if pieces != 1 else ''} and {goals} goal{'s' if goals != 1 else ''} "
               f"for {student.display_name}; they wait for a teacher's review before anyone else sees them.")
