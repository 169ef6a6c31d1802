"""Keeping a pad: every update as it arrives, snapshots that fold the log, revisions cut from it."""
from __future__ import annotations

from dataclasses import dataclass

from pycrdt import Doc
from sqlalchemy import delete, select, update

from board.admin.wordlists import check_text
from board.discussions.highlight import messages
from board.extensions import db
from board.moderation.states import PENDING, PUBLISHED
from board.pads import document
from board.pads.document import Run
from board.pads.models import Pad, PadRevision, PadSnapshot, PadUpdate
from board.pads.render import changed, token_diff, tokens
from board.timeutil import utcnow


@dataclass
class Loaded:
    doc: Doc
    #: id of the last update folded into the document (0 for none)
    last_update_id: int
    #: updates replayed on top of the snapshot: when they pile up, the log is compacted
    replayed: int


def load(pad_id: int) -> Loaded:
    """Rebuild the live document: the latest snapshot, then every update logged after it."""
    snapshot = db.session.scalar(
        select(PadSnapshot).where(PadSnapshot.pad_id == pad_id)
        .order_by(PadSnapshot.upto_update_id.desc()).limit(1)
    )
    since = snapshot.upto_update_id if snapshot else 0
    rows = db.session.execute(
        select(PadUpdate.id, PadUpdate.data).where(PadUpdate.pad_id == pad_id, PadUpdate.id > since)
        .order_by(PadUpdate.id)
    ).all()
    doc = document.load(snapshot.state if snapshot else None, (row.data for row in rows))
    return Loaded(doc, rows[-1].id if rows else since, len(rows))


def append(pad_id: int, user_id: int | None, data: bytes) -> int:
    """Log one update and commit it before anyone else hears of it."""
    row = PadUpdate(pad_id=pad_id, user_id=user_id, data=data)
    db.session.add(row)
    db.session.commit()
    return row.id


def _lock_pad(pad_id: int) -> None:
    """Take the pad's row lock for this transaction, so two processes never compact at once."""
    db.session.execute(
        update(Pad).where(Pad.id == pad_id).values(latest_revision=Pad.latest_revision)
        .execution_options(synchronize_session=False)
    )


def compact(pad_id: int) -> None:
    """Fold the logged updates into one snapshot and drop what it replaces.

    It reads the log itself, under the pad's lock, rather than trusting a document in memory,
    which may not yet hold what another process logged.
    """
    _lock_pad(pad_id)
    loaded = load(pad_id)
    if not loaded.replayed:
        db.session.commit()
        return
    db.session.add(PadSnapshot(pad_id=pad_id, upto_update_id=loaded.last_update_id,
                               state=loaded.doc.get_update()))
    db.session.execute(delete(PadSnapshot).where(
        PadSnapshot.pad_id == pad_id, PadSnapshot.upto_update_id < loaded.last_update_id))
    db.session.execute(delete(PadUpdate).where(
        PadUpdate.pad_id == pad_id, PadUpdate.id <= loaded.last_update_id))
    db.session.commit()


def authors_since(pad_id: int, after_update_id: int) -> list[int]:
    return sorted(set(db.session.scalars(
        select(PadUpdate.user_id).where(
            PadUpdate.pad_id == pad_id, PadUpdate.id > after_update_id, PadUpdate.user_id.is_not(None)
        )
    )))


def revision(pad_id: int, number: int) -> PadRevision | None:
    return db.session.scalar(
        select(PadRevision).where(PadRevision.pad_id == pad_id, PadRevision.number == number)
    )


def revisions(pad_id: int) -> list[PadRevision]:
    return list(db.session.scalars(
        select(PadRevision).where(PadRevision.pad_id == pad_id).order_by(PadRevision.number)
    ))


def runs_of_revision(rev: PadRevision | None) -> list[Run]:
    return document.runs_of(document.load(rev.state)) if rev is not None else []


def additions_findings(before: list[Run], after: list[Run]) -> list[dict]:
    """Check what was added since `before`: findings on each changed line, over the added words only."""
    new = tokens(after)
    starts, position = [], 0
    for token, _ in new:
        starts.append(position)
        position += len(token)
    #: (start, end, author) of every added word of `after`'s text
    added = [(starts[i], starts[i] + len(new[i][0]), new[i][1])
             for op, _a1, _a2, b1, b2 in token_diff(tokens(before), new)
             if op in ("insert", "replace") for i in range(b1, b2) if new[i][0].strip()]
    if not added:
        return []
    text = document.plain(after)
    findings, start = [], 0
    for line in text.split("\n"):
        end = start + len(line)
        touching = [(s, e, who) for s, e, who in added if s < end and e > start]
        if touching:
            for finding in check_text(line):
                span_start, span_end = start + finding["start"], start + finding["end"]
                authors = [who for s, e, who in touching if s < span_end and e > span_start]
                if authors:
                    findings.append({**finding, "start": span_start, "end": span_end,
                                     "author": next((a for a in authors if a is not None), None)})
        start = end + 1
    return findings


def cut_revision(pad: Pad, doc: Doc, last_update_id: int, note: str = "edits") -> PadRevision | None:
    """Record the document as the pad's next revision, if it changed since the last one."""
    previous = revision(pad.id, pad.latest_revision) if pad.latest_revision else None
    before = runs_of_revision(previous)
    after = document.runs_of(doc)
    if previous is not None and not changed(before, after):
        return None
    number = pad.latest_revision + 1
    claimed = db.session.execute(
        update(Pad).where(Pad.id == pad.id, Pad.latest_revision == pad.latest_revision)
        .values(latest_revision=number).execution_options(synchronize_session=False)
    ).rowcount
    if not claimed:  # another process cut this revision at the same moment
        db.session.rollback()
        return None
    previous_upto = previous.upto_update_id if previous is not None else 0
    rev = PadRevision(
        pad_id=pad.id, number=number, state=doc.get_update(), markdown=document.to_markdown(after),
        authors=authors_since(pad.id, previous_upto), findings=additions_findings(before, after),
        note=note, upto_update_id=last_update_id,
    )
    db.session.add(rev)
    db.session.commit()
    db.session.refresh(pad)
    return rev


def cut_live_revision(pad_id: int, note: str = "edits") -> PadRevision | None:
    """Cut a revision from the logged document (the truth, whatever any process holds in memory)."""
    pad = db.session.get(Pad, pad_id, populate_existing=True)
    loaded = load(pad_id)
    return cut_revision(pad, loaded.doc, loaded.last_update_id, note)


def findings_for_writer(runs: list[Run], user_id: int) -> dict:
    """Check the lines holding this writer's words; keep what falls in their own words."""
    findings, start = [], 0
    text = document.plain(runs)
    mine: set[int] = set()
    position = 0
    for run in runs:
        if run.author == user_id:
            mine.update(range(position, position + len(run.text)))
        position += len(run.text)
    for line in text.split("\n"):
        end = start + len(line)
        if mine.intersection(range(start, end)):
            for finding in check_text(line):
                span = (start + finding["start"], start + finding["end"])
                if any(pos in mine for pos in range(*span)):
                    findings.append({**finding, "start": span[0], "end": span[1]})
        start = end + 1
    # The browser counts in UTF-16 units; an emoji before a finding must not shift its mark.
    for_browser = [{**f, "start": document.utf16_offset(text, f["start"]),
                    "end": document.utf16_offset(text, f["end"])} for f in findings]
    return {"findings": for_browser, "messages": messages(text, findings)}


def mark_changed(pad_id: int) -> None:
    """Put a published pad back in the queue: it has changes the public has not seen."""
    db.session.execute(
        update(Pad).where(Pad.id == pad_id, Pad.status == PUBLISHED)
        .values(status=PENDING, submitted_at=utcnow(), lock_version=Pad.lock_version + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
