"""The database goes away for a moment: an error page that needs no database, the text kept,
and what was saved before the failure answered as saved."""
from __future__ import annotations

import html
from contextlib import contextmanager

import pytest
from sqlalchemy import event, select

from board.discussions.models import Post
from board.extensions import db
from board.moderation import states


class Outage:
    """Make every statement fail, from now or from the next commit on, until it is over."""

    def __init__(self, engine, client):
        self.engine, self.client = engine, client
        self.down = False
        self.after_commit = False

    def _statement(self, conn, cursor, statement, parameters, context, executemany):
        if self.down:
            # The driver's own error, as a database that went away raises it (sqlite3 or psycopg).
            raise conn.dialect.dbapi.OperationalError("server closed the connection unexpectedly")

    def _commit(self, conn):
        if self.after_commit:
            self.down = True

    @contextmanager
    def during(self, after_commit: bool = False):
        self.client.csrf_token()  # the form token a page gave before the outage
        self.down, self.after_commit = not after_commit, after_commit
        event.listen(self.engine, "before_cursor_execute", self._statement)
        event.listen(self.engine, "commit", self._commit)
        try:
            yield self
        finally:
            self.down = self.after_commit = False
            event.remove(self.engine, "before_cursor_execute", self._statement)
            event.remove(self.engine, "commit", self._commit)


@pytest.fixture
def outage(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "ERROR_PAGES_IN_TESTS", True)
    return Outage(db.engine, client)


def text_of(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_a_page_while_the_database_is_away_is_a_calm_503(client, make, login_as, outage):
    school = make.school()
    login_as(school.maya)
    url = f"/prompts/{school.class_prompt.id}"
    with outage.during():
        response = client.get(url)
    assert response.status_code == 503
    page = text_of(response)
    assert "cannot reach its database" in page and "Commons" in page and "Traceback" not in page
    assert response.headers.get("Retry-After")
    # Back without a restart.
    assert client.get(url).status_code == 200


def test_a_post_sent_while_the_database_is_away_comes_back_to_send_again(client, make, login_as, outage):
    school = make.school()
    login_as(school.maya)
    url = f"/prompts/{school.class_prompt.id}/respond"
    typed = "An answer I wrote during a restart, every word of it."
    with outage.during():
        response = client.post(url, data={"body": typed, "submission_key": "key-1"})
    assert response.status_code == 503
    page = response.get_data(as_text=True)
    assert typed in text_of(response) and f'action="{url}"' in page and 'value="key-1"' in page
    again = client.post(url, data={"body": typed, "submission_key": "key-1"})
    assert again.status_code == 302
    assert db.session.scalar(select(Post.body_md)) == typed


def test_a_post_saved_before_the_database_went_away_is_answered_as_saved(client, make, login_as, outage):
    school = make.school()
    login_as(school.maya)
    url = f"/prompts/{school.class_prompt.id}/respond"
    with outage.during(after_commit=True):
        response = client.post(url, data={"body": "Saved just before the restart.", "submission_key": "key-2"})
    assert response.status_code == 302, text_of(response)[:300]
    post = db.session.scalar(select(Post))
    assert post.body_md == "Saved just before the restart."
    assert response.headers["Location"].startswith(f"/posts/{post.id}")


def test_a_revision_saved_before_the_database_went_away_is_answered_as_saved(client, make, login_as, outage):
    school = make.school()
    post = make.post(school.maya, school.class_prompt, "A first try.")
    from board.moderation.services import decide

    decide(post, states.RETURN, school.teacher, post.lock_version, feedback="Add an example.")
    seen = db.session.get(Post, post.id).lock_version
    login_as(school.maya)
    url = f"/posts/{post.id}/revise"
    with outage.during(after_commit=True):
        response = client.post(url, data={"body": "A second try, with an example.", "version": str(seen)})
    assert response.status_code == 302, text_of(response)[:300]
    assert db.session.get(Post, post.id).status == states.PENDING


def test_a_decision_saved_before_the_database_went_away_is_answered_as_made(client, make, login_as, outage):
    school = make.school()
    post = make.post(school.maya, school.class_prompt, "Rules should be written down.")
    login_as(school.teacher)
    url, data = f"/queue/{post.id}/decide", {"action": "approve", "version": str(post.lock_version)}
    with outage.during(after_commit=True):
        response = client.post(url, data=data)
    assert response.status_code == 302, text_of(response)[:300]
    assert db.session.get(Post, post.id).status == states.PUBLISHED


def test_feedback_typed_while_the_database_is_away_is_kept_to_copy(client, make, login_as, outage):
    school = make.school()
    post = make.post(school.maya, school.class_prompt, "Rules should be written down.")
    login_as(school.teacher)
    url = f"/queue/{post.id}/decide"
    data = {"action": "return", "version": str(post.lock_version), "feedback": "Say which rules, please."}
    with outage.during():
        response = client.post(url, data=data)
    assert response.status_code == 503
    page = response.get_data(as_text=True)
    assert "Say which rules, please." in text_of(response)
    # A decision is never one click away on an error page: the text is there to copy.
    assert 'name="action"' not in page and "Send it again" not in page


def test_a_foreign_form_while_the_database_is_away_gets_nothing_back(client, make, login_as, outage):
    school = make.school()
    login_as(school.maya)
    url = f"/prompts/{school.class_prompt.id}/respond"
    with outage.during():
        response = client.post(url, data={"body": "Words a stranger chose."},
                               headers={"Origin": "https://evil.example"})
    assert response.status_code in (403, 503)
    assert "Words a stranger chose." not in text_of(response)
