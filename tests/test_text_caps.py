"""Every text a person sends has a limit; past it, a message beside the field and every word kept."""
from __future__ import annotations

import html

import pytest
from sqlalchemy import select

from board.classes.models import Classroom
from board.discussions.models import Flag, Post
from board.extensions import db
from board.moderation import states
from board.moderation.services import decide
from board.prompts.models import Prompt


def text_of(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def long_text(n: int) -> str:
    """Text of exactly n characters, that reads like someone's words (with one marker at the end)."""
    sentence = "A carefully argued point, with evidence. "
    return (sentence * (n // len(sentence) + 1))[: n - 4] + "END."


@pytest.fixture
def school(make):
    s = make.school()
    s.pending = make.post(s.maya, s.class_prompt, "Fair rules are written down.")
    s.pub = make.post(s.jonah, s.class_prompt, "Rules need reasons.", publish=True)
    return s


def test_a_reply_over_the_limit_keeps_every_word(app, client, login_as, school):
    login_as(school.maya)
    typed = long_text(app.config["POST_MAX_CHARS"] + 1)
    response = client.post(f"/posts/{school.pub.id}/reply", data={"body": typed})
    assert response.status_code == 422
    page = text_of(response)
    assert "the limit is 10,000" in page and typed in page
    assert db.session.scalar(select(Post).where(Post.parent_id == school.pub.id)) is None


def test_a_revision_over_the_limit_keeps_every_word(app, client, login_as, school):
    decide(school.pending, states.RETURN, school.teacher, school.pending.lock_version, feedback="Say more.")
    post = db.session.get(Post, school.pending.id)
    login_as(school.maya)
    typed = long_text(app.config["POST_MAX_CHARS"] + 1)
    response = client.post(f"/posts/{post.id}/revise", data={"body": typed, "version": str(post.lock_version)})
    assert response.status_code == 422
    assert "the limit is 10,000" in text_of(response) and typed in text_of(response)
    assert db.session.get(Post, post.id).status == states.RETURNED


@pytest.mark.parametrize("action", ["return", "reject"])
def test_feedback_over_the_limit_is_refused_beside_the_field_and_kept(client, login_as, school, action):
    login_as(school.teacher)
    typed = long_text(2_001)
    response = client.post(f"/queue/{school.pending.id}/decide", data={
        "action": action, "version": str(school.pending.lock_version), "feedback": typed})
    assert response.status_code == 422
    page = text_of(response)
    assert "the limit is 2,000" in page and typed in page
    assert f'id="e{school.pending.id}-feedback"' in response.get_data(as_text=True)
    assert db.session.get(Post, school.pending.id).status == states.PENDING


def test_a_teachers_edit_over_the_limit_is_refused_and_kept(app, client, login_as, school):
    login_as(school.teacher)
    typed = long_text(app.config["POST_MAX_CHARS"] + 1)
    response = client.post(f"/queue/{school.pending.id}/decide", data={
        "action": "edit_approve", "version": str(school.pending.lock_version), "body": typed})
    assert response.status_code == 422
    assert "the limit is 10,000" in text_of(response) and typed in text_of(response)
    assert db.session.get(Post, school.pending.id).status == states.PENDING


def test_a_named_norm_over_the_limit_is_refused(client, login_as, school):
    login_as(school.teacher)
    response = client.post(f"/queue/{school.pending.id}/decide", data={
        "action": "return", "version": str(school.pending.lock_version), "feedback": "Say more.",
        "norm": "n" * 301})
    assert response.status_code == 422
    assert db.session.get(Post, school.pending.id).status == states.PENDING


def test_a_flag_reason_over_the_limit_keeps_every_word(client, login_as, school):
    login_as(school.maya)
    typed = long_text(501)
    response = client.post(f"/posts/{school.pub.id}/flag", data={"reason": typed})
    assert response.status_code == 422
    assert "under 500 characters" in text_of(response) and typed in text_of(response)
    assert db.session.scalar(select(Flag)) is None


@pytest.mark.parametrize("field, size, message", [
    ("question", 301, "under 300 characters"),
    ("context_md", 20_001, "under 20,000 characters"),
    ("norms", 2_001, "under 2,000 characters"),
])
def test_prompt_fields_over_their_limit_keep_every_word(client, login_as, school, field, size, message):
    login_as(school.teacher)
    data = {"question": "Is it fair?", "context_md": "", "norms": "Be kind.", "kind": "discussion",
            "visibility": "class", "opens_at": "2030-01-01T09:00"}
    data[field] = long_text(size)
    before = db.session.scalar(select(db.func.count(Prompt.id)))
    response = client.post(f"/classes/{school.classroom.id}/prompts/new", data=data)
    assert response.status_code in (200, 422)
    page = text_of(response)
    assert message in page and data[field] in page
    assert 'aria-invalid="true"' in response.get_data(as_text=True)
    assert db.session.scalar(select(db.func.count(Prompt.id))) == before


def test_a_class_name_over_the_limit_keeps_every_word(client, login_as, school):
    login_as(school.teacher)
    typed = long_text(121)
    response = client.post("/classes/new", data={"name": typed})
    assert "under 120 characters" in text_of(response) and typed in text_of(response)
    assert db.session.scalar(select(Classroom).where(Classroom.name == typed)) is None


def test_a_co_teacher_name_over_any_limit_says_so(client, login_as, school):
    login_as(school.teacher)
    response = client.post(f"/classes/{school.classroom.id}/teachers", data={"login": "x" * 300},
                           follow_redirects=True)
    assert "longer than any username" in text_of(response)


@pytest.mark.parametrize("field, size, message", [
    ("norms", 5_001, "under 5,000 characters"),
    ("block_words", 20_001, "under 20,000 characters"),
    ("flag_words", 20_001, "under 20,000 characters"),
    ("allow_words", 20_001, "under 20,000 characters"),
])
def test_school_word_lists_over_their_limit_keep_every_word(client, login_as, school, field, size, message):
    login_as(school.admin)
    data = {"norms": "Be kind.", "block_words": "", "flag_words": "", "allow_words": ""}
    data[field] = long_text(size)
    response = client.post("/admin/norms", data=data)
    page = text_of(response)
    assert message in page and data[field] in page
