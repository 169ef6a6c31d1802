"""A student is told, in the app and by mail once the undo window has passed, what her teacher decided
about a picture she added beside a pad: approved, or rejected with the reason."""
from __future__ import annotations

import html
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from board.extensions import db
from board.mail.models import OutboxMessage
from board.moderation.models import Decision
from board.notifications.models import Notification
from board.pads.models import PadPicture
from tests.mail.conftest import after_undo_window, html_part, text_part, with_email
from tests.pads.conftest import pad_school  # noqa: F401  (fixture)
from tests.pads.test_pictures import add_picture, decide


@pytest.fixture(autouse=True)
def picture_folder(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "MEDIA_FOLDER", str(tmp_path / "media"))
    monkeypatch.setitem(app.config, "MEDIA_STORAGE", "folder")


def maya_adds_a_picture(client, login_as, school) -> PadPicture:
    with_email(school.maya)
    login_as(school.maya)
    assert add_picture(client, school.pad, alt="A map of the park mkalt").status_code == 302
    return db.session.scalar(select(PadPicture).order_by(PadPicture.id.desc()))


def notices(client) -> str:
    return html.unescape(client.get("/notifications").get_data(as_text=True))


def test_an_approved_picture_is_told_in_the_app_and_by_mail_after_the_undo_window(
        app, client, login_as, pad_school, smtp, work):
    picture = maya_adds_a_picture(client, login_as, pad_school)
    login_as(pad_school.teacher)
    assert decide(client, picture).status_code == 302

    login_as(pad_school.maya)
    page = notices(client)
    assert "Your teacher approved your picture in the pad" in page and "the class sees it now" in page
    told = db.session.scalar(select(Notification).where(Notification.user_id == pad_school.maya.id))
    opened = client.post("/notifications/read", data={"id": told.id, "pad": pad_school.pad.id})
    assert opened.status_code == 302 and opened.headers["Location"].endswith(f"/pads/{pad_school.pad.id}")

    work()  # within the undo window: nothing goes
    assert smtp.inbox.messages == []
    work(after_undo_window(app))
    [mail] = smtp.inbox.to(pad_school.maya.email)
    assert mail["Subject"] == "Commons: Your work was reviewed"
    assert "Your teacher approved your picture in the pad" in text_part(mail)
    link = f"http://commons.test/pads/{pad_school.pad.id}"
    assert link in text_part(mail) and f'href="{link}' in html_part(mail)
    assert client.get(urlsplit(link).path).status_code == 200


def test_a_rejected_picture_is_told_with_the_reason(app, client, login_as, pad_school, smtp, work):
    picture = maya_adds_a_picture(client, login_as, pad_school)
    login_as(pad_school.teacher)
    assert decide(client, picture, "reject", "It shows a classmate's face mkreason.").status_code == 302
    jonah_told = db.session.scalar(select(Notification).where(Notification.user_id == pad_school.jonah.id))
    assert jonah_told is None  # only the writer hears of it

    login_as(pad_school.maya)
    page = notices(client)
    assert "Your teacher did not approve your picture in the pad" in page
    assert "It shows a classmate's face mkreason." in page

    work(after_undo_window(app))
    [mail] = smtp.inbox.to(pad_school.maya.email)
    assert "It shows a classmate's face mkreason." in text_part(mail)
    assert "mkalt" not in text_part(mail)  # the mail says what was decided, not the picture's description


def test_an_undone_decision_on_a_picture_tells_nothing(app, client, login_as, pad_school, smtp, work):
    picture = maya_adds_a_picture(client, login_as, pad_school)
    login_as(pad_school.teacher)
    assert decide(client, picture, "reject", "Too blurry to read.").status_code == 302
    decision = db.session.scalar(select(Decision).order_by(Decision.id.desc()))
    assert client.post(f"/decisions/{decision.id}/undo", data={"next": "/queue"}).status_code == 302

    login_as(pad_school.maya)
    assert "Too blurry" not in notices(client)
    work(after_undo_window(app))
    assert smtp.inbox.messages == []
    assert set(db.session.scalars(select(OutboxMessage.status))) <= {"cancelled"}


def test_a_teachers_own_picture_tells_nobody(app, client, login_as, pad_school, smtp, work):
    with_email(pad_school.teacher)
    login_as(pad_school.teacher)
    assert add_picture(client, pad_school.pad).status_code == 302
    assert db.session.scalar(select(PadPicture)).status == "published"
    assert db.session.scalar(select(Notification)) is None
    work(after_undo_window(app))
    assert smtp.inbox.messages == []
