"""The demo school's pad picture: a student's sketch beside the class charter, drawn when it is seeded."""
from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageFont
from werkzeug.datastructures import FileStorage

from board.moderation import services as moderation
from board.moderation import states
from board.pads import pictures
from board.pads.models import Pad, PadPicture

#: the three steps of a class discussion the charter's second line promises
STEPS = ("Listen", "Ask a question", "Then answer")
ALT = ("Sketch titled How we discuss (our charter, line 2): three boxes joined by arrows from left to right, "
       "Listen, Ask a question, Then answer.")


def discussion_steps() -> io.BytesIO:
    """Draw the sketch as a PNG, as a student's drawing program would save it."""
    width, height = 960, 360
    image = Image.new("RGB", (width, height), (250, 246, 236))
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=30)
    title = ImageFont.load_default(size=26)
    draw.text((40, 30), "How we discuss (our charter, line 2)", fill=(28, 36, 48), font=title)
    box, gap, top = 240, 80, 130
    for index, step in enumerate(STEPS):
        left = 40 + index * (box + gap)
        draw.rounded_rectangle((left, top, left + box, top + 140), radius=18, fill=(255, 255, 255),
                               outline=(31, 90, 138), width=5)
        draw.text((left + box / 2, top + 70), step, fill=(22, 63, 99), font=font, anchor="mm")
        if index < len(STEPS) - 1:
            start, end = left + box + 10, left + box + gap - 10
            draw.line((start, top + 70, end, top + 70), fill=(28, 36, 48), width=5)
            draw.polygon(((end, top + 70), (end - 16, top + 60), (end - 16, top + 80)), fill=(28, 36, 48))
    out = io.BytesIO()
    image.save(out, "PNG")
    out.seek(0)
    return out


def seed_pad_picture(pad: Pad, student, teacher) -> PadPicture:
    """The student adds the sketch beside the pad and her teacher approves it: the class sees it."""
    picture = pictures.add(pad, student, FileStorage(discussion_steps(), filename="how-we-discuss.png"), ALT)
    moderation.decide(picture, states.APPROVE, teacher, picture.lock_version)
    return picture
