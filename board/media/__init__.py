"""Pictures in student work: upload, clean, store, attach to a contribution, serve under its rule.

Other features use board.media.services (store_upload, attach, images_for, image_index) and the
macros in templates/media/_macros.html; a view that takes pictures in its form is marked with
@accepts_pictures, which lets its request be larger than the board's usual limit for forms.
"""
from __future__ import annotations

from flask import Request, current_app


def accepts_pictures(view):
    """Mark a view whose form may carry pictures: its request may be as large as MEDIA_MAX_REQUEST_BYTES."""
    view.accepts_pictures = True
    return view


class PictureRequest(Request):
    """A request whose size limit is the pictures' one when its view takes pictures.

    The limit is read when the form is parsed (the CSRF check does that before any view runs),
    so it is decided here, from the view the URL leads to, and nowhere else.
    """

    @property
    def max_content_length(self) -> int | None:
        # Only a multipart form can carry files; any other body keeps the board's usual limit.
        if self.url_rule is not None and self.mimetype == "multipart/form-data":
            view = current_app.view_functions.get(self.url_rule.endpoint)
            if getattr(view, "accepts_pictures", False):
                return current_app.config["MEDIA_MAX_REQUEST_BYTES"]
        return super().max_content_length

    @max_content_length.setter
    def max_content_length(self, value: int | None) -> None:
        Request.max_content_length.fset(self, value)
