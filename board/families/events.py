"""What families hear from other features: their child's work was published, or the child joined a class."""
from __future__ import annotations

from sqlalchemy import select

from board import signals
from board.accounts.models import User
from board.classes.models import Membership
from board.discussions.models import Post
from board.extensions import db
from board.families.services import code_on_joining, consent_on_joining, families_of
from board.notifications.services import notify
from board.text import excerpt

_KIND_WORDS = {"response": "response", "reply": "reply"}


@signals.discussions.published.connect
def _work_published(post: Post, decision=None, **_) -> None:
    """Tell a student's families of newly published work (notify checks each may read it)."""
    if post.kind not in _KIND_WORDS:
        return
    families = families_of(post.author_id)
    if not families:
        return
    message = (f"{post.author.first_name} published a {_KIND_WORDS[post.kind]} to "
               f"“{excerpt(post.prompt.question, 60)}”.")
    for family_id in families:
        notify(family_id, "family_work", message, post.id, decision.id if decision is not None else None)


@signals.pads.published.connect
def _pad_published(pad, decision=None, writers=(), **_) -> None:
    """Tell the families of the students whose words a teacher just published in a pad."""
    # The publication was written with one UPDATE: read the pad as it now stands.
    db.session.refresh(pad)
    students = set(db.session.scalars(select(Membership.user_id).where(
        Membership.classroom_id == pad.classroom_id, Membership.role == "student",
        Membership.user_id.in_(list(writers or ())))))
    for student_id in sorted(students):
        families = families_of(student_id)
        if not families:
            continue
        name = db.session.get(User, student_id).first_name
        message = f"The teacher published the pad “{excerpt(pad.title, 60)}” with {name}’s words in it."
        for family_id in families:
            notify(family_id, "family_work", message, pad_id=pad.id,
                   decision_id=decision.id if decision is not None else None)


@signals.classes.joined.connect
def _consent_follows_the_child(membership: Membership, **_) -> None:
    """A family's consent in the app covers every class of the child, a class joined later too."""
    consent_on_joining(membership)


@signals.classes.joined.connect
def _family_code_for_the_new_student(membership: Membership, **_) -> None:
    """A student who joins has her family code at once: the teacher prints it without a further step."""
    code_on_joining(membership)
