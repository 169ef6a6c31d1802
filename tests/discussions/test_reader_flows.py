"""Readers: sign up from a prompt and come back to it, comment on the question itself, follow their comments."""
import html
from datetime import timedelta

from board.discussions.models import Post
from board.extensions import db
from board.moderation import services as moderation
from board.moderation import states
from board.moderation.states import PENDING

SIGNUP = {"first_name": "Rosa", "last_name": "Lindqvist", "email": "rosa@example.org",
          "password": "a long reader passphrase", "confirm": "a long reader passphrase"}


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_the_home_page_offers_a_reader_account(client):
    page = text(client.get("/"))
    assert 'href="/signup/reader"' in page and "Create a reader account" in page


def test_a_reader_who_signs_up_from_a_prompt_comes_back_to_it(client, make):
    school = make.school()
    make.post(school.maya, school.public_prompt, "Sixteen-year-olds pay taxes.", publish=True)
    prompt_url = f"/prompts/{school.public_prompt.id}"
    link = f"/signup/reader?next={prompt_url}"
    assert link in client.get(prompt_url).get_data(as_text=True)
    form = client.get(link).get_data(as_text=True)
    assert f'name="next" value="{prompt_url}"' in form

    response = client.post("/signup/reader", data={**SIGNUP, "next": prompt_url})
    assert response.status_code == 302 and response.headers["Location"] == prompt_url
    assert "Your comment on the question" in text(client.get(prompt_url))


def test_reader_sign_up_refuses_a_next_that_leaves_the_site(client):
    for bad in ("https://evil.example/", "//evil.example/x", "/\\evil.example"):
        client.post("/logout")
        response = client.post("/signup/reader", data={**SIGNUP, "email": f"r{len(bad)}@example.org",
                                                        "next": bad})
        assert response.status_code == 302 and response.headers["Location"] == "/", bad


def test_the_sign_in_page_passes_its_next_on_to_reader_sign_up(client):
    page = client.get("/login?next=/prompts/7").get_data(as_text=True)
    assert "/signup/reader?next=/prompts/7" in page


def test_a_reader_comments_on_the_question_and_a_teacher_reads_it_first(client, make, login_as):
    school = make.school()
    make.post(school.maya, school.public_prompt, "Sixteen-year-olds pay taxes.", publish=True)
    login_as(school.reader)
    response = client.post(f"/prompts/{school.public_prompt.id}/respond",
                           data={"body": "A question for the class: who decides the age?", "action": "post"})
    assert response.status_code == 302
    comment = db.session.scalar(db.select(Post).where(Post.author_id == school.reader.id))
    assert (comment.kind, comment.parent_id, comment.status) == ("comment", None, PENDING)

    # Nobody else sees it yet; the teacher finds it in the queue, said to be about the question itself.
    client.post("/logout")
    assert "who decides the age" not in text(client.get(f"/prompts/{school.public_prompt.id}"))
    login_as(school.teacher)
    queue = text(client.get("/queue"))
    assert "who decides the age" in queue and "A comment on the question itself" in queue

    moderation.decide(comment, states.APPROVE, school.teacher, comment.lock_version)
    client.post("/logout")
    public = text(client.get(f"/prompts/{school.public_prompt.id}"))
    assert "who decides the age" in public
    assert "1 response" in public  # the comment is not counted as the class's work


def test_a_comment_alone_does_not_list_a_prompt_as_shared_with_the_public(client, make, login_as):
    school = make.school()
    comment = make.post(school.reader, school.public_prompt, "Looking forward to reading the answers.")
    moderation.decide(comment, states.APPROVE, school.teacher, comment.lock_version)
    assert school.public_prompt.question not in text(client.get("/"))


def test_a_teacher_from_another_school_comments_on_the_question_and_it_waits_too(client, make, login_as):
    school = make.school()
    login_as(school.other_teacher)  # a teacher from another school comments as a reader does
    client.post(f"/prompts/{school.public_prompt.id}/respond", data={"body": "Well argued, class.", "action": "post"})
    comment = db.session.scalar(db.select(Post).where(Post.author_id == school.other_teacher.id))
    assert (comment.kind, comment.status) == ("comment", PENDING)


def test_students_and_strangers_cannot_comment_where_they_may_not(client, make, login_as):
    school = make.school()
    login_as(school.reader)
    class_only = client.post(f"/prompts/{school.class_prompt.id}/respond", data={"body": "Hi", "action": "post"})
    assert class_only.status_code == 404
    closed = make.prompt(school.classroom, "public", "Closed question?", closes_in=timedelta(hours=-0.5))
    assert client.post(f"/prompts/{closed.id}/respond", data={"body": "Hi", "action": "post"}).status_code == 403
    login_as(school.outsider)  # a student of another class stays in their own class
    assert client.post(f"/prompts/{school.public_prompt.id}/respond",
                       data={"body": "Hi", "action": "post"}).status_code == 403
    assert db.session.scalar(db.select(db.func.count(Post.id))) == 0


def test_my_comments_shows_where_each_comment_stands(client, make, login_as):
    school = make.school()
    first = make.post(school.maya, school.public_prompt, "Sixteen-year-olds pay taxes.", publish=True)
    waiting = make.post(school.reader, school.public_prompt, "Waiting comment on the question")
    published = make.post(school.reader, school.public_prompt, "Published comment under Maya", parent=first)
    moderation.decide(published, states.APPROVE, school.teacher, published.lock_version)
    returned = make.post(school.reader, school.public_prompt, "Returned comment", parent=first)
    moderation.decide(returned, states.RETURN, school.teacher, returned.lock_version, feedback="Say more, please.")
    rejected = make.post(school.reader, school.public_prompt, "Rejected comment", parent=first)
    moderation.decide(rejected, states.REJECT, school.teacher, rejected.lock_version, feedback="Off topic.")

    login_as(school.reader)
    home = client.get("/").get_data(as_text=True)
    assert 'href="/me/comments"' in home
    page = text(client.get("/me/comments"))
    cards = page.split('class="card work-item"')[1:]
    by_text = {next(t for t in ("Waiting", "Published", "Returned", "Rejected") if f"{t} comment" in card): card
               for card in cards}
    assert "Awaiting review" in by_text["Waiting"] and "On the question" in by_text["Waiting"]
    assert "Published" in by_text["Published"] and "Under Maya C.’s response" in by_text["Published"]
    assert "Returned" in by_text["Returned"] and "Say more, please." in by_text["Returned"]
    assert "Not published" in by_text["Rejected"] and "Off topic." in by_text["Rejected"]
    assert waiting.status == PENDING


def test_my_comments_is_only_ones_own(client, make, login_as):
    school = make.school()
    make.post(school.reader, school.public_prompt, "Sam's own comment")
    other = make.user("reader", "Ines", "Ruiz")
    login_as(other)
    page = text(client.get("/me/comments"))
    assert "Sam's own comment" not in page and "You have not commented yet" in page
    client.post("/logout")
    assert client.get("/me/comments").status_code == 302


def test_the_account_page_names_a_person_with_one_dot_after_the_initial(client, make, login_as):
    school = make.school()
    login_as(school.outsider)
    page = text(client.get("/account"))
    assert "Theo B." in page and "Theo B.." not in page
