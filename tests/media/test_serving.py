"""Serving a picture: the same rule as its contribution for every role and state, and headers that keep it so."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from board.classes.models import Membership
from board.classes.services import set_consent
from board.discussions import pending
from board.discussions.models import Post
from board.extensions import db
from board.media import services as media
from board.media.models import Image
from board.moderation import services as moderation
from board.moderation import states
from board.pagecache import _key_of, store_of
from tests.media import images


class Upload:
    def __init__(self, data: bytes):
        import io

        self.stream = io.BytesIO(data)


def picture_on(post, alt="A chart") -> Image:
    image = media.store_upload(Upload(images.photo((80, 60))), alt, post.author)
    media.attach(image, post)
    db.session.commit()
    return image


@pytest.fixture
def world(make):
    s = make.school()
    s.co_teacher = make.user("teacher", "Bea", "Lund")
    db.session.add(Membership(classroom_id=s.classroom.id, user_id=s.co_teacher.id, role="teacher"))
    db.session.commit()
    posts = {
        "public": make.post(s.maya, s.public_prompt, "Public with consent.", publish=True),
        "no_consent": make.post(s.lucia, s.public_prompt, "Public prompt, no consent.", publish=True),
        "class": make.post(s.maya, s.class_prompt, "Class only.", publish=True),
        "pending": make.post(s.maya, s.class_prompt, "Waiting."),
        "returned": make.post(s.maya, s.class_prompt, "Sent back."),
        "rejected": make.post(s.maya, s.class_prompt, "Not published."),
        "hidden": make.post(s.maya, s.class_prompt, "Hidden after reports.", publish=True),
    }
    moderation.decide(posts["returned"], states.RETURN, s.teacher, posts["returned"].lock_version, feedback="More.")
    moderation.decide(posts["rejected"], states.REJECT, s.teacher, posts["rejected"].lock_version, feedback="No.")
    posts["hidden"].hidden = True
    db.session.commit()
    s.images = {name: picture_on(post).id for name, post in posts.items()}
    s.images["staged"] = media.store_upload(Upload(images.photo((80, 60))), "Not sent", s.maya).id
    s.posts = posts
    return s


ROLES = ("anon", "reader", "maya", "jonah", "lucia", "outsider", "teacher", "co_teacher", "other_teacher", "admin")
#: who gets the picture (200); everyone else gets 404 — the post's own rule: pending, returned and rejected work
#: for its author and the class's teachers, published work for the class, the public only with consent
SEES = {
    "public": set(ROLES),
    "no_consent": {"maya", "jonah", "lucia", "teacher", "co_teacher", "admin"},
    "class": {"maya", "jonah", "lucia", "teacher", "co_teacher", "admin"},
    "pending": {"maya", "teacher", "co_teacher", "admin"},
    "returned": {"maya", "teacher", "co_teacher", "admin"},
    "rejected": {"maya", "teacher", "co_teacher", "admin"},
    "hidden": {"maya", "teacher", "co_teacher", "admin"},
    "staged": {"maya"},
}
# Lucia wrote no_consent: she sees it as its author.
CELLS = [pytest.param(state, role, id=f"{state}-{role}") for state in SEES for role in ROLES]


@pytest.mark.parametrize("state, role", CELLS)
def test_each_role_sees_a_picture_exactly_when_it_may_read_its_post(client, login_as, world, state, role):
    if role != "anon":
        login_as(getattr(world, role))
    image_id = world.images[state]
    for url in (f"/images/{image_id}", f"/images/{image_id}/thumb"):
        response = client.get(url)
        expected = 200 if role in SEES[state] else 404
        assert response.status_code == expected, url
        if expected == 404:
            assert b"RIFF" not in response.data


def test_a_picture_is_served_with_a_safe_type_and_name(client, world):
    response = client.get(f"/images/{world.images['public']}")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "image/webp"
    assert response.data[:4] == b"RIFF" and response.data[8:12] == b"WEBP"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Disposition"] == f'inline; filename="picture-{world.images["public"]}.webp"'
    assert "sandbox" in response.headers["Content-Security-Policy"]


def test_public_pictures_may_be_kept_by_caches_only_if_they_ask_again(client, world):
    response = client.get(f"/images/{world.images['public']}")
    assert response.headers["Cache-Control"] == "public, no-cache"
    again = client.get(f"/images/{world.images['public']}", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304 and not again.data


@pytest.mark.parametrize("state", ["class", "pending", "no_consent"])
def test_a_private_picture_never_reaches_a_shared_cache(client, login_as, world, state):
    login_as(world.teacher)
    response = client.get(f"/images/{world.images[state]}")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"
    assert "Cookie" in response.headers["Vary"]


def test_even_the_public_copy_is_private_to_a_signed_in_reader_when_the_public_may_not_see_it(client, login_as, world):
    login_as(world.maya)
    assert client.get(f"/images/{world.images['class']}").headers["Cache-Control"] == "private, no-store"
    assert client.get(f"/images/{world.images['public']}").headers["Cache-Control"] == "public, no-cache"


def test_the_page_cache_keeps_no_picture(app, client, login_as, world):
    """Anonymous public pages are cached; pictures, private or public, never are."""
    store = store_of(app)
    store.bump()
    login_as(world.teacher)
    assert client.get(f"/images/{world.images['pending']}").status_code == 200
    client.post("/logout")
    anonymous = app.test_client()
    for _ in range(2):
        private = anonymous.get(f"/images/{world.images['pending']}")
        assert private.status_code == 404 and "X-Page-Cache" not in private.headers
        public = anonymous.get(f"/images/{world.images['public']}")
        assert public.status_code == 200 and "X-Page-Cache" not in public.headers
    for image_id in (world.images["pending"], world.images["public"]):
        for url in (f"/images/{image_id}", f"/images/{image_id}/thumb"):
            assert store.lookup(_key_of({"PATH_INFO": url}))[1] is None, f"{url} was kept"
    # The public page that shows the public picture is cached, and carries only what the public may see.
    page = anonymous.get(f"/prompts/{world.public_prompt.id}")
    page = anonymous.get(f"/prompts/{world.public_prompt.id}")
    assert page.headers["X-Page-Cache"] == "hit"
    body = page.get_data(as_text=True)
    assert f"/images/{world.images['public']}/thumb" in body
    assert f"/images/{world.images['no_consent']}" not in body


def test_consent_withdrawn_hides_the_picture_from_the_public_at_once(app, client, world):
    anonymous = app.test_client()
    prompt_url = f"/prompts/{world.public_prompt.id}"
    anonymous.get(prompt_url)
    assert f"/images/{world.images['public']}/thumb" in anonymous.get(prompt_url).get_data(as_text=True)
    membership = db.session.scalar(select(Membership).where(
        Membership.user_id == world.maya.id, Membership.classroom_id == world.classroom.id))
    set_consent(world.teacher, membership, False, "Family asked")
    assert anonymous.get(f"/images/{world.images['public']}").status_code == 404
    assert f"/images/{world.images['public']}" not in anonymous.get(prompt_url).get_data(as_text=True)


def test_a_picture_added_to_public_work_shows_on_the_cached_page_at_once(app, world):
    anonymous = app.test_client()
    url = f"/posts/{world.posts['public'].id}"
    anonymous.get(url)
    assert anonymous.get(url).headers["X-Page-Cache"] == "hit"
    added = picture_on(db.session.get(Post, world.posts["public"].id), "A second chart")
    page = anonymous.get(url)
    assert page.headers["X-Page-Cache"] == "miss" and f"/images/{added.id}/thumb" in page.get_data(as_text=True)


def test_withdrawn_work_takes_its_pictures(client, login_as, world):
    post = db.session.get(Post, world.posts["pending"].id)
    image_id = world.images["pending"]
    pending.withdraw(world.maya, post, post.lock_version)
    assert db.session.get(Image, image_id) is None
    login_as(world.teacher)
    assert client.get(f"/images/{image_id}").status_code == 404


def test_a_missing_picture_is_not_found(client, login_as, world):
    login_as(world.admin)
    assert client.get("/images/999999").status_code == 404
    assert client.get("/images/99999999999999999999").status_code == 404
