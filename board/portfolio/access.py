"""Who may see and change a portfolio: the student, their teachers, their class, their family, the public.

Predicates return a bool and never raise; the routes turn "may not know it exists" into 404.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from board import permissions
from board.classes.models import Membership
from board.discussions.models import Post
from board.extensions import db
from board.moderation.states import PUBLISHED
from board.portfolio import sources


def _signed_in(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and getattr(user, "active", True))


def is_owner(user, student) -> bool:
    return _signed_in(user) and user.id == student.id and user.role == "student"


def student_classes(student) -> dict[int, Membership]:
    """The student's places on class rosters, by class id."""
    rows = db.session.scalars(select(Membership).where(
        Membership.user_id == student.id, Membership.role == "student"))
    return {m.classroom_id: m for m in rows}


def is_family_of(user, student) -> bool:
    """A parent or guardian linked to this student by a family invitation."""
    return permissions.is_family_of(user, student.id)


def teaches(user, student) -> bool:
    """Admins, and teachers of a class the student is in."""
    return permissions.is_admin(user) or any(
        permissions.is_teacher_of(user, cid) for cid in student_classes(student))


def in_class_with(user, student) -> bool:
    return any(permissions.is_member(user, cid) for cid in student_classes(student))


def is_public(student) -> bool:
    """A portfolio has a public page when the student's consent is on record in one of their classes."""
    return student.role == "student" and student.active and any(
        m.has_consent for m in student_classes(student).values())


def can_see_portfolio(user, student) -> bool:
    """The student, their teachers, class and family; everyone when consent is on record."""
    if student.role != "student":
        return False
    return (is_owner(user, student) or teaches(user, student) or in_class_with(user, student)
            or is_family_of(user, student) or is_public(student))


def can_review(user, item) -> bool:
    """The teachers of the item's class see its reflection before it is published."""
    return permissions.is_teacher_of(user, item.classroom_id)


def can_edit_class(user, classroom_id: int) -> bool:
    """A student of the class, not suspended there, writes reflections on its work."""
    if not (_signed_in(user) and user.role == "student"):
        return False
    m = permissions.membership(user, classroom_id)
    return m is not None and m.role == "student" and not m.suspended


def can_edit(user, item) -> bool:
    """The student edits their own pieces and goals, unless suspended in that class."""
    return is_owner(user, item.student) and can_edit_class(user, item.classroom_id)


def can_see_piece(user, piece) -> bool:
    """Owner and the class's teachers: always. Others: an approved reflection on work they may read."""
    if is_owner(user, piece.student) or can_review(user, piece):
        return True
    if piece.status != PUBLISHED or not piece.student.active:
        return False
    if is_family_of(user, piece.student):
        return family_reads_work(user, piece)
    return sources.work_readable(user, piece)


def family_reads_work(user, piece) -> bool:
    """A family reads the work under their child's piece as their family pages do: a post while it is
    published and not hidden (the one rule), a pad's published revision, a piece brought from elsewhere."""
    if piece.source == "post":
        return sources.work_readable(user, piece)
    if piece.source == "pad":
        return sources.pad_published(piece)
    return True


def can_see_goal(user, goal) -> bool:
    if is_owner(user, goal.student) or can_review(user, goal):
        return True
    if goal.status != PUBLISHED or not goal.student.active:
        return False
    return (is_family_of(user, goal.student) or permissions.is_member(user, goal.classroom_id)
            or sources.has_consent(goal.student_id, goal.classroom_id))


def publicly_visible_piece(piece) -> bool:
    """What the public page, the feed and a stranger see: the same rule, asked as nobody."""
    return can_see_piece(sources.NOBODY, piece)


def can_manage_tags(user, classroom_id: int) -> bool:
    return permissions.is_teacher_of(user, classroom_id)


def can_download(user, student) -> bool:
    """The student, or their family, takes the whole portfolio with them."""
    return is_owner(user, student) or is_family_of(user, student)


def visible_pieces(user, student, pieces: list) -> list:
    """The pieces of one portfolio this person may see: can_see_piece for a whole page, in a few queries."""
    if is_owner(user, student):
        return list(pieces)
    reviewing = {cid for cid in {p.classroom_id for p in pieces} if permissions.is_teacher_of(user, cid)}
    shown = [p for p in pieces if p.classroom_id in reviewing or (p.status == PUBLISHED and student.active)]
    if is_family_of(user, student):
        family_posts = {p.post_id for p in shown if p.source == "post" and p.classroom_id not in reviewing}
        readable = permissions.readable_posts(user, list(db.session.scalars(
            select(Post).options(selectinload(Post.prompt)).where(Post.id.in_(family_posts))))) if family_posts else set()
        return [p for p in shown if p.classroom_id in reviewing or (
            p.post_id in readable if p.source == "post" else family_reads_work(user, p))]
    posts = {p.post_id for p in shown if p.source == "post" and p.classroom_id not in reviewing}
    readable = permissions.readable_posts(user, list(db.session.scalars(
        select(Post).options(selectinload(Post.prompt)).where(Post.id.in_(posts))))) if posts else set()
    consented = {cid for cid, m in student_classes(student).items() if m.has_consent}

    def ok(piece) -> bool:
        if piece.classroom_id in reviewing:
            return True
        if piece.source == "post":
            return piece.post_id in readable
        if piece.source == "archived":
            return permissions.is_member(user, piece.classroom_id) or piece.classroom_id in consented
        return sources.work_readable(user, piece)  # a pad: few per portfolio

    return [p for p in shown if ok(p)]


def visible_goals(user, student, goals: list) -> list:
    """The goals of one portfolio this person may see: can_see_goal, with consent read once."""
    if is_owner(user, student):
        return list(goals)
    consented = {cid for cid, m in student_classes(student).items() if m.has_consent}
    family = is_family_of(user, student)
    return [g for g in goals if permissions.is_teacher_of(user, g.classroom_id) or (
        g.status == PUBLISHED and student.active
        and (family or permissions.is_member(user, g.classroom_id) or g.classroom_id in consented))]
