"""Pictures on pages: a thread full of pictures loads them in one query; an unsent picture does not linger."""
from __future__ import annotations

import io
from datetime import timedelta

from sqlalchemy import func, select

from board.extensions import db
from board.media import services as media
from board.media.models import Image
from tests.discussions.test_threads import QueryCounter
from tests.media import images

PICTURE = images.photo((40, 30))


def picture(owner, alt="A small chart") -> Image:
    return media.store_upload(io.BytesIO(PICTURE), alt, owner)


def test_a_thread_with_pictures_in_every_post_loads_them_in_one_query(client, make, login_as):
    school = make.school()
    small = make.prompt(school.classroom, "class", "Small thread with pictures")
    large = make.prompt(school.classroom, "class", "Large thread with pictures")
    for prompt, size in ((small, 2), (large, 20)):
        for n in range(size):
            post = make.post(school.maya if n % 2 else school.jonah, prompt, f"Point {n}.", publish=True)
            media.attach(picture(post.author, f"Chart {n}"), post)
            db.session.commit()
    login_as(school.lucia)
    counts = {}
    for prompt in (small, large):
        client.get(f"/prompts/{prompt.id}")
        with QueryCounter(db.engine) as counter:
            page = client.get(f"/prompts/{prompt.id}").get_data(as_text=True)
        counts[prompt.question] = counter.count
        assert page.count('class="gallery-link"') == (2 if prompt is small else 20)
    assert counts["Small thread with pictures"] == counts["Large thread with pictures"], counts


def test_a_picture_never_sent_is_removed_a_day_later(app, make, picture_folder):
    school = make.school()
    forgotten = picture(school.maya)
    forgotten.created_at -= timedelta(days=2)
    db.session.commit()
    kept = picture(school.jonah)
    kept.created_at -= timedelta(days=2)
    db.session.commit()
    picture(school.maya)  # her next upload tidies her own forgotten ones
    ids = set(db.session.scalars(select(Image.id)))
    assert forgotten.id not in ids and kept.id in ids
    assert db.session.scalar(select(func.count(Image.id))) == 2
    assert len(list(picture_folder.iterdir())) == 4
