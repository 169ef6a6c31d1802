"""Resubmitted posts: the feedback each answered and the text before and after, for the queue and history."""
from __future__ import annotations

from sqlalchemy import select

from board.discussions.models import Post, PostVersion
from board.extensions import db
from board.moderation import states
from board.moderation.models import Decision
from board.moderation.resubmissions import Resubmission


def resubmissions(post_ids: list[int]) -> dict[int, list[Resubmission]]:
    """Return each post's resubmissions, oldest first, in three queries whatever the number of posts."""
    if not post_ids:
        return {}
    decisions = list(db.session.scalars(
        select(Decision).where(
            Decision.item_type == "post", Decision.item_id.in_(post_ids),
            Decision.action.in_((states.RETURN, states.RESUBMIT)), Decision.undone_at.is_(None),
        ).order_by(Decision.id)
    ))
    if not any(d.action == states.RESUBMIT for d in decisions):
        return {}
    versions: dict[int, list[PostVersion]] = {}
    for version in db.session.scalars(
        select(PostVersion).where(PostVersion.post_id.in_({d.item_id for d in decisions}))
        .order_by(PostVersion.number)
    ):
        versions.setdefault(version.post_id, []).append(version)
    found: dict[int, list[Resubmission]] = {}
    returned: dict[int, Decision] = {}
    for decision in decisions:
        if decision.action == states.RETURN:
            returned[decision.item_id] = decision
            continue
        mine = versions.get(decision.item_id, [])
        before = next((v for v in mine if v.number == decision.revision_before), None)
        # The version saved with the resubmission carries its moment; an older row may lack it.
        after = next((v for v in mine if v.note == "resubmitted" and v.created_at == decision.created_at), None) \
            or next((v for v in mine if v.note == "resubmitted" and before and v.number > before.number), None)
        if before is None or after is None:
            continue
        answered = returned.pop(decision.item_id, None)
        found.setdefault(decision.item_id, []).append(Resubmission(
            number=after.number, returned_number=before.number,
            feedback=answered.feedback if answered else "", norm=answered.norm if answered else "",
            before_md=before.body_md, after_md=after.body_md,
        ))
    return found


def current_changes(posts: list[Post]) -> dict[int, Resubmission]:
    """Return, for each resubmitted post still waiting, the feedback it answers and what changed since."""
    waiting = {p.id: p for p in posts if p.revision > 1 and p.status == states.PENDING}
    changes = {}
    for post_id, made in resubmissions(list(waiting)).items():
        post, latest = waiting[post_id], made[-1]
        if latest.number <= post.revision:
            # A writer may edit waiting work again: the teacher reads the newest text against the returned one.
            latest.after_md = post.body_md
            changes[post_id] = latest
    return changes
