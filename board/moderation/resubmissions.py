"""What changed in resubmitted work: the feedback it answered and a word diff against the version returned."""
from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from markupsafe import Markup, escape
from sqlalchemy import select

from board.discussions.models import Post, PostVersion
from board.extensions import db
from board.moderation import states
from board.moderation.models import Decision

#: words, runs of spaces and single signs: a change is shown as whole words, never half of one
TOKENS = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)


@dataclass
class Resubmission:
    #: the version the writer sent again, and the one the teacher had returned
    number: int
    returned_number: int
    feedback: str
    norm: str
    #: the text returned and the text sent again (or the newest, if the writer edited it since)
    before_md: str
    after_md: str

    @property
    def diff(self) -> Markup:
        return word_diff(self.before_md, self.after_md)


def word_diff(before: str, after: str) -> Markup:
    """Return the later text, escaped, with removed words in <del> and added words in <ins>."""
    old, new = TOKENS.findall(before), TOKENS.findall(after)
    parts: list[str] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(str(escape("".join(new[j1:j2]))))
            continue
        # The hidden words say what the strike-through and underline show, for a screen reader.
        if i2 > i1:
            parts.append('<del><span class="visually-hidden">removed: </span>'
                         f'{escape("".join(old[i1:i2]))}</del>')
        if j2 > j1:
            parts.append('<ins><span class="visually-hidden">added: </span>'
                         f'{escape("".join(new[j1:j2]))}</ins>')
    return Markup("".join(parts))


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
