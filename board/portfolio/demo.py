"""The demo school's portfolio: a consented student with two pieces, pictures, a tag and a goal."""
from __future__ import annotations

import io

from PIL import Image, ImageDraw

from board.discussions.services import submit
from board.extensions import db
from board.media import services as media
from board.moderation import services as moderation
from board.moderation import states
from board.portfolio import services, sources

#: turnout by age group in the last local election, as the class's article gave it (per cent)
TURNOUT = (("18-24", 22), ("25-34", 31), ("35-49", 44), ("50-64", 58), ("65+", 67))


def turnout_chart() -> bytes:
    """A bar chart as a student might photograph or screenshot it: drawn here, so no file is needed."""
    image = Image.new("RGB", (640, 400), "white")
    draw = ImageDraw.Draw(image)
    draw.line((60, 340, 610, 340), fill=(60, 60, 60), width=2)
    draw.line((60, 40, 60, 340), fill=(60, 60, 60), width=2)
    for i, (label, value) in enumerate(TURNOUT):
        left = 90 + i * 104
        draw.rectangle((left, 340 - value * 4, left + 64, 340), fill=(31, 90, 138))
        draw.text((left + 10, 350), label, fill=(30, 30, 30))
        draw.text((left + 20, 340 - value * 4 - 16), f"{value}%", fill=(30, 30, 30))
    draw.text((70, 14), "Turnout in our last local election, by age", fill=(30, 30, 30))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def vote_poster() -> bytes:
    """The poster a student made to go with her answer: the piece's own visual."""
    image = Image.new("RGB", (600, 800), (250, 236, 200))
    draw = ImageDraw.Draw(image)
    draw.rectangle((30, 30, 570, 770), outline=(31, 90, 138), width=8)
    draw.text((70, 90), "VOTE AT 16?", fill=(31, 90, 138))
    for i, reason in enumerate(("1. Town money is our money too", "2. Habits start young",
                                "3. We learn civics in school now")):
        draw.rectangle((70, 220 + i * 160, 530, 340 + i * 160), fill=(255, 255, 255), outline=(31, 90, 138))
        draw.text((90, 270 + i * 160), reason, fill=(30, 30, 30))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


POSTER_ALT = ("Hand-made poster titled “Vote at 16?” with three reasons: town money is our money too, "
              "habits start young, we learn civics in school now")


def seed_portfolio(teacher, classroom, student, first, prompt, answered) -> None:
    """Give `student` (consent on record) a portfolio: her answer and a reply, a picture, a tag, a goal."""
    chart = media.store_upload(io.BytesIO(turnout_chart()), "Bar chart: turnout rises with age, from 22% of "
                               "18–24 year olds to 67% of people over 65", student, commit=False)
    reply = submit(student, prompt, "You are right that we need to follow local news first. I looked up "
                   "turnout by age: young people vote least, so a habit that starts at 16 could matter most.",
                   parent=answered).post
    media.attach(chart, reply)
    db.session.commit()
    moderation.decide(reply, states.APPROVE, teacher, reply.lock_version)
    evidence = services.add_tag(classroom.id, "Using evidence")
    services.add_tag(classroom.id, "Local government")
    pieces = [
        (first, {"why": "My first answer in a public discussion, and I still agree with it.",
                 "learned": "An argument is stronger when it is about *everyone's* money, not only mine.",
                 "next": "Find out how the cities that lowered the voting age did it."}),
        (reply, {"why": "Jonah's question made me look for numbers instead of guessing.",
                 "learned": "A chart can answer a question faster than a paragraph, if you say where it is from.",
                 "next": "Next time I will name the source under the chart."}),
    ]
    for post, answers in pieces:
        piece = services.add_piece(student, sources.find(student, "post", post.id), answers, [evidence.id]).item
        if post is first:
            # A special piece with a visual: the poster she made, moderated with her reflection.
            media.attach(media.store_upload(io.BytesIO(vote_poster()), POSTER_ALT, student, commit=False), piece)
            db.session.commit()
        moderation.decide(piece, states.APPROVE, teacher, piece.lock_version)
    goal = services.add_goal(student, classroom.id, "Back every claim with a source I can name.",
                             "Halfway there: my reply had a chart, but I forgot to say where it came from.").item
    moderation.decide(goal, states.APPROVE, teacher, goal.lock_version)
