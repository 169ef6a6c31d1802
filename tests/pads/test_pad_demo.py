"""The demo school's charter pad has an approved picture beside it, so a new user sees one at once."""
from __future__ import annotations

import html
import io

from PIL import Image as PILImage
from sqlalchemy import select

from board.extensions import db
from board.media.models import Image
from board.pads.demo import ALT
from board.pads.models import PadPicture


def test_the_demo_pad_shows_an_approved_picture_to_the_class(app, client, tmp_path, monkeypatch):
    monkeypatch.setattr(app, "instance_path", str(tmp_path))
    monkeypatch.setitem(app.config, "MEDIA_FOLDER", str(tmp_path / "media"))
    monkeypatch.setitem(app.config, "MEDIA_STORAGE", "folder")
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    [picture] = db.session.scalars(select(PadPicture)).all()
    image = db.session.scalar(select(Image).where(Image.item_type == "pad_picture", Image.item_id == picture.id))
    assert picture.status == "published" and picture.author.login == "jonah" and image.alt == ALT

    maya = next(line.split() for line in result.output.splitlines() if line.split()[:2] == ["student", "maya"])
    client.post("/login", data={"login": maya[1], "password": maya[2]})
    client._csrf = None
    page = html.unescape(client.get(f"/pads/{picture.pad_id}").get_data(as_text=True))
    assert f'src="/images/{image.id}/thumb" alt="{ALT}"' in page and "Waiting for" not in page
    served = client.get(f"/images/{image.id}")
    assert served.status_code == 200 and PILImage.open(io.BytesIO(served.data)).size == (960, 360)
