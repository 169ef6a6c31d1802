"""Every place that shows a contribution agrees with the one visibility rule.

For each person (the rows of ROLES) and each state a contribution can be in (STATES), the table
READABLE says who may read it. The test walks every place that shows a contribution or counts it:
the notification list, the unread count in the nav, the post's page, its prompt's page and count,
and the home page; and checks that each shows the contribution exactly when the table says so,
and that permissions.can_read_post says the same. Notifications are written straight into the
inbox, as if sent before the contribution changed state: what was sent earlier must not show what
its reader may no longer read.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass

import pytest

from board import permissions
from board.accounts.models import User
from board.discussions.flags import flag_post
from board.discussions.models import Post
from board.extensions import db
from board.moderation import services as moderation
from board.moderation import states
from board.notifications.models import Notification

ROLES = (
    "anon",  # nobody signed in
    "reader",  # a parent with a reader account, who comments on public work
    "stranger",  # a self-registered reader with no tie to the school
    "classmate",  # a student of the class
    "outsider",  # a student of another class
    "teacher",  # the class's teacher
    "other_teacher",  # the teacher of another class
    "admin",
)
EVERYONE = set(ROLES)
STAFF = {"teacher", "admin"}
CLASS = {"classmate"} | STAFF

#: state -> who may read a contribution in that state (the author aside)
READABLE = {
    "pending": STAFF,
    "published_without_consent": CLASS,
    "published_with_consent": EVERYONE,
    "class_only_prompt": CLASS,
    "hidden_by_flags": STAFF,
    "rejected": STAFF,
}
STATES = tuple(READABLE)


@dataclass
class World:
    people: dict[str, User | None]
    posts: dict[str, Post]


def build(make) -> World:
    """One school; each state under a prompt of its own, so each count speaks of one contribution."""
    s = make.school()
    people = {
        "anon": None, "reader": s.reader, "stranger": make.user("reader", "Finn", "Wolf"),
        "classmate": s.jonah, "outsider": s.outsider, "teacher": s.teacher,
        "other_teacher": s.other_teacher, "admin": s.admin,
    }
    posts = {}
    for state in STATES:
        prompt = make.prompt(s.classroom, "class" if state == "class_only_prompt" else "public",
                             f"Question for {state.replace('_', ' ')}?")
        author = s.lucia if state == "published_without_consent" else s.maya
        post = make.post(author, prompt, f"Words of mk{state.replace('_', '')} here.",
                         publish=state not in ("pending", "rejected"))
        if state == "rejected":
            moderation.decide(post, states.REJECT, s.teacher, post.lock_version, feedback="Off topic.")
        if state == "hidden_by_flags":
            flag_post(s.teacher, post, "Check this first.")
        db.session.refresh(post)
        posts[state] = post
    assert posts["hidden_by_flags"].hidden and posts["rejected"].status == states.REJECTED
    # An inbox filled before anything changed: one unread notification per contribution, each
    # quoting it as the old code did, for every person who has an inbox.
    for person in people.values():
        if person is None:
            continue
        for state, post in posts.items():
            db.session.add(Notification(
                user_id=person.id, kind="reply", post_id=post.id,
                message=f"{post.author.display_name} replied to your comment: “{marker(state)} here”"))
    db.session.commit()
    return World(people, posts)


def marker(state: str) -> str:
    return f"mk{state.replace('_', '')}"


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def unread_in_nav(page: str) -> int:
    found = re.search(r'aria-label="(\d+) unread"', page)
    return int(found.group(1)) if found else 0


@pytest.mark.parametrize("role", ROLES)
def test_every_place_shows_a_contribution_exactly_when_its_reader_may_read_it(role, client, make, login_as):
    world = build(make)
    person = world.people[role]
    if person is not None:
        login_as(person)
    readable = {state for state in STATES if role in READABLE[state]}

    for state, post in world.posts.items():
        viewer = db.session.get(User, person.id) if person is not None else None
        assert permissions.can_read_post(viewer, db.session.get(Post, post.id)) == (state in readable), (
            f"the rule disagrees with the table: {role} × {state}")

        page = client.get(f"/posts/{post.id}")
        assert page.status_code == (200 if state in readable else 404), f"post page: {role} × {state}"

        prompt_page = client.get(f"/prompts/{post.prompt_id}")
        if prompt_page.status_code == 404:
            assert state not in readable, f"prompt page: {role} × {state}"
            continue
        body = text(prompt_page)
        # The thread leaves out rejected work even for teachers (the queue shows it); it never
        # shows what the rule refuses.
        in_thread = state in readable and state != "rejected"
        assert (marker(state) in body) == in_thread, f"prompt page: {role} × {state}"
        assert ("1 response" if in_thread else "0 responses") in body, f"prompt count: {role} × {state}"

    if person is None:
        assert client.get("/notifications").status_code == 302
    else:
        inbox = text(client.get("/notifications"))
        for state in STATES:
            assert (marker(state) in inbox) == (state in readable), f"notifications: {role} × {state}"
        assert unread_in_nav(inbox) == len(readable), f"nav count: {role}"

    home = text(client.get("/"))
    for state in STATES:
        if role in ("anon", "reader", "stranger", "outsider", "other_teacher"):
            # Outside the class, the home page lists a prompt only for what the public may read.
            listed = f"Question for {state.replace('_', ' ')}?" in home
            assert listed == ("anon" in READABLE[state]), f"home page: {role} × {state}"
        assert marker(state) not in home
