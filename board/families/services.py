"""Family rules: invitations a teacher prints, signing up or adding a child with a code, and consent.

An invitation is one code per student and class. It may be used by more than one family member (two
parents each make an account) until the teacher makes a new code for that student, which retires it.
Consent given or withdrawn in the app applies to every class the child is a student of, at once: the
public pages follow the roster's consent, and the page cache forgets every page in the same commit.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from board import permissions
from board.accounts.models import User
from board.accounts.services import AccountError, UnknownCode, clean_name, create_user
from board.classes.models import AuditEntry, Classroom, Membership
from board.classes.services import CODE_ALPHABET, roster
from board.extensions import db
from board.families.models import FamilyConsent, FamilyInvitation, FamilyLink
from board.timeutil import utcnow

#: the letters of a family code after its "FAM" prefix (about 49 bits: wrong guesses are counted too)
CODE_LENGTH = 10
RELATIONSHIP_MAX = 40
SIGNATURE_MAX = 120
#: family accounts one invitation may link (two parents, a grandparent, a carer ...)
LINKS_PER_STUDENT = 6
#: what a family hears when the code's class was archived (the school year, or the course, is over)
ENDED = "This class has ended; ask the school for a new invitation."


class FamilyError(AccountError):
    """Something the family must change, said beside the field it concerns."""


def normalize_code(code: str) -> str:
    """Read a code as typed: any case, with or without the prefix, dashes or spaces."""
    raw = "".join(ch for ch in (code or "").upper() if ch.isalnum())
    return raw[3:] if raw.startswith("FAM") and len(raw) == CODE_LENGTH + 3 else raw


def _new_code() -> str:
    while True:
        raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        code = f"FAM-{raw[:5]}-{raw[5:]}"
        if not db.session.scalar(select(FamilyInvitation.id).where(FamilyInvitation.code == code)):
            return code


def clean_relationship(value: str) -> str:
    """Return a relationship as typed, tidied, or raise FamilyError."""
    text = " ".join((value or "").split())
    if not text:
        raise FamilyError("relationship", "Say how you are related to the student, for example “Mother”.")
    try:
        text = clean_name(text)
    except AccountError as problem:
        raise FamilyError("relationship", str(problem).replace("name", "word")) from None
    if len(text) > RELATIONSHIP_MAX:
        raise FamilyError("relationship", f"Keep it to {RELATIONSHIP_MAX} characters or fewer.")
    return text


# ---- the teacher's side ---------------------------------------------------------------------------

@dataclass
class StudentFamilies:
    """One student of the class as the teacher sees them on the families page."""

    membership: Membership
    invitation: FamilyInvitation | None
    links: list[FamilyLink] = field(default_factory=list)
    #: the newest consent record made in the app, if any
    consent: FamilyConsent | None = None


def _active_invitation(student_id: int, classroom_id: int) -> FamilyInvitation | None:
    return db.session.scalar(select(FamilyInvitation).where(
        FamilyInvitation.student_id == student_id, FamilyInvitation.classroom_id == classroom_id,
        FamilyInvitation.retired_at.is_(None)))


def _issue(actor: User, membership: Membership, now: datetime, detail: str = "") -> FamilyInvitation:
    """Retire the student's current code in this class and make a new one (not committed)."""
    current = _active_invitation(membership.user_id, membership.classroom_id)
    if current is not None:
        current.retired_at = now
    invitation = FamilyInvitation(student_id=membership.user_id, classroom_id=membership.classroom_id,
                                  code=_new_code(), created_by_id=actor.id, created_at=now)
    db.session.add(invitation)
    db.session.add(AuditEntry(actor_id=actor.id, action="made family invitation",
                              classroom_id=membership.classroom_id, target_user_id=membership.user_id,
                              detail="replaced the earlier code" if current is not None else detail))
    return invitation


def new_code(actor: User, membership: Membership) -> FamilyInvitation:
    """Make a new family code for one student; the one before stops working."""
    invitation = _issue(actor, membership, utcnow())
    db.session.commit()
    return invitation


def remove_link(actor: User, link: FamilyLink, classroom_id: int) -> None:
    """Take a family account off a student (a slip that reached the wrong home); it sees nothing more of them.

    Consent that account gave in the app is taken back with it, in every class (nobody can vouch for it
    any more, and the public pages stop showing the child's work in this commit); consent on paper stays.
    """
    who = f"{link.family.full_name} ({link.relationship_label})"
    db.session.add(AuditEntry(actor_id=actor.id, action="removed family account", classroom_id=classroom_id,
                              target_user_id=link.student_id, detail=who[:200]))
    for m in student_memberships(link.student_id):
        if m.consent_at is not None and m.consent_by_id == link.family_id:
            m.consent_at, m.consent_by_id, m.consent_note = None, None, ""
            db.session.add(AuditEntry(actor_id=actor.id, action="withdrew consent", classroom_id=m.classroom_id,
                                      target_user_id=link.student_id,
                                      detail=f"given in the app by {who}, whose family account was removed"[:200]))
    db.session.delete(link)
    db.session.commit()


def _students(classroom: Classroom) -> list[Membership]:
    return [m for m in roster(classroom) if m.role == "student"]


def _current_invitations(classroom_id: int) -> dict[int, FamilyInvitation]:
    return {i.student_id: i for i in db.session.scalars(select(FamilyInvitation).where(
        FamilyInvitation.classroom_id == classroom_id, FamilyInvitation.retired_at.is_(None)))}


def family_rows(classroom: Classroom) -> list[StudentFamilies]:
    """Return each student of the class with their family code (None until one is made), who joined, and consent.

    Only reads: the pages that show codes make none (a link followed from elsewhere changes nothing).
    """
    students = _students(classroom)
    ids = [m.user_id for m in students]
    invitations = _current_invitations(classroom.id)
    links: dict[int, list[FamilyLink]] = {}
    for link in db.session.scalars(select(FamilyLink).where(FamilyLink.student_id.in_(ids))
                                   .order_by(FamilyLink.created_at)):
        links.setdefault(link.student_id, []).append(link)
    consents = latest_consents(ids)
    return [StudentFamilies(m, invitations.get(m.user_id), links.get(m.user_id, []), consents.get(m.user_id))
            for m in students]


def make_missing_codes(actor: User, classroom: Classroom) -> int:
    """Make a family code for every student of the class who has none; return how many were made.

    A class that has ended makes none: its codes open nothing.
    """
    if classroom.archived_at is not None:
        return 0
    # Two teachers of the class pressing the button at once make one code per student, not two.
    db.session.scalar(select(Classroom.id).where(Classroom.id == classroom.id).with_for_update())
    invitations = _current_invitations(classroom.id)
    missing = [m for m in _students(classroom) if m.user_id not in invitations]
    now = utcnow()
    for m in missing:
        _issue(actor, m, now)
    db.session.commit()
    return len(missing)


def class_families(actor: User, classroom: Classroom) -> list[StudentFamilies]:
    """Make the codes still missing, then return the class's rows (the demo school's seeding does this)."""
    make_missing_codes(actor, classroom)
    return family_rows(classroom)


def code_on_joining(membership: Membership) -> FamilyInvitation | None:
    """Make the family code of a student who just joined a class (not committed: it lands with the joining),
    so the teacher's printed sheet has her slip at once. Return the code made, if one was."""
    if membership.role != "student" or _active_invitation(membership.user_id, membership.classroom_id) is not None:
        return None
    student = db.session.get(User, membership.user_id)
    return _issue(student, membership, utcnow(), detail="when the student joined the class")


def latest_consents(student_ids) -> dict[int, FamilyConsent]:
    """Return the newest consent record made in the app for each of these students."""
    ids = list(student_ids)
    if not ids:
        return {}
    newest = (select(FamilyConsent.student_id, func.max(FamilyConsent.id).label("id"))
              .where(FamilyConsent.student_id.in_(ids)).group_by(FamilyConsent.student_id).subquery())
    rows = db.session.scalars(select(FamilyConsent).join(newest, FamilyConsent.id == newest.c.id))
    return {row.student_id: row for row in rows}


# ---- the family's side ----------------------------------------------------------------------------

def find_invitation(code: str) -> FamilyInvitation | None:
    """Return the current invitation with this code, or None (a retired code opens nothing)."""
    raw = normalize_code(code)
    if len(raw) != CODE_LENGTH:
        return None
    invitation = db.session.scalar(select(FamilyInvitation).where(
        FamilyInvitation.code == f"FAM-{raw[:5]}-{raw[5:]}"))
    if invitation is None or invitation.retired_at is not None:
        return None
    return invitation


def _usable(code: str) -> FamilyInvitation:
    invitation = find_invitation(code)
    if invitation is None:
        raise UnknownCode("code", "No family invitation has that code. Check it on the slip from the school; "
                                  "if the school made a new code, use the newest one.")
    if db.session.get(Classroom, invitation.classroom_id).archived_at is not None:
        raise FamilyError("code", ENDED)
    still_student = db.session.scalar(select(Membership.id).where(
        Membership.classroom_id == invitation.classroom_id, Membership.user_id == invitation.student_id,
        Membership.role == "student"))
    if still_student is None:
        raise FamilyError("code", "This invitation is for a student who has left the class. Ask the school.")
    return invitation


def link_child(family: User, code: str, relationship: str) -> FamilyLink:
    """Link a family account to the student whose invitation this is (not committed)."""
    relationship = clean_relationship(relationship)
    invitation = _usable(code)
    existing = db.session.scalar(select(FamilyLink).where(
        FamilyLink.family_id == family.id, FamilyLink.student_id == invitation.student_id))
    if existing is not None:
        raise FamilyError("code", f"Your account already follows {invitation.student.first_name}’s work.")
    linked = db.session.scalar(select(func.count(FamilyLink.id)).where(
        FamilyLink.student_id == invitation.student_id))
    if linked >= LINKS_PER_STUDENT:
        raise FamilyError("code", "This student already has as many family accounts as one code allows. "
                                  "Ask the school.")
    link = FamilyLink(family_id=family.id, student_id=invitation.student_id, invitation_id=invitation.id,
                      relationship_label=relationship)
    db.session.add(link)
    db.session.add(AuditEntry(actor_id=family.id, action="family joined", classroom_id=invitation.classroom_id,
                              target_user_id=invitation.student_id, detail=relationship))
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:
        raise FamilyError("code", f"Your account already follows {invitation.student.first_name}’s work.") from None
    family.__dict__.pop("_children", None)
    return link


def sign_up(first_name: str, last_name: str, email: str, password: str, code: str, relationship: str
            ) -> tuple[User, FamilyLink]:
    """Create a family account with an invitation code; raise AccountError naming the field to fix."""
    relationship = clean_relationship(relationship)
    _usable(code)  # a wrong code is said before anything else, and counted
    try:
        user = create_user(first_name, last_name, email, password, role="family", email=email)
    except AccountError as problem:
        # The email is what a family signs in with: a taken or odd one is said beside it.
        if problem.field == "login":
            raise FamilyError("email", str(problem)) from None
        raise
    link = link_child(user, code, relationship)
    db.session.commit()
    return user, link


def children(family: User) -> list[FamilyLink]:
    """Return the family's links, with the students, in the order they were made."""
    return list(db.session.scalars(select(FamilyLink).where(FamilyLink.family_id == family.id)
                                   .order_by(FamilyLink.created_at, FamilyLink.id)))


def link_or_404(family: User, student_id: int) -> FamilyLink:
    """The family's link to this student; 404 for any other student."""
    from flask import abort

    link = db.session.scalar(select(FamilyLink).where(
        FamilyLink.family_id == family.id, FamilyLink.student_id == student_id))
    if link is None:
        abort(404)
    return link


def student_memberships(student_id: int) -> list[Membership]:
    return list(db.session.scalars(select(Membership).where(
        Membership.user_id == student_id, Membership.role == "student").order_by(Membership.classroom_id)))


def consent_state(student_id: int) -> bool:
    """Tell whether the child's consent is on record in every class they are a student of."""
    places = student_memberships(student_id)
    return bool(places) and all(m.consent_at is not None for m in places)


def record_consent(family: User, link: FamilyLink, give: bool, signature: str, relationship: str) -> FamilyConsent:
    """Give or withdraw publication consent for a child, in every class they are in, and record it.

    The roster's consent changes in this commit, so every public page, feed and export stops (or
    starts) showing the child's words at once; the page cache forgets every page in the same commit.
    """
    signature = " ".join((signature or "").split())
    if not signature:
        raise FamilyError("signature", "Type your full name as your signature.")
    try:
        signature = clean_name(signature)
    except AccountError as problem:
        raise FamilyError("signature", str(problem)) from None
    if len(signature) > SIGNATURE_MAX:
        raise FamilyError("signature", f"Keep it to {SIGNATURE_MAX} characters or fewer.")
    relationship = clean_relationship(relationship)
    now = utcnow()
    record = FamilyConsent(student_id=link.student_id, family_id=family.id, given=give, signature=signature,
                           relationship_label=relationship, created_at=now)
    db.session.add(record)
    note = f"In the app: {signature} ({relationship})"[:200]
    for m in student_memberships(link.student_id):
        if give:
            m.consent_at, m.consent_by_id, m.consent_note = now, family.id, note
        else:
            m.consent_at, m.consent_by_id, m.consent_note = None, None, ""
        db.session.add(AuditEntry(actor_id=family.id, action="recorded consent" if give else "withdrew consent",
                                  classroom_id=m.classroom_id, target_user_id=link.student_id, detail=note))
    db.session.commit()
    return record


def consent_on_joining(membership: Membership) -> bool:
    """Carry a family's consent given in the app (and not withdrawn since) to a class the child joins later.

    Only from a family still linked to the child (one a teacher took off gives nothing more). Not
    committed: it lands with the joining. Return whether consent was put on record here.
    """
    if membership.role != "student" or membership.consent_at is not None:
        return False
    record = latest_consents([membership.user_id]).get(membership.user_id)
    if record is None or not record.given or record.family_id is None:
        return False
    still_linked = db.session.scalar(select(FamilyLink.id).where(
        FamilyLink.family_id == record.family_id, FamilyLink.student_id == membership.user_id))
    if still_linked is None:
        return False
    note = f"In the app: {record.signature} ({record.relationship_label})"[:200]
    membership.consent_at, membership.consent_by_id, membership.consent_note = (
        record.created_at, record.family_id, note)
    db.session.add(AuditEntry(actor_id=record.family_id, action="recorded consent",
                              classroom_id=membership.classroom_id, target_user_id=membership.user_id,
                              detail=f"{note}, given before the student joined this class"[:300]))
    return True


def consent_source(membership: Membership) -> dict | None:
    """Say how a student's consent came to be on record (or was withdrawn in the app), for the teacher."""
    if membership.consent_at is not None and membership.consent_by_id is not None:
        by = db.session.get(User, membership.consent_by_id)
        if by is not None and by.role == "family":
            record = latest_consents([membership.user_id]).get(membership.user_id)
            return {"route": "app", "given": True, "at": membership.consent_at,
                    "who": record.signature if record else by.full_name,
                    "relationship": record.relationship_label if record else ""}
        return {"route": "paper", "given": True, "at": membership.consent_at,
                "who": by.full_name if by is not None else "", "relationship": ""}
    if membership.consent_at is not None:
        return {"route": "paper", "given": True, "at": membership.consent_at, "who": "", "relationship": ""}
    record = latest_consents([membership.user_id]).get(membership.user_id)
    if record is not None and not record.given:
        return {"route": "app", "given": False, "at": record.created_at, "who": record.signature,
                "relationship": record.relationship_label}
    return None


def has_family(student_ids) -> set[int]:
    """Return which of these students have at least one family account."""
    ids = list(student_ids)
    if not ids:
        return set()
    return set(db.session.scalars(select(FamilyLink.student_id).where(FamilyLink.student_id.in_(ids))))


def families_of(student_id: int) -> list[int]:
    """Return the ids of the active family accounts following a student."""
    return list(db.session.scalars(select(FamilyLink.family_id).join(User, User.id == FamilyLink.family_id)
                                   .where(FamilyLink.student_id == student_id, User.active.is_(True))))


def forget(user) -> None:
    """Drop the cached children of a person object after a change."""
    user.__dict__.pop("_children", None)
    permissions.forget_memberships(user)
