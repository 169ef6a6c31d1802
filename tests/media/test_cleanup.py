"""Pictures nobody will use are removed: staged ones never sent (a day old), and stored files with no row."""
from __future__ import annotations

import io
import os
from datetime import timedelta

from sqlalchemy import select

from board.extensions import db
from board.media import cleanup
from board.media import services as media
from board.media.models import Image
from board.media.storage import storage
from board.timeutil import utcnow
from tests.media import images


def stored(owner, alt="A chart", commit=True) -> Image:
    return media.store_upload(io.BytesIO(images.photo((80, 60))), alt, owner, commit=commit)


def files_of(folder, key: str) -> list[str]:
    return sorted(p.name for p in folder.glob(f"{key}*"))


def age(folder, hours: float) -> None:
    """Make every file in the folder look this many hours old."""
    when = (utcnow() - timedelta(hours=hours)).timestamp()
    for path in folder.iterdir():
        os.utime(path, (when, when))


def test_pictures_never_sent_go_after_a_day_and_attached_ones_stay(app, make, picture_folder):
    school = make.school()
    old, fresh, kept = stored(school.maya), stored(school.maya), stored(school.jonah)
    post = make.post(school.jonah, school.class_prompt, "My chart.")
    media.attach(kept, post)
    for image in (old, kept):
        image.created_at = utcnow() - timedelta(days=2)
    db.session.commit()
    old_id, old_key = old.id, old.storage_key
    assert len(files_of(picture_folder, old_key)) == 2

    result = app.test_cli_runner().invoke(args=["media-cleanup"])
    assert result.exit_code == 0, result.output
    assert "Removed 1 picture(s) never attached" in result.output
    assert db.session.get(Image, old_id) is None and files_of(picture_folder, old_key) == []
    remaining = set(db.session.scalars(select(Image.id)))
    assert remaining == {fresh.id, kept.id}
    assert all(len(files_of(picture_folder, i.storage_key)) == 2 for i in (fresh, kept))


def test_files_left_by_a_failed_commit_go_once_an_hour_old(app, make, picture_folder, client, login_as):
    school = make.school()
    kept = stored(school.maya)
    # The files are written, then the transaction that would have saved the row fails.
    lost = stored(school.maya, commit=False)
    lost_key = lost.storage_key
    db.session.rollback()
    assert db.session.scalar(select(Image).where(Image.storage_key == lost_key)) is None
    assert len(files_of(picture_folder, lost_key)) == 2
    (picture_folder / ".upload-half-written").write_bytes(b"\x00" * 10)

    # Within the hour its row might still be on its way: nothing is touched.
    assert cleanup.remove_orphan_files() == 0
    age(picture_folder, hours=2)
    assert cleanup.remove_orphan_files() == 3
    assert files_of(picture_folder, lost_key) == [] and not (picture_folder / ".upload-half-written").exists()
    assert len(files_of(picture_folder, kept.storage_key)) == 2
    login_as(school.maya)
    assert client.get(f"/images/{kept.id}").status_code == 200


def test_the_worker_cleans_up_in_its_round(app, make, picture_folder):
    from board.mail import worker

    school = make.school()
    old, fresh = stored(school.maya), stored(school.jonah)
    old.created_at = utcnow() - timedelta(days=2)
    db.session.commit()
    old_id, fresh_key = old.id, fresh.storage_key
    storage().put("OrphanKey12345.webp", b"not referenced")
    age(picture_folder, hours=2)
    cleanup._last_run = 0.0
    counts = worker.tick()
    assert counts["pictures_removed"] == 2  # the picture never sent (with its thumbnail) and the orphan file
    assert db.session.get(Image, old_id) is None and not (picture_folder / "OrphanKey12345.webp").exists()
    assert len(files_of(picture_folder, fresh_key)) == 2
    # Within the hour, the next round leaves the folder alone.
    storage().put("OrphanKey67890.webp", b"not referenced")
    age(picture_folder, hours=2)
    assert "pictures_removed" not in worker.tick()
    assert (picture_folder / "OrphanKey67890.webp").exists()


def test_a_folder_beside_a_database_with_no_pictures_is_left_alone(app, make, picture_folder):
    """An empty database next to a folder of pictures is more likely the wrong pair than all orphans."""
    storage().put("SomeoneElses1234.webp", b"a picture of another database")
    age(picture_folder, hours=48)
    assert cleanup.remove_orphan_files() == 0 and (picture_folder / "SomeoneElses1234.webp").exists()
