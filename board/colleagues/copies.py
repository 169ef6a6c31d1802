"""The shared copy: a post with the thread around it, or a pad revision, with every student's name replaced."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from board.accounts.models import User
from board.classes.models import Membership
from board.colleagues.names import Namer, Person, letters
from board.discussions.models import Post
from board.extensions import db
from board.moderation.states import PUBLISHED
from board.pads.models import Pad, PadRevision
from board.text import render_markdown

#: how much of the thread around a post comes with it
MAX_ABOVE = 5
MAX_BELOW = 60
MAX_DEPTH = 6

KIND_WORDS = {"response": "Student’s response", "reply": "Student’s reply"}


@dataclass
class Copy:
    """What a share keeps: the work and what surrounds it, every name replaced."""

    kind_label: str
    question: str
    body_md: str
    body_html: str
    #: the posts around it: dicts (place, label, depth, body_html)
    thread: list[dict] = field(default_factory=list)
    #: who was replaced: dicts (id, label, name), the names for the presenter's eyes only
    people: list[dict] = field(default_factory=list)
    namer: Namer | None = None


def _roster(classroom_id: int) -> tuple[list[User], set[int]]:
    """Return the class's students (by id, so labels never follow the roster's order on screen) and teachers."""
    rows = db.session.execute(
        select(Membership.user_id, Membership.role).where(Membership.classroom_id == classroom_id)
    ).all()
    students = sorted(user_id for user_id, role in rows if role == "student")
    teachers = {user_id for user_id, role in rows if role == "teacher"}
    users = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(students)))}
    return [users[i] for i in students if i in users], teachers


def _visible(post: Post) -> bool:
    return post.status == PUBLISHED and not post.hidden


def _above(post: Post) -> list[Post]:
    """Return the published posts this one answers, the nearest last."""
    chain, current = [], post.parent
    while current is not None and len(chain) < MAX_ABOVE and _visible(current):
        chain.insert(0, current)
        current = current.parent
    return chain


def _below(post: Post) -> list[tuple[Post, int]]:
    """Return the published replies under a post, in thread order, with their depth (a level per query)."""
    children: dict[int, list[Post]] = {}
    level, depth, count = [post.id], 0, 0
    while level and depth < MAX_DEPTH and count < MAX_BELOW:
        rows = list(db.session.scalars(
            select(Post).where(Post.parent_id.in_(level), Post.status == PUBLISHED, Post.hidden.is_(False))
            .order_by(Post.created_at, Post.id)
        ))
        for row in rows:
            children.setdefault(row.parent_id, []).append(row)
        count += len(rows)
        level, depth = [row.id for row in rows], depth + 1
    ordered: list[tuple[Post, int]] = []

    def walk(parent_id: int, depth: int) -> None:
        for child in children.get(parent_id, []):
            if len(ordered) < MAX_BELOW:
                ordered.append((child, depth))
                walk(child.id, depth + 1)

    walk(post.id, 1)
    return ordered


class _Labels:
    """Give each person a neutral label in the order they appear, the work's own writers first."""

    def __init__(self, writers: list[User], classmates: list[User], writer_word: str):
        self.writers = writers
        self.classmates = [u for u in classmates if u.id not in {w.id for w in writers}]
        self.visitors: list[User] = []
        self.writer_word = writer_word

    def add_visitor(self, user: User) -> None:
        known = {u.id for u in self.writers + self.classmates + self.visitors}
        if user.id not in known:
            self.visitors.append(user)

    def everyone(self) -> list[User]:
        return self.writers + self.classmates + self.visitors

    def namer(self, texts: list[str]) -> tuple[Namer, dict[int, str]]:
        """Return the namer with final labels, classmates lettered by first appearance in these texts."""
        people = self.everyone()
        plain = Namer([_person(u, "") for u in people])
        seen = plain.order_of_appearance(texts)
        order = seen + [i for i in range(len(people)) if i not in seen]
        labels: dict[int, str] = {}
        for index, writer in enumerate(self.writers):
            labels[writer.id] = self.writer_word if len(self.writers) == 1 else f"{self.writer_word} {letters(index)}"
        for group, word in ((self.classmates, "Classmate"), (self.visitors, "Visitor")):
            ids = {u.id for u in group}
            for index, user in enumerate(people[i] for i in order if people[i].id in ids):
                labels[user.id] = f"{word} {letters(index)}"
        return Namer([_person(u, labels[u.id]) for u in people]), labels


def _person(user: User, label: str) -> Person:
    return Person(label=label, first_name=user.first_name, last_name=user.last_name, login=user.login)


def _clean(namer: Namer, source: str, headings: bool = False) -> tuple[str, str]:
    """Replace names in Markdown, render it through the one sanitizer, and replace names again in the result."""
    md = namer.text(source)
    return md, namer.html(render_markdown(md, headings=headings))


def _people(labels: dict[int, str], users: list[User]) -> list[dict]:
    return [{"id": u.id, "label": labels[u.id], "name": u.full_name} for u in users]


def is_student_work(post: Post) -> bool:
    """A published response or reply by a student on the class's roster.

    Work still waiting for its teacher, returned or rejected is seen by its writer and the class's
    teachers only (an address or a phone number may still be in it): colleagues never see it.
    """
    if post.kind not in ("response", "reply") or post.status != PUBLISHED:
        return False
    return db.session.scalar(select(Membership.id).where(
        Membership.classroom_id == post.classroom_id, Membership.user_id == post.author_id,
        Membership.role == "student")) is not None


def copy_of_post(post: Post) -> Copy:
    """Copy a post with the published thread around it, names replaced."""
    students, teachers = _roster(post.classroom_id)
    labels = _Labels([post.author], students, "Student")
    around = [(p, "above", i) for i, p in enumerate(_above(post))] + [(p, "below", d) for p, d in _below(post)]
    student_ids = {u.id for u in students}

    def adult(other: Post) -> bool:
        """The class's teachers, and the school's teachers and admins: their names stay, as "Teacher"."""
        return other.author_id in teachers or (
            other.author_id not in student_ids and other.author.role in ("teacher", "admin"))

    for other, _, _ in around:
        if other.author_id not in student_ids and other.author_id != post.author_id and not adult(other):
            labels.add_visitor(other.author)
    texts = [post.prompt.question, post.body_md] + [p.body_md for p, _, _ in around]
    namer, names = labels.namer(texts)
    body_md, body_html = _clean(namer, post.body_md)
    thread = []
    for other, place, depth in around:
        label = "Teacher" if adult(other) else names.get(other.author_id, "Visitor")
        thread.append({"place": place, "depth": depth, "label": label, "body_html": _clean(namer, other.body_md)[1]})
    return Copy(kind_label=KIND_WORDS.get(post.kind, "Student’s post"), question=namer.text(post.prompt.question),
                body_md=body_md, body_html=body_html, thread=thread,
                people=_people(names, labels.everyone()), namer=namer)


def copy_of_pad_revision(pad: Pad, revision: PadRevision, markdown: str) -> Copy:
    """Copy a pad as it stood at one revision, names replaced; its writers are the students it names first."""
    students, teachers = _roster(pad.classroom_id)
    # Its writers, the class's teachers apart; a student who has left the class since is still named.
    wrote = sorted(set(revision.authors or []) - teachers)
    found = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(wrote)))}
    writers = [found[i] for i in wrote if i in found and found[i].role not in ("teacher", "admin")]
    labels = _Labels(writers, students, "Student")
    namer, names = labels.namer([pad.prompt.question, pad.name, markdown])
    body_md, body_html = _clean(namer, markdown, headings=True)
    # Short names become longer labels: the pad's name is shortened so the whole label fits its column.
    name = namer.text(pad.name)
    what = f"The pad “{name if len(name) <= 80 else name[:79] + '…'}”" if pad.name else "The class pad"
    return Copy(kind_label=f"{what}, revision {revision.number}", question=namer.text(pad.prompt.question),
                body_md=body_md, body_html=body_html, people=_people(names, labels.everyone()), namer=namer)


def namer_of(people: list[dict]) -> Namer:
    """Rebuild a share's namer from the people it keeps, with the names their accounts hold now and then."""
    users = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_([p["id"] for p in people])))}
    found = []
    for entry in people:
        user = users.get(entry["id"])
        if user is not None:
            found.append(_person(user, entry["label"]))
        # The name at share time too, in case the account was renamed since.
        first, _, last = entry.get("name", "").partition(" ")
        if first:
            found.append(Person(label=entry["label"], first_name=first, last_name=last))
    return Namer(found)
