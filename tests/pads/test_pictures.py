"""Pictures beside a pad: a student adds one, her teacher approves it, then the class (and the public) sees it."""
from __future__ import annotations

import base64
import html
import io
import re

import pytest
from PIL import Image as PILImage
from sqlalchemy import func, select

from board.classes.models import Membership
from board.extensions import db
from board.media.models import Image
from board.moderation.models import Decision
from board.pads.models import PadPicture
from tests.media import images
from tests.pads.conftest import write
from tests.pads.test_publishing import publish_form


@pytest.fixture(autouse=True)
def picture_folder(app, tmp_path):
    before = {key: app.config[key] for key in ("MEDIA_FOLDER", "MEDIA_STORAGE")}
    app.config["MEDIA_FOLDER"] = str(tmp_path / "media")
    app.config["MEDIA_STORAGE"] = "folder"
    yield tmp_path / "media"
    app.config.update(before)


def add_picture(client, pad, alt="A bar chart of park visits by month", data=None, name="chart.jpg"):
    return client.post(f"/pads/{pad.id}/pictures/add", content_type="multipart/form-data", data={
        "alt": alt, "picture": (io.BytesIO(images.photo((120, 90)) if data is None else data), name)})


def only_picture() -> PadPicture:
    return db.session.scalar(select(PadPicture))


def image_of(picture) -> Image:
    return db.session.scalar(select(Image).where(Image.item_type == "pad_picture", Image.item_id == picture.id))


def decide(client, picture, action="approve", feedback="", next_url="/queue"):
    return client.post(f"/queue/pad_picture/{picture.id}/decide", data={
        "action": action, "version": str(picture.lock_version), "feedback": feedback, "next": next_url})


def publish_pad(client, login_as, school):
    """Maya writes; the teacher publishes the pad (so its published page exists)."""
    write(school.pad, school.maya, "Shade trees first.\n")
    login_as(school.teacher)
    response = client.post(f"/pads/{school.pad.id}/publish",
                           data=publish_form(client.get("/queue").get_data(as_text=True), school.pad))
    assert response.status_code == 302


def test_a_students_picture_waits_for_the_teacher_then_the_class_sees_it(client, login_as, pad_school):
    pad = pad_school.pad
    login_as(pad_school.maya)
    response = add_picture(client, pad)
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/pads/{pad.id}#pictures")
    picture = only_picture()
    image = image_of(picture)
    assert picture.status == "pending" and picture.author_id == pad_school.maya.id
    mine = html.unescape(client.get(f"/pads/{pad.id}").get_data(as_text=True))
    assert f"/images/{image.id}/thumb" in mine and "Waiting for your teacher" in mine
    assert client.get(f"/images/{image.id}").status_code == 200

    login_as(pad_school.jonah)  # a classmate: not before the teacher looked
    page = client.get(f"/pads/{pad.id}").get_data(as_text=True)
    assert f"/images/{image.id}" not in page and "No pictures in this pad yet" in page
    assert client.get(f"/images/{image.id}/thumb").status_code == 404
    assert f"/images/{image.id}" not in client.get(f"/pads/{pad.id}/pictures").get_data(as_text=True)

    login_as(pad_school.outsider)  # another class: nothing, not even that it exists
    assert client.get(f"/images/{image.id}").status_code == 404
    assert client.get(f"/pads/{pad.id}/pictures").status_code == 404

    login_as(pad_school.teacher)
    page = html.unescape(client.get(f"/pads/{pad.id}").get_data(as_text=True))
    assert "Waiting for you" in page and f"/queue/pad_picture/{picture.id}/decide" in page
    queue = html.unescape(client.get("/queue").get_data(as_text=True))
    assert "Pictures added to pads" in queue and "A bar chart of park visits by month" in queue
    response = decide(client, picture, next_url=f"/pads/{pad.id}#pictures")
    assert response.status_code == 302 and f"/pads/{pad.id}" in response.headers["Location"]
    assert only_picture().status == "published"

    login_as(pad_school.jonah)
    assert f"/images/{image.id}/thumb" in client.get(f"/pads/{pad.id}").get_data(as_text=True)
    assert client.get(f"/images/{image.id}").status_code == 200
    assert client.get(f"/images/{image.id}").headers["Cache-Control"] == "private, no-store"


def test_a_rejected_picture_stays_with_its_writer_with_the_reason(client, login_as, pad_school):
    pad = pad_school.pad
    login_as(pad_school.maya)
    add_picture(client, pad)
    picture = only_picture()
    login_as(pad_school.teacher)
    refused = decide(client, picture, "reject", "")
    assert refused.status_code == 422 and "Give a reason" in html.unescape(refused.get_data(as_text=True))
    assert decide(client, only_picture(), "reject", "It shows a classmate's face.").status_code == 302
    assert decide(client, only_picture(), "return", "Describe it.").status_code in (409, 422, 302)
    assert only_picture().status == "rejected"
    login_as(pad_school.maya)
    page = html.unescape(client.get(f"/pads/{pad.id}").get_data(as_text=True))
    assert "Not approved" in page and "It shows a classmate's face." in page
    login_as(pad_school.jonah)
    assert client.get(f"/images/{image_of(picture).id}").status_code == 404


def test_the_public_sees_an_approved_picture_beside_a_published_revision_with_consent(client, login_as, pad_school):
    pad = pad_school.pad
    for student in (pad_school.maya, pad_school.lucia):  # Lucia has no consent on record
        login_as(student)
        assert add_picture(client, pad, f"A drawing by {student.first_name}").status_code == 302
    maya_picture, lucia_picture = db.session.scalars(select(PadPicture).order_by(PadPicture.id)).all()
    maya_image, lucia_image = image_of(maya_picture), image_of(lucia_picture)
    login_as(pad_school.teacher)
    for picture in (maya_picture, lucia_picture):
        assert decide(client, picture).status_code == 302

    client.post("/logout")  # nothing published yet: the public sees no pad at all
    assert client.get(f"/images/{maya_image.id}").status_code == 404
    publish_pad(client, login_as, pad_school)

    for who in (None, pad_school.reader, pad_school.outsider):
        if who is None:
            client.post("/logout")
        else:
            login_as(who)
        page = html.unescape(client.get(f"/pads/{pad.id}").get_data(as_text=True))
        assert "A drawing by Maya" in page and f"/images/{maya_image.id}/thumb" in page
        assert "A drawing by Lucia" not in page and f"/images/{lucia_image.id}" not in page
        assert client.get(f"/images/{maya_image.id}").status_code == 200
        assert client.get(f"/images/{lucia_image.id}").status_code == 404
    client.post("/logout")
    assert client.get(f"/images/{maya_image.id}").headers["Cache-Control"] == "public, no-cache"

    # Her family withdraws consent: her picture leaves the public at once.
    place = db.session.scalar(select(Membership).where(Membership.user_id == pad_school.maya.id))
    place.consent_at = None
    db.session.commit()
    assert client.get(f"/images/{maya_image.id}").status_code == 404
    assert "A drawing by Maya" not in html.unescape(client.get(f"/pads/{pad.id}").get_data(as_text=True))


def test_a_pending_picture_never_reaches_the_public(client, login_as, pad_school):
    pad = pad_school.pad
    publish_pad(client, login_as, pad_school)
    login_as(pad_school.maya)
    add_picture(client, pad, "Waiting picture")
    image = image_of(only_picture())
    client.post("/logout")
    assert client.get(f"/images/{image.id}").status_code == 404
    assert "Waiting picture" not in client.get(f"/pads/{pad.id}").get_data(as_text=True)


def test_a_file_that_is_no_picture_is_refused_beside_its_field_and_nothing_is_kept(client, login_as, pad_school):
    pad = pad_school.pad
    login_as(pad_school.maya)
    response = add_picture(client, pad, "My poster about the park", data=b"<svg onload=alert(1)></svg>",
                           name="poster.png")
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 422
    assert 'id="pad-picture-file-error"' in page and 'aria-invalid="true"' in page
    assert 'value="My poster about the park"' in page  # what she typed is still there
    assert db.session.scalar(select(func.count(PadPicture.id))) == 0
    assert db.session.scalar(select(func.count(Image.id))) == 0
    # The pad itself is unharmed, and the next try works.
    assert client.get(f"/pads/{pad.id}").status_code == 200
    assert add_picture(client, pad).status_code == 302


def test_a_missing_description_keeps_the_picture_for_the_next_try(client, login_as, pad_school):
    pad = pad_school.pad
    login_as(pad_school.maya)
    response = add_picture(client, pad, "   ")
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 422 and 'id="pad-picture-alt-error"' in page
    assert "Describe the picture" in page
    staged = re.search(r'name="staged" value="(\d+)"', page).group(1)
    assert db.session.scalar(select(func.count(PadPicture.id))) == 0
    response = client.post(f"/pads/{pad.id}/pictures/add", data={"alt": "The park's map", "staged": staged})
    assert response.status_code == 302
    assert image_of(only_picture()).id == int(staged) and image_of(only_picture()).alt == "The park's map"
    # Nobody else can pick up a picture kept aside for her.
    login_as(pad_school.jonah)
    response = client.post(f"/pads/{pad.id}/pictures/add", data={"alt": "Taken", "staged": staged})
    assert response.status_code == 422


def test_only_its_writer_or_a_teacher_takes_a_picture_out(client, login_as, pad_school, picture_folder):
    pad = pad_school.pad
    login_as(pad_school.maya)
    add_picture(client, pad)
    picture = only_picture()
    login_as(pad_school.teacher)
    decide(client, picture)
    login_as(pad_school.jonah)
    assert client.post(f"/pads/pictures/{picture.id}/remove").status_code == 403
    login_as(pad_school.outsider)
    assert client.post(f"/pads/pictures/{picture.id}/remove").status_code == 404
    login_as(pad_school.maya)
    assert client.post(f"/pads/pictures/{picture.id}/remove").status_code == 302
    assert db.session.scalar(select(func.count(PadPicture.id))) == 0
    assert db.session.scalar(select(func.count(Image.id))) == 0
    assert list(picture_folder.iterdir()) == []


def test_only_those_who_write_in_the_pad_add_pictures(client, login_as, pad_school, make):
    pad = pad_school.pad
    for who, status in ((pad_school.outsider, 404), (pad_school.reader, 404)):
        login_as(who)
        assert add_picture(client, pad).status_code == status
    client.post("/logout")
    assert add_picture(client, pad).status_code in (302, 401)
    assert db.session.scalar(select(func.count(PadPicture.id))) == 0
    # A teacher's own picture needs nobody's approval.
    login_as(pad_school.teacher)
    assert add_picture(client, pad).status_code == 302
    assert only_picture().status == "published"


def test_the_exports_carry_the_approved_pictures_with_their_descriptions(client, login_as, pad_school):
    pad = pad_school.pad
    login_as(pad_school.maya)
    add_picture(client, pad, "Approved [chart] of visits")
    add_picture(client, pad, "Still waiting")
    first, _second = db.session.scalars(select(PadPicture).order_by(PadPicture.id)).all()
    login_as(pad_school.teacher)
    decide(client, first)
    publish_pad(client, login_as, pad_school)
    for who in (pad_school.jonah, None):
        if who is None:
            client.post("/logout")
        else:
            login_as(who)
        page = client.get(f"/pads/{pad.id}/export.html").get_data(as_text=True)
        assert 'alt="Approved [chart] of visits"' in page and "Still waiting" not in page
        source = re.search(r'src="data:image/webp;base64,([^"]+)"', page).group(1)
        assert PILImage.open(io.BytesIO(base64.b64decode(source))).format == "WEBP"
        markdown = client.get(f"/pads/{pad.id}/export.md").get_data(as_text=True)
        image = image_of(first)
        assert f"![Approved \\[chart\\] of visits](http://localhost/images/{image.id})" in markdown
        assert "Still waiting" not in markdown


def test_a_classmate_connected_live_is_told_when_a_picture_is_approved(client, login_as, pad_school, connect):
    pad = pad_school.pad
    jonah = connect(pad_school.jonah, pad)
    assert jonah.wait_synced()
    login_as(pad_school.maya)
    add_picture(client, pad)
    login_as(pad_school.teacher)
    decide(client, only_picture())
    # Once when she added it, once when it was approved: each time the editor asks for the strip again.
    assert jonah.wait_for(lambda _text: len(jonah.pictures_changed) >= 2), jonah.pictures_changed
    assert jonah.pictures_changed[0] == {"pictures": "changed"}


def test_an_approval_is_listed_among_recent_decisions_and_can_be_undone(client, login_as, pad_school, connect):
    pad = pad_school.pad
    login_as(pad_school.maya)
    add_picture(client, pad, "Our poster")
    login_as(pad_school.teacher)
    decide(client, only_picture())
    queue = html.unescape(client.get("/queue").get_data(as_text=True))
    assert "Maya C.’s picture in “How should our town spend its park budget?”" in queue
    jonah = connect(pad_school.jonah, pad)
    assert jonah.wait_synced()
    decision = db.session.scalar(select(Decision).where(Decision.item_type == "pad_picture"))
    response = client.post(f"/decisions/{decision.id}/undo", data={"next": "/queue"})
    assert response.status_code == 302
    assert only_picture().status == "pending"
    assert jonah.wait_for(lambda _text: jonah.pictures_changed), "open editors hear of the undo too"
    login_as(pad_school.jonah)
    assert client.get(f"/images/{image_of(only_picture()).id}").status_code == 404
