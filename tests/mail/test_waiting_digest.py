"""A teacher's daily digest of what waits in their queue: how much, since when, and a link that opens it."""
from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from sqlalchemy import update

from board.discussions.models import Post
from board.extensions import db
from board.mail import preferences
from board.timeutil import utcnow
from tests.mail.conftest import after_undo_window, html_part, text_part, with_email


def wants_only_the_waiting_summary(teacher, choice: str = preferences.DIGEST) -> None:
    preferences.save_choices(teacher, {k.name: preferences.NEVER for k in preferences.kinds_for(teacher)}
                             | {"waiting": choice})


def test_the_digest_says_how_much_waits_and_opens_the_queue(app, client, make, login_as, smtp, work, monkeypatch):
    school = make.school()
    with_email(school.teacher)
    wants_only_the_waiting_summary(school.teacher)
    first = make.post(school.maya, school.class_prompt, "Rules can change when the class agrees.")
    make.post(school.jonah, school.class_prompt, "Rules need reasons.")
    db.session.execute(update(Post).where(Post.id == first.id).values(submitted_at=utcnow() - timedelta(days=2)))
    db.session.commit()
    monkeypatch.setitem(app.config, "MAIL_DIGEST_HOUR", 0)
    work(after_undo_window(app))
    [digest] = smtp.inbox.to(school.teacher.email)
    assert "daily digest" in digest["Subject"]
    text = text_part(digest)
    assert "2 items wait in your queue; the oldest arrived 2 days ago." in text
    assert "Open the queue" in html_part(digest)
    link = next(line.strip() for line in text.splitlines() if line.strip().startswith("http://commons.test/queue"))
    login_as(school.teacher)
    page = client.get(urlsplit(link).path)
    assert page.status_code == 200 and "Rules need reasons." in page.get_data(as_text=True)


def test_an_empty_queue_or_another_choice_sends_no_summary(app, make, smtp, work, monkeypatch):
    school = make.school()
    with_email(school.teacher)
    with_email(school.other_teacher)
    wants_only_the_waiting_summary(school.teacher)  # nothing waits in Civics 8B
    wants_only_the_waiting_summary(school.other_teacher, preferences.NEVER)
    other_prompt = make.prompt(school.other_classroom, question="What does history teach us?")
    make.post(school.outsider, other_prompt, "History repeats when nobody reads it.")
    monkeypatch.setitem(app.config, "MAIL_DIGEST_HOUR", 0)
    work(after_undo_window(app))
    assert smtp.inbox.messages == []
