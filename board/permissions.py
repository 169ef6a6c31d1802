"""Who may see and do what: small named predicates, and the loaders and decorator that apply them.

Predicates take the person and the objects and return a bool. They never raise;
the loaders turn "may not see" into 404 and the decorator turns "may not do" into 403.
"""
from __future__ import annotations

from functools import wraps

from flask import abort
from flask_login import current_user
from sqlalchemy import select

from board.classes.models import Membership
from board.extensions import db, login_manager
from board.moderation.states import PUBLISHED


def _signed_in(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def is_admin(user) -> bool:
    return _signed_in(user) and user.role == "admin"


def memberships(user) -> dict[int, Membership]:
    """Return the person's memberships by class id, loaded once per person object."""
    if not _signed_in(user):
        return {}
    cached = getattr(user, "_memberships", None)
    if cached is None:
        rows = db.session.scalars(select(Membership).where(Membership.user_id == user.id))
        cached = {m.classroom_id: m for m in rows}
        user._memberships = cached
    return cached


def forget_memberships(user) -> None:
    """Drop the cached memberships after a change to them."""
    if hasattr(user, "_memberships"):
        del user._memberships


def membership(user, classroom_id: int) -> Membership | None:
    return memberships(user).get(classroom_id)


def is_teacher_of(user, classroom_id: int) -> bool:
    """Admins, and teachers on the class's roster."""
    if is_admin(user):
        return True
    m = membership(user, classroom_id)
    return m is not None and m.role == "teacher"


def is_student_of(user, classroom_id: int) -> bool:
    m = membership(user, classroom_id)
    return m is not None and m.role == "student"


def is_member(user, classroom_id: int) -> bool:
    return is_admin(user) or membership(user, classroom_id) is not None


def teaches_any(user) -> bool:
    """Tell whether the person has a moderation queue."""
    return is_admin(user) or (
        _signed_in(user) and any(m.role == "teacher" for m in memberships(user).values())
    )


def can_read_prompt(user, prompt) -> bool:
    """Teachers always; the class once it opens; everyone once a public prompt opens."""
    if is_teacher_of(user, prompt.classroom_id):
        return True
    if not prompt.has_opened():
        return False
    return prompt.is_public or is_member(user, prompt.classroom_id)


def can_respond(user, prompt) -> bool:
    """Teachers, and students of the class who are not suspended, while the prompt is open."""
    if not _signed_in(user):
        return False
    if is_teacher_of(user, prompt.classroom_id):
        return True
    m = membership(user, prompt.classroom_id)
    return m is not None and m.role == "student" and not m.suspended and prompt.is_open()


def can_comment(user, prompt) -> bool:
    """Readers and other schools' adults comment on public work; students stay in their class."""
    if not _signed_in(user) or is_member(user, prompt.classroom_id):
        return False
    return user.role in ("reader", "teacher") and prompt.is_public and prompt.is_open()


def can_contribute(user, prompt) -> bool:
    """Tell whether the person may add anything (a post, a reply or a comment) under a prompt."""
    return can_respond(user, prompt) or can_comment(user, prompt)


def is_publicly_visible(post, author_membership: Membership | None) -> bool:
    """Published, not hidden, and, for a student's work, consent on record."""
    if post.status != PUBLISHED or post.hidden:
        return False
    if author_membership is None or author_membership.role == "teacher":
        return True
    return author_membership.has_consent


def can_see_post(user, post, author_membership: Membership | None) -> bool:
    """Apply the publication rules to one post (its ancestors are checked by the caller)."""
    if is_teacher_of(user, post.classroom_id):
        return True
    if _signed_in(user) and post.author_id == user.id:
        return True
    if post.status != PUBLISHED or post.hidden:
        return False
    if is_member(user, post.classroom_id):
        return True
    return post.prompt.is_public and post.prompt.has_opened() and is_publicly_visible(
        post, author_membership
    )


def can_flag(user, post) -> bool:
    return _signed_in(user) and post.status == PUBLISHED and post.author_id != user.id


def can_revise(user, post) -> bool:
    """The author revises returned work, unless suspended."""
    if not (_signed_in(user) and post.author_id == user.id and post.status == "returned"):
        return False
    m = membership(user, post.classroom_id)
    return m is None or not m.suspended


def can_moderate(user, classroom_id: int) -> bool:
    return is_teacher_of(user, classroom_id)


def _in_group(user, pad) -> bool:
    """A pad without members belongs to the whole class."""
    return not pad.members or any(m.user_id == user.id for m in pad.members)


def can_read_live_pad(user, pad) -> bool:
    """The class (and its teachers) see the live pad once the prompt opens; nobody else does."""
    return is_teacher_of(user, pad.classroom_id) or (
        is_member(user, pad.classroom_id) and pad.prompt.has_opened()
    )


def can_join_pad(user, pad) -> bool:
    """Joining the live session: teachers, and students of the class who are not suspended."""
    if is_teacher_of(user, pad.classroom_id):
        return True
    m = membership(user, pad.classroom_id)
    return m is not None and m.role == "student" and not m.suspended and pad.prompt.has_opened()


def can_edit_pad(user, pad) -> bool:
    """Writing: teachers; students of the pad's group (or of the class) while the prompt is open."""
    if is_teacher_of(user, pad.classroom_id):
        return True
    return can_join_pad(user, pad) and pad.prompt.is_open() and _in_group(user, pad)


def can_read_published_pad(user, pad) -> bool:
    """Outside the class: the revision a teacher published, on a public prompt."""
    return pad.published_revision is not None and pad.prompt.is_public and pad.prompt.has_opened()


# ---- applying them -------------------------------------------------------------------


def get_or_404(model, ident):
    """Load a row by primary key or answer 404."""
    obj = db.session.get(model, ident)
    if obj is None:
        abort(404)
    return obj


def require(allowed: bool) -> None:
    """Answer 403 when a person may see something but not do this to it."""
    if not allowed:
        abort(403)


def roles_required(*roles: str):
    """Let only signed-in people with one of these roles through (403 for the rest)."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def teacher_required(view):
    """Let through admins and anyone on a class roster as a teacher (403 for the rest)."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if not (current_user.role in ("teacher", "admin") or teaches_any(current_user)):
            abort(403)
        return view(*args, **kwargs)

    return wrapped
