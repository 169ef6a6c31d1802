"""A backup keeps the pictures kept in a folder: back up, lose everything, restore, and the picture is served again."""
from __future__ import annotations

import io
import json
import shutil
import zipfile

import pytest
from alembic import command

from board.extensions import db
from board.media import services as media
from tests.factories import Factory
from tests.media.images import photo
from tests.services import missing
from tests.test_backup_export import postgres_database
from tests.test_cli_and_migrations import alembic_config

ALT = "Our bar chart of turnout by age"


def school_app(make_app, url, folder, store="folder"):
    app = make_app(SQLALCHEMY_DATABASE_URI=url, MEDIA_STORAGE=store, MEDIA_FOLDER=str(folder))
    with app.app_context():
        command.upgrade(alembic_config(), "head")
    return app


def picture_on_public_work(app) -> int:
    """Maya (consent on record) published a response with a picture to a public prompt."""
    with app.app_context(), app.test_request_context():
        make = Factory(app)
        school = make.school()
        post = make.post(school.maya, school.public_prompt, "Turnout rises with age.", publish=True)
        image = media.store_upload(io.BytesIO(photo()), ALT, school.maya, commit=False)
        media.attach(image, post)
        db.session.commit()
        return image.id


def back_up_lose_and_restore(make_app, tmp_path, source_url, target_url, store="folder", name="school.db"):
    folder = tmp_path / "media"
    app = school_app(make_app, source_url, folder, store)
    image_id = picture_on_public_work(app)
    served = app.test_client().get(f"/images/{image_id}")
    assert served.status_code == 200
    before = served.data

    backup = tmp_path / "backups" / name
    backup.parent.mkdir()
    result = app.test_cli_runner().invoke(args=["backup", str(backup)])
    assert result.exit_code == 0, result.output
    beside = tmp_path / "backups" / f"{name}.pictures.zip"
    if store == "folder":
        assert "2 picture file(s)" in result.output and beside.is_file()
        assert len(zipfile.ZipFile(beside).namelist()) == 2  # the picture and its thumbnail
    else:
        assert "pictures are in the database" in result.output and not beside.exists()

    # The server is lost: its database and its pictures folder. A new one restores the backup.
    shutil.rmtree(folder, ignore_errors=True)
    with app.app_context():
        db.engine.dispose()
    restored = make_app(SQLALCHEMY_DATABASE_URI=target_url, MEDIA_STORAGE=store, MEDIA_FOLDER=str(folder))
    result = restored.test_cli_runner().invoke(args=["restore", str(backup)])
    assert result.exit_code == 0, result.output
    if store == "folder":
        assert "2 picture file(s) put back" in result.output
    again = restored.test_client().get(f"/images/{image_id}")
    assert again.status_code == 200 and again.data == before
    assert restored.test_client().get(f"/images/{image_id}/thumb").status_code == 200
    # A second backup to the same name is refused before anything is written.
    refused = restored.test_cli_runner().invoke(args=["backup", str(backup)])
    assert refused.exit_code != 0 and "already exists" in refused.output
    with restored.app_context():
        db.engine.dispose()


@pytest.mark.parametrize("store", ["folder", "database"])
def test_a_sqlite_backup_restores_the_pictures(make_app, tmp_path, store):
    back_up_lose_and_restore(make_app, tmp_path, f"sqlite:///{tmp_path / 'school.db'}",
                             f"sqlite:///{tmp_path / 'new.db'}", store)


def test_a_postgresql_backup_restores_the_pictures_of_a_folder(make_app, tmp_path):
    for tool in ("pg_dump", "pg_restore"):
        if shutil.which(tool) is None:
            missing(tool, "not on PATH (apt-get install -y postgresql-client)")
    with postgres_database() as source_url, postgres_database() as target_url:
        back_up_lose_and_restore(make_app, tmp_path, source_url, target_url, name="school.dump")


def test_a_restore_without_its_pictures_file_says_so(make_app, tmp_path):
    folder = tmp_path / "media"
    app = school_app(make_app, f"sqlite:///{tmp_path / 'school.db'}", folder)
    picture_on_public_work(app)
    backup = tmp_path / "school-backup.db"
    assert app.test_cli_runner().invoke(args=["backup", str(backup)]).exit_code == 0
    (tmp_path / "school-backup.db.pictures.zip").unlink()
    restored = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'new.db'}", MEDIA_STORAGE="folder",
                        MEDIA_FOLDER=str(tmp_path / "other-media"))
    result = restored.test_cli_runner().invoke(args=["restore", str(backup)])
    assert result.exit_code == 0 and "no school-backup.db.pictures.zip beside the backup" in result.output


def test_a_class_export_carries_its_posts_pictures(make_app, tmp_path):
    app = school_app(make_app, f"sqlite:///{tmp_path / 'school.db'}", tmp_path / "media")
    image_id = picture_on_public_work(app)
    out = tmp_path / "class.zip"
    with app.app_context():
        from board.classes.models import Classroom

        classroom_id = db.session.scalar(db.select(Classroom.id).where(Classroom.name == "Civics 8B"))
    result = app.test_cli_runner().invoke(args=["export", "--class", str(classroom_id), str(out)])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out) as archive:
        data = json.loads(archive.read("data.json"))
        [post] = [p for p in data["posts"] if p["pictures"]]
        [picture] = post["pictures"]
        assert picture["alt"] == ALT and picture["file"] == f"images/picture-{image_id}.webp"
        assert archive.read(picture["file"]) == app.test_client().get(f"/images/{image_id}").data
        page = archive.read(f"class-{classroom_id}/prompt-{post['prompt_id']}.html").decode()
        assert f'src="../images/picture-{image_id}.webp" alt="{ALT}"' in page
        assert "storage_key" not in archive.read("data.json").decode()
