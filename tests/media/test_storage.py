"""The two stores behind one interface: a folder for one machine, the database for several hosts."""
from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from board.discussions.models import Post
from board.extensions import db
from board.media.models import Image, ImageBlob
from board.media.storage import DatabaseStorage, FolderStorage, storage
from tests.media import images


@pytest.fixture(params=["folder", "database"])
def kind(request, app):
    app.config["MEDIA_STORAGE"] = request.param
    return request.param


def test_a_store_keeps_gives_back_and_forgets(app, kind):
    store = storage()
    assert isinstance(store, FolderStorage if kind == "folder" else DatabaseStorage)
    store.put("abcdefgh12.webp", b"RIFF....WEBP")
    db.session.commit()
    assert store.get("abcdefgh12.webp") == b"RIFF....WEBP"
    assert store.get("zzzzzzzz12.webp") is None
    store.delete("abcdefgh12.webp")
    db.session.commit()
    assert store.get("abcdefgh12.webp") is None


@pytest.mark.parametrize("key", ["../secret_key.webp", "/etc/passwd", "a/b.webp", "short.webp", "x" * 20 + ".png", ""])
def test_a_key_can_never_name_another_path(app, kind, key):
    with pytest.raises(ValueError):
        storage().put(key, b"x")
    with pytest.raises(ValueError):
        storage().get(key)


def test_an_unknown_store_is_refused(app):
    app.config["MEDIA_STORAGE"] = "s3"
    with pytest.raises(ValueError, match="folder' or 'database"):
        storage()


def test_a_whole_picture_goes_through_either_store(app, client, login_as, make, kind, picture_folder):
    """Upload, serve, withdraw: in the database store, the bytes are rows; in the folder, files."""
    s = make.school()
    login_as(s.maya)
    response = client.post(f"/prompts/{s.class_prompt.id}/respond", content_type="multipart/form-data", data={
        "body": "Our chart.", "action": "post", "picture-1": (io.BytesIO(images.jpeg_with_gps()), "a.jpg"),
        "picture-alt-1": "Turnout by age"})
    assert response.status_code == 302
    image = db.session.scalar(select(Image))
    blobs = db.session.scalar(select(func.count()).select_from(ImageBlob))
    files = list(picture_folder.iterdir()) if picture_folder.exists() else []
    assert (blobs, len(files)) == ((2, 0) if kind == "database" else (0, 2))
    served = client.get(f"/images/{image.id}")
    assert served.status_code == 200 and served.data[8:12] == b"WEBP"
    assert b"GPS" not in served.data and b"Exif" not in served.data
    post = db.session.scalar(select(Post))
    client.post(f"/posts/{post.id}/withdraw", data={"version": str(post.lock_version)})
    assert db.session.scalar(select(func.count()).select_from(ImageBlob)) == 0
    assert not (list(picture_folder.iterdir()) if picture_folder.exists() else [])
