"""Colleagues see only work its class could read: words a norms check held back never reach the copy."""
from __future__ import annotations

from sqlalchemy import select

from board.extensions import db
from board.pads.models import Pad
from board.pads.store import cut_live_revision
from tests.colleagues.conftest import latest_share, words
from tests.pads.conftest import write


def test_words_held_back_for_the_teacher_are_not_in_a_shared_pad_revision(school, make, client, login_as):
    prompt = make.prompt(school.classroom, "class", "Plan the class trip", kind="pad")
    pad = db.session.scalar(select(Pad).where(Pad.prompt_id == prompt.id))
    write(pad, school.maya, "The museum is best.\n")
    write(pad, school.jonah, "Call me on 555-0142 at 12 Elm Street.\n", attrs={"held": "1"})
    cut_live_revision(pad.id)
    db.session.commit()
    db.session.refresh(pad)
    login_as(school.teacher)
    url = f"/colleagues/share/pads/{pad.id}/revisions/{pad.latest_revision}"
    preview = words(client.get(url).get_data(as_text=True))
    assert "The museum is best." in preview and "555-0142" not in preview and "Elm Street" not in preview
    assert client.post(url, data={"body": "Do they build on each other's ideas?"}).status_code == 302
    work = latest_share()
    stored = work.body_md + work.body_html
    assert "museum" in stored and "555-0142" not in stored and "Elm Street" not in stored


def test_work_still_waiting_for_its_teacher_is_not_shared(school, make, client, login_as):
    from board.moderation import services as moderation
    from board.moderation import states
    from tests.colleagues.conftest import share

    waiting = make.post(school.maya, school.class_prompt, "My address is 12 Elm Street, come and see.", post_anyway=True)
    returned = make.post(school.jonah, school.class_prompt, "Jonah's draft with a phone number 555-0142.", post_anyway=True)
    moderation.decide(returned, states.RETURN, school.teacher, returned.lock_version, feedback="No phone numbers.")
    login_as(school.teacher)
    for post in (waiting, returned):
        assert client.get(f"/colleagues/share/posts/{post.id}").status_code == 403
        assert share(client, post).status_code == 403
        assert f"/colleagues/share/posts/{post.id}" not in client.get(f"/posts/{post.id}").get_data(as_text=True)
    assert latest_share() is None


def test_a_pad_named_with_many_short_names_is_shared_with_a_label_that_fits(school, make, client, login_as):
    al = make.student(school.classroom, "Al", "Bo")
    prompt = make.prompt(school.classroom, "class", "Plan the class trip", kind="pad")
    pad = db.session.scalar(select(Pad).where(Pad.prompt_id == prompt.id))
    pad.name = " ".join(["Al"] * 26)[:80]
    db.session.commit()
    write(pad, al, "The museum is best.\n")
    cut_live_revision(pad.id)
    db.session.commit()
    db.session.refresh(pad)
    login_as(school.teacher)
    url = f"/colleagues/share/pads/{pad.id}/revisions/{pad.latest_revision}"
    assert client.post(url, data={"body": "Do they build on each other's ideas?"}).status_code == 302
    work = latest_share()
    assert len(work.kind_label) <= 120 and "Al " not in work.kind_label and work.kind_label.endswith(
        f"revision {pad.latest_revision}")
