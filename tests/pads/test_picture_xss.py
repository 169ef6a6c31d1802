"""The XSS corpus through a pad picture's description: the form shown again, the pad's strip, the queue,
the published page, the downloads. A description is plain text wherever it appears: every page keeps
exactly the elements and attributes it has with a harmless description.
"""
from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import select

from board.extensions import db
from board.media.models import Image
from board.media.services import AltRefused, clean_alt
from board.pads.models import PadPicture
from tests.media.test_xss import shape
from tests.pads.test_pictures import add_picture, decide, picture_folder, publish_pad  # noqa: F401
from tests.test_sanitization import VECTORS, _require

BATCH = 25
BATCHES = max(1, -(-len(VECTORS) // BATCH))


def refused_form(client, pad, alt: str) -> str:
    """The add form shown again: no file chosen, so it comes back whatever the description."""
    response = client.post(f"/pads/{pad.id}/pictures/add", data={"alt": alt})
    assert response.status_code == 422
    return response.get_data(as_text=True)


@pytest.mark.parametrize("batch", range(BATCHES))
def test_descriptions_typed_into_the_form_come_back_as_text(client, login_as, pad_school, batch):
    _require(VECTORS[0] if VECTORS else None)
    login_as(pad_school.maya)
    pad = pad_school.pad
    taken = shape(refused_form(client, pad, "A harmless description")).tags
    refused = shape(refused_form(client, pad, "")).tags
    for vector in VECTORS[batch * BATCH:(batch + 1) * BATCH]:
        payload = vector["payload"]
        try:
            accepted = bool(clean_alt(payload))
        except AltRefused:
            accepted = False
        page = shape(refused_form(client, pad, payload))
        assert page.tags == (taken if accepted else refused), vector["id"]
        assert payload in page.alts, vector["id"]  # given back exactly as typed, in its field


@pytest.mark.parametrize("batch", range(BATCHES))
def test_descriptions_in_the_pad_the_queue_and_the_public_pages_stay_text(client, login_as, pad_school, batch):
    _require(VECTORS[0] if VECTORS else None)
    pad = pad_school.pad
    login_as(pad_school.maya)
    add_picture(client, pad, "Approved one")
    add_picture(client, pad, "Waiting one")
    approved_image, waiting_image = db.session.scalars(select(Image).order_by(Image.id)).all()
    login_as(pad_school.teacher)
    decide(client, db.session.get(PadPicture, approved_image.item_id))
    publish_pad(client, login_as, pad_school)
    pages = {"teacher": [f"/pads/{pad.id}", "/queue", f"/pads/{pad.id}/pictures"],
             "public": [f"/pads/{pad.id}", f"/pads/{pad.id}/export.html"]}

    def look(who: str) -> dict[str, str]:
        if who == "teacher":
            login_as(pad_school.teacher)
        else:
            client.post("/logout")
        return {url: client.get(url).get_data(as_text=True) for url in pages[who]}

    baseline = {who: {url: shape(page).tags for url, page in look(who).items()} for who in pages}
    for vector in VECTORS[batch * BATCH:(batch + 1) * BATCH]:
        alt = clean_alt(vector["payload"][:250], required=False) or "x"
        for image in (db.session.get(Image, approved_image.id), db.session.get(Image, waiting_image.id)):
            image.alt = alt
        db.session.commit()
        for who in pages:
            for url, page in look(who).items():
                assert shape(page).tags == baseline[who][url], (vector["id"], who, url)
                assert alt in html.unescape(page), (vector["id"], who, url)
        # In the Markdown download it stays inside its image's brackets, on one line.
        markdown = client.get(f"/pads/{pad.id}/export.md").get_data(as_text=True)
        line = next(line for line in markdown.splitlines()
                    if line.endswith(f"](http://localhost/images/{approved_image.id})"))
        inside = line[2:line.rindex("](")]
        assert line.startswith("![") and re.sub(r"\\(.)", r"\1", inside) == alt, vector["id"]
        assert not re.search(r"(?<!\\)(\\\\)*\]", inside), vector["id"]
