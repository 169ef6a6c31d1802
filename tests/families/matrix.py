"""The family's part of the permission matrix: who reads and does what on the family pages.

The world gets a family account following Maya (consent on record), a class-only post of Maya's
that only the class and her family may read, and Maya's and Lucia's family codes, which only teachers see
(Jonah has none until a teacher makes the codes still missing).
"""
from __future__ import annotations

from sqlalchemy import func, select

from board.accounts.models import User
from board.accounts.services import create_user
from board.classes.models import Membership
from board.discussions.models import Post
from board.extensions import db
from board.families import services
from board.families.models import FamilyInvitation, FamilyLink
from tests.factories import PASSWORD

FAMILY_COMMENT = "We talked about this at dinner mkfamilycomment."


def build(make, s) -> tuple[object, dict, dict]:
    """Add the family's people and work to the matrix's school; return (family, ids, values)."""
    maya_class = make.post(s.maya, s.class_prompt, "Rules need reasons mkmayaclass.", publish=True)
    family = create_user("Fern", "Fernsby", "fern.fernsby@example.org", PASSWORD, role="family",
                         email="fern.fernsby@example.org")
    db.session.commit()
    # Maya's and Lucia's codes are made; Jonah's is not yet (the teacher's button makes it).
    codes = {student.id: services.new_code(s.teacher, _membership(s.classroom, student)).code
             for student in (s.maya, s.lucia)}
    link = services.link_child(family, codes[s.maya.id], "Mother")
    db.session.commit()
    ids = {"maya_class": maya_class.id, "lucia_user": s.lucia.id, "maya_link": link.id, "jonah_user": s.jonah.id}
    values = {"lucia_family_code": codes[s.lucia.id], "maya_family_code": codes[s.maya.id]}
    return family, ids, values


def _membership(classroom, student) -> Membership:
    return db.session.scalar(select(Membership).where(Membership.classroom_id == classroom.id,
                                                      Membership.user_id == student.id))


def markers(w) -> dict[str, set[str]]:
    the_class = {"maya", "lucia", "suspended", "teacher", "co_teacher", "admin"}
    return {"mkmayaclass": the_class | {"family"},
            # the question of a class-only prompt the child answered: the family reads it with the answer
            "What makes a rule fair?": the_class | {"family"},
            "Fernsby": {"teacher", "co_teacher", "admin", "family"},
            w.values["lucia_family_code"]: {"teacher", "co_teacher", "admin"}}


def _fresh():
    db.session.expire_all()


def new_code_effect(w, role, allowed):
    _fresh()
    made = db.session.scalar(select(func.count(FamilyInvitation.id)).where(
        FamilyInvitation.student_id == w.ids["lucia_user"]))
    assert (made == 2) == allowed


def code_unchanged_effect(w, role, allowed):
    _fresh()
    assert db.session.scalar(select(func.count(FamilyInvitation.id)).where(
        FamilyInvitation.student_id == w.ids["lucia_user"])) == 1


def jonah_code_made_effect(w, role, allowed):
    _fresh()
    made = db.session.scalar(select(func.count(FamilyInvitation.id)).where(
        FamilyInvitation.student_id == w.ids["jonah_user"]))
    assert made == (1 if allowed else 0)
    # Lucia's code, made before, stays as it was.
    code_unchanged_effect(w, role, allowed)


def no_code_made_effect(w, role, allowed):
    """Opening a page that shows codes makes none, whoever opens it."""
    _fresh()
    assert db.session.scalar(select(func.count(FamilyInvitation.id))) == 2


def lucia_followed_effect(w, role, allowed):
    _fresh()
    link = db.session.scalar(select(FamilyLink).where(FamilyLink.student_id == w.ids["lucia_user"]))
    assert (link is not None) == allowed


def maya_link_removed_effect(w, role, allowed):
    _fresh()
    assert (db.session.get(FamilyLink, w.ids["maya_link"]) is None) == allowed


def family_signed_up_effect(w, role, allowed):
    _fresh()
    made = db.session.scalar(select(User).where(User.login == "new.family@example.org"))
    assert (made is not None) == (role == "anon")


def maya_consent_withdrawn_effect(w, role, allowed):
    _fresh()
    m = db.session.scalar(select(Membership).where(Membership.user_id == w.ids["maya_user"],
                                                   Membership.classroom_id == w.ids["classroom"]))
    assert (m.consent_at is None) == allowed


def family_comment_effect(w, role, allowed):
    _fresh()
    made = db.session.scalar(select(Post).where(Post.body_md == FAMILY_COMMENT))
    assert (made is not None) == allowed
    if made is not None:
        assert made.status == "pending" and made.kind == "comment"


def rows(row) -> list:
    """The family routes, for every role (the last column is the family following Maya)."""
    signup = {"first_name": "Nell", "last_name": "Ross", "relationship": "Grandmother",
              "email": "new.family@example.org", "password": "a long new password",
              "confirm": "a long new password"}
    consent = {"signature": "Fern Fernsby", "relationship": "Mother", "decision": "withdraw"}
    comment = {"body": FAMILY_COMMENT, "action": "post"}
    #        anon reader maya lucia outsdr susp teachr co   other admin family
    return [
        # the teacher's side: the class's teachers only
        row("GET", "/classes/{classroom}/families",
            302, 404, 403, 403, 404, 403, 200, 200, 404, 200, 404, effect=no_code_made_effect),
        row("GET", "/classes/{classroom}/families/sheet",
            302, 404, 403, 403, 404, 403, 200, 200, 404, 200, 404, effect=no_code_made_effect),
        # Making the codes still missing (Jonah's): the class's teachers, with the page's token.
        row("POST", "/classes/{classroom}/families/codes",
            401, 404, 403, 403, 404, 403, 302, 302, 404, 302, 404, effect=jonah_code_made_effect),
        row("POST", "/classes/{classroom}/families/{lucia_membership}/code",
            401, 404, 403, 403, 404, 403, 302, 302, 404, 302, 404,
            data=lambda w: {"confirmed": "yes"}, effect=new_code_effect),
        # A new code asks first: the question changes nothing.
        row("POST", "/classes/{classroom}/families/{lucia_membership}/code",
            401, 404, 403, 403, 404, 403, 200, 200, 404, 200, 404, effect=code_unchanged_effect),
        # Taking a family account off a student: the class's teachers, after asking.
        row("POST", "/classes/{classroom}/families/links/{maya_link}/remove",
            401, 404, 403, 403, 404, 403, 302, 302, 404, 302, 404,
            data=lambda w: {"confirmed": "yes"}, effect=maya_link_removed_effect),
        row("POST", "/classes/{classroom}/families/links/{maya_link}/remove",
            401, 404, 403, 403, 404, 403, 200, 200, 404, 200, 404, effect=lambda w, role, allowed:
            maya_link_removed_effect(w, role, False)),
        # signing up is for visitors; a family signed in is sent on to add a child
        row("GET", "/family/signup",
            200, 302, 302, 302, 302, 302, 302, 302, 302, 302, 302),
        row("POST", "/family/signup",
            302, 302, 302, 302, 302, 302, 302, 302, 302, 302, 302,
            data=lambda w: {**signup, "code": w.values["lucia_family_code"]}, effect=family_signed_up_effect),
        row("GET", "/family/add",
            302, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200),
        row("POST", "/family/add",
            401, 403, 403, 403, 403, 403, 403, 403, 403, 403, 302,
            data=lambda w: {"code": w.values["lucia_family_code"], "relationship": "Aunt"},
            effect=lucia_followed_effect),
        # the family's pages: their own child only
        row("GET", "/family",
            302, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200),
        row("GET", "/family/children/{maya_user}",
            302, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200),
        row("GET", "/family/children/{lucia_user}",
            302, 403, 403, 403, 403, 403, 403, 403, 403, 403, 404),
        row("GET", "/family/children/{maya_user}/pads/{pub_pad}",
            302, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200),
        # the class-only pad has Maya's words but was never published
        row("GET", "/family/children/{maya_user}/pads/{class_pad}",
            302, 403, 403, 403, 403, 403, 403, 403, 403, 403, 404),
        # a mail's link to a pad opens it on the page of the child who wrote in it
        row("GET", "/family/pads/{pub_pad}",
            302, 403, 403, 403, 403, 403, 403, 403, 403, 403, 302),
        row("GET", "/family/pads/{class_pad}",
            302, 403, 403, 403, 403, 403, 403, 403, 403, 403, 404),
        row("GET", "/family/children/{lucia_user}/pads/{pub_pad}",
            302, 403, 403, 403, 403, 403, 403, 403, 403, 403, 404),
        row("GET", "/family/posts/{maya_class}",
            302, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200),
        row("GET", "/family/posts/{pub}",
            302, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200),
        # another student's class-only or pending work, and the child's own returned work: not there
        row("GET", "/family/posts/{class_pub}",
            302, 403, 403, 403, 403, 403, 403, 403, 403, 403, 404),
        row("GET", "/family/posts/{pending}",
            302, 403, 403, 403, 403, 403, 403, 403, 403, 403, 404),
        row("GET", "/family/posts/{returned}",
            302, 403, 403, 403, 403, 403, 403, 403, 403, 403, 404),
        row("POST", "/family/posts/{maya_class}/comment",
            401, 403, 403, 403, 403, 403, 403, 403, 403, 403, 302, data=lambda w: comment,
            effect=family_comment_effect),
        row("POST", "/family/posts/{class_pub}/comment",
            401, 403, 403, 403, 403, 403, 403, 403, 403, 403, 404, data=lambda w: comment,
            effect=family_comment_effect),
        row("GET", "/family/children/{maya_user}/consent",
            302, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200),
        row("POST", "/family/children/{maya_user}/consent",
            401, 403, 403, 403, 403, 403, 403, 403, 403, 403, 302, data=lambda w: consent,
            effect=maya_consent_withdrawn_effect),
        row("POST", "/family/children/{lucia_user}/consent",
            401, 403, 403, 403, 403, 403, 403, 403, 403, 403, 404, data=lambda w: consent),
        # the discussion's own page: Maya's class-only work for the class, and for her family alone
        row("GET", "/posts/{maya_class}",
            404, 404, 200, 200, 404, 200, 200, 200, 404, 200, 200),
    ]
