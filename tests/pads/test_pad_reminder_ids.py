"""A reminder a pad recorded stays the pad's: its id sent with a post's composer settles nothing."""
from __future__ import annotations

from sqlalchemy import select

from board.discussions.models import Post, Reminder
from board.extensions import db


def test_a_pad_reminder_id_in_a_composer_is_not_taken_as_the_posts(pad_school, client, login_as):
    school = pad_school
    pad_reminder = Reminder(user_id=school.maya.id, prompt_id=school.pad_prompt.id,
                            classroom_id=school.classroom.id, pad_id=school.pad.id, categories=["civility"])
    db.session.add(pad_reminder)
    db.session.commit()
    login_as(school.maya)
    response = client.post(f"/prompts/{school.pad_prompt.id}/respond", data={
        "body": "Parks need benches for older people.", "action": "post", "reminder_id": str(pad_reminder.id)})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Reminder, pad_reminder.id).outcome is None
    post = db.session.scalar(select(Post).where(Post.author_id == school.maya.id))
    assert post is not None and not post.revised_after_reminder
