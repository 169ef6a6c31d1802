"""The pictures part of a composer: what was sent with the form, kept across every re-show.

A picture is stored (cleaned) the moment its form arrives, even if the text is refused or a norms
reminder must be shown first: the composer then shows it back as "added", with its description,
so nothing a student chose or typed has to be done again. A file that cannot be used is named
beside its field with the reason, and the description typed for it stays in the field.

When the composer changes existing work (revising returned work, editing waiting work), the
item's own pictures are shown too: their descriptions can be changed and each can be taken out,
but only when the new version is saved (save()), never by a form that was refused.

Form fields: "picture-<n>" (a file) and "picture-alt-<n>" for each empty place; "picture" (the id of
a picture added with this composer), "picture-alt-id-<id>" (a description of a picture shown) and
"picture-remove" (ids of pictures to take out).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from flask import current_app

from board.extensions import db
from board.media.models import Image
from board.media.processing import ACCEPT_ATTRIBUTE, ImageRefused
from board.media.services import AltRefused, attach, clean_alt, discard, images_for, staged, store_upload
from board.web import small_int


@dataclass
class Slot:
    """An empty place for one more picture, with what was typed into it."""

    number: int
    alt: str = ""
    error: str = ""
    alt_error: str = ""


@dataclass
class Pictures:
    cap: int
    #: the item's own pictures, when the composer changes existing work
    kept: list[Image] = field(default_factory=list)
    #: added with this composer, not yet part of a contribution
    added: list[Image] = field(default_factory=list)
    #: ids of the item's pictures ticked to be taken out when the new version is saved
    removing: set[int] = field(default_factory=set)
    #: new descriptions of the item's pictures, applied when the new version is saved
    kept_alts: dict[int, str] = field(default_factory=dict)
    #: errors beside a picture's description, and what was typed there when refused, by picture id
    alt_errors: dict[int, str] = field(default_factory=dict)
    typed_alts: dict[int, str] = field(default_factory=dict)
    slots: list[Slot] = field(default_factory=list)
    accept: str = ACCEPT_ATTRIBUTE

    @property
    def shown(self) -> list[tuple[Image, bool]]:
        """Every picture in the composer, with whether it is already part of the item."""
        return [(image, True) for image in self.kept] + [(image, False) for image in self.added]

    @property
    def count(self) -> int:
        """How many pictures the item will carry once saved."""
        return len(self.kept) - len(self.removing) + len(self.added)

    @property
    def has_errors(self) -> bool:
        return bool(self.alt_errors) or any(s.error or s.alt_error for s in self.slots)

    @property
    def open(self) -> bool:
        """Show the pictures section unfolded: something is in it."""
        return bool(self.kept or self.added) or any(s.alt or s.error for s in self.slots)

    def alt_of(self, image: Image) -> str:
        return self.typed_alts.get(image.id, self.kept_alts.get(image.id, image.alt))

    def fill_slots(self, typed: dict[int, Slot] | None = None) -> Pictures:
        """Offer a place for each picture still allowed: first the ones with something typed or refused
        (their words stay where they were), then empty ones."""
        typed = typed or {}
        free = max(0, self.cap - self.count)
        empty = (Slot(n) for n in range(1, self.cap + 1) if n not in typed)
        # A slot that had something to say keeps its words even when the cap leaves it no room.
        self.slots = list(typed.values())
        self.slots += [next(empty) for _ in range(max(0, free - len(self.slots)))]
        return self


def _cap() -> int:
    return current_app.config["MEDIA_MAX_PER_ITEM"]


def empty(item=None) -> Pictures:
    """The pictures part of a fresh composer (with the item's own pictures, when it changes one)."""
    return Pictures(cap=_cap(), kept=images_for(item) if item is not None else []).fill_slots()


def read(user, form, files, item=None) -> Pictures:
    """Take what the composer sent: store new files, check every description, note what is taken out."""
    pictures = Pictures(cap=_cap(), kept=images_for(item) if item is not None else [])
    removed = {small_int(v) for v in form.getlist("picture-remove")}
    pictures.removing = {image.id for image in pictures.kept if image.id in removed}
    for image in pictures.kept:
        if image.id not in pictures.removing:
            typed = form.get(f"picture-alt-id-{image.id}", image.alt)
            try:
                pictures.kept_alts[image.id] = clean_alt(typed)
            except AltRefused as problem:
                pictures.alt_errors[image.id] = str(problem)
                pictures.typed_alts[image.id] = typed
    for image in staged(user, [small_int(v) for v in form.getlist("picture")]):
        if image.id in removed:
            discard(image)
            continue
        pictures.added.append(image)
        _describe(pictures, image, form.get(f"picture-alt-id-{image.id}", image.alt))
    typed: dict[int, Slot] = {}
    for number in range(1, pictures.cap + 1):
        upload = files.get(f"picture-{number}")
        slot = Slot(number, alt=form.get(f"picture-alt-{number}", "").strip())
        if upload is None or not upload.filename:
            if slot.alt:
                slot.alt_error = "Choose the picture this describes, or clear the description."
                typed[number] = slot
            continue
        name = _shown_name(upload.filename)
        if pictures.count >= pictures.cap:
            slot.error = f"“{name}” was not added: a post can carry {pictures.cap} pictures at most."
            typed[number] = slot
            continue
        try:
            image = store_upload(upload, "", user, require_alt=False, commit=False)
            db.session.flush()
        except ImageRefused as problem:
            slot.error = f"“{name}” was not added. {problem}"
            typed[number] = slot
            continue
        pictures.added.append(image)
        _describe(pictures, image, slot.alt)
    for image in pictures.added:
        if not image.alt and image.id not in pictures.alt_errors:
            pictures.alt_errors[image.id] = ("Describe this picture for someone who cannot see it "
                                             "(what it shows, in a sentence).")
    if pictures.added or removed or db.session.dirty or db.session.new or db.session.deleted:
        # what was added stays added, whatever happens to the text next; a form with no pictures
        # commits nothing, so the text is the first thing this request writes
        db.session.commit()
    return pictures.fill_slots(typed)


def save(pictures: Pictures, item) -> None:
    """Make the composer's pictures the item's, as the new version is saved (in its transaction)."""
    for image in pictures.kept:
        if image.id in pictures.removing:
            discard(image)
        else:
            image.alt = pictures.kept_alts.get(image.id, image.alt)
    position = max((image.position for image in pictures.kept), default=-1) + 1
    for offset, image in enumerate(pictures.added):
        attach(image, item, position + offset)


def _describe(pictures: Pictures, image: Image, typed: str) -> None:
    """Take the description typed for a picture, or keep the words beside the field with the reason."""
    try:
        image.alt = clean_alt(typed, required=False)
    except AltRefused as problem:
        pictures.alt_errors[image.id] = str(problem)
        pictures.typed_alts[image.id] = typed


def _shown_name(filename: str) -> str:
    """The file's name as the person chose it, short and plain (it is escaped where shown)."""
    name = "".join(ch for ch in filename.replace("\\", "/").rsplit("/", 1)[-1] if ch.isprintable())
    return name if len(name) <= 60 else name[:57] + "…"
