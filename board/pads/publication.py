"""What the teacher's publication panel says: whether the class wrote more, what the public would see."""
from __future__ import annotations

import json
from dataclasses import dataclass

from board.pads import document, render, store
from board.pads.document import Run
from board.pads.models import Pad
from board.pads.services import Review, authors_in, public_authors


@dataclass
class PublicationState:
    #: the live text differs from the published revision (not only the log: its words or formats)
    wrote_more: bool
    #: publishing now would show the public nothing: no writer of the pad has consent on record
    public_empty: bool


def publication_state(pad: Pad, runs: list[Run]) -> PublicationState:
    """Say how the live pad stands against its published revision and its public audience."""
    published = store.revision(pad.id, pad.published_revision) if pad.published_revision else None
    wrote_more = published is None or render.changed(store.runs_of_revision(published), runs)
    public_empty = False
    if pad.prompt.is_public and document.plain(runs).strip():
        allowed = public_authors(pad.classroom_id, authors_in(runs))
        public_empty = not document.plain(render.keep_authors(runs, lambda author: author in allowed)).strip()
    return PublicationState(wrote_more, public_empty)


def teacher_findings(review: Review, runs: list[Run]) -> str:
    """The review's findings as the editor places them (UTF-16 positions in the live text), as JSON."""
    text = document.plain(runs)
    findings = [{"start": document.utf16_offset(text, f["start"]), "end": document.utf16_offset(text, f["end"]),
                 "category": f.get("category"), "message": f.get("message")} for f in review.findings]
    return json.dumps({"findings": findings, "messages": review.messages})
