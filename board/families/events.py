"""What families hear from other features: their child's work was published."""
from __future__ import annotations

from board import signals
from board.discussions.models import Post
from board.families.services import families_of
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
