"""A picture for the demo school, drawn when it is seeded: a student's chart of turnout by age."""
from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageFont

#: turnout in the last town election, by age group, in percent (the demo's made-up survey)
TURNOUT = (("18–24", 23), ("25–34", 31), ("35–49", 44), ("50–64", 58), ("65+", 67))
ALT = ("Bar chart of turnout in the last town election by age group: 18–24, 23%; 25–34, 31%; "
       "35–49, 44%; 50–64, 58%; 65 and over, 67%.")


def turnout_chart() -> io.BytesIO:
    """Draw the chart as a PNG, as a student's drawing program would save it."""
    width, height, left, bottom = 900, 560, 90, 470
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=24)
    small = ImageFont.load_default(size=20)
    draw.text((left, 24), "Who voted in our town’s last election?", fill="#1c2430", font=font)
    for percent in range(0, 101, 25):
        y = bottom - percent * 3.6
        draw.line((left, y, width - 40, y), fill="#e3e0d8", width=1)
        draw.text((left - 60, y - 11), f"{percent}%", fill="#5b6472", font=small)
    bar = (width - left - 60) // len(TURNOUT)
    for index, (label, percent) in enumerate(TURNOUT):
        x = left + 20 + index * bar
        draw.rectangle((x, bottom - percent * 3.6, x + bar - 30, bottom), fill="#1f5a8a")
        draw.text((x + 4, bottom - percent * 3.6 - 30), f"{percent}%", fill="#163f63", font=small)
        # The built-in font has no en dash.
        draw.text((x + 4, bottom + 12), label.replace("–", "-"), fill="#1c2430", font=small)
    draw.line((left, bottom, width - 40, bottom), fill="#1c2430", width=2)
    out = io.BytesIO()
    image.save(out, "PNG")
    out.seek(0)
    return out
