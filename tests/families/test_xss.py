"""The XSS corpus through a family member's names, relationship, signature and comments: every page inert."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from board.accounts.models import User
from board.discussions.models import Post
from board.extensions import db
from board.families import services
from tests.families.conftest import code_for, sign_up
from tests.test_sanitization import (
    BATCH,
    VECTORS,
    _require,
    assert_inert_page,
    batch_params,
    html_fragment_problems,
)


@pytest.mark.parametrize("batch", batch_params())
def test_payloads_from_families_stay_inert_everywhere(make, client, login_as, app, batch, monkeypatch):
    _require(None if batch is None else VECTORS[0])
    # A whole batch of family members follows one student here.
    monkeypatch.setattr(services, "LINKS_PER_STUDENT", BATCH + 1)
    vectors = VECTORS[batch * BATCH:(batch + 1) * BATCH]
    school = make.school()
    post = make.post(school.maya, school.class_prompt, "Rules are fair when everyone helped make them.",
                     publish=True)
    code = code_for(client, login_as, school, school.maya)
    for n, vector in enumerate(vectors):
        payload = vector["payload"]
        client.post("/logout")
        client._csrf = None
        response = sign_up(client, code, email=f"family{n}@example.org", first=payload[:60], last=payload[:60],
                           relationship=payload[:40])
        assert response.status_code in (302, 422), vector["id"]
        if response.status_code == 422:
            # Refused (hidden characters, no letter): the form shows it back, inert.
            assert_inert_page(response.get_data(as_text=True), app, f"{vector['id']} refused sign-up")
            response = sign_up(client, code, email=f"family{n}@example.org", first="Ana", last="Lee")
            assert response.status_code == 302
        for url, data in ((f"/family/posts/{post.id}/comment", {"body": payload, "action": "post_anyway"}),
                          (f"/family/children/{school.maya.id}/consent",
                           {"signature": payload[:120], "relationship": payload[:40], "decision": "give"})):
            response = client.post(url, data=data)
            assert response.status_code in (200, 302, 422), (vector["id"], url)
            if response.status_code != 302:
                assert_inert_page(response.get_data(as_text=True), app, f"{vector['id']} {url}")
        for url in ("/family", f"/family/children/{school.maya.id}", f"/family/posts/{post.id}",
                    f"/family/children/{school.maya.id}/consent"):
            assert_inert_page(client.get(url).get_data(as_text=True), app, f"{vector['id']} {url}")
    db.session.expire_all()
    comments = list(db.session.scalars(select(Post).where(Post.kind == "comment")))
    assert comments, "some payloads were saved as comments"
    for comment in comments:
        assert not html_fragment_problems(comment.body_html), comment.body_md
    assert db.session.scalar(select(User).where(User.role == "family")) is not None
    login_as(school.teacher)
    for url in (f"/classes/{school.classroom.id}", f"/classes/{school.classroom.id}/families",
                f"/classes/{school.classroom.id}/families/sheet", "/queue", f"/posts/{post.id}"):
        response = client.get(url)
        assert response.status_code == 200
        assert_inert_page(response.get_data(as_text=True), app, url)
    for comment in comments:
        client.post(f"/queue/{comment.id}/decide", data={"action": "approve", "version": comment.lock_version})
    login_as(school.maya)
    assert_inert_page(client.get(f"/posts/{post.id}").get_data(as_text=True), app, "the thread with comments")
