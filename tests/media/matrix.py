"""Pictures' part of the permission matrix: a picture on a post in every state answers as the post does.

The world gets one picture on each post the matrix already has (published with and without consent,
pending, returned, rejected, class-only), and one Maya added to a composer she has not sent yet.
The matrix app keeps pictures in its database (MEDIA_STORAGE="database"), restored with it per cell.
"""
from __future__ import annotations

from board.extensions import db
from board.media import services as media
from tests.media.images import photo

#: the matrix's posts that carry a picture; each picture's row copies its post's row
POSTS = ("pub", "noconsent", "pending", "returned", "rejected", "class_pub")


class _Upload:
    def __init__(self, data: bytes):
        import io

        self.stream = io.BytesIO(data)


def build(make, posts: dict) -> dict[str, int]:
    """Add the pictures; return their ids as "<post>_image" and "staged_image"."""
    ids = {}
    for name in POSTS:
        post = posts[name]
        image = media.store_upload(_Upload(photo((64, 48))), f"A picture with {name}", post.author)
        media.attach(image, post)
        db.session.commit()
        ids[f"{name}_image"] = image.id
    maya = posts["pub"].author
    ids["staged_image"] = media.store_upload(_Upload(photo((64, 48))), "Not sent yet", maya).id
    return ids


def rows(row, table) -> list:
    """The image routes, each answering every role exactly as the page of the post it belongs to."""
    pages = {(r.method, r.path): r.expect for r in table}
    out = []
    for name in POSTS:
        expect = pages[("GET", f"/posts/{{{name}}}")]
        out.append(row("GET", f"/images/{{{name}_image}}", *expect.values()))
    pending = pages[("GET", "/posts/{pending}")]
    out.append(row("GET", "/images/{pending_image}/thumb", *pending.values()))
    out.append(row("GET", "/images/{pub_image}/thumb", *pages[("GET", "/posts/{pub}")].values()))
    # A picture not sent yet belongs to its owner alone: not even an admin or a teacher sees it.
    out.append(row("GET", "/images/{staged_image}", *(200 if role == "maya" else 404 for role in pending)))
    return out
