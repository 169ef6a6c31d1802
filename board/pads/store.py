"""Keeping a pad: every update as it arrives, snapshots that fold the log, revisions cut from it."""
from __future__ import annotations

from dataclasses import dataclass, field

from pycrdt import Doc
from sqlalchemy import case, delete, func, insert, select, update

from board import signals
from board.extensions import db
from board.moderation.states import PENDING, PUBLISHED
from board.pads import document
from board.pads.checks import additions_findings
from board.pads.document import Run
from board.pads.models import Pad, PadRevision, PadSnapshot, PadUpdate
from board.pads.render import changed
from board.timeutil import utcnow


@dataclass
class Loaded:
    doc: Doc
    #: id of the last update folded into the document (0 for none)
    last_update_id: int
    #: updates replayed on top of the snapshot: when they pile up, the log is compacted
    replayed: int
    #: the ids of those updates
    update_ids: list[int] = field(default_factory=list)
    #: writers folded into the snapshot: user id (str) -> id of their last update
    snapshot_writers: dict = field(default_factory=dict)


def load(pad_id: int, into: Doc | None = None) -> Loaded:
    """Rebuild the live document: the latest snapshot, then every update still in the log.

    Every row is replayed, whatever its id: a compaction deletes what it folds, so a row still
    here was not folded (applying an update twice changes nothing).
    """
    snapshot = _latest_snapshot(pad_id)
    rows = db.session.execute(
        select(PadUpdate.id, PadUpdate.data).where(PadUpdate.pad_id == pad_id).order_by(PadUpdate.id)
    ).all()
    doc = document.load(snapshot.state if snapshot else None, (row.data for row in rows), doc=into)
    last = max([snapshot.upto_update_id if snapshot else 0] + [row.id for row in rows])
    return Loaded(doc, last, len(rows), [row.id for row in rows], dict(snapshot.writers or {}) if snapshot else {})


def _latest_snapshot(pad_id: int) -> PadSnapshot | None:
    return db.session.scalar(
        select(PadSnapshot).where(PadSnapshot.pad_id == pad_id).order_by(PadSnapshot.id.desc()).limit(1)
    )


def _snapshot_mark(pad_id: int) -> tuple[int, dict]:
    """Where the latest snapshot stops in the log, and the writers it folds (not its document)."""
    row = db.session.execute(
        select(PadSnapshot.upto_update_id, PadSnapshot.writers).where(PadSnapshot.pad_id == pad_id)
        .order_by(PadSnapshot.id.desc()).limit(1)
    ).first()
    return (row.upto_update_id, row.writers or {}) if row else (0, {})


def append(pad_id: int, user_id: int | None, data: bytes) -> None:
    """Log one update and commit it before anyone else hears of it."""
    append_many(pad_id, [(user_id, data)])


def append_many(pad_id: int, updates: list[tuple[int | None, bytes]]) -> None:
    """Log several (sender, update) pairs in one transaction, in order, and commit them.

    The pad's lock is taken first: appends and compactions of a pad then commit one after the
    other, so no update can commit with an id below a snapshot that was cut without it.
    """
    if not updates:
        return
    now = utcnow()
    # One statement takes the lock and puts a published pad back in the queue (its changes are
    # not public). Not a decision, so lock_version stays: a teacher's publish form stays valid;
    # what it may publish is decided by the log position it carries (services.publish).
    published = Pad.status == PUBLISHED
    db.session.execute(
        update(Pad).where(Pad.id == pad_id)
        .values(status=case((published, PENDING), else_=Pad.status),
                submitted_at=case((published, now), else_=Pad.submitted_at))
        .execution_options(synchronize_session=False)
    )
    db.session.execute(insert(PadUpdate), [
        {"pad_id": pad_id, "user_id": user_id, "data": data, "created_at": now} for user_id, data in updates
    ])
    db.session.commit()


def _lock_pad(pad_id: int) -> None:
    """Take the pad's row lock for this transaction (appends, compactions and revisions wait for it)."""
    db.session.execute(
        update(Pad).where(Pad.id == pad_id).values(latest_revision=Pad.latest_revision)
        .execution_options(synchronize_session=False)
    )


def fold_into_snapshot(pad_id: int, loaded) -> PadSnapshot:
    """Save the loaded document as the pad's only snapshot (under the pad's lock); the log stays as it is.

    The snapshot remembers the last update of each writer it folds, for the next revision's authors.
    """
    writers = dict(loaded.snapshot_writers)
    for user_id, last in db.session.execute(
        select(PadUpdate.user_id, func.max(PadUpdate.id)).where(
            PadUpdate.pad_id == pad_id, PadUpdate.user_id.is_not(None)).group_by(PadUpdate.user_id)
    ):
        writers[str(user_id)] = max(last, writers.get(str(user_id), 0))
    snapshot = PadSnapshot(pad_id=pad_id, upto_update_id=loaded.last_update_id, state=loaded.doc.get_update(),
                           writers=writers)
    db.session.add(snapshot)
    db.session.flush()
    db.session.execute(delete(PadSnapshot).where(PadSnapshot.pad_id == pad_id, PadSnapshot.id != snapshot.id))
    return snapshot


def compact(pad_id: int) -> int:
    """Fold the logged updates into one snapshot, drop what it replaces; return how many it folded.

    It reads the log itself, under the pad's lock, rather than trusting a document in memory,
    which may not yet hold what another process logged.
    """
    _lock_pad(pad_id)
    loaded = load(pad_id)
    if not loaded.replayed:
        db.session.commit()
        return 0
    fold_into_snapshot(pad_id, loaded)
    # Exactly the rows folded into the snapshot, nothing else.
    ids = loaded.update_ids
    for start in range(0, len(ids), 500):
        db.session.execute(delete(PadUpdate).where(PadUpdate.id.in_(ids[start:start + 500])))
    db.session.commit()
    return loaded.replayed


def authors_since(pad_id: int, after_update_id: int, upto: int | None = None) -> list[int]:
    """Who sent updates after a log position (and up to another), folded into the snapshot or not."""
    query = select(PadUpdate.user_id).where(
        PadUpdate.pad_id == pad_id, PadUpdate.id > after_update_id, PadUpdate.user_id.is_not(None))
    if upto is not None:
        query = query.where(PadUpdate.id <= upto)
    found = set(db.session.scalars(query))
    for user_id, last in _snapshot_mark(pad_id)[1].items():
        # Only each writer's last folded update is known: past the range's start, they count.
        if last > after_update_id and (upto is None or after_update_id < upto):
            found.add(int(user_id))
    return sorted(found)


def position(pad_id: int) -> int:
    """The log's position now: the id of the newest update logged (folded into the snapshot or not)."""
    newest = db.session.scalar(select(func.max(PadUpdate.id)).where(PadUpdate.pad_id == pad_id))
    return max(_snapshot_mark(pad_id)[0], newest or 0)


def load_upto(pad_id: int, upto: int) -> Doc | None:
    """The document as it was at a log position; None once a compaction has folded past it."""
    snapshot = _latest_snapshot(pad_id)
    if snapshot is not None and snapshot.upto_update_id > upto:
        return None
    rows = db.session.scalars(select(PadUpdate.data).where(
        PadUpdate.pad_id == pad_id, PadUpdate.id <= upto).order_by(PadUpdate.id))
    return document.load(snapshot.state if snapshot else None, rows)


def writers_after(pad_id: int, after: int) -> set[int] | None:
    """Who sent updates after a log position; None when a compaction has folded past it (unknown)."""
    if _snapshot_mark(pad_id)[0] > after:
        return None
    return set(db.session.scalars(select(PadUpdate.user_id).where(
        PadUpdate.pad_id == pad_id, PadUpdate.id > after, PadUpdate.user_id.is_not(None))))


def revision(pad_id: int, number: int) -> PadRevision | None:
    return db.session.scalar(
        select(PadRevision).where(PadRevision.pad_id == pad_id, PadRevision.number == number)
    )


def revisions(pad_id: int) -> list[PadRevision]:
    return list(db.session.scalars(
        select(PadRevision).where(PadRevision.pad_id == pad_id).order_by(PadRevision.number)
    ))


#: the state of a revision that repeats an older one word for word (a restore): it names that one
#: instead of keeping a second copy (a Yjs update never starts so)
COPY_OF = b"commons:same-as:"


def content_of(rev: PadRevision) -> PadRevision:
    """The revision holding the document of `rev` (itself, or the older one it repeats)."""
    seen = 0
    while rev.state.startswith(COPY_OF) and seen < 1000:
        older = revision(rev.pad_id, int(rev.state[len(COPY_OF):]))
        if older is None:
            break
        rev, seen = older, seen + 1
    return rev


def runs_of_revision(rev: PadRevision | None) -> list[Run]:
    return document.runs_of(document.load(content_of(rev).state)) if rev is not None else []


def markdown_of(rev: PadRevision) -> str:
    """The revision's text as Markdown (kept once, by the revision it repeats if it is a copy)."""
    return content_of(rev).markdown


def cut_revision(pad: Pad, doc: Doc, last_update_id: int, note: str = "edits",
                 copy_of: PadRevision | None = None) -> PadRevision | None:
    """Record the document (as of a log position) as the pad's next revision, if it is new.

    A revision that reads exactly as `copy_of` (a restore) names it rather than keeping a copy.
    """
    latest = revision(pad.id, pad.latest_revision) if pad.latest_revision else None
    after = document.runs_of(doc)
    copy_of = content_of(copy_of) if copy_of is not None else None
    same = copy_of is not None and not changed(runs_of_revision(copy_of), after)
    if latest is not None and not changed(runs_of_revision(latest), after):
        return None
    # What changed, and who changed it, is counted from the newest revision before that position.
    previous = latest if latest is None or latest.upto_update_id <= last_update_id else db.session.scalar(
        select(PadRevision).where(PadRevision.pad_id == pad.id, PadRevision.upto_update_id <= last_update_id)
        .order_by(PadRevision.number.desc()).limit(1))
    before = runs_of_revision(previous)
    number = pad.latest_revision + 1
    previous_upto = previous.upto_update_id if previous is not None else 0
    # Everything slow happens before the claim: the claim locks the pad, and appends wait for it.
    rev = PadRevision(
        pad_id=pad.id, number=number, state=COPY_OF + str(copy_of.number).encode() if same else doc.get_update(),
        markdown="" if same else document.to_markdown(after),
        authors=authors_since(pad.id, previous_upto, upto=last_update_id),
        findings=additions_findings(before, after), note=note, upto_update_id=last_update_id,
    )
    claimed = db.session.execute(
        update(Pad).where(Pad.id == pad.id, Pad.latest_revision == pad.latest_revision)
        .values(latest_revision=number).execution_options(synchronize_session=False)
    ).rowcount
    if not claimed:  # another process cut this revision at the same moment
        db.session.rollback()
        return None
    db.session.add(rev)
    db.session.commit()
    db.session.refresh(pad)
    if rev.findings:
        signals.pads.findings_recorded.send(pad, revision=rev)
    return rev


def cut_live_revision(pad_id: int, note: str = "edits", copy_of: PadRevision | None = None) -> PadRevision | None:
    """Cut a revision from the logged document (the truth, whatever any process holds in memory)."""
    pad = db.session.get(Pad, pad_id, populate_existing=True)
    loaded = load(pad_id)
    return cut_revision(pad, loaded.doc, loaded.last_update_id, note, copy_of)


def mark_unpublished(pad_id: int, now) -> None:
    """Keep a pad in the queue, in this transaction: part of what was written is not published."""
    db.session.execute(update(Pad).where(Pad.id == pad_id).values(status=PENDING, submitted_at=now)
                       .execution_options(synchronize_session=False))
