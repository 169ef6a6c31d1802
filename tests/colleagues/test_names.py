"""Students' names leave the shared copy in every shape they are written in."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from board.colleagues.models import SharedWork
from board.colleagues.names import Namer, Person, letters
from board.extensions import db
from board.pads.models import Pad
from board.pads.store import cut_live_revision
from tests.colleagues.conftest import latest_share, share, words
from tests.pads.conftest import write


def namer() -> Namer:
    return Namer([
        Person("Student", "Maya", "Chen", "maya7"),
        Person("Classmate A", "Jonah", "Okafor", "jonah8"),
        Person("Classmate B", "José", "García-López", "jgarcia@school.example"),
    ])


@pytest.mark.parametrize("written, expected", [
    ("Maya said so.", "Student said so."),
    ("MAYA said so.", "Student said so."),
    ("maya chen said so.", "Student said so."),
    ("Maya C. said so.", "Student said so."),
    ("Maya's idea", "Student's idea"),
    ("Maya’s idea", "Student’s idea"),
    ("Chen's idea", "Student's idea"),
    ("@maya7 look", "Student look"),
    ("maya7 wrote", "Student wrote"),
    ("@Jonah agrees", "Classmate A agrees"),
    ("Jonah O. and Okafor", "Classmate A and Classmate A"),
    ("Jose and josé and GARCÍA and Lopez", "Classmate B and Classmate B and Classmate B and Classmate B"),
    ("García-López wrote", "Classmate B wrote"),
    ("Garcia Lopez wrote", "Classmate B wrote"),
    ("mail jgarcia@school.example or @jgarcia", "mail Classmate B or Classmate B"),
    ("Ma\u200bya hid her name", "Student hid her name"),
    ("> Maya wrote: yes\n\nJonah: no", "> Student wrote: yes\n\nClassmate A: no"),
])
def test_every_shape_of_a_name_is_replaced(written, expected):
    assert namer().text(written) == expected


@pytest.mark.parametrize("written", [
    "The Mayan calendar", "chenille curtains", "Mayachen is not a name here", "Jonahs", "maya7x",
])
def test_only_whole_words_are_replaced(written):
    assert namer().text(written) == written


@pytest.mark.parametrize("written", ["O'Brien said", "O’Brien said", "o’brien said", "Brien said"])
def test_either_apostrophe_in_a_name(written):
    assert Namer([Person("Student", "Sean", "O'Brien")]).text(written) == "Student said"


def test_names_in_rendered_html_are_replaced_in_text_and_attribute_values_not_tags():
    em = Namer([Person("Student", "Em", "Strong", "a")])
    html = '<p><em>Em</em> <strong>strong</strong> <a href="https://example.org/em" rel="nofollow">a link</a></p>'
    assert em.html(html) == ('<p><em>Student</em> <strong>Student</strong> '
                             '<a href="https://example.org/Student" rel="nofollow">Student link</a></p>')


def test_character_references_stay_whole_whatever_the_names():
    amp = Namer([Person("Student", "Amp", "Quot", "lt")])
    assert amp.html("<p>Amp &amp; Quot &quot;lt&quot; &lt;3 &#39;amp&#39;</p>") == (
        "<p>Student &amp; Student &quot;Student&quot; &lt;3 &#39;Student&#39;</p>")


def test_labels_run_past_z():
    assert [letters(i) for i in (0, 1, 25, 26, 27, 51, 52)] == ["A", "B", "Z", "AA", "AB", "AZ", "BA"]


def test_a_teachers_share_replaces_the_author_and_every_classmate_everywhere(school, make, client, login_as):
    """Realistic work: the author and classmates named by full, first and last name, login, @-mention,
    possessive and display name, in the text and in the quoted replies under it."""
    maya, jonah, lucia = school.maya, school.jonah, school.lucia
    body = (
        f"I agree with Jonah that rules should be fair, but Lucia Morales's point changed my mind. "
        f"As @{jonah.login} said in class, MAYA CHEN (that's me) thinks the charter works. "
        f"Okafor's example about the library was the best. Lucia M. disagrees; maya's notes are here.\n\n"
        f"> Jonah O. wrote: everyone should vote on the rules\n\n"
        f"Ask {maya.login} or Chen if you have questions about the Mayan calendar."
    )
    post = make.post(maya, school.class_prompt, body, publish=True, post_anyway=True)
    make.post(jonah, school.class_prompt, f"Thanks @{maya.login}! Maya's right, and Lucia's example too.",
              parent=post, publish=True, post_anyway=True)
    make.post(lucia, school.class_prompt, "> Maya C. wrote: the charter works\n\nI'm not sure, jonah.",
              parent=post, publish=True, post_anyway=True)
    login_as(school.teacher)
    assert share(client, post, "Does Maya use Jonah's argument well?").status_code == 302
    work = latest_share()
    login_as(school.other_teacher)
    page = client.get(f"/colleagues/{work.id}").get_data(as_text=True)
    text = words(page)
    for person in (maya, jonah, lucia):
        for name in (person.first_name, person.last_name, person.login, person.display_name, person.full_name):
            found = re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.IGNORECASE)
            assert found is None, f"{name!r} left in: …{text[max(0, found.start() - 80):found.end() + 80]}…"
    # Labels take their place, possessives kept; a word that only starts like a name stays.
    assert "Student" in text and "Classmate A" in text and "Classmate B" in text
    assert "Classmate A’s" in text or "Classmate A's" in text or "Classmate A&#39;s" in text
    assert "Mayan calendar" in text
    # Jonah is named first in the work, so he is Classmate A; Lucia is Classmate B, everywhere.
    assert "I agree with Classmate A that rules" in text
    assert "Does Student use Classmate A" in text  # the framing question too
    assert work.thread[0]["label"] == "Classmate A" and work.thread[1]["label"] == "Classmate B"


def test_names_typed_by_colleagues_are_replaced_too(shared, school, client, login_as):
    login_as(school.teacher)
    client.post(f"/colleagues/{shared.id}/step", data={"step": "clarifying"})
    login_as(school.other_teacher)
    client.post(f"/colleagues/{shared.id}/contribute",
                data={"step": "clarifying", "body": "Is Maya Chen the one who wrote about the library?"})
    db.session.expire_all()
    said = db.session.get(SharedWork, shared.id).contributions[-1]
    assert said.body_md == "Is Student the one who wrote about the library?"


def test_the_copy_is_made_at_share_time(shared, school, client, login_as, make):
    """Later changes to the work never reach colleagues."""
    from board.discussions.models import Post

    post = db.session.get(Post, shared.post_id)
    post.body_md, post.body_html = "Changed later.", "<p>Changed later.</p>"
    db.session.commit()
    login_as(school.other_teacher)
    page = client.get(f"/colleagues/{shared.id}").get_data(as_text=True)
    assert "Rules are fair when everyone helped make them." in page and "Changed later." not in page


def test_the_presenter_sees_who_was_replaced_before_sharing_and_colleagues_never_do(school, make, client, login_as):
    post = make.post(school.maya, school.class_prompt, "Jonah and I disagree.", publish=True)
    login_as(school.teacher)
    form = client.get(f"/colleagues/share/posts/{post.id}").get_data(as_text=True)
    assert "Maya Chen → <strong>Student</strong>" in form and "Jonah Okafor → <strong>Classmate A</strong>" in form
    assert "Classmate A and I disagree." in form
    share(client, post)
    login_as(school.other_teacher)
    page = client.get(f"/colleagues/{latest_share().id}").get_data(as_text=True)
    assert "Okafor" not in page and "Jonah" not in page


def test_a_pad_revision_is_shared_without_its_writers_names(school, make, client, login_as):
    prompt = make.prompt(school.classroom, "class", "Plan the class trip", kind="pad")
    pad = db.session.scalar(select(Pad).where(Pad.prompt_id == prompt.id))
    write(pad, school.maya, "The museum, says Maya. Jonah wants the park.\n")
    write(pad, school.jonah, "@maya the park is free! — Jonah Okafor\n")
    cut_live_revision(pad.id)
    db.session.commit()
    db.session.refresh(pad)
    assert pad.latest_revision >= 1
    login_as(school.teacher)
    url = f"/colleagues/share/pads/{pad.id}/revisions/{pad.latest_revision}"
    assert client.get(url).status_code == 200
    assert client.post(url, data={"body": "Do they build on each other's ideas?"}).status_code == 302
    work = latest_share()
    assert work.pad_id == pad.id and work.pad_revision == pad.latest_revision
    login_as(school.other_teacher)
    text = words(client.get(f"/colleagues/{work.id}").get_data(as_text=True))
    for name in ("Maya", "Jonah", "Okafor", "Chen", school.maya.login):
        assert re.search(rf"(?<!\w){name}(?!\w)", text, re.I) is None, name
    assert "Student A" in text and "Student B" in text and "The class pad, revision" in text


def test_a_pad_revision_has_a_share_button_for_its_class_teachers(school, make, client, login_as):
    prompt = make.prompt(school.classroom, "class", "Plan the class trip", kind="pad")
    pad = db.session.scalar(select(Pad).where(Pad.prompt_id == prompt.id))
    write(pad, school.maya, "The museum.\n")
    cut_live_revision(pad.id)
    db.session.commit()
    link = f'href="/colleagues/share/pads/{pad.id}/revisions/1"'
    for person, sees in ((school.teacher, True), (school.maya, False)):
        login_as(person)
        assert (link in client.get(f"/pads/{pad.id}/history").get_data(as_text=True)) == sees
        assert (link in client.get(f"/pads/{pad.id}/revisions/1").get_data(as_text=True)) == sees


def test_a_pad_writer_who_has_left_the_class_is_still_replaced(school, make, client, login_as):
    from board.classes.models import Membership

    prompt = make.prompt(school.classroom, "class", "Plan the class trip", kind="pad")
    pad = db.session.scalar(select(Pad).where(Pad.prompt_id == prompt.id))
    write(pad, school.lucia, "Lucia votes for the aquarium.\n")
    cut_live_revision(pad.id)
    db.session.delete(db.session.scalar(select(Membership).where(
        Membership.user_id == school.lucia.id, Membership.classroom_id == school.classroom.id)))
    db.session.commit()
    login_as(school.teacher)
    client.post(f"/colleagues/share/pads/{pad.id}/revisions/1", data={"body": "Is one idea enough?"})
    assert latest_share().body_md.strip() == "Student votes for the aquarium."


def test_the_threads_other_voices_get_neutral_labels_too(school, make, client, login_as):
    """A reader's comment is a visitor's (a parent's surname can name a child), a teacher's reply is the teacher's."""
    post = make.post(school.maya, school.public_prompt, "Sixteen-year-olds pay taxes.", publish=True)
    make.post(school.teacher, school.public_prompt, "Which taxes, Maya?", parent=post, publish=True)
    make.post(school.reader, school.public_prompt, "Sam Park here: proud of this class!", parent=post, publish=True)
    make.post(school.admin, school.public_prompt, "Well argued, Chen.", parent=post, publish=True)
    login_as(school.teacher)
    share(client, post)
    work = latest_share()
    assert [(piece["label"], piece["body_html"]) for piece in work.thread] == [
        ("Teacher", "<p>Which taxes, Student?</p>"),
        ("Visitor A", "<p>Visitor A here: proud of this class!</p>"),
        ("Teacher", "<p>Well argued, Student.</p>"),
    ]
