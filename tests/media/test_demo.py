"""The demo school shows a picture in student work to everyone, the public included, within a minute."""
from __future__ import annotations

import io

from PIL import Image as PILImage
from sqlalchemy import select

from board.discussions.models import Post
from board.extensions import db
from board.media.demo import ALT
from board.media.models import Image
from board.moderation import states


def test_the_demo_school_has_a_published_answer_with_a_chart(app, client, tmp_path, monkeypatch):
    monkeypatch.setattr(app, "instance_path", str(tmp_path))
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    # other demo pictures (a portfolio's chart, a pad's sketch) are seeded too: this is Jonah's, on his answer
    [image] = [i for i in db.session.scalars(select(Image).where(Image.item_type == "post")) if i.alt == ALT]
    post = db.session.get(Post, image.item_id)
    assert post.status == states.PUBLISHED and post.kind == "response"
    page = client.get(f"/prompts/{post.prompt_id}").get_data(as_text=True)
    assert f'src="/images/{image.id}/thumb"' in page
    served = client.get(f"/images/{image.id}")
    assert served.status_code == 200 and served.headers["Cache-Control"] == "public, no-cache"
    assert PILImage.open(io.BytesIO(served.data)).size == (900, 560)
