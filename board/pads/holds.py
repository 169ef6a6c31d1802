"""Words held back from classmates: what is held in a pad, and a teacher's release of it.

The room holds a writer's flagged words as soon as their check finds them, and releases them
when the writer revises them (board/pads/room_checks.py). What the server renders (the first paint,
exports, history, the published and public pages) leaves held words out for everyone but their
writer and the class's teachers; the editors hide them the same way.
"""
from __future__ import annotations

from flask import current_app

from board.pads import document, store
from board.pads.document import HELD, Run
from board.pads.models import Pad
from board.pads.rooms import hub_of


class HoldError(ValueError):
    pass


def held_passages(runs: list[Run], names: dict[int, str]) -> list[dict]:
    """Each hold of the pad: its id, the words it keeps back, and whose they are."""
    text, passages = document.plain(runs), {}
    for hold, start, end, author in document.held_runs(runs):
        passage = passages.setdefault(hold, {"id": hold, "words": [], "author": names.get(author, "")})
        passage["words"].append(text[start:end])
    return [{**p, "words": " … ".join(p["words"])} for p in passages.values()]


def visible_runs(runs: list[Run], viewer_id: int | None, teacher: bool) -> list[Run]:
    """The runs a person may see: held words only for their writer and the class's teachers."""
    if teacher:
        return runs
    return document.without_held(runs, lambda author: viewer_id is not None and author == viewer_id)


def release(pad: Pad, hold: int, actor) -> int:
    """Show held words to the class (a teacher looked at them); return how many characters."""
    loaded = store.load(pad.id)
    runs = document.runs_of(loaded.doc)
    text = document.plain(runs)
    spans = [(start, end) for held, start, end, _ in document.held_runs(runs) if held == hold]
    if not spans:
        raise HoldError("Those words are not held back any more.")
    before = loaded.doc.get_state()
    document.stamp_authors(loaded.doc, [(document.byte_length(text[:start]), document.byte_length(text[:end]), None)
                                        for start, end in spans], key=HELD)
    change = loaded.doc.get_update(before)
    store.append(pad.id, actor.id, change)
    hub = hub_of(current_app._get_current_object())
    hub.released(pad.id, [text[start:end] for start, end in spans])
    hub.broadcast_update(pad.id, change)
    return sum(end - start for start, end in spans)
