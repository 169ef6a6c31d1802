"""A family's page of a pad its child took part in shows the child's approved pictures of that pad, described,
and none of a classmate's, nor one still waiting for the teacher; a pad where the child added only an
approved picture, and wrote no words, is listed too."""
from __future__ import annotations

import html

import pytest
from sqlalchemy import select

from board.extensions import db
from board.media.models import Image
from board.pads import services as pad_services
from board.pads.models import Pad, PadPicture
from tests.pads.conftest import write
from tests.pads.test_pictures import add_picture, decide


@pytest.fixture(autouse=True)
def picture_folder(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "MEDIA_FOLDER", str(tmp_path / "media"))
    monkeypatch.setitem(app.config, "MEDIA_STORAGE", "folder")


def picture_by(client, login_as, pad, student, alt: str) -> Image:
    login_as(student)
    assert add_picture(client, pad, alt=alt).status_code == 302
    picture = db.session.scalar(select(PadPicture).order_by(PadPicture.id.desc()))
    return db.session.scalar(select(Image).where(Image.item_type == "pad_picture", Image.item_id == picture.id))


def approve_all(client, login_as, teacher) -> None:
    login_as(teacher)
    for picture in db.session.scalars(select(PadPicture).where(PadPicture.status == "pending")).all():
        assert decide(client, picture).status_code == 302


def test_a_family_sees_its_childs_approved_pictures_only(client, login_as, make, family_of):
    school = make.school()
    prompt = make.prompt(school.classroom, "class", "Plan the class trip", kind="pad")
    pad = db.session.scalar(select(Pad).where(Pad.prompt_id == prompt.id))
    write(pad, school.maya, "The museum.\n")
    write(pad, school.jonah, "The zoo.\n")
    pad_services.publish(pad, school.teacher, db.session.get(Pad, pad.id).lock_version)
    mayas = picture_by(client, login_as, pad, school.maya, "Maya's map of the museum mkmaya")
    jonahs = picture_by(client, login_as, pad, school.jonah, "Jonah's zoo ticket mkjonah")
    approve_all(client, login_as, school.teacher)
    waiting = picture_by(client, login_as, pad, school.maya, "Maya's bus timetable mkwaiting")
    client.post("/logout")

    family = family_of(school, school.maya)
    login_as(family)
    page = html.unescape(client.get(f"/family/children/{school.maya.id}/pads/{pad.id}").get_data(as_text=True))
    assert f'src="/images/{mayas.id}/thumb" alt="Maya\'s map of the museum mkmaya"' in page
    assert "mkjonah" not in page and f"/images/{jonahs.id}/" not in page
    assert "mkwaiting" not in page and f"/images/{waiting.id}/" not in page
    assert client.get(f"/images/{mayas.id}").status_code == 200
    assert client.get(f"/images/{jonahs.id}").status_code == 404
    assert client.get(f"/images/{waiting.id}/thumb").status_code == 404


def test_a_pad_where_the_child_added_only_a_picture_is_listed_with_it(client, login_as, make, family_of):
    school = make.school()
    prompt = make.prompt(school.classroom, "class", "Map the park", kind="pad")
    pad = db.session.scalar(select(Pad).where(Pad.prompt_id == prompt.id))
    write(pad, school.jonah, "The benches face the pond mkjonahwords.\n")
    write(pad, school.teacher, "Thank you, Jonah mkteacherwords.\n")
    pad_services.publish(pad, school.teacher, db.session.get(Pad, pad.id).lock_version)
    mayas = picture_by(client, login_as, pad, school.maya, "Maya's sketch of the pond mkmayasketch")
    family = family_of(school, school.maya)
    login_as(family)
    # Waiting for the teacher: not there yet.
    assert "Map the park" not in html.unescape(client.get(f"/family/children/{school.maya.id}").get_data(as_text=True))
    assert client.get(f"/family/children/{school.maya.id}/pads/{pad.id}").status_code == 404
    approve_all(client, login_as, school.teacher)
    login_as(family)
    child = html.unescape(client.get(f"/family/children/{school.maya.id}").get_data(as_text=True))
    assert f'/family/children/{school.maya.id}/pads/{pad.id}">Map the park</a>' in child
    assert "Maya’s pictures" in child.split("Map the park</a>")[1].split("</li>")[0]
    page = html.unescape(client.get(f"/family/children/{school.maya.id}/pads/{pad.id}").get_data(as_text=True))
    assert f'src="/images/{mayas.id}/thumb" alt="Maya\'s sketch of the pond mkmayasketch"' in page
    assert "Maya added a picture to this pad and wrote no words" in page
    assert "mkjonahwords" not in page and "mkteacherwords" not in page and "Jonah" not in page
    assert 'class="card prose published-pad"' not in page
    # A mail's link to the pad opens it on her page too.
    assert client.get(f"/family/pads/{pad.id}").headers["Location"] == f"/family/children/{school.maya.id}/pads/{pad.id}"


def test_a_classmate_s_picture_lists_no_pad_for_the_child(client, login_as, make, family_of):
    school = make.school()
    prompt = make.prompt(school.classroom, "class", "Map the park", kind="pad")
    pad = db.session.scalar(select(Pad).where(Pad.prompt_id == prompt.id))
    write(pad, school.jonah, "The benches face the pond.\n")
    pad_services.publish(pad, school.teacher, db.session.get(Pad, pad.id).lock_version)
    picture_by(client, login_as, pad, school.jonah, "Jonah's sketch mkjonahsketch")
    approve_all(client, login_as, school.teacher)
    family = family_of(school, school.maya)
    login_as(family)
    assert "Map the park" not in html.unescape(client.get(f"/family/children/{school.maya.id}").get_data(as_text=True))
    assert client.get(f"/family/children/{school.maya.id}/pads/{pad.id}").status_code == 404
    assert client.get(f"/family/pads/{pad.id}").status_code == 404
