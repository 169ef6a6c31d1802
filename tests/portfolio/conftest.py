"""A class whose students have published work to put in their portfolios."""
from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from board.extensions import db
from board.media import services as media
from board.moderation import services as moderation
from board.moderation import states
from board.portfolio import services, sources
from board.portfolio.models import Goal, Piece
from board.portfolio.services import add_tag
from tests.families.conftest import family_of  # noqa: F401  (a family signs up through the pages)
from tests.media.images import photo

WHY = "It is the first time I used two sources that disagree."
LEARNED = "I learned to **name my source** before I quote it."
NEXT = "Next I want to find a source from another country."
ANSWERS = {"why": WHY, "learned": LEARNED, "next": NEXT}


def approve(item, teacher) -> None:
    """A teacher of the class approves a reflection through moderation."""
    moderation.decide(item, states.APPROVE, teacher, item.lock_version)
    db.session.refresh(item)


def piece_form(**overrides) -> dict:
    return {**ANSWERS, "action": "post", **overrides}


@pytest.fixture(autouse=True)
def picture_folder(app, tmp_path):
    """Pictures land in this test's own folder."""
    before = {key: app.config[key] for key in ("MEDIA_FOLDER", "MEDIA_STORAGE")}
    app.config.update(MEDIA_FOLDER=str(tmp_path / "media"), MEDIA_STORAGE="folder")
    yield tmp_path / "media"
    app.config.update(before)


def picture_on(post, alt: str = "A bar chart of turnout by age"):
    """Attach a picture to published work, as the composer would have."""
    image = media.store_upload(io.BytesIO(photo()), alt, post.author, commit=False)
    media.attach(image, post)
    db.session.commit()
    return image


@pytest.fixture
def folio(make):
    """The school, with Maya's response to the public prompt published and a tag for the class."""
    school = make.school()
    school.work = make.post(school.maya, school.public_prompt, "Voting at sixteen builds a habit of voting.",
                            publish=True)
    school.class_work = make.post(school.maya, school.class_prompt, "A rule is fair when everyone helped make it.",
                                  publish=True)
    school.lucia_work = make.post(school.lucia, school.public_prompt, "Local elections matter most to us.",
                                  publish=True)
    school.tag = add_tag(school.classroom.id, "Using evidence")
    return school


def add_piece(client, post, **overrides):
    return client.post(f"/portfolio/add/post/{post.id}", data=piece_form(**overrides))


def only_piece(student) -> Piece:
    return db.session.scalar(select(Piece).where(Piece.student_id == student.id))


def only_goal(student) -> Goal:
    return db.session.scalar(select(Goal).where(Goal.student_id == student.id))


def showcase(make, app, folder) -> object:
    """A school where Maya's portfolio has everything: two approved pieces (one with a picture), a tag,
    an approved goal, a piece waiting for review, and Lucia's piece without consent."""
    app.config.update(MEDIA_FOLDER=str(folder), MEDIA_STORAGE="folder")
    school = make.school()
    school.work = make.post(school.maya, school.public_prompt, "Voting at sixteen builds a habit of voting.",
                            publish=True)
    school.reply = make.post(school.maya, school.public_prompt, "Young people vote least; I checked the chart.",
                             parent=school.work, publish=True)
    school.class_work = make.post(school.maya, school.class_prompt, "A rule is fair when everyone helped make it.",
                                  publish=True)
    picture_on(school.reply)
    school.tag = add_tag(school.classroom.id, "Using evidence")
    school.pieces = []
    for post, why in ((school.work, WHY), (school.reply, "The chart answered Jonah's question.")):
        piece = services.add_piece(school.maya, sources.find(school.maya, "post", post.id),
                                   {**ANSWERS, "why": why}, [school.tag.id]).item
        approve(piece, school.teacher)
        school.pieces.append(piece)
    school.waiting = services.add_piece(school.maya, sources.find(school.maya, "post", school.class_work.id),
                                        {**ANSWERS, "why": "Still waiting for my teacher."}).item
    school.goal = services.add_goal(school.maya, school.classroom.id, "Back every claim with a source.",
                                    "Halfway there.").item
    approve(school.goal, school.teacher)
    return school
