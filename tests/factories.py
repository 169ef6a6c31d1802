"""Make people, classes, prompts and posts through the same services the app uses."""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import timedelta

from board.accounts.services import create_user
from board.classes.models import Membership
from board.classes.services import create_classroom
from board.discussions.services import submit
from board.extensions import db
from board.moderation import services as moderation
from board.moderation import states
from board.prompts.models import Prompt
from board.prompts.services import save_prompt
from board.timeutil import utcnow

PASSWORD = "correct horse battery"
NORMS = "Critique the idea, not the person.\nBack up your claims with evidence."

_counter = itertools.count(1)


@dataclass
class School:
    """A school with two classes, the people in them and a reader."""

    teacher: object
    classroom: object
    maya: object  # consent on record
    jonah: object  # consent on record
    lucia: object  # no consent
    reader: object
    public_prompt: object
    class_prompt: object
    other_teacher: object
    other_classroom: object
    outsider: object  # a student of the other class
    admin: object


class Factory:
    def __init__(self, app):
        self.app = app

    def user(self, role: str = "student", first: str = "Maya", last: str = "Chen", login: str | None = None):
        login = login or f"{first.lower()}{next(_counter)}"
        user = create_user(first, last, login, PASSWORD, role=role)
        db.session.commit()
        return user

    def classroom(self, teacher=None, name: str = "Civics 8B"):
        teacher = teacher or self.user("teacher", "Dana", "Rivera")
        return create_classroom(teacher, name)

    def teacher_of(self, classroom):
        return next(m.user for m in classroom.memberships if m.role == "teacher")

    def student(self, classroom, first: str = "Maya", last: str = "Chen", consent: bool = False,
                trusted: bool = False, suspended: bool = False):
        user = self.user("student", first, last)
        db.session.add(Membership(
            classroom_id=classroom.id, user_id=user.id, role="student",
            consent_at=utcnow() if consent else None, trusted=trusted, suspended=suspended,
        ))
        db.session.commit()
        return user

    def prompt(self, classroom, visibility: str = "class", question: str = "Should the voting age be 16?",
               opens_in: timedelta | None = None, closes_in: timedelta | None = None,
               norms: str = NORMS, context: str = "Read the two articles first.", kind: str = "discussion"):
        now = utcnow()
        return save_prompt(Prompt(classroom_id=classroom.id), {
            "question": question, "context_md": context, "norms": norms, "visibility": visibility,
            "kind": kind,
            "opens_at": now + opens_in if opens_in is not None else now - timedelta(hours=1),
            "closes_at": now + closes_in if closes_in is not None else None,
        }, self.teacher_of(classroom))

    def post(self, author, prompt, body: str = "I think the voting age should stay at 18.", parent=None,
             publish: bool = False, post_anyway: bool = False):
        result = submit(author, prompt, body, parent=parent, post_anyway=post_anyway)
        assert result.post is not None, f"a norms reminder stopped this post: {result.findings}"
        post = result.post
        if publish and post.status != states.PUBLISHED:
            moderation.decide(post, states.APPROVE, self.teacher_of(prompt.classroom), post.lock_version)
            db.session.refresh(post)
        return post

    def school(self) -> School:
        teacher = self.user("teacher", "Dana", "Rivera")
        classroom = self.classroom(teacher, "Civics 8B")
        other_teacher = self.user("teacher", "Omar", "Haddad")
        other_classroom = self.classroom(other_teacher, "History 7A")
        return School(
            teacher=teacher,
            classroom=classroom,
            maya=self.student(classroom, "Maya", "Chen", consent=True),
            jonah=self.student(classroom, "Jonah", "Okafor", consent=True),
            lucia=self.student(classroom, "Lucia", "Morales"),
            reader=self.user("reader", "Sam", "Park"),
            public_prompt=self.prompt(classroom, "public", "Should our town lower the voting age to 16?"),
            class_prompt=self.prompt(classroom, "class", "What makes a rule fair?"),
            other_teacher=other_teacher,
            other_classroom=other_classroom,
            outsider=self.student(other_classroom, "Theo", "Brandt"),
            admin=self.user("admin", "Ada", "Admin"),
        )
