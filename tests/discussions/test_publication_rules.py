"""Who sees what: pending work, consent, class-only prompts, hidden work, names."""
import html

from board.discussions.models import Post
from board.extensions import db
from board.moderation.states import PENDING, PUBLISHED


def page(client, url):
    """Return the status and the page's text with entities decoded, as a reader would see it."""
    response = client.get(url)
    return response.status_code, html.unescape(response.get_data(as_text=True))


def test_student_posts_and_sees_awaiting_review(client, make, login_as):
    school = make.school()
    login_as(school.maya)
    response = client.post(f"/prompts/{school.public_prompt.id}/respond",
                           data={"body": "Sixteen-year-olds pay taxes, so they should vote.", "action": "post"})
    assert response.status_code == 302
    post = db.session.scalar(db.select(Post))
    assert post.status == PENDING and post.author_id == school.maya.id
    _, html = page(client, response.headers["Location"])
    assert "Sixteen-year-olds pay taxes" in html
    assert "Awaiting review" in html
    _, prompt_html = page(client, f"/prompts/{school.public_prompt.id}")
    assert "Sixteen-year-olds pay taxes" in prompt_html and "Awaiting review" in prompt_html


def test_classmates_and_public_see_nothing_of_pending_work(client, make, login_as):
    school = make.school()
    pending = make.post(school.lucia, school.public_prompt, "My unfinished thought about the ballot")
    for viewer in (school.maya, school.reader, school.outsider):
        login_as(viewer)
        status, html = page(client, f"/prompts/{school.public_prompt.id}")
        assert status == 200
        assert "unfinished thought" not in html
        assert page(client, f"/posts/{pending.id}")[0] == 404
    client.post("/logout")
    assert "unfinished thought" not in page(client, f"/prompts/{school.public_prompt.id}")[1]
    assert page(client, f"/posts/{pending.id}")[0] == 404


def test_teacher_sees_pending_work_in_the_thread(client, make, login_as):
    school = make.school()
    make.post(school.lucia, school.public_prompt, "My unfinished thought about the ballot")
    login_as(school.teacher)
    html = page(client, f"/prompts/{school.public_prompt.id}")[1]
    assert "unfinished thought" in html and "Awaiting review" in html


def test_public_sees_published_work_only_with_consent(client, make):
    school = make.school()
    with_consent = make.post(school.maya, school.public_prompt, "Maya's published view", publish=True)
    without = make.post(school.lucia, school.public_prompt, "Lucia's published view", publish=True)
    status, html = page(client, f"/prompts/{school.public_prompt.id}")
    assert status == 200
    assert "Maya's published view" in html
    assert "Lucia" not in html
    assert page(client, f"/posts/{with_consent.id}")[0] == 200
    assert page(client, f"/posts/{without.id}")[0] == 404
    assert "1 response" in html


def test_class_sees_published_work_without_consent(client, make, login_as):
    school = make.school()
    make.post(school.lucia, school.public_prompt, "Lucia's published view", publish=True)
    login_as(school.maya)
    assert "Lucia" in page(client, f"/prompts/{school.public_prompt.id}")[1]


def test_public_names_are_first_name_and_last_initial(client, make):
    school = make.school()
    make.post(school.maya, school.public_prompt, "A view", publish=True)
    html = page(client, f"/prompts/{school.public_prompt.id}")[1]
    assert "Maya C." in html
    assert "Chen" not in html


def test_class_only_prompt_is_invisible_outside_the_class(client, make, login_as):
    school = make.school()
    post = make.post(school.maya, school.class_prompt, "Inside the class", publish=True)
    assert page(client, f"/prompts/{school.class_prompt.id}")[0] == 404
    assert page(client, f"/posts/{post.id}")[0] == 404
    for outsider in (school.reader, school.outsider, school.other_teacher):
        login_as(outsider)
        assert page(client, f"/prompts/{school.class_prompt.id}")[0] == 404
        assert page(client, f"/posts/{post.id}")[0] == 404
        assert "What makes a rule fair" not in page(client, "/")[1]


def test_reply_under_work_the_public_cannot_see_stays_hidden(client, make):
    school = make.school()
    parent = make.post(school.lucia, school.public_prompt, "Lucia's root", publish=True)
    make.post(school.maya, school.public_prompt, "Maya's reply to Lucia", parent=parent, publish=True)
    html = page(client, f"/prompts/{school.public_prompt.id}")[1]
    assert "Maya's reply" not in html
    assert "0 responses" in html


def test_withdrawn_consent_removes_work_from_public_pages_at_once(client, make, login_as):
    school = make.school()
    make.post(school.maya, school.public_prompt, "Maya on the ballot", publish=True)
    assert "Maya on the ballot" in page(client, f"/prompts/{school.public_prompt.id}")[1]
    membership = next(m for m in school.classroom.memberships if m.user_id == school.maya.id)
    login_as(school.teacher)
    client.post(f"/classes/{school.classroom.id}/members/{membership.id}", data={"action": "consent_off"})
    client.post("/logout")
    assert "Maya on the ballot" not in page(client, f"/prompts/{school.public_prompt.id}")[1]


def test_scheduled_prompt_is_hidden_from_students_until_it_opens(client, make, login_as):
    from datetime import timedelta

    school = make.school()
    later = make.prompt(school.classroom, "public", "A question for next week", opens_in=timedelta(days=3))
    login_as(school.maya)
    assert page(client, f"/prompts/{later.id}")[0] == 404
    assert "A question for next week" not in page(client, f"/classes/{school.classroom.id}")[1]
    login_as(school.teacher)
    status, html = page(client, f"/prompts/{later.id}")
    assert status == 200 and "Opens" in html


def test_closed_prompt_takes_no_new_responses(client, make, login_as):
    from datetime import timedelta

    school = make.school()
    closed = make.prompt(school.classroom, "class", "Last week's question", opens_in=timedelta(days=-7),
                         closes_in=timedelta(days=-1))
    login_as(school.maya)
    status, html = page(client, f"/prompts/{closed.id}")
    assert status == 200 and "This prompt is closed" in html
    response = client.post(f"/prompts/{closed.id}/respond", data={"body": "Late answer"})
    assert response.status_code == 403
    assert db.session.scalar(db.select(db.func.count(Post.id))) == 0


def test_suspended_student_reads_but_cannot_post(client, make, login_as):
    school = make.school()
    suspended = make.student(school.classroom, "Rex", "Stone", suspended=True)
    published = make.post(school.maya, school.class_prompt, "Maya's view", publish=True)
    login_as(suspended)
    status, html = page(client, f"/prompts/{school.class_prompt.id}")
    assert status == 200 and "posting is paused" in html and "Maya's view" in html
    assert client.post(f"/prompts/{school.class_prompt.id}/respond", data={"body": "x"}).status_code == 403
    assert client.post(f"/posts/{published.id}/reply", data={"body": "x"}).status_code == 403


def test_trusted_student_publishes_at_once_unless_the_check_finds_something(client, make, login_as):
    school = make.school()
    trusted = make.student(school.classroom, "Tess", "Lee", consent=True, trusted=True)
    login_as(trusted)
    client.post(f"/prompts/{school.class_prompt.id}/respond", data={"body": "A fair rule applies to everyone."})
    first = db.session.scalar(db.select(Post).order_by(Post.id.desc()))
    assert first.status == PUBLISHED
    client.post(f"/prompts/{school.class_prompt.id}/respond",
                data={"body": "Shut up, nobody asked you.", "action": "post_anyway"})
    second = db.session.scalar(db.select(Post).order_by(Post.id.desc()))
    assert second.id != first.id and second.status == PENDING and second.findings


def test_hidden_work_is_visible_only_to_teachers_and_author(client, make, login_as):
    school = make.school()
    post = make.post(school.maya, school.public_prompt, "Flag magnet", publish=True)
    post.hidden = True
    db.session.commit()
    assert "Flag magnet" not in page(client, f"/prompts/{school.public_prompt.id}")[1]
    login_as(school.jonah)
    assert "Flag magnet" not in page(client, f"/prompts/{school.public_prompt.id}")[1]
    login_as(school.maya)
    assert "Hidden while a teacher reviews" in page(client, f"/prompts/{school.public_prompt.id}")[1]
    login_as(school.teacher)
    assert "Flag magnet" in page(client, f"/prompts/{school.public_prompt.id}")[1]


def test_replies_stay_under_a_hidden_post_behind_a_placeholder(client, make, login_as):
    school = make.school()
    root = make.post(school.maya, school.public_prompt, "Reported root words", publish=True)
    reply = make.post(school.jonah, school.public_prompt, "Innocent reply words", parent=root, publish=True)
    deeper = make.post(school.maya, school.public_prompt, "An answer to Jonah", parent=reply, publish=True)
    lone = make.post(school.jonah, school.public_prompt, "Reported lone words", publish=True)
    login_as(school.teacher)
    for post in (root, lone):
        client.post(f"/posts/{post.id}/flag", data={"reason": "Check this"})
    db.session.refresh(root)
    assert root.hidden
    for viewer in (None, school.reader, school.lucia):
        if viewer is None:
            client.post("/logout")
        else:
            login_as(viewer)
        status, html = page(client, f"/prompts/{school.public_prompt.id}")
        assert status == 200
        assert "Innocent reply words" in html and "An answer to Jonah" in html
        assert "This post is hidden while a teacher reviews it" in html
        assert "Reported root words" not in html
        # A hidden post with nothing under it leaves no placeholder behind.
        assert "Reported lone words" not in html and html.count("hidden while a teacher reviews it") == 1
        assert "0 responses · 2 replies" in html
        status, html = page(client, f"/posts/{deeper.id}")
        assert status == 200 and "An answer to Jonah" in html and "Reported root words" not in html
        assert page(client, f"/posts/{root.id}")[0] == 404
    login_as(school.teacher)
    html = page(client, f"/prompts/{school.public_prompt.id}")[1]
    assert "Reported root words" in html and "Hidden while a teacher reviews a report" in html


def test_work_of_someone_no_longer_on_the_roster_stays_out_of_public_view(client, make, login_as):
    school = make.school()
    make.post(school.maya, school.public_prompt, "Maya's words before she left", publish=True)
    membership = next(m for m in school.classroom.memberships if m.user_id == school.maya.id)
    db.session.delete(membership)
    db.session.commit()
    status, html = page(client, f"/prompts/{school.public_prompt.id}")
    assert status == 200 and "before she left" not in html
    assert school.public_prompt.question not in page(client, "/")[1]
