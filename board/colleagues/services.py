"""Who sees shared work, sharing it, adding to the conversation, moving it on and closing it."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from board import permissions
from board.colleagues import protocol
from board.colleagues.copies import Copy, copy_of_pad_revision, copy_of_post, is_student_work, namer_of
from board.colleagues.models import Contribution, SharedWork
from board.discussions.models import Post
from board.extensions import db
from board.pads.models import Pad, PadRevision
from board.text import render_markdown
from board.timeutil import utcnow

#: a framing question is a question, not an essay
FRAMING_MAX = 600
#: contributions are short: a question or a few sentences of feedback
CONTRIBUTION_MAX = 800
#: one person's contributions to one step, and everyone's to one conversation
PER_PERSON_PER_STEP = 20
PER_CONVERSATION = 300


class ShareError(ValueError):
    """The form cannot be taken as it is; the message says why, beside the field."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


# ---- who -------------------------------------------------------------------------------------

def is_colleague(user) -> bool:
    """The school's teachers and admins, signed in with an active account: nobody else knows shares exist."""
    return bool(
        user is not None and getattr(user, "is_authenticated", False) and getattr(user, "active", True)
        and user.role in ("teacher", "admin")
    )


def can_share(user, classroom_id: int) -> bool:
    """A teacher of the work's class (or an admin) brings it to colleagues."""
    return is_colleague(user) and permissions.is_teacher_of(user, classroom_id)


def can_share_post(user, post: Post) -> bool:
    return can_share(user, post.classroom_id) and is_student_work(post)


def is_presenter(user, work: SharedWork) -> bool:
    return is_colleague(user) and work.presenter_id == user.id


def can_lead(user, work: SharedWork) -> bool:
    """The presenter moves the conversation on and closes it; an admin may too."""
    return is_presenter(user, work) or (is_colleague(user) and user.role == "admin")


def can_contribute(user, work: SharedWork, step: protocol.Step) -> bool:
    """Colleagues, or the presenter, as the step asks, while the conversation is open."""
    return work.is_open and is_colleague(user) and protocol.may_speak(step, is_presenter(user, work))


# ---- sharing ---------------------------------------------------------------------------------

def _framing(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ShareError("body", "Write the question you want colleagues to help you think about.")
    if len(text) > FRAMING_MAX:
        raise ShareError("body", f"Keep the framing question under {FRAMING_MAX} characters (it has {len(text)}).")
    return text


def _save(presenter, copy: Copy, framing: str, submission_key: str | None, **source) -> SharedWork:
    framing_md = copy.namer.text(_framing(framing))
    if submission_key:
        earlier = db.session.scalar(select(SharedWork).where(
            SharedWork.presenter_id == presenter.id, SharedWork.submission_key == submission_key))
        if earlier is not None:
            return earlier
    work = SharedWork(
        presenter_id=presenter.id, kind_label=copy.kind_label, question=copy.question,
        body_md=copy.body_md, body_html=copy.body_html, thread=copy.thread,
        framing_md=framing_md, framing_html=copy.namer.html(render_markdown(framing_md)),
        people=[{"id": p["id"], "label": p["label"], "name": p["name"]} for p in copy.people],
        step=protocol.FIRST, submission_key=submission_key or None, **source,
    )
    db.session.add(work)
    try:
        db.session.commit()
    except IntegrityError:
        # The same form sent twice at once: the first one shared it.
        db.session.rollback()
        return db.session.scalar(select(SharedWork).where(
            SharedWork.presenter_id == presenter.id, SharedWork.submission_key == submission_key))
    return work


def share_post(presenter, post: Post, framing: str, submission_key: str | None = None) -> SharedWork:
    """Share a copy of a student's post, names replaced, with a framing question."""
    if not can_share_post(presenter, post):
        raise PermissionError("only a teacher of the class shares its students' work")
    return _save(presenter, copy_of_post(post), framing, submission_key,
                 classroom_id=post.classroom_id, post_id=post.id)


def share_pad_revision(presenter, pad: Pad, revision: PadRevision, markdown: str, framing: str,
                       submission_key: str | None = None) -> SharedWork:
    """Share a copy of a pad as it stood at one revision, names replaced, with a framing question."""
    if not can_share(presenter, pad.classroom_id):
        raise PermissionError("only a teacher of the class shares its students' work")
    return _save(presenter, copy_of_pad_revision(pad, revision, markdown), framing, submission_key,
                 classroom_id=pad.classroom_id, pad_id=pad.id, pad_revision=revision.number)


# ---- the conversation ------------------------------------------------------------------------

def contribute(user, work: SharedWork, step_key: str, body: str, submission_key: str | None = None) -> Contribution:
    """Add a short question or feedback to the step the conversation is in."""
    step = protocol.BY_KEY.get(step_key or "")
    if not work.is_open:
        raise ShareError("body", "This conversation is closed: nothing more can be added.")
    if step is None or step.key != work.step:
        now = protocol.BY_KEY[work.step].title.lower()
        raise ShareError("body", f"The conversation has moved on to {now}. Your text is still here: "
                                 "add it there if it still fits.")
    if not can_contribute(user, work, step):
        who = "the presenter" if step.speakers == protocol.PRESENTER else "colleagues"
        raise ShareError("body", f"In this step only {who} add to the conversation.")
    text = (body or "").strip()
    if not text:
        raise ShareError("body", "Write something before adding it.")
    if len(text) > CONTRIBUTION_MAX:
        raise ShareError("body", f"Keep it under {CONTRIBUTION_MAX} characters (it has {len(text)}): "
                                 "a protocol moves on short turns.")
    if submission_key:
        earlier = db.session.scalar(select(Contribution).where(
            Contribution.author_id == user.id, Contribution.submission_key == submission_key))
        if earlier is not None:
            return earlier
    mine = db.session.scalar(select(func.count(Contribution.id)).where(
        Contribution.shared_work_id == work.id, Contribution.step == step.key, Contribution.author_id == user.id))
    total = db.session.scalar(select(func.count(Contribution.id)).where(Contribution.shared_work_id == work.id))
    if mine >= PER_PERSON_PER_STEP:
        raise ShareError("body", f"You have added {PER_PERSON_PER_STEP} to this step already: give others a turn.")
    if total >= PER_CONVERSATION:
        raise ShareError("body", "This conversation is full. Close it and share the work again to go on.")
    namer = namer_of(work.people)
    md = namer.text(text)
    contribution = Contribution(shared_work_id=work.id, step=step.key, author_id=user.id, body_md=md,
                                body_html=namer.html(render_markdown(md)), submission_key=submission_key or None)
    db.session.add(contribution)
    work.last_activity_at = utcnow()
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return db.session.scalar(select(Contribution).where(
            Contribution.author_id == user.id, Contribution.submission_key == submission_key))
    return contribution


def move_to(user, work: SharedWork, step_key: str) -> bool:
    """Move the conversation to a step; False when it was there already (a second click)."""
    if not can_lead(user, work):
        raise PermissionError("the presenter leads the conversation")
    if step_key not in protocol.BY_KEY:
        raise ShareError("step", "Choose one of the protocol’s steps.")
    if not work.is_open:
        raise ShareError("step", "This conversation is closed.")
    if work.step == step_key:
        return False
    work.step = step_key
    work.last_activity_at = utcnow()
    db.session.commit()
    return True


def close(user, work: SharedWork) -> bool:
    """Close the conversation: it stays readable, and nothing more is added; False if it was closed."""
    if not can_lead(user, work):
        raise PermissionError("the presenter closes the conversation")
    if not work.is_open:
        return False
    work.closed_at = work.last_activity_at = utcnow()
    db.session.commit()
    return True


def remove(user, work: SharedWork) -> None:
    """Take the copy and everything said about it away for good (the presenter, or an admin)."""
    if not can_lead(user, work):
        raise PermissionError("the presenter removes what they shared")
    db.session.delete(work)
    db.session.commit()


# ---- lists -----------------------------------------------------------------------------------

def conversations(open_: bool, limit: int = 100) -> list[SharedWork]:
    """Return open conversations (latest activity first), or closed ones (latest closed first)."""
    query = select(SharedWork).options(selectinload(SharedWork.presenter))
    if open_:
        query = query.where(SharedWork.closed_at.is_(None)).order_by(SharedWork.last_activity_at.desc())
    else:
        query = query.where(SharedWork.closed_at.is_not(None)).order_by(SharedWork.closed_at.desc())
    return list(db.session.scalars(query.limit(limit)))


def contribution_counts(works: list[SharedWork]) -> dict[int, int]:
    if not works:
        return {}
    return dict(db.session.execute(
        select(Contribution.shared_work_id, func.count(Contribution.id))
        .where(Contribution.shared_work_id.in_([w.id for w in works])).group_by(Contribution.shared_work_id)
    ).all())


def open_count() -> int:
    return db.session.scalar(select(func.count(SharedWork.id)).where(SharedWork.closed_at.is_(None))) or 0


def by_step(work: SharedWork) -> dict[str, list[Contribution]]:
    """Return the contributions grouped by step, in the order they were added, their writers loaded at once."""
    grouped: dict[str, list[Contribution]] = {step.key: [] for step in protocol.STEPS}
    rows = db.session.scalars(
        select(Contribution).where(Contribution.shared_work_id == work.id)
        .options(selectinload(Contribution.author)).order_by(Contribution.id)
    )
    for contribution in rows:
        grouped.setdefault(contribution.step, []).append(contribution)
    return grouped
