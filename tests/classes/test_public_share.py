"""The class page says why fewer posts are public than published: consent not yet given."""
import html
import re

from board.extensions import db
from board.moderation import services as moderation
from board.moderation import states


def class_page(client, school) -> str:
    text = html.unescape(client.get(f"/classes/{school.classroom.id}").get_data(as_text=True))
    return re.sub(r"\s+", " ", text)


def test_the_class_page_explains_published_work_the_public_cannot_see(client, make, login_as):
    school = make.school()
    prompt = school.public_prompt
    make.post(school.maya, prompt, "Maya's view, with consent", publish=True)
    make.post(school.lucia, prompt, "Lucia's first view", publish=True)
    make.post(school.lucia, prompt, "Lucia's second view", publish=True)
    ravi = make.student(school.classroom, "Ravi", "Shah")
    make.post(ravi, prompt, "Ravi's view", publish=True)
    make.post(school.jonah, prompt, "Jonah's view, still waiting")  # pending: not counted

    login_as(school.teacher)
    page = class_page(client, school)
    assert ("1 of 4 published posts is public: families of 2 students have not given consent yet" in page), page


def test_reports_that_hid_work_are_named_too(client, make, login_as):
    school = make.school()
    post = make.post(school.maya, school.public_prompt, "Maya's view", publish=True)
    make.post(school.jonah, school.public_prompt, "Jonah's view", publish=True)
    post.hidden = True
    db.session.commit()
    login_as(school.teacher)
    assert "1 of 2 published posts is public: 1 hidden after reports" in class_page(client, school)


def test_one_student_without_consent_is_said_in_the_singular(client, make, login_as):
    school = make.school()
    make.post(school.maya, school.public_prompt, "Maya's view", publish=True)
    make.post(school.lucia, school.public_prompt, "Lucia's view", publish=True)
    login_as(school.teacher)
    assert ("1 of 2 published posts is public: the family of 1 student has not given consent yet"
            in class_page(client, school))


def test_nothing_to_explain_when_all_published_work_is_public_or_the_prompt_is_class_only(client, make, login_as):
    school = make.school()
    make.post(school.maya, school.public_prompt, "Maya's view", publish=True)
    make.post(school.lucia, school.class_prompt, "Lucia's class-only view", publish=True)
    comment = make.post(school.reader, school.public_prompt, "A reader's thanks")
    moderation.decide(comment, states.APPROVE, school.teacher, comment.lock_version)
    login_as(school.teacher)
    page = class_page(client, school)
    assert "published posts" not in page and "consent yet" not in page


def test_students_do_not_see_the_figure(client, make, login_as):
    school = make.school()
    make.post(school.lucia, school.public_prompt, "Lucia's view", publish=True)
    login_as(school.maya)
    assert "consent yet" not in class_page(client, school)
