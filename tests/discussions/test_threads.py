"""Threads: replies, reader comments, long and deep branches, a constant number of queries."""
import html
from datetime import timedelta

import pytest
from sqlalchemy import event, insert

from board.discussions.models import Post
from board.extensions import db
from board.moderation.states import PENDING, PUBLISHED
from board.text import render_markdown
from board.timeutil import utcnow


class QueryCounter:
    def __init__(self, engine):
        self.engine = engine
        self.count = 0

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._count)
        return self

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self._count)

    def _count(self, *args):
        self.count += 1


def bulk_thread(prompt, authors, size: int) -> None:
    """Insert a thread of `size` published posts: responses with nested and long branches."""
    html_body = render_markdown("A thoughtful point about the question.")
    now = utcnow() - timedelta(days=1)
    rows, next_id = [], (db.session.scalar(db.select(db.func.max(Post.id))) or 0) + 1
    ids: list[int] = []
    for i in range(size):
        if i % 10 == 0 or not ids:
            parent = None
        elif i % 10 < 6:
            parent = ids[-1]  # a deep chain
        else:
            parent = ids[(i // 10) * 10] if (i // 10) * 10 < len(ids) else ids[0]  # a wide branch
        rows.append(dict(
            id=next_id, prompt_id=prompt.id, classroom_id=prompt.classroom_id,
            author_id=authors[i % len(authors)].id, parent_id=parent,
            kind="response" if parent is None else "reply", body_md="A thoughtful point about the question.",
            body_html=html_body, findings=[], status=PUBLISHED, submitted_at=now, published_at=now,
            created_at=now + timedelta(seconds=i), revision=1, lock_version=2, hidden=False, open_flags=0,
            posted_anyway=False, revised_after_reminder=False, feedback="", feedback_norm="",
        ))
        ids.append(next_id)
        next_id += 1
    db.session.execute(insert(Post), rows)
    db.session.commit()


def test_student_replies_to_a_classmate(client, make, login_as):
    school = make.school()
    parent = make.post(school.maya, school.class_prompt, "Rules need reasons.", publish=True)
    login_as(school.jonah)
    reply_page = client.get(f"/posts/{parent.id}/reply")
    assert reply_page.status_code == 200 and "Rules need reasons." in reply_page.get_data(as_text=True)
    response = client.post(f"/posts/{parent.id}/reply", data={"body": "Who decides the reasons, though?"})
    assert response.status_code == 302
    reply = db.session.scalar(db.select(Post).where(Post.parent_id == parent.id))
    assert reply.kind == "reply" and reply.status == PENDING


def test_nobody_replies_to_work_that_is_not_published(client, make, login_as):
    school = make.school()
    pending = make.post(school.maya, school.class_prompt, "Pending")
    login_as(school.maya)
    assert client.post(f"/posts/{pending.id}/reply", data={"body": "Adding to my own"}).status_code == 403
    login_as(school.jonah)
    assert client.post(f"/posts/{pending.id}/reply", data={"body": "Sneaky"}).status_code == 404


def test_reader_comment_waits_then_shows_once_approved(client, make, login_as):
    school = make.school()
    post = make.post(school.maya, school.public_prompt, "Voting at 16 builds habits.", publish=True)
    login_as(school.reader)
    response = client.post(f"/posts/{post.id}/reply", data={"body": "Wonderful reasoning, Maya!"})
    assert response.status_code == 302
    comment = db.session.scalar(db.select(Post).where(Post.parent_id == post.id))
    assert comment.kind == "comment" and comment.status == PENDING
    client.post("/logout")
    assert "Wonderful reasoning" not in client.get(f"/prompts/{school.public_prompt.id}").get_data(as_text=True)
    login_as(school.teacher)
    client.post(f"/queue/{comment.id}/decide", data={"action": "approve", "version": comment.lock_version})
    client.post("/logout")
    page = html.unescape(client.get(f"/prompts/{school.public_prompt.id}").get_data(as_text=True))
    assert "Wonderful reasoning, Maya!" in page and "Sam P." in page


def test_students_do_not_comment_outside_their_class(client, make, login_as):
    school = make.school()
    post = make.post(school.maya, school.public_prompt, "Public view", publish=True)
    login_as(school.outsider)
    assert client.get(f"/posts/{post.id}").status_code == 200
    assert client.post(f"/posts/{post.id}/reply", data={"body": "Hi from another class"}).status_code == 403


def test_long_branches_fold_and_deep_ones_continue_on_their_own_page(client, make, login_as, app):
    school = make.school()
    root = make.post(school.maya, school.class_prompt, "Root", publish=True)
    for i in range(6):
        make.post(school.jonah, school.class_prompt, f"Sibling reply {i}", parent=root, publish=True)
    deep = root
    for i in range(app.config["THREAD_MAX_DEPTH"] + 2):
        deep = make.post(school.lucia, school.class_prompt, f"Deeper {i}", parent=deep, publish=True)
    login_as(school.maya)
    page = client.get(f"/prompts/{school.class_prompt.id}").get_data(as_text=True)
    assert "Show 4 more replies" in page
    assert "Continue this thread" in page
    assert f"Deeper {app.config['THREAD_MAX_DEPTH'] + 1}" not in page
    continued = client.get(f"/posts/{root.id}").get_data(as_text=True)
    assert "Deeper 3" in continued


@pytest.mark.parametrize("viewer", ["student", "anonymous", "teacher"])
def test_a_thread_renders_in_a_constant_number_of_queries(client, make, login_as, app, viewer):
    school = make.school()
    authors = [school.maya, school.jonah, school.lucia]
    small = make.prompt(school.classroom, "public", "Small thread")
    large = make.prompt(school.classroom, "public", "Large thread")
    bulk_thread(small, authors, 50)
    bulk_thread(large, authors, 500)
    if viewer != "anonymous":
        login_as(school.maya if viewer == "student" else school.teacher)
    counts = {}
    for prompt in (small, large):
        client.get(f"/prompts/{prompt.id}")  # warm caches that are per process, not per request
        with QueryCounter(db.engine) as counter:
            response = client.get(f"/prompts/{prompt.id}")
        assert response.status_code == 200
        counts[prompt.question] = counter.count
    assert counts["Small thread"] == counts["Large thread"], counts
    assert counts["Large thread"] <= 12, counts
