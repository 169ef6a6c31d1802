"""Redaction: a teacher takes a passage out of a pad's whole history, keeping nothing of it.

The live document loses the words (Yjs forgets deleted text when it encodes a document), the
update log is folded into one snapshot of the redacted document and its rows are deleted, every
revision's document and Markdown are rewritten, and the open editors are told to start again
from the server's copy, forgetting their offline copy. The audit log records who redacted what
kind of thing, never the words.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import delete, select, text, update

from board.admin.wordlists import current_lists
from board.classes.models import AuditEntry
from board.errors import FieldError
from board.extensions import db
from board.pads import document, review_cache, store
from board.pads.document import AUTHOR, HELD, Run
from board.pads.models import Pad, PadRevision, PadUpdate
from board.pads.rooms import hub_of

#: what stands where the words were
REMOVED = "[removed]"
#: the kinds of thing a teacher redacts, as the audit log names them
CATEGORIES = {
    "phone": "a phone number",
    "insult": "an insult",
    "address": "an address",
    "other": "something else",
}


@dataclass
class Redacted:
    #: places the words were taken out of the live pad
    live: int
    #: revisions rewritten
    revisions: int


def _pattern(phrase: str) -> re.Pattern:
    # Any run of spaces or line breaks in the phrase matches any other (a selection may span lines).
    parts = [re.escape(word) for word in phrase.split()]
    return re.compile(r"\s+".join(parts), re.IGNORECASE)


def check_request(phrase: str, category: str) -> str:
    """Return the phrase to redact, tidied; raise FieldError when the request cannot be done."""
    phrase = " ".join((phrase or "").split())
    if category not in CATEGORIES:
        raise FieldError("category", "Choose what kind of thing you are removing.")
    if len(phrase) < 2:
        raise FieldError("phrase", "Type or select the words to remove (at least two characters).")
    if len(phrase) > 500:
        raise FieldError("phrase", "Remove at most 500 characters at a time.")
    return phrase


def redact_runs(runs: list[Run], pattern: re.Pattern) -> tuple[list[Run], list[tuple[int, int]]]:
    """The runs with every match replaced by REMOVED; and the (start, end) of each match in the old text."""
    plain = document.plain(runs)
    matches = [(m.start(), m.end()) for m in pattern.finditer(plain) if m.end() > m.start()]
    if not matches:
        return runs, []
    out: list[Run] = []
    position, match = 0, 0
    for run in runs:
        start, end = position, position + len(run.text)
        cursor = start
        while cursor < end:
            while match < len(matches) and matches[match][1] <= cursor:
                match += 1
            if match < len(matches) and matches[match][0] <= cursor:
                # Inside a match: skip it; its first character leaves the mark.
                stop = min(end, matches[match][1])
                if cursor == matches[match][0]:
                    out.append(Run(REMOVED, {k: v for k, v in run.attrs.items() if k not in (AUTHOR, HELD)}))
                cursor = stop
            else:
                stop = min(end, matches[match][0]) if match < len(matches) else end
                out.append(Run(run.text[cursor - start:stop - start], run.attrs))
                cursor = stop
        position = end
    return out, matches


def _moved(point: int, matches: list[tuple[int, int]]) -> int | None:
    """Where a position of the old text is in the redacted one; None inside a match."""
    shift = 0
    for start, end in matches:
        if point <= start:
            break
        if point < end:
            return None
        shift += len(REMOVED) - (end - start)
    return point + shift


def _findings_after(findings: list[dict], matches: list[tuple[int, int]]) -> list[dict]:
    """A revision's findings placed in its redacted text; those about removed words go with them."""
    kept = []
    for finding in findings or []:
        start, end = _moved(finding.get("start", 0), matches), _moved(finding.get("end", 0), matches)
        if start is None or end is None or any(s < finding["end"] and e > finding["start"] for s, e in matches):
            continue
        kept.append({**finding, "start": start, "end": end})
    return kept


def _state_of(runs: list[Run]) -> bytes:
    """A fresh document holding exactly these runs, encoded: no history of what was there before."""
    doc = document.new_doc()
    document.replace_with(doc, runs)
    return doc.get_update()


def _redact_live(pad_id: int, pattern: re.Pattern) -> tuple[bytes, int]:
    """Take the matches out of the logged document and fold the log; return the change and how many.

    Runs under the pad's lock: no append commits between the read and the new snapshot.
    """
    loaded = store.load(pad_id)
    body = document.text_of(loaded.doc)
    plain = str(body)
    matches = [(m.start(), m.end()) for m in pattern.finditer(plain) if m.end() > m.start()]
    before = loaded.doc.get_state()
    with loaded.doc.transaction():
        for start, end in reversed(matches):
            at = document.byte_length(plain[:start])
            del body[at:at + document.byte_length(plain[start:end])]
            body.insert(at, REMOVED, {AUTHOR: None})
    change = loaded.doc.get_update(before)
    # The redacted document becomes the only snapshot, as a compaction makes one.
    store.fold_into_snapshot(pad_id, loaded)
    db.session.execute(delete(PadUpdate).where(PadUpdate.pad_id == pad_id))
    # Logged after the snapshot (which already holds it): the log's position moves on, so
    # nothing kept under the old position (a review) is read again.
    db.session.add(PadUpdate(pad_id=pad_id, user_id=None, data=change))
    return change, len(matches)


def _redact_revisions(pad_id: int, pattern: re.Pattern) -> int:
    rewritten = 0
    for rev in db.session.scalars(select(PadRevision).where(PadRevision.pad_id == pad_id)):
        if rev.state.startswith(store.COPY_OF):
            continue  # it names an older revision, rewritten in its own turn
        runs, matches = redact_runs(document.runs_of(document.load(rev.state)), pattern)
        if not matches and not pattern.search(rev.markdown or ""):
            continue
        rev.state = _state_of(runs)
        rev.markdown = document.to_markdown(runs)
        rev.findings = _findings_after(rev.findings, matches)
        rewritten += 1
    return rewritten


def _forget_reviews(app, pad: Pad, position: int) -> None:
    """Overwrite the reviews kept of the pad as it was (they show its words) with nothing readable."""
    cache, lists = review_cache.cache_of(app), current_lists()
    for short in (True, False):
        cache.put(review_cache.key_of(pad, position, short, lists), b"")


def redact(pad: Pad, phrase: str, category: str, actor) -> Redacted:
    """Take every occurrence of a phrase out of the pad, its log and its revisions; tell the editors."""
    phrase = check_request(phrase, category)
    pattern = _pattern(phrase)
    secure = db.engine.dialect.name == "sqlite"
    if secure:
        # Deleted rows' pages are overwritten with zeros, so a copy of the file keeps no trace.
        db.session.execute(text("PRAGMA secure_delete = ON"))
    store._lock_pad(pad.id)
    old_position = store.position(pad.id)
    change, live = _redact_live(pad.id, pattern)
    revisions = _redact_revisions(pad.id, pattern)
    db.session.execute(update(Pad).where(Pad.id == pad.id).values(redactions=Pad.redactions + 1)
                       .execution_options(synchronize_session=False))
    db.session.add(AuditEntry(actor_id=actor.id, action="redacted pad words", classroom_id=pad.classroom_id,
                              detail=f"{CATEGORIES[category]} from “{pad.title[:120]}” (pad {pad.id})"))
    db.session.commit()
    if secure:
        db.session.execute(text("PRAGMA secure_delete = OFF"))
        db.session.commit()
    app = current_app._get_current_object()
    _forget_reviews(app, pad, old_position)
    hub_of(app).redacted(pad.id, change)
    return Redacted(live, revisions)
