"""A school with work worth talking about, and the steps of sharing it."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from board.colleagues.models import SharedWork
from board.extensions import db

FRAMING = "How could I push this student to use evidence from the articles?"


def share(client, post, framing: str = FRAMING, **extra):
    """Share a post through its form, as its teacher would; return the response."""
    return client.post(f"/colleagues/share/posts/{post.id}", data={"body": framing, **extra})


def latest_share() -> SharedWork:
    db.session.expire_all()
    return db.session.scalar(select(SharedWork).order_by(SharedWork.id.desc()).limit(1))


def words(page: str) -> str:
    """Return the text a person reads on a page: tags dropped, entities left as they are."""
    return re.sub(r"<[^>]+>", " ", page)


@pytest.fixture
def school(make):
    return make.school()


@pytest.fixture
def shared(school, make, client, login_as):
    """Maya's published response, shared by her teacher; the teacher stays signed in."""
    post = make.post(school.maya, school.class_prompt, "Rules are fair when everyone helped make them.",
                     publish=True)
    login_as(school.teacher)
    assert share(client, post).status_code == 302
    return latest_share()
