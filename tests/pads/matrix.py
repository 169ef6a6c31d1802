"""Pad pictures' part of the permission matrix: a picture beside a pad in each state, and its routes.

On the public prompt's pad (a published revision): Maya's approved picture (consent on record: everyone),
Lucia's approved one (no consent: the class only) and Lucia's waiting one (Lucia and the teachers);
on the class-only pad, Maya's approved one (the class only).
"""
from __future__ import annotations

import io

from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage

from board.extensions import db
from board.media.models import Image
from board.moderation import services as moderation
from board.moderation import states
from board.pads import pictures
from board.pads.models import PadPicture
from tests.media.images import photo

ADDED_ALT = "A picture the matrix added"


def _upload() -> FileStorage:
    return FileStorage(stream=io.BytesIO(photo((64, 48))), filename="picture.jpg")


def build(s, pub_pad, class_pad) -> dict[str, int]:
    """Add the pictures; return the ids of each ("padpic_<name>") and of its image ("padpic_<name>_image")."""
    ids = {}
    for name, pad, author, approve in (("pub", pub_pad, s.maya, True), ("noconsent", pub_pad, s.lucia, True),
                                       ("pending", pub_pad, s.lucia, False), ("class", class_pad, s.maya, True)):
        picture = pictures.add(pad, author, _upload(), f"A drawing mkpadpic{name}")
        if approve:
            moderation.decide(picture, states.APPROVE, s.teacher, picture.lock_version)
        ids[f"padpic_{name}"] = picture.id
        ids[f"padpic_{name}_image"] = db.session.scalar(select(Image.id).where(
            Image.item_type == "pad_picture", Image.item_id == picture.id))
    return ids


def markers(w) -> dict[str, set[str]]:
    everyone = {"anon", "reader", "maya", "lucia", "outsider", "suspended", "teacher", "co_teacher",
                "other_teacher", "admin", "family"}
    teachers = {"teacher", "co_teacher", "admin"}
    return {
        "mkpadpicpub": everyone,
        "mkpadpicnoconsent": {"maya", "lucia", "suspended"} | teachers,
        "mkpadpicpending": {"lucia"} | teachers,
        "mkpadpicclass": {"maya", "lucia", "suspended"} | teachers,
    }


def _fresh():
    db.session.expire_all()


def added_effect(w, role, allowed):
    _fresh()
    count = db.session.scalar(select(func.count(Image.id)).where(Image.alt == ADDED_ALT, Image.item_type.is_not(None)))
    assert count == (1 if allowed else 0)


def removed_effect(w, role, allowed):
    _fresh()
    assert (db.session.get(PadPicture, w.ids["padpic_pending"]) is None) == allowed


def decided_effect(w, role, allowed):
    _fresh()
    assert (db.session.get(PadPicture, w.ids["padpic_pending"]).status == states.PUBLISHED) == allowed


def rows(row) -> list:
    #            anon reader maya lucia outsdr susp teachr co   other admin family
    return [
        row("GET", "/images/{padpic_pub_image}",          200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
        row("GET", "/images/{padpic_noconsent_image}",    404, 404, 200, 200, 404, 200, 200, 200, 404, 200, 404),
        row("GET", "/images/{padpic_pending_image}/thumb", 404, 404, 404, 200, 404, 404, 200, 200, 404, 200, 404),
        row("GET", "/images/{padpic_class_image}",        404, 404, 200, 200, 404, 200, 200, 200, 404, 200, 404),
        # the strip alone, for an open editor: the class's, each as they may see it (leak-checked)
        row("GET", "/pads/{pub_pad}/pictures",            404, 404, 200, 200, 404, 200, 200, 200, 404, 200, 404),
        row("POST", "/pads/{pub_pad}/pictures/add",       401, 404, 302, 302, 404, 403, 302, 302, 404, 302, 404,
            data=lambda w: {"alt": ADDED_ALT, "picture": (io.BytesIO(photo((64, 48))), "new.jpg")},
            effect=added_effect),
        # its writer or a teacher of the class takes a picture out; others may not know a waiting one exists
        row("POST", "/pads/pictures/{padpic_pending}/remove", 401, 404, 404, 302, 404, 404, 302, 302, 404, 302, 404,
            effect=removed_effect),
        row("POST", "/queue/pad_picture/{padpic_pending}/decide",
            401, 403, 403, 403, 403, 403, 302, 302, 404, 302, 403,
            data=lambda w: {"action": "approve",
                            "version": db.session.get(PadPicture, w.ids["padpic_pending"]).lock_version},
            effect=decided_effect),
    ]
