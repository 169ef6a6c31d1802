"""Seeding a benchmark school in bulk: people through the services, posts by the thousand."""
from __future__ import annotations

import itertools
import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import insert, update

from board.accounts.services import create_user
from board.classes.models import Membership
from board.classes.services import create_classroom
from board.discussions.models import Flag, Post, PostVersion
from board.extensions import db
from board.moderation.states import PENDING, PUBLISHED, REJECTED, RETURNED
from board.prompts.models import Prompt
from board.prompts.services import save_prompt
from board.text import render_markdown
from board.timeutil import utcnow

PASSWORD = "bench horse battery staple"

NORMS = "Critique the idea, not the person.\nBack up your claims with evidence.\nLet everyone speak."
#: a thread branch never goes deeper than this below its response
MAX_DEPTH = 6

#: (label, value, unit, notes)
Row = tuple[str, object, str, str]

FIRST = ["Maya", "Jonah", "Lucia", "Theo", "Amara", "Felix", "Noor", "Kai", "Sofia", "Ibrahim",
         "Lena", "Mateo", "Priya", "Owen", "Yuki", "Zara", "Elias", "Hana", "Diego", "Ruth"]
LAST = ["Chen", "Okafor", "Morales", "Brandt", "Haddad", "Nguyen", "Kowalski", "Silva", "Larsen",
        "Petrov", "Adeyemi", "Rossi", "Tanaka", "Walsh", "Dubois", "Ahmed", "Novak", "Reyes"]
SENTENCES = [
    "I think the voting age should stay at 18 because most people are still in school before then.",
    "The second article says turnout is higher when people start voting young, which surprised me.",
    "I disagree with *part* of this: being affected by a law is not the same as understanding it.",
    "Could you say more about what you mean by **responsibility**?",
    "My aunt votes in every election and she says the habit started when she was a teenager.",
    "A rule is fair when the people who follow it had some say in making it.",
    "The data in the first article only covers two cities, so I am not sure it generalises.",
    "We already trust 16-year-olds to drive, work and pay taxes on what they earn.",
    "That is a good point, but it assumes everyone gets the same civics education, and we do not.",
    "See https://example.org/voting-age-study for the study the article mentions.",
    "Maybe the question is not the age but whether schools prepare people to vote at all.",
    "I changed my mind after reading your reply: the evidence about habits is convincing.",
]
#: texts a teacher sees in the queue with norms findings highlighted: (text, [(words, rule, category)])
#: The findings are written out here, so the benchmark does not depend on the norms checks' state.
HEATED = [
    ("This is a stupid idea and you are an idiot for believing it.",
     [("you are an idiot", "insult", "personal_attack")]),
    ("WHY WOULD ANYONE THINK THIS IS FAIR?? It is obviously not.",
     [("WHY WOULD ANYONE THINK THIS IS FAIR", "caps", "shouting")]),
    ("Shut up, nobody asked you. Text me at 555-123-4567 if you want to argue.",
     [("Shut up", "shut-up", "shutdown"), ("555-123-4567", "phone", "privacy")]),
]
MESSAGES = {
    "personal_attack": "Critique the idea, not the person.",
    "shouting": "No need to shout: let your argument carry the weight.",
    "shutdown": "Keep the conversation open: everyone gets to speak.",
    "privacy": "This will be read by others: keep phone numbers, emails, addresses and accounts private.",
}
_KEYS = itertools.count(1)
SUBJECTS = ["Civics", "History", "English", "Science", "Geography"]


@dataclass
class Texts:
    """Distinct Markdown texts, each rendered once, with norms findings where they have any."""

    calm: list[tuple[str, str]]
    heated: list[tuple[str, str, list]]


# ---- the database ------------------------------------------------------------------------




# ---- seeding -----------------------------------------------------------------------------


def make_texts(rng: random.Random, count: int = 40) -> Texts:
    """Write distinct posts from the sentence pool, some with lists, quotes and paragraphs."""
    calm = []
    for i in range(count):
        picked = rng.sample(SENTENCES, rng.randint(1, 5))
        if i % 7 == 3:
            body = picked[0] + "\n\n" + "\n".join(f"- {s}" for s in picked[1:])
        elif i % 5 == 2:
            body = f"> {picked[0]}\n\n" + " ".join(picked[1:] or ["Agreed."])
        else:
            body = "\n\n".join(" ".join(picked[j:j + 2]) for j in range(0, len(picked), 2))
        calm.append((body, render_markdown(body)))
    heated = [
        (body, render_markdown(body), [
            {"rule": rule, "category": category, "message": MESSAGES[category], "blocking": False,
             "start": body.index(words), "end": body.index(words) + len(words)}
            for words, rule, category in found])
        for body, found in HEATED
    ]
    return Texts(calm, heated)


def make_people(tag: str, count: int, rng: random.Random, role: str = "student") -> list:
    people = [create_user(rng.choice(FIRST), rng.choice(LAST), f"{tag}{i:04d}", PASSWORD, role=role)
              for i in range(count)]
    db.session.commit()
    return people


def enrol(classroom, teacher, students, rng: random.Random, consent_share: float) -> None:
    """Put students on the roster, with consent on record for some."""
    now = utcnow()
    consent = {s.id: rng.random() < consent_share for s in students}
    db.session.execute(insert(Membership), [
        {"classroom_id": classroom.id, "user_id": s.id, "role": "student",
         "consent_at": now if consent[s.id] else None, "consent_by_id": teacher.id if consent[s.id] else None,
         "consent_note": "form returned" if consent[s.id] else "", "trusted": False, "suspended": False,
         "joined_at": now - timedelta(days=30)}
        for s in students
    ])
    db.session.commit()


def make_prompt(classroom, teacher, question: str, visibility: str, days_open: int = 21) -> Prompt:
    return save_prompt(Prompt(classroom_id=classroom.id), {
        "question": question, "context_md": "Read the two articles first, then answer in your own words.",
        "norms": NORMS, "visibility": visibility,
        "opens_at": utcnow() - timedelta(days=days_open), "closes_at": None,
    }, teacher)


def post_row(prompt, author_id: int, body: tuple, when: datetime, status: str, kind: str = "response",
             parent_id: int | None = None, revision: int = 1, open_flags: int = 0) -> dict:
    """Return the columns of one post as the submit and decide services would leave them."""
    decided = when + timedelta(hours=3) if status != PENDING else None
    findings = body[2] if len(body) > 2 else []
    feedback = {RETURNED: "Say which article you mean and quote it.",
                REJECTED: "This breaks our first norm."}.get(status, "")
    return {
        "prompt_id": prompt.id, "classroom_id": prompt.classroom_id, "author_id": author_id,
        "parent_id": parent_id, "kind": kind, "body_md": body[0], "body_html": body[1],
        "findings": findings, "posted_anyway": bool(findings), "revised_after_reminder": False,
        "revision": revision, "feedback": feedback, "feedback_norm": "", "hidden": False,
        "open_flags": open_flags, "submission_key": None, "created_at": when,
        "status": status, "lock_version": 1 + (status != PENDING) + 2 * (revision - 1),
        "submitted_at": when + timedelta(hours=2 * (revision - 1)), "decided_at": decided,
        "published_at": decided if status == PUBLISHED else None,
    }


def insert_posts(rows: list[dict], texts: Texts, rng: random.Random) -> list[int]:
    """Insert posts and their versions in bulk; return the new ids in the order of rows."""
    if not rows:
        return []
    # Each composer form sends a unique key; here it also tells which id went to which row
    # (asking for RETURNING in parameter order makes PostgreSQL insert one row at a time).
    for row in rows:
        row["submission_key"] = f"seed-{next(_KEYS):09d}"
    found = dict(db.session.execute(insert(Post).returning(Post.submission_key, Post.id), rows).all())
    ids = [found[row["submission_key"]] for row in rows]
    versions = []
    for row, post_id in zip(rows, ids, strict=True):
        for number in range(1, row["revision"] + 1):
            last = number == row["revision"]
            md, html = (row["body_md"], row["body_html"]) if last else rng.choice(texts.calm)
            versions.append({
                "post_id": post_id, "number": number, "body_md": md, "body_html": html,
                "findings": row["findings"] if last else [], "author_id": row["author_id"],
                "note": "submitted" if number == 1 else "resubmitted",
                "created_at": row["created_at"] + timedelta(hours=2 * (number - 1)),
            })
    db.session.execute(insert(PostVersion), versions)
    return ids


def some_status(rng: random.Random, pending: float = 0.07) -> str:
    roll = rng.random()
    if roll < pending:
        return PENDING
    if roll < pending + 0.04:
        return RETURNED
    if roll < pending + 0.06:
        return REJECTED
    return PUBLISHED


def thread_plan(n: int, rng: random.Random) -> list[tuple[int | None, int, str]]:
    """Return (parent index, depth, status) per post, oldest first.

    About a quarter are responses; replies answer published posts only, up to MAX_DEPTH
    below their response; a few early responses draw long conversations (20+ replies).
    """
    responses = max(1, round(n * 0.24))
    moments = sorted([(rng.random() ** 1.6 * 0.6, True) for _ in range(responses - 1)] + [(0.0, True)]
                     + [(rng.random() ** 0.6, False) for _ in range(n - responses)])
    plan: list[tuple[int | None, int, str]] = []
    root_of: list[int] = []
    open_posts: list[int] = []  # published, not too deep to answer
    open_in_branch: dict[int, list[int]] = {}
    busy: list[int] = []
    for index, (_, is_response) in enumerate(moments):
        status = some_status(rng)
        parent = None
        if not is_response and open_posts:
            branch = rng.choice(busy) if busy and rng.random() < 0.45 else None
            if branch is not None and open_in_branch.get(branch):
                pool = open_in_branch[branch]
                parent = rng.choice(pool[-4:]) if rng.random() < 0.6 else rng.choice(pool)
            else:
                parent = rng.choice(open_posts)
        depth = 0 if parent is None else plan[parent][1] + 1
        root = index if parent is None else root_of[parent]
        plan.append((parent, depth, status))
        root_of.append(root)
        if parent is None and status == PUBLISHED and len(busy) < max(1, n // 120):
            busy.append(index)
        if status == PUBLISHED and depth < MAX_DEPTH:
            open_posts.append(index)
            open_in_branch.setdefault(root, []).append(index)
    return plan


@dataclass
class ThreadSchool:
    student_login: str
    #: prompt id by number of posts
    prompts: dict[int, int]


def build_thread_school(texts: Texts, rng: random.Random, sizes=(50, 500)) -> ThreadSchool:
    """One class of 40 (80% with consent), one public prompt per thread size."""
    teacher = make_people("thread-teacher", 1, rng, "teacher")[0]
    classroom = create_classroom(teacher, "Civics 8B")
    students = make_people("thread-student", 40, rng)
    enrol(classroom, teacher, students, rng, consent_share=0.8)
    reader_student = students[0]
    prompts = {}
    for n in sizes:
        question = f"Should our town lower the voting age to 16? ({n})"
        prompt = make_prompt(classroom, teacher, question, "public")
        prompts[n] = prompt.id
        plan = thread_plan(n, rng)
        start = utcnow() - timedelta(days=6)
        rows = []
        for i, (_, depth, status) in enumerate(plan):
            author = teacher if depth and rng.random() < 0.05 else rng.choice(students)
            when = start + timedelta(days=5 * i / n, seconds=rng.randint(0, 60))
            rows.append(post_row(prompt, author.id, rng.choice(texts.calm), when, status,
                                 "reply" if depth else "response",
                                 revision=2 if rng.random() < 0.05 else 1))
        ids: list[int | None] = [None] * n
        # Parents get their ids first: one bulk insert per depth.
        for depth in range(MAX_DEPTH + 1):
            level = [i for i, step in enumerate(plan) if step[1] == depth]
            for i in level:
                rows[i]["parent_id"] = ids[plan[i][0]] if plan[i][0] is not None else None
            for i, post_id in zip(level, insert_posts([rows[i] for i in level], texts, rng), strict=True):
                ids[i] = post_id
        flagged = [ids[i] for i, r in enumerate(rows) if r["status"] == PUBLISHED
                   and r["author_id"] != reader_student.id and rng.random() < 0.03]
        if flagged:
            db.session.execute(insert(Flag), [
                {"post_id": pid, "user_id": reader_student.id, "reason": "Unkind", "created_at": utcnow()}
                for pid in flagged])
            db.session.execute(update(Post).where(Post.id.in_(flagged)).values(open_flags=1))
        db.session.commit()
    return ThreadSchool(reader_student.login, prompts)


@dataclass
class QueueSchool:
    teacher_login: str
    pending: int
    classroom_id: int
    prompt_id: int
    in_class: int
    in_prompt: int


def build_queue_school(tag: str, pending: int, texts: Texts, rng: random.Random, classes: int = 20,
                       students_per_class: int = 20, published_per_class: int = 100) -> QueueSchool:
    """A teacher of many classes, each with three prompts, published work, and pending work spread evenly."""
    teacher = make_people(f"{tag}-teacher", 1, rng, "teacher")[0]
    roster = []
    for c in range(classes):
        name = f"{SUBJECTS[c % len(SUBJECTS)]} {7 + c % 4}{'ABCDE'[c // 4 % 5]}"
        classroom = create_classroom(teacher, name)
        students = make_people(f"{tag}-c{c:02d}-", students_per_class, rng)
        enrol(classroom, teacher, students, rng, consent_share=0.6)
        prompts = [make_prompt(classroom, teacher, f"Question {k + 1} for {name}: what makes a rule fair?",
                               "class" if k else "public", days_open=20 - 5 * k) for k in range(3)]
        roster.append((classroom, students, prompts))

    now = utcnow()
    background = []
    for _, students, prompts in roster:
        for _ in range(published_per_class):
            prompt = rng.choice(prompts)
            when = now - timedelta(days=rng.uniform(10, 20))
            status = some_status(rng, pending=0)
            background.append(post_row(prompt, rng.choice(students).id, rng.choice(texts.calm), when, status,
                                       open_flags=int(status == PUBLISHED and rng.random() < 0.01)))
    ids = insert_posts(background, texts, rng)
    answerable: dict[int, list[int]] = {}
    for row, post_id in zip(background, ids, strict=True):
        if row["status"] == PUBLISHED:
            answerable.setdefault(row["prompt_id"], []).append(post_id)
    reported = [(post_id, row) for row, post_id in zip(background, ids, strict=True) if row["open_flags"]]
    if reported:
        db.session.execute(insert(Flag), [
            {"post_id": post_id, "user_id": rng.choice(roster[0][1]).id, "reason": "Mean to someone",
             "created_at": row["created_at"] + timedelta(days=1)} for post_id, row in reported])

    waiting = []
    for i in range(pending):
        classroom, students, prompts = roster[i % classes]
        prompt = rng.choice(prompts)
        body = rng.choice(texts.heated) if rng.random() < 0.1 else rng.choice(texts.calm)
        replying = answerable.get(prompt.id) and rng.random() < 0.25
        parent = rng.choice(answerable[prompt.id]) if replying else None
        when = now - timedelta(days=rng.uniform(0, 9))
        waiting.append(post_row(prompt, rng.choice(students).id, body, when,
                                PENDING, "reply" if parent else "response", parent,
                                revision=2 if rng.random() < 0.04 else 1))
    insert_posts(waiting, texts, rng)
    db.session.commit()

    classroom, _, prompts = roster[0]
    return QueueSchool(teacher.login, pending, classroom.id, prompts[0].id,
                       sum(1 for r in waiting if r["classroom_id"] == classroom.id),
                       sum(1 for r in waiting if r["prompt_id"] == prompts[0].id))


# ---- the benchmarks ----------------------------------------------------------------------


