"""A whole portfolio as a small website in a zip: it opens offline, and another Commons imports it.

index.html, a page per piece, style.css, Markdown copies of every text, images/ when pieces have
pictures, and portfolio.json, which is what an import reads (the HTML is for people).
"""
from __future__ import annotations

import io
import json
import re
import unicodedata
import zipfile
from pathlib import Path

from flask import current_app, render_template

from board.media.storage import storage
from board.portfolio import access, pages, sources
from board.portfolio.services import HEADINGS, year_label
from board.timeutil import utcnow

#: the manifest's format, so a later Commons knows what it reads
FORMAT = "commons-portfolio/1"
STATUS_WORDS = {"pending": "Awaiting review", "returned": "Returned for revision", "rejected": "Not published",
                "published": "Published"}


def slug(text: str, limit: int = 40) -> str:
    """Make a file name from a title: ASCII letters, digits and dashes."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:limit].strip("-") or "piece"


def _markdown_copy(piece, images: list[dict]) -> str:
    tags = ", ".join(t.name for t in piece.tags)
    lines = [f"# {piece.title}", "", f"School year: {year_label(piece.school_year)}"]
    if tags:
        lines.append(f"Tags: {tags}")
    lines += ["", "## The work", "", piece.work_md.strip(), ""]
    lines += [f"![{image['alt']}](../{image['path']})" for image in images] + ([""] if images else [])
    for name, heading in HEADINGS.items():
        lines += [f"## {heading}", "", getattr(piece, f"{name}_md").strip(), ""]
    return "\n".join(lines)


def _goals_markdown(goals) -> str:
    lines = ["# Goals", ""]
    for goal in goals:
        lines += [f"## {goal.goal} ({year_label(goal.school_year)})", "", goal.reflection_md.strip(), ""]
    return "\n".join(lines)


def build_zip(student, viewer) -> bytes:
    """Build the zip of every piece and goal of the student that the downloader may see, in memory.

    The student takes everything, work still waiting included; a family takes what its portfolio page
    shows it: approved reflections only.
    """
    pieces = access.visible_pieces(viewer, student, pages.all_pieces(student))
    goals = access.visible_goals(viewer, student, pages.all_goals(student))
    entries, files = [], {}
    store = storage()
    for number, piece in enumerate(pieces, start=1):
        name = f"{number:03d}-{slug(piece.title)}"
        images = []
        for position, image in enumerate(sources.pictures(piece), start=1):
            data = store.get(f"{image.storage_key}.webp")
            if data is None:
                continue
            path = f"images/{name}-{position}.webp"
            files[path] = data
            images.append({"path": path, "alt": image.alt, "width": image.width, "height": image.height})
        entries.append({"piece": piece, "page": f"pieces/{name}.html", "markdown": f"markdown/{name}.md",
                        "images": images})
    manifest = {
        "format": FORMAT,
        "exported_at": utcnow().isoformat(timespec="seconds") + "Z",
        "student": student.display_name,
        "pieces": [{
            "title": e["piece"].title, "school_year": e["piece"].school_year,
            "work_date": e["piece"].work_date.isoformat() if e["piece"].work_date else None,
            "source": e["piece"].source, "status": e["piece"].status,
            "work_md": e["piece"].work_md, "why_md": e["piece"].why_md, "learned_md": e["piece"].learned_md,
            "next_md": e["piece"].next_md, "tags": [t.name for t in e["piece"].tags],
            "page": e["page"], "markdown": e["markdown"], "images": e["images"],
        } for e in entries],
        "goals": [{"goal": g.goal, "reflection_md": g.reflection_md, "school_year": g.school_year,
                   "status": g.status} for g in goals],
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        context = {"student": student, "year_label": year_label, "headings": HEADINGS, "status_words": STATUS_WORDS}
        archive.writestr("index.html", render_template(
            "portfolio/export/index.html", entries=entries, goals=goals,
            by_year=pages.by_year([e["piece"] for e in entries]), page_of={e["piece"].id: e["page"] for e in entries},
            **context))
        for e in entries:
            archive.writestr(e["page"], render_template("portfolio/export/piece.html", entry=e, piece=e["piece"],
                                                        **context))
            archive.writestr(e["markdown"], _markdown_copy(e["piece"], e["images"]))
        archive.writestr("markdown/goals.md", _goals_markdown(goals))
        for path, data in files.items():
            archive.writestr(path, data)
        archive.writestr("style.css", _stylesheet())
        archive.writestr("portfolio.json", json.dumps(manifest, ensure_ascii=False, indent=2))
    return buffer.getvalue()


def _stylesheet() -> str:
    """The export's own stylesheet: a file beside the pages, no inline style anywhere."""
    return (Path(current_app.static_folder) / "css" / "portfolio-export.css").read_text(encoding="utf-8")
