"""Prompt rules: creating and editing, with the context rendered once when saved."""
from __future__ import annotations

from sqlalchemy import delete, select

from board import signals
from board.classes.models import AuditEntry, Membership
from board.extensions import db
from board.prompts.models import Prompt, PromptTrust
from board.text import render_markdown
from board.timeutil import from_local, utcnow


def save_prompt(prompt: Prompt, data: dict, author=None) -> Prompt:
    """Fill a prompt from form data (dates in the school's zone) and save it."""
    prompt.question = data["question"].strip()
    prompt.context_md = (data.get("context_md") or "").strip()
    prompt.context_html = render_markdown(prompt.context_md)
    prompt.norms = "\n".join(line.strip() for line in (data.get("norms") or "").splitlines() if line.strip())
    prompt.visibility = data.get("visibility") or "class"
    prompt.kind = data.get("kind") or prompt.kind or "discussion"
    prompt.opens_at = from_local(data["opens_at"])
    prompt.closes_at = from_local(data.get("closes_at"))
    if prompt.id is None:
        prompt.created_by_id = author.id if author is not None else None
        db.session.add(prompt)
    db.session.commit()
    signals.prompts.saved.send(prompt)
    return prompt


def set_prompt_trust(prompt: Prompt, student_ids: set[int]) -> None:
    """Replace the set of students trusted for this prompt."""
    db.session.execute(delete(PromptTrust).where(PromptTrust.prompt_id == prompt.id))
    for student_id in sorted(student_ids):
        db.session.add(PromptTrust(prompt_id=prompt.id, user_id=student_id))
    db.session.commit()


def set_archived(actor, prompt: Prompt, archived: bool) -> None:
    """Archive a prompt (read-only, out of the lists) or restore it, with an audit entry."""
    if archived == (prompt.archived_at is not None):
        return
    prompt.archived_at = utcnow() if archived else None
    db.session.add(AuditEntry(actor_id=actor.id, action="archived prompt" if archived else "restored prompt",
                              classroom_id=prompt.classroom_id, detail=prompt.question))
    db.session.commit()
    # Open pad sessions look at their rights again now, not at their next periodic check.
    for user_id in db.session.scalars(select(Membership.user_id).where(Membership.classroom_id == prompt.classroom_id)):
        signals.accounts.access_changed.send(user_id)
