"""A small demo school: one class, two prompts, work in every state, so every page has something."""
from __future__ import annotations

from datetime import timedelta

from board.accounts.models import User
from board.accounts.services import create_user
from board.admin.wordlists import settings
from board.classes.models import Membership
from board.classes.services import create_classroom, set_consent
from board.cli import readable_password
from board.colleagues import services as colleagues
from board.colleagues.models import SharedWork
from board.discussions.services import submit
from board.extensions import db
from board.media import services as media
from board.media.demo import ALT as CHART_ALT
from board.media.demo import turnout_chart
from board.moderation import services as moderation
from board.moderation import states
from board.pads import document, store
from board.pads.demo import seed_pad_picture
from board.pads.models import Pad
from board.portfolio.demo import seed_portfolio
from board.prompts.models import Prompt
from board.prompts.services import save_prompt
from board.timeutil import to_local, utcnow

VOTING_CONTEXT = """Several cities let 16- and 17-year-olds vote in local elections.
Supporters say it builds a habit of voting; critics say teenagers are not ready.

Read the two short articles in your folder, then answer:

1. What is the strongest argument on **each** side?
2. Where do you land, and why?

> “The ballot is stronger than the bullet.” (Abraham Lincoln)
"""

FAIRNESS_CONTEXT = """Think of a rule at school, at home or in a game.
Is it fair? What would make it fairer? Use an example."""

CHARTER_CONTEXT = """Draft the charter together in the pad: what we promise each other, and why.
Argue about the hard parts in the discussion below it."""


def _draft_charter(prompt, *writers) -> None:
    """Start the charter's pad with a few lines from two students, as if they had typed them."""
    pad = db.session.scalar(db.select(Pad).where(Pad.prompt_id == prompt.id))
    lines = [("Our class charter\n", {"header": 1}), ("We listen before we answer.\n", None),
             ("We critique ideas, not people.\n", None)]
    for writer, (text, line_format) in zip((writers[0], writers[0], writers[1]), lines, strict=True):
        loaded = store.load(pad.id)
        before = loaded.doc.get_state()
        body = document.text_of(loaded.doc)
        position = document.byte_length(str(body))
        body.insert(position, text[:-1], {"author": str(writer.id)})
        body.insert(position + document.byte_length(text[:-1]), "\n",
                    {"author": str(writer.id), **(line_format or {})})
        store.append(pad.id, writer.id, loaded.doc.get_update(before))
    store.cut_live_revision(pad.id)


def _local(moment):
    return to_local(moment).replace(tzinfo=None)


def seed_demo() -> list[tuple[str, str, str]]:
    """Fill an empty database with the demo school; return (role, login, password) triples."""
    logins: list[tuple[str, str, str]] = []

    def person(role, first, last, login):
        password = readable_password()
        user = create_user(first, last, login, password, role=role)
        logins.append((role, login, password))
        return user

    admin = person("admin", "Ada", "Admin", "admin")
    teacher = person("teacher", "Dana", "Rivera", "rivera")
    maya = person("student", "Maya", "Chen", "maya")
    jonah = person("student", "Jonah", "Okafor", "jonah")
    lucia = person("student", "Lucia", "Morales", "lucia")
    reader = person("reader", "Sam", "Park", "sam.park@example.org")
    settings()
    db.session.commit()

    civics = create_classroom(teacher, "Civics 8B")
    members = {m.user_id: m for m in civics.memberships}
    for student in (maya, jonah, lucia):
        membership = Membership(classroom_id=civics.id, user_id=student.id, role="student")
        db.session.add(membership)
        members[student.id] = membership
    db.session.commit()
    set_consent(teacher, members[maya.id], True, "Release form received")
    set_consent(teacher, members[jonah.id], True, "Release form received")

    now = utcnow()
    norms = settings().norms
    voting = save_prompt(Prompt(classroom_id=civics.id), {
        "question": "Should our town lower the voting age to 16 for local elections?",
        "context_md": VOTING_CONTEXT, "norms": norms, "visibility": "public",
        "opens_at": _local(now - timedelta(days=2)), "closes_at": _local(now + timedelta(days=12)),
    }, teacher)
    fairness = save_prompt(Prompt(classroom_id=civics.id), {
        "question": "What makes a rule fair?",
        "context_md": FAIRNESS_CONTEXT, "norms": norms, "visibility": "class",
        "opens_at": _local(now - timedelta(days=1)), "closes_at": None,
    }, teacher)
    charter = save_prompt(Prompt(classroom_id=civics.id), {
        "question": "What should our class charter say?",
        "context_md": CHARTER_CONTEXT, "norms": norms, "visibility": "public", "kind": "both",
        "opens_at": _local(now - timedelta(hours=3)), "closes_at": None,
    }, teacher)
    _draft_charter(charter, maya, jonah)

    first = submit(maya, voting, "I think yes. At 16 you can work and pay taxes on your paycheck, so you "
                   "should have a say in how the town spends them. Voting early also builds a *habit*.").post
    moderation.decide(first, states.APPROVE, teacher, first.lock_version)
    reply = submit(jonah, voting, "Good point about taxes, but a lot of 16-year-olds don't follow local "
                   "news. Maybe civics class should come first?", parent=first).post
    moderation.decide(reply, states.APPROVE, teacher, reply.lock_version)
    # A picture in student work: Jonah's chart, drawn now, cleaned and stored like any upload.
    chart = media.store_upload(turnout_chart(), CHART_ALT, jonah)
    charted = submit(jonah, voting, "I made a chart from the article's numbers: older people vote much more. "
                     "If voting is a habit, starting at 16 might raise the young bars.", pictures=[chart]).post
    moderation.decide(charted, states.APPROVE, teacher, charted.lock_version)
    # Maya's answer, brought to colleagues (names replaced) for the looking-at-student-work protocol.
    talk = colleagues.share_post(teacher, first, "How could I help her weigh the other side's strongest argument?")
    colleagues.move_to(teacher, talk, "clarifying")
    colleagues.contribute(admin, talk, "clarifying", "Had the class read both articles before writing?")
    submit(lucia, voting, "I'm not sure yet. My older brother says nobody his age votes in local "
           "elections anyway, so would 16-year-olds?")
    submit(reader, voting, "Thank you for this thoughtful discussion. When I was 16 I would have "
           "loved to vote on our skate park!", parent=first)
    _family(person, teacher, civics, jonah, fairness)
    seed_portfolio(teacher, civics, maya, first, voting, reply)
    seed_pad_picture(db.session.scalar(db.select(Pad).where(Pad.prompt_id == charter.id)), jonah, teacher)
    return logins


def tour() -> list[str]:
    """Say where to look first in the demo school, one line each, as paths on this site."""
    from flask import url_for

    maya = db.session.scalar(db.select(User).where(User.login == "maya"))
    voting = db.session.scalar(db.select(Prompt).where(Prompt.question.startswith("Should our town")))
    talk = db.session.scalar(db.select(SharedWork.id).order_by(SharedWork.id))
    if maya is None or voting is None or talk is None:
        return []
    return [
        "Where to look first:",
        f"  Maya's portfolio, with pictures (public)   {url_for('portfolio.show', student_id=maya.id)}",
        f"  ... and its Atom feed                      {url_for('portfolio.portfolio_feed', student_id=maya.id)}",
        f"  A public prompt, pictures in its posts     {url_for('discussions.prompt', prompt_id=voting.id)}",
        f"  ... and its feed of published responses   {url_for('portfolio.prompt_feed', prompt_id=voting.id)}",
        "  A family's view of their child             sign in as grace.okafor@example.org",
        f"  Student work with colleagues (as rivera)   {url_for('colleagues.show', work_id=talk)}",
        "  The moderation queue                       sign in as rivera, then Queue",
    ]


def _family(person, teacher, classroom, student, prompt) -> None:
    """A parent who joined with the printed code, gave consent in the app, and left a comment that waits."""
    from board.families import services as families

    rule = submit(student, prompt, "A rule is fair when it has a reason you can say out loud. Our phone rule "
                  "does: phones away in class so everyone listens.").post
    moderation.decide(rule, states.APPROVE, teacher, rule.lock_version)
    parent = person("family", "Grace", "Okafor", "grace.okafor@example.org")
    code = next(row.invitation.code for row in families.class_families(teacher, classroom)
                if row.membership.user_id == student.id)
    link = families.link_child(parent, code, "Mother")
    db.session.commit()
    families.record_consent(parent, link, True, "Grace Okafor", "Mother")
    submit(parent, prompt, "I like that you gave the reason, Jonah. What rule at home would you change?",
           parent=rule)
