"""Every route × every role: who must sign in (302/401), who may not see (404), who may not do (403).

The table below is the specification. Each row is one route and method with a concrete URL built
from one school, and the status each person gets. A POST row sends realistic form data, and its
`effect` checks the database afterwards, so a 302 means the action happened and a 403/404 means
nothing changed. Every response is also searched for things the person may not know exist.
"""
from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.pool import StaticPool

from board.accounts.models import User
from board.admin.models import SchoolSettings
from board.classes.models import Classroom, Membership, ResetCode
from board.discussions.models import Flag, Post
from board.extensions import db
from board.mail import preferences as mail_preferences
from board.moderation import services as moderation
from board.moderation import states
from board.notifications.models import Notification
from board.pads import services as pad_services
from board.pads.models import Pad
from board.prompts.models import Prompt, PromptTrust
from tests import factories
from tests.colleagues import matrix as colleagues_matrix
from tests.factories import PASSWORD
from tests.families import matrix as family_matrix
from tests.media import matrix as picture_matrix
from tests.pads import matrix as pad_picture_matrix
from tests.pads.conftest import write
from tests.portfolio import matrix as portfolio_matrix

#: the people who walk every route, in the order of the table's columns
ROLES = (
    "anon",  # an anonymous visitor
    "reader",  # an external reader account (a parent)
    "maya",  # a student of the class, consent on record, author of `pub` and `returned`
    "lucia",  # a student of the class, no consent, author of `noconsent`, `pending` and `rejected`
    "outsider",  # a student of another class
    "suspended",  # a suspended student of the class
    "teacher",  # the class's teacher, who made every decision so far
    "co_teacher",  # a second teacher of the same class
    "other_teacher",  # the teacher of another class
    "admin",
    "family",  # a family account following Maya (tests/families/matrix.py)
)
TEACHERS = {"teacher", "co_teacher", "admin"}
CLASS = {"maya", "lucia", "suspended"} | TEACHERS
EVERYONE = set(ROLES)

RESPONSE_TEXT = "Sixteen-year-olds already work and pay taxes, so they should have a say."
REPLY_TEXT = "Good point about taxes; what about the people who do not work yet?"
REVISED_TEXT = "Rules are fair when the people they bind helped to make them, like a class charter."
NEW_QUESTION = "Who should decide the rules of the school library?"
NEW_CLASS = "Debate Club"


@dataclass(frozen=True)
class Person:
    id: int
    login: str


@dataclass
class World:
    """One school, with a post in every state, and the ids the table's URLs are built from."""

    users: dict[str, Person | None]
    ids: dict[str, int]
    #: join codes and logins the forms need
    values: dict[str, str]


def build_world(make) -> World:
    """Make the school every cell starts from."""
    s = make.school()
    suspended = make.student(s.classroom, "Sid", "Sato", consent=True, suspended=True)
    co_teacher = make.user("teacher", "Bea", "Lund")
    db.session.add(Membership(classroom_id=s.classroom.id, user_id=co_teacher.id, role="teacher"))
    db.session.commit()
    future = make.prompt(s.classroom, "class", "Mkfuture: where should the field trip go?",
                         opens_in=timedelta(days=2))
    # Published on the public prompt by a student with consent: everyone may read it.
    pub = make.post(s.maya, s.public_prompt, "Voting at sixteen builds lifelong habits mkpublished.",
                    publish=True)
    # Published on the public prompt by a student without consent: only the class may read it.
    noconsent = make.post(s.lucia, s.public_prompt, "Local elections matter most mknoconsent.",
                          publish=True)
    pending = make.post(s.lucia, s.public_prompt, "Young people follow the news closely mkpending.")
    class_pub = make.post(s.jonah, s.class_prompt, "A fair rule applies to everyone mkclasspub.",
                          publish=True)
    returned = make.post(s.maya, s.class_prompt, "Rules are rules mkreturned.")
    moderation.decide(returned, states.RETURN, s.teacher, returned.lock_version,
                      feedback="Give an example from school mkfeedback.")
    rejected = make.post(s.lucia, s.class_prompt, "Nobody follows rules anyway mkrejected.")
    moderation.decide(rejected, states.REJECT, s.teacher, rejected.lock_version,
                      feedback="This does not answer the question.")
    # Pads: a public prompt's class pad with a published revision, a class-only pad, a group pad.
    pad_prompt = make.prompt(s.classroom, "public", "Mkpadprompt: how should we spend the park budget?",
                             kind="both")
    pub_pad = db.session.scalar(select(Pad).where(Pad.prompt_id == pad_prompt.id))
    write(pub_pad, s.maya, "Shade trees mkpadpublished.\n")
    # Published too, but Lucia has no consent on record: the public sees nothing of it.
    write(pub_pad, s.lucia, "A pond mkpadnoconsent.\n")
    pad_services.publish(pub_pad, s.teacher, db.session.get(Pad, pub_pad.id).lock_version)
    write(pub_pad, s.maya, "Unpublished idea mkpadlive.\n")
    class_pad_prompt = make.prompt(s.classroom, "class", "Mkclasspad: plan the class trip", kind="pad")
    class_pad = db.session.scalar(select(Pad).where(Pad.prompt_id == class_pad_prompt.id))
    write(class_pad, s.maya, "The museum mkclasspad.\n")
    group_pad = pad_services.add_group(pad_prompt, "Group A", {s.maya.id})
    decision = moderation.last_decision("post", pub.id)
    assert decision.actor_id == s.teacher.id and decision.action == states.APPROVE
    lucia_membership = db.session.scalar(select(Membership).where(
        Membership.classroom_id == s.classroom.id, Membership.user_id == s.lucia.id))
    maya_note = db.session.scalar(select(Notification).where(Notification.user_id == s.maya.id))
    assert maya_note is not None and maya_note.read_at is None
    family, family_ids, family_values = family_matrix.build(make, s)
    portfolio_ids = portfolio_matrix.build(make, s)
    picture_ids = picture_matrix.build(make, {"pub": pub, "noconsent": noconsent, "pending": pending,
                                              "returned": returned, "rejected": rejected, "class_pub": class_pub})

    colleague_ids = colleagues_matrix.build(make, s)
    pad_picture_ids = pad_picture_matrix.build(s, pub_pad, class_pad)
    people = {
        "reader": s.reader, "maya": s.maya, "lucia": s.lucia, "outsider": s.outsider,
        "suspended": suspended, "teacher": s.teacher, "co_teacher": co_teacher,
        "other_teacher": s.other_teacher, "admin": s.admin, "family": family,
    }
    users = {"anon": None} | {role: Person(u.id, u.login) for role, u in people.items()}
    ids = {
        "classroom": s.classroom.id, "other_classroom": s.other_classroom.id,
        "public_prompt": s.public_prompt.id, "class_prompt": s.class_prompt.id, "future_prompt": future.id,
        "pub": pub.id, "noconsent": noconsent.id, "pending": pending.id, "class_pub": class_pub.id,
        "returned": returned.id, "rejected": rejected.id, "decision": decision.id,
        "lucia_membership": lucia_membership.id,
        "maya_user": s.maya.id, "maya_note": maya_note.id,
        "pad_prompt": pad_prompt.id, "pub_pad": pub_pad.id, "class_pad": class_pad.id, "group_pad": group_pad.id,
        **colleague_ids,
        **family_ids,
        **portfolio_ids,
        **picture_ids,
        **pad_picture_ids,
    }
    values = {"join_code": s.classroom.join_code, "other_join_code": s.other_classroom.join_code,
              "jonah_login": s.jonah.login, "other_teacher_login": s.other_teacher.login, **family_values}
    return World(users=users, ids=ids, values=values)


def _copy_database(source, target) -> None:
    """Copy one SQLite database over another, whole (sqlite3's online backup)."""
    source.backup(target)


@pytest.fixture(scope="module")
def _matrix(make_app):
    """Build the school once, on an in-memory database, and keep a copy of it.

    The table has some 700 cells and each must start from the same untouched school; building it
    takes hundreds of queries, restoring the copy takes a millisecond. The rules under test do not
    depend on the database engine, so this file uses SQLite in memory even when DATABASE_URL is set.
    """
    app = make_app(
        SQLALCHEMY_DATABASE_URI="sqlite://",
        SQLALCHEMY_ENGINE_OPTIONS={"poolclass": StaticPool, "connect_args": {"check_same_thread": False}},
        # The school is built once; its decisions must stay undoable for the whole file.
        UNDO_WINDOW_SECONDS=24 * 3600,
        # Pictures live in the database here, so each cell's copy of the school has them too.
        MEDIA_STORAGE="database",
    )
    snapshot = sqlite3.connect(":memory:")
    with app.app_context():
        db.create_all()
        world = build_world(factories.Factory(app))
        db.session.remove()
        live = db.engine.raw_connection()
        try:
            _copy_database(live.driver_connection, snapshot)
        finally:
            live.close()
    yield app, world, snapshot
    snapshot.close()


@pytest.fixture
def app(_matrix):
    """The app, with the school exactly as built, for each test."""
    matrix_app, _, snapshot = _matrix
    with matrix_app.app_context():
        db.session.remove()
        live = db.engine.raw_connection()
        try:
            _copy_database(snapshot, live.driver_connection)
        finally:
            live.close()
        yield matrix_app
        db.session.remove()


@pytest.fixture
def world(_matrix, app) -> World:
    return _matrix[1]


# ---- what each person may know exists ---------------------------------------------------------

def _markers(w: World) -> dict[str, set[str]]:
    """Return text that identifies something, and who may see a page containing it."""
    return {
        "mkpublished": EVERYONE,
        "mknoconsent": CLASS,  # no consent: the public sees nothing of it
        "mkpending": {"lucia"} | TEACHERS,
        "mkreturned": {"maya"} | TEACHERS,
        "mkfeedback": {"maya"} | TEACHERS,
        "mkrejected": {"lucia"} | TEACHERS,
        "mkclasspub": CLASS,
        "mkpadnoconsent": CLASS,  # no consent: left out of the published pad
        "mkpadlive": CLASS,  # written on the public pad since its last publication
        "mkclasspad": CLASS,  # the class-only prompt's pad
        "What makes a rule fair?": CLASS,  # the class-only prompt's question
        "Mkfuture": TEACHERS,  # a prompt that has not opened yet
        w.values["join_code"]: TEACHERS,
        # Full names: others see first name and last initial only.
        "Chen": {"maya", "family"} | TEACHERS,
        "Morales": {"lucia"} | TEACHERS,
        "Okafor": TEACHERS,
        **colleagues_matrix.markers(w),
        **family_matrix.markers(w),
        **portfolio_matrix.markers(w),
        **pad_picture_matrix.markers(w),
    }


def assert_no_leaks(w: World, role: str, response) -> None:
    if not (response.mimetype or "").startswith(("text/html", "text/markdown", "application/json")):
        return
    page = response.get_data(as_text=True)
    for marker, allowed in _markers(w).items():
        if role not in allowed:
            found = re.search(rf"(?<![\w-]){re.escape(marker)}(?![\w-])", page)
            assert found is None, f"{role} was shown {marker!r}: …{page[max(0, found.start() - 200):found.end() + 100]}…"


# ---- what a POST must have changed (or must not have) ------------------------------------------

def _fresh():
    db.session.expire_all()


def _post_count(body: str) -> int:
    return db.session.scalar(select(func.count(Post.id)).where(Post.body_md == body))


def respond_effect(w, role, allowed):
    _fresh()
    assert _post_count(RESPONSE_TEXT) == (1 if allowed else 0)
    post = db.session.scalar(select(Post).where(Post.body_md == RESPONSE_TEXT))
    if post is not None and role in ("reader", "other_teacher"):
        assert (post.kind, post.parent_id, post.status) == ("comment", None, states.PENDING)


def reply_effect(w, role, allowed):
    _fresh()
    reply = db.session.scalar(select(Post).where(Post.body_md == REPLY_TEXT))
    assert (reply is not None) == allowed
    if reply is not None and role in ("reader", "other_teacher"):
        # A reader's (or another school's) comment is pending until approved, always.
        assert (reply.kind, reply.status) == ("comment", states.PENDING)


def revise_effect(w, role, allowed):
    _fresh()
    post = db.session.get(Post, w.ids["returned"])
    assert post.status == (states.PENDING if allowed else states.RETURNED)
    assert (post.body_md == REVISED_TEXT) == allowed


def flag_effect(w, role, allowed):
    _fresh()
    flags = db.session.scalar(select(func.count(Flag.id)).where(Flag.post_id == w.ids["pub"]))
    assert flags == (1 if allowed else 0)


def pending_decided_effect(w, role, allowed):
    _fresh()
    post = db.session.get(Post, w.ids["pending"])
    assert post.status == (states.PUBLISHED if allowed else states.PENDING)


def pending_bulk_effect(status):
    def effect(w, role, allowed):
        _fresh()
        post = db.session.get(Post, w.ids["pending"])
        assert post.status == (status if allowed else states.PENDING)
    return effect


def returned_pub_effect(w, role, allowed):
    _fresh()
    post = db.session.get(Post, w.ids["pub"])
    assert post.status == (states.RETURNED if allowed else states.PUBLISHED)


def undo_effect(w, role, allowed):
    _fresh()
    post = db.session.get(Post, w.ids["pub"])
    assert post.status == (states.PENDING if allowed else states.PUBLISHED)


EDITED_TEXT = "Young people follow local news closely, as a survey of our school showed."


def pending_edited_effect(w, role, allowed):
    _fresh()
    post = db.session.get(Post, w.ids["pending"])
    assert (post.body_md == EDITED_TEXT) == allowed and post.status == states.PENDING


def pending_withdrawn_effect(w, role, allowed):
    _fresh()
    assert db.session.get(Post, w.ids["pending"]).status == ("withdrawn" if allowed else states.PENDING)


def returned_kept_effect(w, role, allowed):
    _fresh()
    # Decided work stays as the teacher left it, whoever asks to withdraw it.
    assert db.session.get(Post, w.ids["returned"]).status == states.RETURNED


def reset_code_effect(w, role, allowed):
    _fresh()
    made = db.session.scalar(select(func.count(ResetCode.id)).where(ResetCode.user_id == w.users["lucia"].id))
    assert made == (1 if allowed else 0)


def reset_sheet_effect(w, role, allowed):
    _fresh()
    # One code for each of the class's four students.
    assert db.session.scalar(select(func.count(ResetCode.id))) == (4 if allowed else 0)


def consent_effect(w, role, allowed):
    _fresh()
    membership = db.session.get(Membership, w.ids["lucia_membership"])
    assert (membership.consent_at is not None) == allowed


def code_effect(w, role, allowed):
    _fresh()
    code = db.session.get(Classroom, w.ids["classroom"]).join_code
    assert (code != w.values["join_code"]) == allowed


def code_unchanged_effect(w, role, allowed):
    _fresh()
    assert db.session.get(Classroom, w.ids["classroom"]).join_code == w.values["join_code"]


def class_archived_effect(w, role, allowed):
    _fresh()
    assert (db.session.get(Classroom, w.ids["classroom"]).archived_at is not None) == allowed


def class_not_archived_effect(w, role, allowed):
    _fresh()
    assert db.session.get(Classroom, w.ids["classroom"]).archived_at is None


def prompt_archived_effect(name):
    def effect(w, role, allowed):
        _fresh()
        assert (db.session.get(Prompt, w.ids[name]).archived_at is not None) == allowed
    return effect


def lucia_suspended_effect(w, role, allowed):
    _fresh()
    assert db.session.get(Membership, w.ids["lucia_membership"]).suspended == allowed


def lucia_not_suspended_effect(w, role, allowed):
    _fresh()
    assert not db.session.get(Membership, w.ids["lucia_membership"]).suspended


def co_teacher_effect(w, role, allowed):
    _fresh()
    added = db.session.scalar(select(Membership).where(
        Membership.classroom_id == w.ids["classroom"],
        Membership.user_id == w.users["other_teacher"].id))
    assert (added is not None) == allowed


def new_prompt_effect(w, role, allowed):
    _fresh()
    made = db.session.scalar(select(func.count(Prompt.id)).where(Prompt.question == NEW_QUESTION))
    assert made == (1 if allowed else 0)


def edit_prompt_effect(key):
    def effect(w, role, allowed):
        _fresh()
        assert (db.session.get(Prompt, w.ids[key]).question == NEW_QUESTION) == allowed
    return effect


def trust_effect(w, role, allowed):
    _fresh()
    trusted = db.session.scalar(select(PromptTrust).where(
        PromptTrust.prompt_id == w.ids["class_prompt"], PromptTrust.user_id == w.ids["maya_user"]))
    assert (trusted is not None) == allowed


def new_class_effect(w, role, allowed):
    _fresh()
    made = db.session.scalar(select(func.count(Classroom.id)).where(Classroom.name == NEW_CLASS))
    assert made == (1 if allowed else 0)


def join_effect(w, role, allowed):
    _fresh()
    user = w.users[role]
    if user is None:
        return
    joined = db.session.scalar(select(Membership).where(
        Membership.classroom_id == w.ids["other_classroom"], Membership.user_id == user.id,
        Membership.role == "student"))
    assert (joined is not None) == allowed


def account_effect(w, role, allowed):
    _fresh()
    if w.users[role] is not None:
        assert (db.session.get(User, w.users[role].id).first_name == "Renamed") == allowed


def user_exists_effect(login, only_for: str | None = None):
    def effect(w, role, allowed):
        _fresh()
        expected = allowed if only_for is None else role == only_for
        assert (db.session.scalar(select(User).where(User.login == login)) is not None) == expected
    return effect


def deactivate_maya_effect(w, role, allowed):
    _fresh()
    assert db.session.get(User, w.ids["maya_user"]).active is not allowed


def norms_effect(w, role, allowed):
    _fresh()
    row = db.session.scalar(select(SchoolSettings).limit(1))
    assert (row is not None and "zqblocked" in row.block_words) == allowed


def mail_choice_effect(w, role, allowed):
    _fresh()
    # Each person's choice is their own: maya's changes only when maya saves hers.
    maya = db.session.get(User, w.ids["maya_user"])
    assert (mail_preferences.choice_for(maya, "decision") == "never") == (role == "maya")


def read_note_effect(w, role, allowed):
    _fresh()
    note = db.session.get(Notification, w.ids["maya_note"])
    # Only maya can mark maya's notification read, whatever id someone else sends.
    assert (note.read_at is not None) == (role == "maya")


# ---- the table -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Route:
    method: str
    #: a path with {placeholders} filled from World.ids
    path: str
    expect: dict[str, int]
    data: Callable[[World], dict] | None = None
    json: dict | None = None
    effect: Callable[[World, str, bool], None] | None = None

    def url(self, w: World) -> str:
        return self.path.format(**w.ids)

    @property
    def label(self) -> str:
        return f"{self.method} {self.path}"


def pad_restored_effect(w, role, allowed):
    _fresh()
    # The live text is kept as a revision, then revision 1 comes back as another one.
    assert (db.session.get(Pad, w.ids["pub_pad"]).latest_revision == 3) == allowed


def pad_published_effect(w, role, allowed):
    _fresh()
    assert (db.session.get(Pad, w.ids["pub_pad"]).published_revision == 2) == allowed


def pad_comment_effect(w, role, allowed):
    _fresh()
    assert (_post_count("A thoughtful plan mkpadcomment.") == 1) == allowed


def group_added_effect(w, role, allowed):
    _fresh()
    assert (db.session.scalar(select(Pad).where(Pad.name == "Group B")) is not None) == allowed


def group_emptied_effect(w, role, allowed):
    _fresh()
    assert (not db.session.get(Pad, w.ids["group_pad"]).members) == allowed


def group_removed_effect(w, role, allowed):
    _fresh()
    assert (db.session.get(Pad, w.ids["group_pad"]) is None) == allowed


def row(method, path, *statuses, data=None, json=None, effect=None, family=None) -> Route:
    if len(statuses) == len(ROLES) - 1:
        # A family account answers as a reader does, unless the row says otherwise.
        statuses = (*statuses, statuses[ROLES.index("reader")] if family is None else family)
    assert len(statuses) == len(ROLES), f"{method} {path}: {len(statuses)} statuses for {len(ROLES)} roles"
    return Route(method, path, dict(zip(ROLES, statuses, strict=True)), data, json, effect)


def _prompt_form(visibility="class"):
    return lambda w: {"question": NEW_QUESTION, "context_md": "Read the library policy first.",
                      "norms": "Critique the idea, not the person.", "visibility": visibility,
                      "opens_at": "2024-01-01T08:00", "closes_at": ""}


def _version(key):
    return lambda w: db.session.get(Post, w.ids[key]).lock_version


#                                                       anon reader maya lucia outsdr susp teachr co   other admin
TABLE = [
    # home and static files
    # a family's home is the family page
    row("GET", "/",                                       200, 200, 200, 200, 200, 200, 200, 200, 200, 200,
        family=302),
    row("GET", "/static/css/board.css",                   200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    # accounts
    row("GET", "/login",                                  200, 302, 302, 302, 302, 302, 302, 302, 302, 302),
    row("POST", "/login",                                 302, 302, 302, 302, 302, 302, 302, 302, 302, 302,
        data=lambda w: {"login": w.values["jonah_login"], "password": PASSWORD}),
    row("POST", "/logout",                                302, 302, 302, 302, 302, 302, 302, 302, 302, 302),
    # Signing up is for visitors; someone signed in is sent on (students to /join) and no account is made.
    row("GET", "/signup",                                 200, 302, 302, 302, 302, 302, 302, 302, 302, 302),
    row("POST", "/signup",                                302, 302, 302, 302, 302, 302, 302, 302, 302, 302,
        data=lambda w: {"join_code": w.values["join_code"], "first_name": "Nina", "last_name": "Ross",
                        "login": "nina.ross", "password": "a long new password", "confirm": "a long new password"},
        effect=user_exists_effect("nina.ross", only_for="anon")),
    row("GET", "/signup/reader",                          200, 302, 302, 302, 302, 302, 302, 302, 302, 302),
    row("POST", "/signup/reader",                         302, 302, 302, 302, 302, 302, 302, 302, 302, 302,
        data=lambda w: {"first_name": "Pat", "last_name": "Lee", "email": "pat.lee@example.org",
                        "password": "a long new password", "confirm": "a long new password"},
        effect=user_exists_effect("pat.lee@example.org", only_for="anon")),
    row("GET", "/join",                                   302, 403, 200, 200, 200, 200, 403, 403, 403, 403),
    row("POST", "/join",                                  401, 403, 302, 302, 302, 302, 403, 403, 403, 403,
        data=lambda w: {"join_code": w.values["other_join_code"]}, effect=join_effect),
    row("GET", "/account",                                302, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("POST", "/account",                               401, 302, 302, 302, 302, 302, 302, 302, 302, 302,
        data=lambda w: {"profile-first_name": "Renamed", "profile-last_name": "Person",
                        "profile-submit": "Save"}, effect=account_effect),
    row("POST", "/account/sign-out-everywhere",           401, 302, 302, 302, 302, 302, 302, 302, 302, 302),
    # admin: 403 for everyone but admins
    row("GET", "/admin/users",                            302, 403, 403, 403, 403, 403, 403, 403, 403, 200),
    row("POST", "/admin/users/new",                       401, 403, 403, 403, 403, 403, 403, 403, 403, 302,
        data=lambda w: {"first_name": "Tess", "last_name": "Ng", "login": "tess.ng", "email": "",
                        "role": "teacher", "password": "temporary password"},
        effect=user_exists_effect("tess.ng")),
    row("GET", "/admin/users/{maya_user}",                302, 403, 403, 403, 403, 403, 403, 403, 403, 200),
    row("POST", "/admin/users/{maya_user}",               401, 403, 403, 403, 403, 403, 403, 403, 403, 302,
        data=lambda w: {"role": "student", "password": ""}, effect=deactivate_maya_effect),
    row("GET", "/admin/norms",                            302, 403, 403, 403, 403, 403, 403, 403, 403, 200),
    row("POST", "/admin/norms",                           401, 403, 403, 403, 403, 403, 403, 403, 403, 302,
        data=lambda w: {"norms": "Critique the idea, not the person.", "block_words": "zqblocked",
                        "flag_words": "", "allow_words": ""}, effect=norms_effect),
    row("GET", "/admin/audit",                            302, 403, 403, 403, 403, 403, 403, 403, 403, 200),
    # classes
    row("GET", "/classes",                                302, 403, 200, 200, 200, 200, 200, 200, 200, 200),
    row("GET", "/classes/new",                            302, 403, 403, 403, 403, 403, 200, 200, 200, 200),
    row("POST", "/classes/new",                           401, 403, 403, 403, 403, 403, 302, 302, 302, 302,
        data=lambda w: {"name": NEW_CLASS}, effect=new_class_effect),
    row("GET", "/classes/{classroom}",                    302, 404, 200, 200, 404, 200, 200, 200, 404, 200),
    row("POST", "/classes/{classroom}/code",              401, 404, 403, 403, 404, 403, 302, 302, 404, 302,
        data=lambda w: {"action": "regenerate", "confirmed": "yes"}, effect=code_effect),
    # Making a new code asks first: the question changes nothing.
    row("POST", "/classes/{classroom}/code",              401, 404, 403, 403, 404, 403, 200, 200, 404, 200,
        data=lambda w: {"action": "regenerate"}, effect=code_unchanged_effect),
    row("GET", "/classes/{classroom}/join-code",          302, 404, 403, 403, 404, 403, 200, 200, 404, 200),
    row("GET", "/classes/{classroom}/join-code/projector", 302, 404, 403, 403, 404, 403, 200, 200, 404, 200),
    row("POST", "/classes/{classroom}/archive",           401, 404, 403, 403, 404, 403, 302, 302, 404, 302,
        data=lambda w: {"action": "archive", "confirmed": "yes"}, effect=class_archived_effect),
    row("POST", "/classes/{classroom}/archive",           401, 404, 403, 403, 404, 403, 200, 200, 404, 200,
        data=lambda w: {"action": "archive"}, effect=class_not_archived_effect),
    row("POST", "/classes/{classroom}/members/{lucia_membership}",
                                                          401, 404, 403, 403, 404, 403, 302, 302, 404, 302,
        data=lambda w: {"action": "suspend", "confirmed": "yes"}, effect=lucia_suspended_effect),
    row("POST", "/classes/{classroom}/members/{lucia_membership}",
                                                          401, 404, 403, 403, 404, 403, 200, 200, 404, 200,
        data=lambda w: {"action": "suspend"}, effect=lucia_not_suspended_effect),
    row("POST", "/classes/{classroom}/teachers",          401, 404, 403, 403, 404, 403, 302, 302, 404, 302,
        data=lambda w: {"login": w.values["other_teacher_login"]}, effect=co_teacher_effect),
    row("POST", "/classes/{classroom}/members/{lucia_membership}",
                                                          401, 404, 403, 403, 404, 403, 302, 302, 404, 302,
        data=lambda w: {"action": "consent_on", "note": "form received"}, effect=consent_effect),
    # A membership of one class reached through another class's URL.
    row("POST", "/classes/{other_classroom}/members/{lucia_membership}",
                                                          401, 404, 404, 404, 403, 404, 404, 404, 404, 404,
        data=lambda w: {"action": "consent_on", "note": "form received"}, effect=consent_effect),
    # password reset codes: the class's teachers make them; a signed-out student uses one
    row("POST", "/classes/{classroom}/members/{lucia_membership}/reset-code",
                                                          401, 404, 403, 403, 404, 403, 200, 200, 404, 200,
        effect=reset_code_effect),
    row("POST", "/classes/{other_classroom}/members/{lucia_membership}/reset-code",
                                                          401, 404, 404, 404, 403, 404, 404, 404, 404, 404,
        effect=reset_code_effect),
    row("GET", "/classes/{classroom}/reset-codes",        302, 404, 403, 403, 404, 403, 200, 200, 404, 200),
    row("POST", "/classes/{classroom}/reset-codes",       401, 404, 403, 403, 404, 403, 200, 200, 404, 200,
        effect=reset_sheet_effect),
    row("GET", "/reset-code",                             200, 302, 302, 302, 302, 302, 302, 302, 302, 302),
    row("POST", "/reset-code",                            422, 302, 302, 302, 302, 302, 302, 302, 302, 302,
        data=lambda w: {"login": w.values["jonah_login"], "code": "ZZZZ-ZZZZ",
                        "password": "a long new password", "confirm": "a long new password"}),
    # prompts
    row("GET", "/classes/{classroom}/prompts/new",        302, 404, 403, 403, 404, 403, 200, 200, 404, 200),
    row("POST", "/classes/{classroom}/prompts/new",       401, 404, 403, 403, 404, 403, 302, 302, 404, 302,
        data=_prompt_form(), effect=new_prompt_effect),
    row("GET", "/prompts/{public_prompt}",                200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("GET", "/prompts/{class_prompt}",                 404, 404, 200, 200, 404, 200, 200, 200, 404, 200),
    row("GET", "/prompts/{future_prompt}",                404, 404, 404, 404, 404, 404, 200, 200, 404, 200),
    row("GET", "/prompts/{class_prompt}/edit",            302, 404, 403, 403, 404, 403, 200, 200, 404, 200),
    row("POST", "/prompts/{class_prompt}/edit",           401, 404, 403, 403, 404, 403, 302, 302, 404, 302,
        data=_prompt_form(), effect=edit_prompt_effect("class_prompt")),
    row("GET", "/prompts/{public_prompt}/edit",           302, 403, 403, 403, 403, 403, 200, 200, 403, 200),
    row("POST", "/prompts/{public_prompt}/edit",          401, 403, 403, 403, 403, 403, 302, 302, 403, 302,
        data=_prompt_form("public"), effect=edit_prompt_effect("public_prompt")),
    row("GET", "/prompts/new",                            302, 403, 403, 403, 403, 403, 302, 302, 302, 200),
    row("POST", "/prompts/{class_prompt}/archive",        401, 404, 403, 403, 404, 403, 302, 302, 404, 302,
        data=lambda w: {"action": "archive"}, effect=prompt_archived_effect("class_prompt")),
    row("POST", "/prompts/{public_prompt}/archive",       401, 403, 403, 403, 403, 403, 302, 302, 403, 302,
        data=lambda w: {"action": "archive"}, effect=prompt_archived_effect("public_prompt")),
    row("POST", "/prompts/{class_prompt}/trust",          401, 404, 403, 403, 404, 403, 302, 302, 404, 302,
        data=lambda w: {"student": str(w.ids["maya_user"])}, effect=trust_effect),
    # Readers and other schools' teachers comment on a public prompt itself (pending, see respond_effect).
    row("POST", "/prompts/{public_prompt}/respond",       401, 302, 302, 302, 403, 403, 302, 302, 302, 302,
        data=lambda w: {"body": RESPONSE_TEXT, "action": "post"}, effect=respond_effect),
    row("POST", "/prompts/{class_prompt}/respond",        401, 404, 302, 302, 404, 403, 302, 302, 404, 302,
        data=lambda w: {"body": RESPONSE_TEXT, "action": "post"}, effect=respond_effect),
    row("POST", "/prompts/{future_prompt}/respond",       401, 404, 404, 404, 404, 404, 302, 302, 404, 302,
        data=lambda w: {"body": RESPONSE_TEXT, "action": "post"}, effect=respond_effect),
    # posts
    row("GET", "/posts/{pub}",                            200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("GET", "/posts/{noconsent}",                      404, 404, 200, 200, 404, 200, 200, 200, 404, 200),
    row("GET", "/posts/{pending}",                        404, 404, 404, 200, 404, 404, 200, 200, 404, 200),
    row("GET", "/posts/{returned}",                       404, 404, 200, 404, 404, 404, 200, 200, 404, 200),
    row("GET", "/posts/{rejected}",                       404, 404, 404, 200, 404, 404, 200, 200, 404, 200),
    row("GET", "/posts/{class_pub}",                      404, 404, 200, 200, 404, 200, 200, 200, 404, 200),
    row("GET", "/posts/{pub}/reply",                      302, 200, 200, 200, 403, 403, 200, 200, 200, 200),
    row("POST", "/posts/{pub}/reply",                     401, 302, 302, 302, 403, 403, 302, 302, 302, 302,
        data=lambda w: {"body": REPLY_TEXT, "action": "post"}, effect=reply_effect),
    row("GET", "/posts/{class_pub}/reply",                302, 404, 200, 200, 404, 403, 200, 200, 404, 200),
    row("POST", "/posts/{noconsent}/reply",               401, 404, 302, 302, 404, 403, 302, 302, 404, 302,
        data=lambda w: {"body": REPLY_TEXT, "action": "post"}, effect=reply_effect),
    row("POST", "/posts/{pending}/reply",                 401, 404, 404, 403, 404, 404, 403, 403, 404, 403,
        data=lambda w: {"body": REPLY_TEXT, "action": "post"}, effect=reply_effect),
    row("GET", "/posts/{returned}/revise",                302, 404, 200, 404, 404, 404, 403, 403, 404, 403),
    row("POST", "/posts/{returned}/revise",               401, 404, 302, 404, 404, 404, 403, 403, 404, 403,
        data=lambda w: {"body": REVISED_TEXT, "version": str(_version("returned")(w)), "action": "post"},
        effect=revise_effect),
    # Work waiting for a teacher: its author edits or withdraws it; decided work is sent back to its page.
    row("GET", "/posts/{pending}/edit",                   302, 404, 404, 200, 404, 404, 403, 403, 404, 403),
    row("POST", "/posts/{pending}/edit",                  401, 404, 404, 302, 404, 404, 403, 403, 404, 403,
        data=lambda w: {"body": EDITED_TEXT, "version": str(_version("pending")(w)), "action": "post"},
        effect=pending_edited_effect),
    row("GET", "/posts/{pending}/withdraw",               302, 404, 404, 200, 404, 404, 403, 403, 404, 403),
    row("POST", "/posts/{pending}/withdraw",              401, 404, 404, 302, 404, 404, 403, 403, 404, 403,
        data=lambda w: {"version": str(_version("pending")(w))}, effect=pending_withdrawn_effect),
    row("POST", "/posts/{returned}/withdraw",             401, 404, 302, 404, 404, 404, 403, 403, 404, 403,
        data=lambda w: {"version": str(_version("returned")(w))}, effect=returned_kept_effect),
    row("GET", "/posts/{returned}/history",               302, 404, 200, 404, 404, 404, 200, 200, 404, 200),
    row("GET", "/posts/{pending}/history",                302, 404, 404, 200, 404, 404, 200, 200, 404, 200),
    row("GET", "/posts/{pub}/history",                    302, 403, 200, 403, 403, 403, 200, 200, 403, 200),
    row("GET", "/posts/{pub}/flag",                       302, 200, 403, 200, 200, 200, 200, 200, 200, 200),
    row("POST", "/posts/{pub}/flag",                      401, 302, 403, 302, 302, 302, 302, 302, 302, 302,
        data=lambda w: {"reason": "This repeats a rumour as a fact."}, effect=flag_effect),
    row("GET", "/posts/{pending}/flag",                   302, 404, 404, 403, 404, 404, 403, 403, 404, 403),
    row("GET", "/posts/{class_pub}/flag",                 302, 404, 200, 200, 404, 200, 200, 200, 404, 200),
    row("GET", "/me/work",                                302, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("GET", "/me/comments",                            302, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    # moderation: students and readers have no queue; another class's items do not exist
    row("GET", "/queue",                                  302, 403, 403, 403, 403, 403, 200, 200, 200, 200),
    row("POST", "/queue/{pending}/decide",                401, 403, 403, 403, 403, 403, 302, 302, 404, 302,
        data=lambda w: {"action": "approve", "version": str(_version("pending")(w))},
        effect=pending_decided_effect),
    row("POST", "/queue/{pub}/decide",                    401, 403, 403, 403, 403, 403, 302, 302, 404, 302,
        data=lambda w: {"action": "return", "version": str(_version("pub")(w)),
                        "feedback": "Name your source."}, effect=returned_pub_effect),
    # The same decision through the queue's form for any registered kind; a pad is published on its own page.
    row("POST", "/queue/post/{pending}/decide",           401, 403, 403, 403, 403, 403, 302, 302, 404, 302,
        data=lambda w: {"action": "approve", "version": str(_version("pending")(w))},
        effect=pending_decided_effect),
    row("POST", "/queue/pad/{pub_pad}/decide",            401, 403, 403, 403, 403, 403, 404, 404, 404, 404,
        data=lambda w: {"action": "approve", "version": "1"}),
    row("POST", "/queue/bulk",                            401, 403, 403, 403, 403, 403, 302, 302, 404, 302,
        data=lambda w: {"item": f"{w.ids['pending']}:{_version('pending')(w)}"},
        effect=pending_decided_effect),
    # Bulk return and reject: one feedback for every selected item.
    row("POST", "/queue/bulk",                            401, 403, 403, 403, 403, 403, 302, 302, 404, 302,
        data=lambda w: {"item": f"{w.ids['pending']}:{_version('pending')(w)}", "action": "return",
                        "feedback": "Name your source."}, effect=pending_bulk_effect(states.RETURNED)),
    row("POST", "/queue/bulk",                            401, 403, 403, 403, 403, 403, 302, 302, 404, 302,
        data=lambda w: {"item": f"{w.ids['pending']}:{_version('pending')(w)}", "action": "reject",
                        "feedback": "Off topic."}, effect=pending_bulk_effect(states.REJECTED)),
    # Only the teacher who decided (or an admin) takes a decision back.
    row("POST", "/decisions/{decision}/undo",             401, 403, 403, 403, 403, 403, 302, 403, 404, 302,
        effect=undo_effect),
    # notifications: one's own only
    row("GET", "/notifications",                          302, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("POST", "/notifications/read",                    401, 302, 302, 302, 302, 302, 302, 302, 302, 302,
        data=lambda w: {"id": str(w.ids["maya_note"])}, effect=read_note_effect),
    # mail settings: one's own only; an unsubscribe link works only with its signed token
    row("GET", "/notifications/settings",                 302, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("POST", "/notifications/settings",                401, 302, 302, 302, 302, 302, 302, 302, 302, 302,
        data=lambda w: {"decision": "never"}, effect=mail_choice_effect),
    row("GET", "/notifications/unsubscribe/not-a-token",  404, 404, 404, 404, 404, 404, 404, 404, 404, 404),
    row("POST", "/notifications/unsubscribe/not-a-token", 404, 404, 404, 404, 404, 404, 404, 404, 404, 404),
    # pads: the live pad is the class's; outsiders see only a published revision of a public prompt
    row("GET", "/pads/{pub_pad}",                          200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("GET", "/pads/{class_pad}",                        404, 404, 200, 200, 404, 200, 200, 200, 404, 200),
    row("GET", "/pads/{pub_pad}/history",                  404, 404, 200, 200, 404, 200, 200, 200, 404, 200),
    row("GET", "/pads/{pub_pad}/revisions/1",              404, 404, 200, 200, 404, 200, 200, 200, 404, 200),
    row("POST", "/pads/{pub_pad}/revisions/1/restore",     401, 404, 302, 302, 404, 403, 302, 302, 404, 302,
        effect=pad_restored_effect),
    row("POST", "/pads/{pub_pad}/publish",                 401, 404, 403, 403, 404, 403, 302, 302, 404, 302,
        data=lambda w: {"version": db.session.get(Pad, w.ids["pub_pad"]).lock_version},
        effect=pad_published_effect),
    # words taken out of a pad's history, and held words shown to the class: the class's teachers only
    row("POST", "/pads/{pub_pad}/redact",                  401, 404, 403, 403, 404, 403, 302, 302, 404, 302,
        data=lambda w: {"phrase": "words nobody wrote", "category": "other"}),
    row("POST", "/pads/{pub_pad}/release",                 401, 404, 403, 403, 404, 403, 302, 302, 404, 302,
        data=lambda w: {"hold": "1"}),
    row("GET", "/pads/{class_pad}/export.md",              404, 404, 200, 200, 404, 200, 200, 200, 404, 200),
    # The class downloads the live text, everyone else the published revision; both are leak-checked.
    row("GET", "/pads/{pub_pad}/export.md",                200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("GET", "/pads/{pub_pad}/export.html",              200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    row("POST", "/pads/{pub_pad}/comment",                 401, 302, 403, 403, 403, 403, 403, 403, 302, 403,
        data=lambda w: {"body": "A thoughtful plan mkpadcomment."}, effect=pad_comment_effect),
    row("POST", "/prompts/{pad_prompt}/pads",              401, 403, 403, 403, 403, 403, 302, 302, 403, 302,
        data=lambda w: {"name": "Group B", "student": [str(w.ids["maya_user"])]}, effect=group_added_effect),
    row("POST", "/pads/{group_pad}/members",               401, 404, 403, 403, 404, 403, 302, 302, 404, 302,
        data=lambda w: {"student": []}, effect=group_emptied_effect),
    row("POST", "/pads/{group_pad}/remove",                401, 404, 403, 403, 404, 403, 302, 302, 404, 302,
        effect=group_removed_effect),
    # the composer's JSON check: signed in only
    row("POST", "/norms/check",                           401, 200, 200, 200, 200, 200, 200, 200, 200, 200,
        json={"text": "You are an idiot."}),
]

TABLE += family_matrix.rows(row)
TABLE += picture_matrix.rows(row, TABLE)

TABLE += portfolio_matrix.rows(row)

TABLE += colleagues_matrix.rows(row)

TABLE += pad_picture_matrix.rows(row)

CELLS = [pytest.param(route, role, id=f"{route.label} as {role}") for route in TABLE for role in ROLES]


@pytest.mark.parametrize("route, role", CELLS)
def test_route_answers_each_role(client, login_as, world, route: Route, role: str):
    user = world.users[role]
    if user is not None:
        login_as(user)
    url = route.url(world)
    if route.method == "GET":
        response = client.get(url)
    elif route.json is not None:
        response = client.post(url, json=route.json)
    else:
        response = client.post(url, data=route.data(world) if route.data else {})
    response.close()  # a static file response holds its file open until closed
    expected = route.expect[role]

    assert response.status_code == expected, (
        f"{route.method} {url} as {role}: expected {expected}, got {response.status_code}\n"
        f"{response.headers.get('Location', '')}{response.get_data(as_text=True)[:300]}"
    )
    if role == "anon" and expected == 302 and route.method == "GET":
        assert response.headers["Location"].startswith("/login"), "anonymous visitors are sent to sign in"
    if role == "anon" and expected == 401 and route.json is None:
        assert 'action="/login"' in response.get_data(as_text=True), "the sign-in form is shown"
    if route.json is not None and expected == 200:
        assert response.is_json and "findings" in response.get_json()
    assert_no_leaks(world, role, response)
    if route.effect is not None:
        route.effect(world, role, expected < 400)


def test_table_covers_every_route(app):
    """A new route fails here until it has a row in TABLE (for each of its methods)."""
    adapter = app.url_map.bind("localhost")
    covered = set()
    for route in TABLE:
        path = re.sub(r"\{\w+\}", "1", route.path)
        endpoint, _ = adapter.match(path, method=route.method)
        covered.add((endpoint, route.method))
    missing = sorted(
        (rule.rule, method)
        for rule in app.url_map.iter_rules()
        for method in rule.methods - {"HEAD", "OPTIONS"}
        # The pad's WebSocket has its own tests (tests/pads/test_live_sync.py): it answers sockets only.
        if (rule.endpoint, method) not in covered and not rule.websocket
    )
    assert not missing, f"routes with no row in the permission table: {missing}"


def test_public_prompt_does_not_reveal_unpublishable_work_exists(client, world):
    """The public sees nothing of work without consent or still pending, not even a count."""
    page = client.get(f"/prompts/{world.ids['public_prompt']}").get_data(as_text=True)
    assert "1 response" in page and "3 responses" not in page and "2 responses" not in page


def test_post_only_routes_refuse_get(app, client):
    """A state change is never a link: POST-only routes answer GET with 405."""
    adapter = app.url_map.bind("localhost")
    post_only = [rule for rule in app.url_map.iter_rules() if "GET" not in rule.methods]
    assert post_only
    for rule in post_only:
        path = adapter.build(rule.endpoint, {arg: 1 for arg in rule.arguments})
        assert client.get(path).status_code == 405, path


def test_markers_are_shown_to_those_who_may_see_them(client, login_as, world):
    """The leak check is not vacuous: each marker does appear where it should."""
    login_as(world.users["teacher"])
    prompt_page = client.get(f"/prompts/{world.ids['public_prompt']}").get_data(as_text=True)
    for marker in ("mkpublished", "mknoconsent", "mkpending", "Chen", "Morales"):
        assert marker in prompt_page
    class_page = client.get(f"/classes/{world.ids['classroom']}").get_data(as_text=True)
    for marker in (world.values["join_code"], "Okafor", "What makes a rule fair?", "Mkfuture"):
        assert marker in class_page
    login_as(world.users["maya"])
    work = client.get("/me/work").get_data(as_text=True)
    for marker in ("mkreturned", "mkfeedback", "mkpublished"):
        assert marker in work
    for fmt in ("md", "html"):
        export = client.get(f"/pads/{world.ids['pub_pad']}/export.{fmt}").get_data(as_text=True)
        for marker in ("mkpadpublished", "mkpadnoconsent", "mkpadlive"):
            assert marker in export, (fmt, marker)
    class_pad = client.get(f"/pads/{world.ids['class_pad']}/export.md")
    assert class_pad.mimetype == "text/markdown" and "mkclasspad" in class_pad.get_data(as_text=True)
