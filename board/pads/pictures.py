"""Pictures beside a pad: a strip under the editor where a student adds a picture with its description.

Each picture is its writer's own contribution to the pad (a PadPicture with one board.media Image),
moderated on its own: its writer and the class's teachers see it at once, the class once a teacher
approved it, and the public only beside a published revision of a public prompt, with its writer's
consent on record (board.permissions.can_see_pad_picture, asked by the pages and the image route alike).

Why the pictures are not inside the shared Yjs document, where the words are:
- moderation is per picture: a teacher approves or rejects one picture without publishing (or
  holding back) the whole pad, and every editor's copy of the document reaches the whole class,
  so a picture inside it would reach classmates before any teacher saw it;
- the CRDT log keeps every update for ever (replayed on each restart, copied to each browser's offline
  copy): megabytes of image bytes there would make every pad slow to open and impossible to forget;
- redaction: a teacher removes a picture by deleting one row and its files, at once and everywhere,
  instead of rewriting the document's whole history as taking words out of it needs.
"""
from __future__ import annotations

import base64

from flask import current_app, has_app_context, url_for
from sqlalchemy import delete, event, func, select
from sqlalchemy.orm import Session, selectinload

from board import permissions, signals
from board.errors import FieldError
from board.extensions import db
from board.media import kinds as media_kinds
from board.media import services as media
from board.media.models import Image
from board.media.storage import storage
from board.moderation import states
from board.notifications.models import Notification
from board.notifications.services import notify
from board.pads import protocol
from board.pads.models import Pad, PadPicture
from board.text import excerpt
from board.timeutil import utcnow

media_kinds.register("pad_picture", PadPicture, permissions.can_see_pad_picture)

#: pictures one writer may have waiting for a teacher in one pad at a time
WAITING_PER_WRITER = 4
#: pictures a pad holds at most, whatever their state
PER_PAD = 40


def add(pad: Pad, author, file, alt: str | None, staged_id: int | None = None) -> PadPicture:
    """Add a picture to the pad as its author's contribution; raise FieldError naming the field at fault.

    A picture that arrived with a description refused is kept aside (staged, its owner's alone) so
    the form shown again needs only the description: its id comes back as `staged_id`.
    """
    count, waiting = db.session.execute(select(
        func.count(PadPicture.id),
        func.count(PadPicture.id).filter(PadPicture.author_id == author.id, PadPicture.status == states.PENDING),
    ).where(PadPicture.pad_id == pad.id)).one()
    if count >= PER_PAD:
        raise FieldError("picture", f"This pad has {PER_PAD} pictures, as many as it holds.")
    if waiting >= WAITING_PER_WRITER:
        raise FieldError("picture", f"You have {waiting} pictures waiting for your teacher: add more once "
                                    "they have looked.")
    image = next(iter(media.staged(author, [staged_id])), None) if staged_id else None
    has_file = file is not None and getattr(file, "filename", "")
    try:
        description = media.clean_alt(alt)
    except media.AltRefused as problem:
        if image is None and has_file:
            try:
                image = media.store_upload(file, "", author, require_alt=False)
            except media.ImageRefused as refused:
                raise FieldError("picture", str(refused)) from None
        raise StagedFieldError("alt", str(problem), image) from None
    if has_file:
        if image is not None:
            media.discard(image)
        try:
            image = media.store_upload(file, description, author, commit=False)
        except media.ImageRefused as problem:
            db.session.rollback()
            raise FieldError("picture", str(problem)) from None
    elif image is None:
        raise FieldError("picture", "Choose a picture to add (a photo or an image file).")
    image.alt = description
    teacher = permissions.is_teacher_of(author, pad.classroom_id)
    now = utcnow()
    picture = PadPicture(pad=pad, classroom_id=pad.classroom_id, author_id=author.id, created_at=now,
                         status=states.PUBLISHED if teacher else states.PENDING,
                         submitted_at=None if teacher else now, decided_at=now if teacher else None)
    db.session.add(picture)
    db.session.flush()
    media.attach(image, picture)
    changed(picture)
    db.session.commit()
    return picture


class StagedFieldError(FieldError):
    """A refused description, with the picture kept aside for the form shown again (or None)."""

    def __init__(self, field: str, message: str, image: Image | None):
        super().__init__(field, message)
        self.image = image


def remove(picture: PadPicture) -> None:
    """Take a picture out of the pad, with its files (its writer, or a teacher of the class)."""
    changed(picture)
    media.delete_for(picture)
    db.session.delete(picture)
    db.session.commit()


def of_pad(pad: Pad) -> list[PadPicture]:
    """Every picture of the pad, oldest first, with its writer loaded."""
    return list(db.session.scalars(select(PadPicture).options(selectinload(PadPicture.author))
                                   .where(PadPicture.pad_id == pad.id).order_by(PadPicture.created_at, PadPicture.id)))


def visible(pad: Pad, user, approved_only: bool = False) -> list[tuple[PadPicture, Image]]:
    """The pad's pictures this person may see, each with its image (one query for all the images)."""
    shown = [p for p in of_pad(pad) if permissions.can_see_pad_picture(user, p)
             and (not approved_only or p.status == states.PUBLISHED)]
    images = media.image_index("pad_picture", [p.id for p in shown])
    return [(p, images[p.id][0]) for p in shown if images.get(p.id)]


def approved_of(pad: Pad, user, author_id: int) -> list[Image]:
    """One writer's approved pictures of the pad that this person may see (a family's page of its child)."""
    return [image for picture, image in visible(pad, user, approved_only=True) if picture.author_id == author_id]


def strip(pad: Pad, user) -> dict:
    """What the pictures strip under the editor shows this person."""
    teacher = permissions.is_teacher_of(user, pad.classroom_id)
    return {
        "pictures": visible(pad, user),
        "can_add": permissions.can_edit_pad(user, pad),
        "teacher": teacher,
        "cap": current_app.config["MEDIA_MAX_UPLOAD_BYTES"] // 1048576,
    }


def for_export(pad: Pad, user) -> list[tuple[Image, str]]:
    """The approved pictures this person may see, each with its bytes as a data: URL (the file opens offline)."""
    out = []
    store = storage()
    for _picture, image in visible(pad, user, approved_only=True):
        data = store.get(f"{image.storage_key}.webp")
        if data is not None:
            out.append((image, "data:image/webp;base64," + base64.b64encode(data).decode()))
    return out


def markdown(pad: Pad, user) -> str:
    """The approved pictures as Markdown images (links to the board, which asks its rule again)."""
    lines = []
    for _picture, image in visible(pad, user, approved_only=True):
        alt = image.alt.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
        lines.append(f"![{alt}]({url_for('media.show', image_id=image.id, _external=True)})")
    return ("\n\n## Pictures\n\n" + "\n\n".join(lines) + "\n") if lines else ""


# ---- telling open editors ------------------------------------------------------------------

def changed(picture: PadPicture) -> None:
    """Note that the pad's pictures changed: after the commit, its open editors are told (and the
    public pages cached are forgotten when the public may see the pad)."""
    db.session.info.setdefault("pad_pictures_changed", set()).add(picture.pad_id)
    pad = picture.pad or db.session.get(Pad, picture.pad_id)
    if pad is not None and pad.published_revision is not None and pad.prompt.is_public:
        db.session.info["public_changed"] = True


def announce(pad_id: int) -> None:
    """Tell every editor of the pad, in this process and the others, that its pictures changed."""
    if not has_app_context():
        return
    from board.pads.rooms import hub_of

    hub_of(current_app._get_current_object()).pictures_changed(pad_id, protocol.pictures_message())


@signals.moderation.decided.connect
def _decided(item, decision=None, **_) -> None:
    if isinstance(item, PadPicture):
        changed(item)
        if decision is not None:
            _tell_writer(item, decision)


def _tell_writer(picture: PadPicture, decision) -> None:
    """Tell the writer what a teacher decided about her picture (in the app, and by mail once the undo
    window has passed), with the reason when it was rejected."""
    if picture.author_id == decision.actor_id:
        return
    pad = picture.pad or db.session.get(Pad, picture.pad_id)
    what = f"your picture in the pad “{excerpt(pad.title, 60)}”"
    if decision.action == states.APPROVE:
        message = f"Your teacher approved {what}: the class sees it now."
    elif decision.action == states.REJECT:
        message = f"Your teacher did not approve {what}: {decision.feedback}"
    else:
        return
    notify(picture.author_id, "decision", message, decision_id=decision.id, pad_id=picture.pad_id)


@signals.moderation.undone.connect
def _undone(item, decision=None, **_) -> None:
    if isinstance(item, PadPicture):
        changed(item)
        if decision is not None:
            # What the undone decision told its writer goes, unless she has read it already.
            db.session.execute(delete(Notification).where(
                Notification.decision_id == decision.id, Notification.read_at.is_(None)))


@event.listens_for(Session, "after_commit")
def _announce_after_commit(session_) -> None:
    for pad_id in session_.info.pop("pad_pictures_changed", ()):
        try:
            announce(pad_id)
        except Exception:  # noqa: BLE001  (editors see the change on their next load anyway)
            current_app.logger.exception("could not tell pad %s's editors of its pictures", pad_id)


@event.listens_for(Session, "after_rollback")
def _forget(session_) -> None:
    session_.info.pop("pad_pictures_changed", None)
