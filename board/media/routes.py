"""Serving pictures: to exactly those who may read what they belong to, with headers that keep them so."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, request
from flask_login import current_user

from board.extensions import db
from board.media import PictureRequest, cleanup
from board.media.models import Image
from board.media.processing import CONTENT_TYPES
from board.media.services import can_view, image_index, images_for, is_public
from board.media.storage import storage

#: `cli_group=None` puts its command at the top level: `flask media-cleanup`
bp = Blueprint("media", __name__, cli_group=None)
cleanup.register(bp)


@bp.record_once
def _setup(state) -> None:
    """Let the views marked @accepts_pictures take a larger request than other forms."""
    state.app.request_class = PictureRequest
    # Templates list an item's pictures (pictures_of(post)) or a whole page's (picture_index("post", ids)).
    state.app.jinja_env.globals.update(pictures_of=images_for, picture_index=image_index)


def _serve(image_id: int, thumb: bool):
    image = db.session.get(Image, image_id)
    # "Not found" for anything this person may not see: whether a picture exists is not theirs to know.
    if image is None or not can_view(current_user, image):
        abort(404)
    key = f"{image.storage_key}-thumb.webp" if thumb else f"{image.storage_key}.webp"
    data = storage().get(key)
    if data is None:
        abort(404)
    response = current_app.response_class(data, mimetype=CONTENT_TYPES[image.format])
    name = f"picture-{image.id}{'-small' if thumb else ''}.{image.format}"
    response.headers["Content-Disposition"] = f'inline; filename="{name}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    # A picture shows nothing but itself: no script, style or frame may run inside it.
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    if is_public(image):
        # Anyone may see it, but consent can be withdrawn at any moment: caches ask again every time.
        response.headers["Cache-Control"] = "public, no-cache"
    else:
        # Pending work, a class's work: never in a shared cache, nor on the disk of a shared computer.
        response.headers["Cache-Control"] = "private, no-store"
    response.vary.add("Cookie")
    # The stored file never changes under its key: the key is its validator.
    response.set_etag(key)
    return response.make_conditional(request)


@bp.route("/images/<int:image_id>")
def show(image_id: int):
    """Send a picture to someone who may read what it belongs to."""
    return _serve(image_id, thumb=False)


@bp.route("/images/<int:image_id>/thumb")
def thumb(image_id: int):
    """Send a picture's thumbnail, under the same rule."""
    return _serve(image_id, thumb=True)
