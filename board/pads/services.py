"""Pad rules: which pads a prompt has, what each person sees of them, publishing and restoring."""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from board import permissions, signals
from board.accounts.models import User
from board.admin.wordlists import current_lists
from board.classes.models import Membership
from board.discussions.highlight import messages
from board.errors import FieldError
from board.extensions import db
from board.moderation import states
from board.moderation.models import Decision
from board.moderation.services import DecisionError, conflict, record, transition
from board.pads import checks, document, render, review_cache, schema, store
from board.pads.document import Run
from board.pads.models import Pad, PadMember, PadRevision
from board.pads.rooms import hub_of, recheck_user
from board.timeutil import utcnow


def pads_of(prompt) -> list[Pad]:
    """Return the prompt's pads, the class pad first, then groups by name."""
    return list(db.session.scalars(
        select(Pad).options(selectinload(Pad.members)).where(Pad.prompt_id == prompt.id)
        .order_by(Pad.name != "", Pad.name, Pad.id)
    ))


def ensure_class_pad(prompt) -> None:
    """Give a prompt that has a pad its first pad, for the whole class."""
    if prompt.has_pad and not db.session.scalar(select(Pad.id).where(Pad.prompt_id == prompt.id).limit(1)):
        db.session.add(Pad(prompt_id=prompt.id, classroom_id=prompt.classroom_id, status=states.PUBLISHED))
        db.session.commit()


def add_group(prompt, name: str, student_ids: set[int]) -> Pad:
    """Add a pad for a group of students of the class."""
    name = (name or "").strip()
    if not name:
        raise FieldError("name", "Give the group a name, e.g. “Group A” or “Team Lincoln”.")
    if len(name) > 80:
        raise FieldError("name", "Keep the group's name under 80 characters.")
    if any(p.name.lower() == name.lower() for p in pads_of(prompt)):
        raise FieldError("name", "Another group of this prompt has that name.")
    pad = Pad(prompt_id=prompt.id, classroom_id=prompt.classroom_id, name=name, status=states.PUBLISHED)
    db.session.add(pad)
    db.session.flush()
    set_members(pad, student_ids)
    return pad


def set_members(pad: Pad, student_ids: set[int]) -> None:
    """Choose who writes in a group pad (only students of the class count)."""
    students = set(db.session.scalars(select(Membership.user_id).where(
        Membership.classroom_id == pad.classroom_id, Membership.role == "student")))
    # A pad without members is the whole class's: choosing a first member takes everyone else out.
    writers_before = {m.user_id for m in pad.members} or students
    for member in list(pad.members):
        if member.user_id not in student_ids:
            pad.members.remove(member)
    present = {m.user_id for m in pad.members}
    for user_id in sorted((student_ids & students) - present):
        pad.members.append(PadMember(user_id=user_id))
    db.session.commit()
    for user_id in writers_before - ({m.user_id for m in pad.members} or students):
        recheck_user(user_id)  # taken out while writing: told at their next keystroke


def remove_pad(pad: Pad) -> None:
    """Remove a group pad nobody has written in yet."""
    if pad.latest_revision or store.load(pad.id).last_update_id:
        raise FieldError("pad", "This pad has writing in it; it stays so nothing is lost.")
    db.session.delete(pad)
    db.session.commit()


# ---- reading ------------------------------------------------------------------------------


def names(user_ids) -> dict[int, str]:
    """Display names (first name, last initial) of the given people."""
    ids = {i for i in user_ids if i is not None}
    if not ids:
        return {}
    return {u.id: u.display_name for u in db.session.scalars(select(User).where(User.id.in_(ids)))}


def live_runs(pad: Pad) -> list[Run]:
    """The pad as the class sees it now, from the log (whatever any process holds in memory)."""
    return document.runs_of(store.load(pad.id).doc)


def published_runs(pad: Pad) -> list[Run]:
    """The published revision, without the words of students whose consent is not on record."""
    if pad.published_revision is None:
        return []
    # Words held back from the class are never published, whoever looks.
    runs = document.without_held(store.runs_of_revision(store.revision(pad.id, pad.published_revision)))
    allowed = public_authors(pad.classroom_id, {run.author for run in runs})
    return render.keep_authors(runs, lambda author: author in allowed)


def public_authors(classroom_id: int, author_ids: set) -> set[int]:
    """Who may appear publicly: teachers of the class, and its students with consent on record."""
    ids = {i for i in author_ids if i is not None}
    if not ids:
        return set()
    rows = db.session.execute(select(Membership.user_id, Membership.role, Membership.consent_at).where(
        Membership.classroom_id == classroom_id, Membership.user_id.in_(ids))).all()
    return {row.user_id for row in rows if row.role == "teacher" or row.consent_at is not None}


def authors_in(runs: list[Run]) -> set[int]:
    return {run.author for run in runs if run.author is not None}


@dataclass
class Review:
    """What a teacher looks at before publishing: the changes since the public version."""

    pad: Pad
    diff_html: str
    findings: list[dict]
    authors: dict[int, str]
    #: contributors whose words stay out of the public version (no consent on record)
    withheld: list[str]
    empty: bool
    #: the findings grouped by message, with the words they are about
    messages: list[dict]
    #: the log position of what is shown: publishing publishes exactly this
    position: int = 0


def review(pad: Pad, loaded: store.Loaded | None = None, short: bool = False) -> Review:
    """Prepare the queue's view of a pad: the diff since the published revision, with findings.

    `loaded` is the pad's log already read by the caller, if it has it. A short review shows
    each change with the words around it, not the whole pad (the queue lists many pads). A
    review computed before at the same log position is used again (see review_cache).
    """
    lists = current_lists()
    cache = review_cache.cache_of(current_app._get_current_object())
    position = loaded.last_update_id if loaded is not None else store.position(pad.id)
    kept = review_cache.unpack(cache.get(review_cache.key_of(pad, position, short, lists)))
    if kept is not None:
        who = names(kept["authors"])
        if who == {author_id: name for author_id, name in kept["names"]}:
            return _review(pad, who, kept["diff_html"], kept["findings"], kept["messages"], kept["empty"],
                           position)
    loaded = loaded or store.load(pad.id)
    before = store.runs_of_revision(store.revision(pad.id, pad.published_revision)) \
        if pad.published_revision else []
    after = document.runs_of(loaded.doc)
    old, new = render.tokens(before), render.tokens(after)
    opcodes = render.token_diff(old, new)
    findings = checks.additions_findings(before, after, opcodes, new)
    flagged = {pos for f in findings for pos in range(f["start"], f["end"])}
    authors = authors_in(after) | authors_in(before)
    who = names(authors)
    text = document.plain(after)
    diff = render.diff_html(old, new, who, flagged, short, opcodes, tokenized=True)
    found = messages(text, findings, who)
    empty = not text.strip()
    cache.put(review_cache.key_of(pad, loaded.last_update_id, short, lists), review_cache.pack({
        "diff_html": diff, "findings": findings, "messages": found, "empty": empty,
        "authors": sorted(authors), "names": sorted(who.items())}))
    return _review(pad, who, diff, findings, found, empty, loaded.last_update_id)


def _review(pad: Pad, who: dict[int, str], diff: str, findings: list[dict], found: list[dict], empty: bool,
            position: int) -> Review:
    """A review of what was computed, with who may appear publicly decided now (consent changes)."""
    allowed = public_authors(pad.classroom_id, set(who)) if pad.prompt.is_public else set(who)
    withheld = sorted(name for author_id, name in who.items() if author_id not in allowed)
    return Review(pad, diff, findings, who, withheld, empty=empty, messages=found, position=position)


# ---- publishing and restoring ---------------------------------------------------------


def publish(pad: Pad, actor, seen_version: int, seen_position: int | None = None) -> Decision:
    """Publish what the teacher looked at: the pad as of `seen_position` in its log.

    Changes the teacher made since count as looked at; classmates' later words stay waiting in
    the queue (or, when that moment can no longer be rebuilt, the teacher is asked to look again).
    Without a position (a form from before), the pad as it is now is published.
    """
    db.session.refresh(pad)
    if pad.lock_version != seen_version:
        raise conflict("pad", pad)
    now_at = store.position(pad.id)
    target = now_at if seen_position is None else min(seen_position, now_at)
    if target < now_at:
        later = store.writers_after(pad.id, target)
        if later is None:
            raise DecisionError("pad", "The pad has changed a lot since you looked: look at it again, then publish.")
        if later <= {actor.id}:
            target = now_at
    revision = _revision_at(pad, target)
    if revision is None or not store.runs_of_revision(revision):
        raise DecisionError("pad", "The pad is empty: there is nothing to publish yet.")
    if pad.status == states.PUBLISHED and pad.published_revision == revision.number:
        raise DecisionError("pad", "This version is already the published one.")
    before = pad.published_revision
    now = utcnow()
    if pad.status == states.PUBLISHED:
        # Unchanged since the last look, but never published at this revision: publish as is.
        pad.status = states.PENDING
        db.session.flush()
    written = _written_since_published(pad, revision)
    action = states.EDIT_APPROVE if actor.id in written else states.APPROVE
    from_status, to_status = transition("pad", pad, action, seen_version,
                                        {"published_revision": revision.number}, now)
    # Words logged after the published moment still wait for a teacher (appends wait for the
    # pad's lock that the transition holds, so none slips between this look and the commit).
    if store.position(pad.id) > revision.upto_update_id:
        store.mark_unpublished(pad.id, now)
    decision = record("pad", pad, action, from_status, to_status, actor, now, revision_before=before)
    signals.pads.published.send(pad, decision=decision, writers=written - {actor.id})
    db.session.commit()
    return decision


def _revision_at(pad: Pad, position: int) -> PadRevision | None:
    """The revision holding the pad as of a log position: the newest one if it is that, or a new one."""
    latest = store.revision(pad.id, pad.latest_revision) if pad.latest_revision else None
    if latest is not None and latest.upto_update_id == position:
        return latest
    doc = store.load_upto(pad.id, position)
    if doc is None:
        return None
    cut = store.cut_revision(pad, doc, position, note="published")
    db.session.refresh(pad)
    if cut is not None:
        return cut
    # Nothing changed since the newest revision (or another process just cut one): that one.
    latest = store.revision(pad.id, pad.latest_revision) if pad.latest_revision else None
    if latest is not None and not render.changed(store.runs_of_revision(latest), document.runs_of(doc)):
        return latest
    return None


def _written_since_published(pad: Pad, revision: PadRevision) -> set[int]:
    """Everyone whose changes are in this revision and not in the published one."""
    published = store.revision(pad.id, pad.published_revision) if pad.published_revision else None
    return set(store.authors_since(pad.id, published.upto_update_id if published else 0,
                                   upto=revision.upto_update_id))


def restore(pad: Pad, number: int, actor) -> PadRevision | None:
    """Make an old revision the live text again, as a new revision; nothing in between is lost.

    Returns None when the pad already reads exactly so: nothing is stored. Only what the editor
    supports comes back (an old revision may hold what today's pad refuses).
    """
    old = store.revision(pad.id, number)
    if old is None:
        raise FieldError("revision", "That revision does not exist.")
    loaded = store.load(pad.id)
    before = loaded.doc.get_state()
    if not document.replace_with(loaded.doc, schema.clean_runs(store.runs_of_revision(old))):
        return None
    # Today's text goes into the history first, so the restore loses none of it.
    store.cut_live_revision(pad.id)
    # Only the lines that differ are logged, not a copy of the pad.
    change = loaded.doc.get_update(before)
    store.append(pad.id, actor.id, change)
    hub_of(current_app._get_current_object()).broadcast_update(pad.id, change)
    return store.cut_live_revision(pad.id, note=f"restored {number}", copy_of=old)


def pads_waiting(classroom_ids: list[int], prompt_id: int | None = None) -> list[Pad]:
    """Pads with changes the public has not seen, oldest first."""
    if not classroom_ids:
        return []
    query = (select(Pad).options(selectinload(Pad.prompt), selectinload(Pad.members))
             .where(Pad.classroom_id.in_(classroom_ids), Pad.status == states.PENDING)
             .order_by(Pad.submitted_at, Pad.id))
    if prompt_id is not None:
        query = query.where(Pad.prompt_id == prompt_id)
    return list(db.session.scalars(query))


def visible_pads(user, prompt) -> list[Pad]:
    """The pads of a prompt this person may open: live for the class, published for others."""
    pads = pads_of(prompt)
    if permissions.is_member(user, prompt.classroom_id):
        return [p for p in pads if permissions.can_read_live_pad(user, p)]
    return [p for p in pads if permissions.can_read_published_pad(user, p)]
