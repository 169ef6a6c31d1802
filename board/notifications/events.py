"""What notifications hear from other features: reports, work hidden by reports, pads with new findings
(for teachers), replies a person has seen on a page (read without opening the notification), and
teachers' decisions on posts and their undoing (for the writers)."""
from __future__ import annotations

from sqlalchemy import select, update

from board import signals
from board.discussions.models import Post
from board.extensions import db
from board.notifications import services
from board.notifications.models import Notification
from board.notifications.services import notify, teachers_of
from board.text import excerpt
from board.timeutil import utcnow

_KIND_WORDS = {"response": "response", "reply": "reply", "comment": "comment"}


@signals.discussions.reported.connect
def _reported(post, reporter=None, hidden: bool = False, **_) -> None:
    """Tell the class's teachers of a new report, and that the work is hidden if the report hid it."""
    kind = _KIND_WORDS.get(post.kind, "post")
    about = f"a {kind} by {post.author.display_name} to “{excerpt(post.prompt.question, 60)}”"
    for teacher_id in teachers_of(post.classroom_id):
        if reporter is not None and teacher_id == reporter.id:
            continue
        if hidden:
            notify(teacher_id, "hidden", f"Reports hid {about}: it stays hidden until you decide.", post.id)
        else:
            notify(teacher_id, "report", f"Someone reported {about}.", post.id)


@signals.discussions.read.connect
def _replies_seen(person, post_ids=(), **_) -> None:
    """Mark notifications of replies and comments the person has now seen on a page as read."""
    db.session.execute(
        update(Notification).where(
            Notification.user_id == person.id, Notification.read_at.is_(None),
            Notification.kind.in_(("reply", "comment")), Notification.post_id.in_(list(post_ids)))
        .values(read_at=utcnow()).execution_options(synchronize_session=False)
    )


@signals.pads.findings_recorded.connect
def _pad_findings(pad, revision=None, **_) -> None:
    """Tell the class's teachers that new words in a pad have norms findings (once until they look)."""
    waiting = set(db.session.scalars(select(Notification.user_id).where(
        Notification.pad_id == pad.id, Notification.kind == "pad_findings", Notification.read_at.is_(None))))
    count = len(revision.findings or []) if revision is not None else 0
    what = "a norms finding" if count == 1 else f"{count} norms findings"
    for teacher_id in teachers_of(pad.classroom_id):
        if teacher_id in waiting:
            continue
        notify(teacher_id, "pad_findings", f"New words in the pad “{excerpt(pad.title, 80)}” have {what}.",
               pad_id=pad.id)
    db.session.commit()


@signals.moderation.decided.connect
def _decided(item, decision=None, **_) -> None:
    """Tell a post's writer what a teacher decided."""
    if isinstance(item, Post):
        services.decision_made(item, decision)


@signals.discussions.published.connect
def _published(post, decision=None, **_) -> None:
    """Tell whoever a reply or comment answers that it is now visible."""
    services.published(post, decision)


@signals.pads.published.connect
def _pad_published(pad, decision=None, writers=(), **_) -> None:
    """Tell everyone whose words a teacher just published in a pad."""
    for author_id in writers:
        notify(author_id, "decision", f"The pad “{pad.title[:80]}” you wrote in was published.",
               decision_id=decision.id)


@signals.moderation.undone.connect
def _undone(item, decision=None, **_) -> None:
    """Take back what an undone decision on a post told people."""
    if isinstance(item, Post):
        services.decision_undone(item, decision)
