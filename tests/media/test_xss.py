"""The XSS corpus through a picture's description: in the composer, under the post, in the queue.

A description is plain text: wherever it is shown, the page must have exactly the elements and
attributes it has with a harmless description; the payload only ever appears as text.
"""
from __future__ import annotations

import io
from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from board.extensions import db
from board.media.models import Image
from board.media.services import AltRefused, clean_alt
from tests.media import images
from tests.test_sanitization import VECTORS, _require

BATCH = 25
BATCHES = max(1, -(-len(VECTORS) // BATCH))


class Shape(HTMLParser):
    """The page's structure: every element with its attribute names, and where the description went."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, tuple[str, ...]]] = []
        self.alts: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, tuple(sorted(name for name, _ in attrs))))
        for name, value in attrs:
            if name in ("alt", "value") and value is not None:
                self.alts.append(value)


def shape(page: str) -> Shape:
    parser = Shape()
    parser.feed(page)
    return parser


@pytest.fixture
def school(make, client, login_as):
    s = make.school()
    login_as(s.maya)
    response = client.post(f"/prompts/{s.class_prompt.id}/respond", content_type="multipart/form-data", data={
        "body": "", "action": "post", "picture-1": (io.BytesIO(images.photo((60, 40))), "a.jpg"),
        "picture-alt-1": "A harmless description"})
    assert response.status_code == 422
    s.image = db.session.scalar(select(Image))
    return s


def composer(client, s, alt: str) -> str:
    response = client.post(f"/prompts/{s.class_prompt.id}/respond", data={
        "body": "", "action": "post", "picture": str(s.image.id), f"picture-alt-id-{s.image.id}": alt})
    assert response.status_code == 422
    return response.get_data(as_text=True)


@pytest.mark.parametrize("batch", range(BATCHES))
def test_descriptions_typed_into_the_composer_come_back_as_text(client, school, batch):
    _require(VECTORS[0] if VECTORS else None)
    # A description that is taken, and one refused beside its field (too long, or nothing visible left).
    taken = shape(composer(client, school, "A harmless description")).tags
    refused = shape(composer(client, school, "A harmless but long description. " * 10)).tags
    for vector in VECTORS[batch * BATCH:(batch + 1) * BATCH]:
        payload = vector["payload"]
        try:
            shown = clean_alt(payload, required=False)
            accepted = bool(shown)  # nothing visible left is asked for again
        except AltRefused:
            shown, accepted = payload, False  # too long: shown back as typed, to be shortened
        page = shape(composer(client, school, payload))
        assert page.tags == (taken if accepted else refused), vector["id"]
        # Shown back whole in its field: cleaned (one line, no invisible characters), or as typed when refused.
        assert shown in page.alts, vector["id"]


@pytest.mark.parametrize("batch", range(BATCHES))
def test_descriptions_under_a_post_and_in_the_queue_stay_text(client, login_as, school, batch):
    _require(VECTORS[0] if VECTORS else None)
    response = client.post(f"/prompts/{school.class_prompt.id}/respond", data={
        "body": "My chart.", "action": "post", "picture": str(school.image.id),
        f"picture-alt-id-{school.image.id}": "A harmless description"})
    assert response.status_code == 302
    post_id = db.session.get(Image, school.image.id).item_id
    login_as(school.teacher)
    baseline = {url: shape(client.get(url).get_data(as_text=True)).tags for url in (f"/posts/{post_id}", "/queue")}
    for vector in VECTORS[batch * BATCH:(batch + 1) * BATCH]:
        alt = clean_alt(vector["payload"][:250], required=False) or "x"
        db.session.get(Image, school.image.id).alt = alt
        db.session.commit()
        for url, tags in baseline.items():
            page = client.get(url).get_data(as_text=True)
            parsed = shape(page)
            assert parsed.tags == tags, (vector["id"], url)
            assert alt in parsed.alts or url == "/queue", vector["id"]
