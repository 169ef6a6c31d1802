"""A backup keeps the pictures kept in a folder: back up, lose everything, restore, and the picture is served again."""
from __future__ import annotations

import io
import json
import shutil
import zipfile

from alembic import command

from board.extensions import db
from board.media import services as media
from tests.factories import Factory
from tests.media.images import photo
from tests.test_cli_and_migrations import alembic_config

ALT = "Our bar chart of turnout by age"


def school_app(make_app, url, folder):
    app = make_app(SQLALCHEMY_DATABASE_URI=url, MEDIA_STORAGE="folder", MEDIA_FOLDER=str(folder))
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


def test_a_backup_restores_the_pictures_of_a_folder(make_app, tmp_path):
    folder = tmp_path / "media"
    app = school_app(make_app, f"sqlite:///{tmp_path / 'school.db'}", folder)
    image_id = picture_on_public_work(app)
    served = app.test_client().get(f"/images/{image_id}")
    assert served.status_code == 200
    before = served.data

    backup = tmp_path / "backups" / "school.db"
    backup.parent.mkdir()
    result = app.test_cli_runner().invoke(args=["backup", str(backup)])
    assert result.exit_code == 0, result.output
    beside = tmp_path / "backups" / "school.db.pictures.zip"
    assert "2 picture file(s)" in result.output and beside.is_file()
    assert len(zipfile.ZipFile(beside).namelist()) == 2  # the picture and its thumbnail

    # The server is lost: its database and its pictures folder. A new one restores the backup.
    shutil.rmtree(folder)
    (tmp_path / "school.db").unlink()
    restored = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'new.db'}", MEDIA_STORAGE="folder",
                        MEDIA_FOLDER=str(folder))
    result = restored.test_cli_runner().invoke(args=["restore", str(backup)])
    assert result.exit_code == 0, result.output
    assert "2 picture file(s) put back" in result.output
    again = restored.test_client().get(f"/images/{image_id}")
    assert again.status_code == 200 and again.data == before
    assert restored.test_client().get(f"/images/{image_id}/thumb").status_code == 200
    # A second backup to the same name is refused before anything is written.
    refused = restored.test_cli_runner().invoke(args=["backup", str(backup)])
    assert refused.exit_code != 0 and "already exists" in refused.output


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
