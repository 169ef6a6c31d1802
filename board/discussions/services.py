"""Writing to a discussion: submit, remind, revise; every rule takes its arguments explicitly."""
from __future__ import annotations

from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from board import permissions, signals
from board.admin.wordlists import check_text
from board.discussions.models import Post, PostVersion, Reminder
from board.errors import FieldError
from board.extensions import db
from board.media import composer as picture_composer
from board.media import services as media
from board.moderation import states
from board.moderation.models import Decision
from board.moderation.services import Conflict
from board.prompts.models import PromptTrust
from board.text import render_markdown
from board.timeutil import utcnow


class SubmissionError(FieldError):
    """The text cannot be accepted as it is; the message says why, next to the field."""


@dataclass
class Submitted:
    """What happened to a submission: a post was saved, or a reminder must be shown first."""

    post: Post | None = None
    #: the post already existed (a double submit)
    duplicate: bool = False
    findings: list[dict] = field(default_factory=list)
    reminder: Reminder | None = None
    #: read before the commit: once saved, the answer needs no database (it may be away by then)
    post_id: int | None = None
    status: str = ""
    kind: str = ""

    @property
    def needs_reminder(self) -> bool:
        return self.post is None

    @classmethod
    def saved(cls, post: Post, **extra) -> Submitted:
        """Describe a saved post with what the answer needs, read while the post is loaded."""
        return cls(post=post, post_id=post.id, status=post.status, kind=post.kind, **extra)


def validate_body(body_md: str) -> str:
    """Return the text to store, or raise SubmissionError with a message for the field."""
    text = (body_md or "").replace("\r\n", "\n").strip()
    if not text:
        raise SubmissionError("body", "Write something before posting.")
    limit = current_app.config["POST_MAX_CHARS"]
    if len(text) > limit:
        raise SubmissionError(
            "body", f"This is {len(text):,} characters; the limit is {limit:,}. Shorten it a little."
        )
    return text


def is_trusted(user, prompt) -> bool:
    """Trusted for the class, or for this one prompt."""
    m = permissions.membership(user, prompt.classroom_id)
    if m is not None and m.trusted:
        return True
    return db.session.scalar(
        select(PromptTrust.id).where(PromptTrust.prompt_id == prompt.id, PromptTrust.user_id == user.id)
    ) is not None


@dataclass
class Checked:
    findings: list[dict]
    reminder: Reminder | None
    #: show the reminder and save nothing
    stop: bool


def check_before_saving(user, prompt, text: str, reminder_id: int | None, post_anyway: bool) -> Checked:
    """Check the text against the norms; record a reminder the first time one must be shown."""
    findings = check_text(text)
    reminder = _own_reminder(user, reminder_id)
    stop = bool(findings) and (not post_anyway or _blocking(findings))
    if stop and reminder is None:
        reminder = Reminder(
            user_id=user.id, prompt_id=prompt.id, classroom_id=prompt.classroom_id,
            categories=sorted({f["category"] for f in findings}),
        )
        db.session.add(reminder)
        db.session.commit()
    return Checked(findings, reminder, stop)


def check_new_version(user, post: Post, body_md: str, may_change, refusal: str,
                      reminder_id: int | None, post_anyway: bool) -> tuple[str, Checked]:
    """Check a new version of a post before it is saved: its text, the writer's right to change it now
    (may_change(user, post), else SubmissionError with the refusal), and the norms."""
    text = validate_body(body_md)
    if not may_change(user, post):
        raise SubmissionError("body", refusal)
    return text, check_before_saving(user, post.prompt, text, reminder_id, post_anyway)


def next_version_number(post: Post) -> int:
    """The number the post's next version takes."""
    latest = db.session.scalar(
        select(PostVersion.number).where(PostVersion.post_id == post.id).order_by(
            PostVersion.number.desc()).limit(1)
    )
    return (latest or 0) + 1


def submit(user, prompt, body_md: str, parent: Post | None = None, submission_key: str = "",
           reminder_id: int | None = None, post_anyway: bool = False, pad=None, pictures=()) -> Submitted:
    """Save a response, reply or comment (on a post, or on a published pad), unless a norms
    reminder must be shown first; its pictures (added with its composer) become part of it."""
    text = validate_body(body_md)
    if submission_key:
        existing = _by_key(user, submission_key)
        if existing is not None:
            return Submitted.saved(existing, duplicate=True)
    if not permissions.can_contribute(user, prompt):
        raise SubmissionError("body", "This prompt is not taking contributions from you right now.")

    checked = check_before_saving(user, prompt, text, reminder_id, post_anyway)
    if checked.stop:
        return Submitted(findings=checked.findings, reminder=checked.reminder)
    findings, reminder = checked.findings, checked.reminder

    teacher = permissions.is_teacher_of(user, prompt.classroom_id)
    if pad is not None or not permissions.is_member(user, prompt.classroom_id):
        # From outside the class (on the prompt, under a post or on a pad): always read first.
        kind = "comment"
    else:
        kind = "response" if parent is None else "reply"
    publish_now = teacher or (kind != "comment" and not findings and is_trusted(user, prompt))
    now = utcnow()
    post = Post(
        prompt_id=prompt.id,
        classroom_id=prompt.classroom_id,
        author_id=user.id,
        parent_id=parent.id if parent is not None else None,
        pad_id=pad.id if pad is not None else None,
        kind=kind,
        body_md=text,
        body_html=render_markdown(text),
        findings=findings,
        posted_anyway=bool(findings),
        revised_after_reminder=reminder is not None and not findings,
        status=states.PUBLISHED if publish_now else states.PENDING,
        submitted_at=now,
        published_at=now if publish_now else None,
        submission_key=submission_key or None,
        created_at=now,
    )
    db.session.add(post)
    try:
        db.session.flush()
    except IntegrityError:
        # The same form arrived twice at once: the first one won; show it.
        db.session.rollback()
        existing = _by_key(user, submission_key)
        if existing is None:
            raise
        return Submitted.saved(existing, duplicate=True)
    _first_version(post)
    for position, picture in enumerate(pictures):
        media.attach(picture, post, position)
    _settle_reminder(reminder, post, findings)
    if publish_now:
        signals.discussions.published.send(post, decision=None)
    result = Submitted.saved(post, findings=findings)
    db.session.commit()
    return result


def resubmit(user, post: Post, body_md: str, seen_version: int,
             reminder_id: int | None = None, post_anyway: bool = False, pictures=None) -> Submitted:
    """Send returned work back to the queue as a new version (with its pictures as the composer left them)."""
    text, checked = check_new_version(user, post, body_md, permissions.can_revise,
                                      "This work is not waiting for your revision any more.",
                                      reminder_id, post_anyway)
    if checked.stop:
        return Submitted(findings=checked.findings, reminder=checked.reminder)
    findings, reminder = checked.findings, checked.reminder
    number = next_version_number(post)
    now = utcnow()
    result = db.session.execute(
        update(Post)
        .where(Post.id == post.id, Post.lock_version == seen_version, Post.status == states.RETURNED)
        .values(
            status=states.PENDING,
            lock_version=Post.lock_version + 1,
            body_md=text,
            body_html=render_markdown(text),
            findings=findings,
            posted_anyway=bool(findings),
            revised_after_reminder=reminder is not None and not findings,
            revision=number,
            submitted_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        db.session.rollback()
        raise Conflict("This work changed since you opened it (was it already resubmitted?).")
    if pictures is not None:
        picture_composer.save(pictures, post)
    db.session.add(PostVersion(
        post_id=post.id, number=number, body_md=text, body_html=render_markdown(text),
        findings=findings, author_id=user.id, note="resubmitted", created_at=now,
    ))
    db.session.add(_resubmit_decision(post, user, now))
    _settle_reminder(reminder, post, findings)
    result = Submitted(post=post, findings=findings, post_id=post.id, status=states.PENDING, kind=post.kind)
    db.session.commit()
    # Not reloaded: the revision is saved, and its answer must not depend on the database after that.
    return result


def history(post: Post) -> list[PostVersion]:
    return list(db.session.scalars(
        select(PostVersion).where(PostVersion.post_id == post.id).order_by(PostVersion.number)
    ))


def _resubmit_decision(post: Post, user, now) -> Decision:
    return Decision(
        item_type="post", item_id=post.id, classroom_id=post.classroom_id,
        action=states.RESUBMIT, from_status=states.RETURNED, to_status=states.PENDING,
        actor_id=user.id, revision_before=post.revision, created_at=now,
    )


def _first_version(post: Post) -> None:
    db.session.add(PostVersion(
        post_id=post.id, number=1, body_md=post.body_md, body_html=post.body_html,
        findings=post.findings, author_id=post.author_id, note="submitted", created_at=post.created_at,
    ))


def _settle_reminder(reminder: Reminder | None, post: Post, findings: list[dict]) -> None:
    if reminder is None:
        return
    reminder.outcome = "posted_anyway" if findings else "revised"
    reminder.post_id = post.id


def _own_reminder(user, reminder_id) -> Reminder | None:
    if not reminder_id:
        return None
    reminder = db.session.get(Reminder, reminder_id)
    # A pad's reminders are settled by the pad (board/pads/reminders.py), never by a composer.
    if reminder is None or reminder.user_id != user.id or reminder.outcome is not None or reminder.pad_id:
        return None
    return reminder


def _blocking(findings: list[dict]) -> bool:
    return any(f.get("blocking") for f in findings)


def _by_key(user, key: str) -> Post | None:
    return db.session.scalar(
        select(Post).where(Post.author_id == user.id, Post.submission_key == key)
    )
