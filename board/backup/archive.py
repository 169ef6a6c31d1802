"""Gather a class or the whole school as plain data: what the export writes as JSON and as pages."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import inspect, select

from board.accounts.models import User
from board.backup import pictures
from board.classes.models import AuditEntry, Classroom, Membership
from board.discussions.models import Flag, Post, PostVersion
from board.extensions import db
from board.moderation.models import Decision
from board.pads import document, render, store
from board.pads.models import Pad, PadMember, PadRevision
from board.prompts.models import Prompt, PromptTrust
from board.timeutil import utcnow

FORMAT = "commons-export"
VERSION = 1
#: never exported: secrets, and bookkeeping that means nothing outside the app
_NEVER = {"password_hash", "session_version", "lock_version", "submission_key", "state"}
#: how a person is reached or signs in: only in a school export (see the README)
CONTACT_FIELDS = ("login", "email")


def plain(value):
    """Turn a column value into JSON: datetimes as ISO 8601 (UTC), everything else as is."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def columns(row, skip: tuple[str, ...] = ()) -> dict:
    """Every column of a row, by name, minus secrets and bookkeeping."""
    return {column.key: plain(getattr(row, column.key)) for column in inspect(row).mapper.column_attrs
            if column.key not in _NEVER and column.key not in skip}


def _by(rows, key: str) -> dict[int, list]:
    grouped: dict[int, list] = {}
    for row in rows:
        grouped.setdefault(getattr(row, key), []).append(row)
    return grouped


def _decisions(item_type: str, ids: list[int]) -> dict[int, list[dict]]:
    rows = db.session.scalars(select(Decision).where(Decision.item_type == item_type, Decision.item_id.in_(ids))
                              .order_by(Decision.id)) if ids else []
    return {item_id: [columns(d, ("item_type", "item_id", "classroom_id")) for d in group]
            for item_id, group in _by(rows, "item_id").items()}


def _posts(class_ids: list[int]) -> list[dict]:
    posts = list(db.session.scalars(select(Post).where(Post.classroom_id.in_(class_ids)).order_by(Post.id)))
    ids = [post.id for post in posts]
    versions = _by(db.session.scalars(select(PostVersion).where(PostVersion.post_id.in_(ids))
                                      .order_by(PostVersion.post_id, PostVersion.number)), "post_id")
    flags = _by(db.session.scalars(select(Flag).where(Flag.post_id.in_(ids)).order_by(Flag.id)), "post_id")
    decisions = _decisions("post", ids)
    images = pictures.of_posts(ids)
    return [{**columns(post),
             "versions": [columns(v, ("id", "post_id")) for v in versions.get(post.id, [])],
             "decisions": decisions.get(post.id, []),
             "flags": [columns(f, ("post_id",)) for f in flags.get(post.id, [])],
             "pictures": [_picture(image) for image in images.get(post.id, [])]} for post in posts]


def _picture(image) -> dict:
    """A post's picture in the export: its description and the file in the zip's images/ folder."""
    return {"id": image.id, "alt": image.alt, "width": image.width, "height": image.height,
            "file": f"images/picture-{image.id}.webp"}


def _pads(class_ids: list[int]) -> list[dict]:
    pads = list(db.session.scalars(select(Pad).where(Pad.classroom_id.in_(class_ids)).order_by(Pad.id)))
    ids = [pad.id for pad in pads]
    revisions = _by(db.session.scalars(select(PadRevision).where(PadRevision.pad_id.in_(ids))
                                       .order_by(PadRevision.pad_id, PadRevision.number)), "pad_id")
    members = _by(db.session.scalars(select(PadMember).where(PadMember.pad_id.in_(ids))), "pad_id")
    decisions = _decisions("pad", ids)
    exported = []
    for pad in pads:
        # The log may hold words written since the last revision: the live text keeps them.
        runs = document.runs_of(store.load(pad.id).doc)
        exported.append({
            **columns(pad),
            "members": sorted(m.user_id for m in members.get(pad.id, [])),
            "text": {"markdown": document.to_markdown(runs), "html": render.to_html(runs)},
            "revisions": [{**columns(r, ("id", "pad_id")), "html": render.to_html(store.runs_of_revision(r))}
                          for r in revisions.get(pad.id, [])],
            "decisions": decisions.get(pad.id, []),
        })
    return exported


def _person(user: User, contacts: bool) -> dict:
    skip = () if contacts else CONTACT_FIELDS
    return {**columns(user, skip), "display_name": user.display_name}


def gather(classrooms: list[Classroom], whole_school: bool) -> dict:
    """Everything the export holds for these classes; the school's people too when whole_school."""
    class_ids = [c.id for c in classrooms]
    memberships = _by(db.session.scalars(select(Membership).where(Membership.classroom_id.in_(class_ids))
                                         .order_by(Membership.id)), "classroom_id")
    audit = _by(db.session.scalars(select(AuditEntry).where(AuditEntry.classroom_id.in_(class_ids))
                                   .order_by(AuditEntry.id)), "classroom_id")
    prompts = list(db.session.scalars(select(Prompt).where(Prompt.classroom_id.in_(class_ids))
                                      .order_by(Prompt.classroom_id, Prompt.opens_at, Prompt.id)))
    trusts = _by(db.session.scalars(select(PromptTrust).where(PromptTrust.prompt_id.in_([p.id for p in prompts]))),
                 "prompt_id")
    posts, pads = _posts(class_ids), _pads(class_ids)

    if whole_school:
        people = list(db.session.scalars(select(User).order_by(User.id)))
    else:
        # Everyone the class's records name: members, authors (readers' comments too), deciders.
        named = {m.user_id for group in memberships.values() for m in group}
        named |= {m.consent_by_id for group in memberships.values() for m in group}
        named |= {e.actor_id for group in audit.values() for e in group}
        named |= {e.target_user_id for group in audit.values() for e in group}
        named |= {p.created_by_id for p in prompts}
        for post in posts:
            named |= {post["author_id"]} | {v["author_id"] for v in post["versions"]}
            named |= {d["actor_id"] for d in post["decisions"]} | {f["user_id"] for f in post["flags"]}
        for pad in pads:
            named |= {d["actor_id"] for d in pad["decisions"]} | set(pad["members"])
            named |= {a for r in pad["revisions"] for a in r["authors"]}
        named.discard(None)
        people = list(db.session.scalars(select(User).where(User.id.in_(named)).order_by(User.id)))

    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": plain(utcnow()),
        "scope": "school" if whole_school else "class",
        "contacts_included": whole_school,
        "classes": [{
            **columns(c, ("join_code",)),
            "members": [{**columns(m, ("id", "classroom_id")), "consent_given": m.consent_at is not None}
                        for m in memberships.get(c.id, [])],
            # Consent, trust, suspension and roster changes, as they were recorded.
            "records": [columns(e, ("classroom_id",)) for e in audit.get(c.id, [])],
        } for c in classrooms],
        "people": [_person(user, whole_school) for user in people],
        "prompts": [{**columns(p), "trusted": sorted(t.user_id for t in trusts.get(p.id, []))} for p in prompts],
        "posts": posts,
        "pads": pads,
    }
