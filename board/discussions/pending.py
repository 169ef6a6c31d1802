"""Work waiting for a teacher: its author may still change it, or take it back, until a teacher decides.

Both moves go through the same conditional update as a teacher's decision (the lock_version seen),
so a teacher deciding on the version they saw while the author changes it is told, never wrong.
"""
from __future__ import annotations

from sqlalchemy import update

from board import permissions
from board.discussions.models import WITHDRAWN, Post, PostVersion
from board.discussions.services import Submitted, _settle_reminder, check_new_version, next_version_number
from board.extensions import db
from board.media import composer as picture_composer
from board.media import services as media
from board.moderation import states
from board.moderation.models import Decision
from board.moderation.services import Conflict
from board.text import render_markdown
from board.timeutil import utcnow

#: the author's own moves on waiting work, as the decision log records them
EDIT = "edit"
WITHDRAW = "withdraw"

# Named as a teacher who decided too late reads it: "Maya C. already edited this item".
states.ACTION_LABELS.setdefault(EDIT, "edited")
states.ACTION_LABELS.setdefault(WITHDRAW, "withdrew")


def edit(user, post: Post, body_md: str, seen_version: int,
         reminder_id: int | None = None, post_anyway: bool = False, pictures=None) -> Submitted:
    """Replace the text of waiting work with a new version, checked against the norms again (and its
    pictures as the composer left them)."""
    text, checked = check_new_version(user, post, body_md, permissions.can_change_pending,
                                      "A teacher has already looked at this work; it can no longer be edited.",
                                      reminder_id, post_anyway)
    if checked.stop:
        return Submitted(findings=checked.findings, reminder=checked.reminder)
    findings, reminder = checked.findings, checked.reminder
    number = next_version_number(post)
    html = render_markdown(text)
    now = utcnow()
    revision_before = post.revision
    # submitted_at stays: fixing a typo must not send the writer to the back of the queue.
    _conditional(post, seen_version, body_md=text, body_html=html, findings=findings,
                 posted_anyway=bool(findings), revised_after_reminder=reminder is not None and not findings,
                 revision=number)
    if pictures is not None:
        picture_composer.save(pictures, post)
    db.session.add(PostVersion(post_id=post.id, number=number, body_md=text, body_html=html,
                               findings=findings, author_id=user.id, note="edited while waiting",
                               created_at=now))
    db.session.add(_decision(post, user, EDIT, states.PENDING, now, revision_before))
    _settle_reminder(reminder, post, findings)
    result = Submitted(post=post, findings=findings, post_id=post.id, status=states.PENDING, kind=post.kind)
    db.session.commit()
    return result


def withdraw(user, post: Post, seen_version: int) -> None:
    """Take waiting work back: it leaves the queue, and its versions and the log stay."""
    if not permissions.can_change_pending(user, post):
        raise Conflict("A teacher has already looked at this work; it can no longer be withdrawn.")
    now = utcnow()
    _conditional(post, seen_version, status=WITHDRAWN, decided_at=now)
    # Its pictures go with it: nobody will ever be allowed to see them again.
    media.delete_for(post)
    db.session.add(_decision(post, user, WITHDRAW, WITHDRAWN, now, post.revision))
    db.session.commit()


def _conditional(post: Post, seen_version: int, **values) -> None:
    """Change the post only if it is still waiting as the author saw it; else raise Conflict."""
    result = db.session.execute(
        update(Post)
        .where(Post.id == post.id, Post.lock_version == seen_version, Post.status == states.PENDING)
        .values(lock_version=Post.lock_version + 1, **values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        db.session.rollback()
        raise Conflict("This work changed since you opened it: a teacher may have decided on it. "
                       "Nothing was changed; here it is as it is now.")
    db.session.expire(post)


def _decision(post: Post, user, action: str, to_status: str, now, revision_before: int) -> Decision:
    return Decision(item_type="post", item_id=post.id, classroom_id=post.classroom_id, action=action,
                    from_status=states.PENDING, to_status=to_status, actor_id=user.id,
                    revision_before=revision_before, created_at=now)
