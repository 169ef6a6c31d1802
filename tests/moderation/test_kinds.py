"""Kinds of contribution register with moderation from their own feature, and decisions are announced once."""
from __future__ import annotations

import pytest

from board import signals
from board.discussions.models import Post
from board.extensions import db
from board.moderation import kinds
from board.moderation.kinds import Kind
from board.moderation.states import PUBLISHED
from board.notifications.models import Notification
from board.pads.models import Pad


def test_posts_fill_the_queue_and_pads_have_a_section_each_with_its_templates(app):
    names = [kind.name for kind in kinds.all_kinds()]
    assert names[:2] == ["post", "pad"]
    assert kinds.listed() is kinds.get("post")
    assert kinds.get("pad") in kinds.sectioned()
    for kind in kinds.all_kinds():
        app.jinja_env.get_template(kind.template)
        app.jinja_env.get_template(kind.recent_template)


def test_a_kind_name_belongs_to_one_model(app):
    post = kinds.get("post")
    with pytest.raises(ValueError):
        kinds.register(Kind(name="post", model=Pad, label="pad", load_for_teacher=post.load_for_teacher,
                            load_many=post.load_many, template=post.template,
                            recent_template=post.recent_template, waiting=post.waiting))
    # Registering the same kind again (a second app) keeps one.
    kinds.register(post)
    assert [kind.name for kind in kinds.all_kinds()].count("post") == 1
    assert kinds.of(Post()) is post


def test_approving_a_reply_is_announced_once_and_its_parents_writer_hears_once(client, make, login_as):
    school = make.school()
    parent = make.post(school.jonah, school.public_prompt, "Jonah's first thought", publish=True)
    reply = make.post(school.maya, school.public_prompt, "Maya answers Jonah", parent=parent)
    decided, published = [], []

    def on_decided(item, **kwargs):
        decided.append((item.id, kwargs["published"]))

    def on_published(post, **kwargs):
        published.append((post.id, kwargs["decision"] is not None))

    signals.moderation.decided.connect(on_decided)
    signals.discussions.published.connect(on_published)
    try:
        login_as(school.teacher)
        response = client.post(f"/queue/{reply.id}/decide", data={"action": "approve", "version": reply.lock_version})
    finally:
        signals.moderation.decided.disconnect(on_decided)
        signals.discussions.published.disconnect(on_published)
    assert response.status_code == 302
    assert decided == [(reply.id, True)]
    assert published == [(reply.id, True)]
    told = db.session.scalars(db.select(Notification).where(Notification.user_id == school.jonah.id,
                                                            Notification.post_id == reply.id)).all()
    assert [n.kind for n in told] == ["reply"]


def test_the_queue_form_decides_a_post_by_its_kind_and_knows_no_other_kind(client, make, login_as):
    school = make.school()
    post = make.post(school.maya, school.public_prompt, "Voting at sixteen builds a habit.")
    login_as(school.teacher)
    assert client.post(f"/queue/nothing/{post.id}/decide",
                       data={"action": "approve", "version": post.lock_version}).status_code == 404
    response = client.post(f"/queue/post/{post.id}/decide", data={"action": "approve", "version": post.lock_version})
    assert response.status_code == 302
    db.session.refresh(post)
    assert post.status == PUBLISHED
