"""A family's comments count toward the same per-person limit as every other contribution."""
from __future__ import annotations

from board.extensions import limiter


def test_a_flood_of_family_comments_is_refused_past_the_limit(make, client, family_of, monkeypatch, app):
    school = make.school()
    post = make.post(school.maya, school.class_prompt, "A rule is fair when everyone helped make it.", publish=True)
    family_of(school, school.maya)
    monkeypatch.setitem(app.config, "POST_RATE_LIMIT", "3 per minute")
    limiter.reset()
    try:
        statuses = [client.post(f"/family/posts/{post.id}/comment",
                                data={"body": f"Proud of you, thought {n}.", "action": "post"}).status_code
                    for n in range(5)]
    finally:
        limiter.reset()
    assert statuses[:3] == [302, 302, 302] and statuses[3:] == [429, 429], statuses
