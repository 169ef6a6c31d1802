"""A forged form key (longer than any key the forms make) is replaced, never stored: no server error on any database."""
from __future__ import annotations

from sqlalchemy import select

from board.colleagues.models import Contribution
from board.discussions.models import Post
from board.extensions import db
from tests.colleagues.conftest import latest_share

FORGED = "k" * 200


def test_a_forged_key_on_a_share_and_a_contribution_is_replaced(make, client, login_as):
    school = make.school()
    post = make.post(school.maya, school.class_prompt, "Rules are fair when everyone helped make them.",
                     publish=True)
    login_as(school.teacher)
    response = client.post(f"/colleagues/share/posts/{post.id}", data={"body": "Why?", "submission_key": FORGED})
    assert response.status_code == 302
    work = latest_share()
    assert work is not None and len(work.submission_key) <= 64
    login_as(school.other_teacher)
    client.post(f"/colleagues/{work.id}/step", data={"step": "clarifying"})
    login_as(school.teacher)
    assert client.post(f"/colleagues/{work.id}/step", data={"step": "clarifying"}).status_code == 302
    login_as(school.other_teacher)
    answer = client.post(f"/colleagues/{work.id}/contribute",
                         data={"body": "What did the articles say?", "step": "clarifying", "submission_key": FORGED})
    assert answer.status_code == 302
    assert all(len(c.submission_key or "") <= 64 for c in db.session.scalars(select(Contribution)))


def test_a_forged_key_on_a_response_is_replaced(make, client, login_as):
    school = make.school()
    login_as(school.maya)
    response = client.post(f"/prompts/{school.class_prompt.id}/respond",
                           data={"body": "Rules need reasons we can say.", "action": "post", "submission_key": FORGED})
    assert response.status_code == 302
    post = db.session.scalar(select(Post).where(Post.author_id == school.maya.id))
    assert len(post.submission_key) <= 64
