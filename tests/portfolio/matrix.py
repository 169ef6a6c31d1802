"""The portfolio's part of the permission matrix: every portfolio route, for every role.

The world gets Maya's (consent on record) portfolio: a piece on her public post, approved; a piece
still waiting; an approved goal and a waiting one; a spare published post she has not picked; and
Lucia's (no consent) approved piece. The class has a tag. The family account follows Maya.
"""
from __future__ import annotations

from sqlalchemy import func, select

from board.discussions.models import Post
from board.extensions import db
from board.moderation import services as moderation
from board.moderation import states
from board.portfolio import services, sources
from board.portfolio.models import Goal, Piece, Tag

NEW_WHY = "It shows how my view changed mkpieceadded."
NEW_NEXT = "Next: compare two countries' voting ages."
NEW_GOAL = "Read one newspaper a week mkgoaladded."
NEW_TAG = "Persuasive writing"


def _answers(why: str) -> dict:
    return {"why": why, "learned": "I learned to weigh two sources.", "next": "Next: ask a councillor."}


def build(make, s) -> dict:
    """Add the portfolios to the matrix's school; return the ids the rows' URLs name."""
    pub = db.session.scalar(select(Post).where(Post.author_id == s.maya.id, Post.body_md.contains("mkpublished")))
    noconsent = db.session.scalar(select(Post).where(Post.body_md.contains("mknoconsent")))
    waiting_work = make.post(s.maya, s.class_prompt, "Fair rules name their reasons.", publish=True)
    spare = make.post(s.maya, s.class_prompt, "A second thought about school rules.", publish=True)
    tag = services.add_tag(s.classroom.id, "Using evidence")

    def piece(student, post, why):
        return services.add_piece(student, sources.find(student, "post", post.id), _answers(why), [tag.id]).item

    piece_pub = piece(s.maya, pub, "My first public argument mkpiecepub.")
    piece_pending = piece(s.maya, waiting_work, "Still thinking about fairness mkpiecepending.")
    piece_noconsent = piece(s.lucia, noconsent, "Local matters to me mkpiecenoconsent.")
    goal_pub = services.add_goal(s.maya, s.classroom.id, "Quote my sources mkgoalpub.", "Most weeks.").item
    goal_pending = services.add_goal(s.maya, s.classroom.id, "Speak up mkgoalpending.", "").item
    for item in (piece_pub, piece_noconsent, goal_pub):
        moderation.decide(item, states.APPROVE, s.teacher, item.lock_version)
    return {"piece_pub": piece_pub.id, "piece_pending": piece_pending.id, "piece_noconsent": piece_noconsent.id,
            "goal_pub": goal_pub.id, "goal_pending": goal_pending.id, "maya_spare": spare.id, "tag": tag.id,
            "lucia_student": s.lucia.id}


def markers(w) -> dict[str, set[str]]:
    everyone = {"anon", "reader", "maya", "lucia", "outsider", "suspended", "teacher", "co_teacher",
                "other_teacher", "admin", "family"}
    teachers = {"teacher", "co_teacher", "admin"}
    return {
        "mkpiecepub": everyone,
        "mkgoalpub": everyone,
        "mkpiecepending": {"maya"} | teachers,
        "mkgoalpending": {"maya"} | teachers,
        "mkpiecenoconsent": {"maya", "lucia", "suspended"} | teachers,
    }


def _fresh():
    db.session.expire_all()


def piece_added_effect(w, role, allowed):
    _fresh()
    assert (db.session.scalar(select(Piece).where(Piece.post_id == w.ids["maya_spare"])) is not None) == allowed


def piece_changed_effect(w, role, allowed):
    _fresh()
    assert (db.session.get(Piece, w.ids["piece_pending"]).next_md == NEW_NEXT) == allowed


def piece_removed_effect(w, role, allowed):
    _fresh()
    assert (db.session.get(Piece, w.ids["piece_pending"]) is None) == allowed


def piece_decided_effect(w, role, allowed):
    _fresh()
    assert (db.session.get(Piece, w.ids["piece_pending"]).status == states.PUBLISHED) == allowed


def goal_decided_effect(w, role, allowed):
    _fresh()
    assert (db.session.get(Goal, w.ids["goal_pending"]).status == states.RETURNED) == allowed


def goal_added_effect(w, role, allowed):
    _fresh()
    assert (db.session.scalar(select(Goal).where(Goal.goal == NEW_GOAL)) is not None) == allowed


def goal_changed_effect(w, role, allowed):
    _fresh()
    assert (db.session.get(Goal, w.ids["goal_pub"]).reflection_md == "Every week now.") == allowed


def goal_removed_effect(w, role, allowed):
    _fresh()
    assert (db.session.get(Goal, w.ids["goal_pub"]) is None) == allowed


def tag_added_effect(w, role, allowed):
    _fresh()
    assert (db.session.scalar(select(Tag).where(Tag.name == NEW_TAG)) is not None) == allowed


def tag_removed_effect(w, role, allowed):
    _fresh()
    assert (db.session.get(Tag, w.ids["tag"]) is None) == allowed


def comment_effect(w, role, allowed):
    _fresh()
    made = db.session.scalar(select(func.count(Post.id)).where(Post.body_md == "Thank you for sharing mkpiececomment."))
    assert made == (1 if allowed else 0)


def rows(row) -> list:
    """The portfolio routes (the last column is the family following Maya)."""
    piece_form = {**_answers("It still matters to me."), "next": NEW_NEXT, "action": "post"}

    def version(model, key):
        return lambda w: str(db.session.get(model, w.ids[key]).lock_version)

    #        anon reader maya lucia outsdr susp teachr co   other admin family
    return [
        # a student's own portfolio; everyone else has none
        row("GET", "/portfolio",
            302, 404, 302, 302, 302, 302, 404, 404, 404, 404, 404),
        # consent on record: a public page; without it, the class, its teachers and the family only
        row("GET", "/portfolio/{maya_user}",
            200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
        row("GET", "/portfolio/{lucia_student}",
            404, 404, 200, 200, 404, 200, 200, 200, 404, 200, 404),
        row("GET", "/portfolio/{maya_user}/feed.atom",
            200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
        row("GET", "/portfolio/{lucia_student}/feed.atom",
            404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404),
        row("GET", "/prompts/{public_prompt}/feed.atom",
            200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
        row("GET", "/prompts/{class_prompt}/feed.atom",
            404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404),
        # the whole portfolio, downloaded: the student, or her family
        row("GET", "/portfolio/{maya_user}/portfolio.zip",
            302, 403, 200, 403, 403, 403, 403, 403, 403, 403, 200),
        row("GET", "/portfolio/{lucia_student}/portfolio.zip",
            302, 404, 403, 200, 404, 403, 403, 403, 404, 403, 404),
        # picking work: students, their own published work only
        row("GET", "/portfolio/add",
            302, 404, 200, 200, 200, 200, 404, 404, 404, 404, 404),
        row("GET", "/portfolio/add/post/{maya_spare}",
            302, 404, 200, 404, 404, 404, 404, 404, 404, 404, 404),
        row("POST", "/portfolio/add/post/{maya_spare}",
            401, 404, 302, 404, 404, 404, 404, 404, 404, 404, 404,
            data=lambda w: {**_answers(NEW_WHY), "tags": [str(w.ids["tag"])], "action": "post"},
            effect=piece_added_effect),
        # pieces: approved on public work for everyone; waiting for the student and her teachers
        row("GET", "/portfolio/pieces/{piece_pub}",
            200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
        row("GET", "/portfolio/pieces/{piece_pending}",
            404, 404, 200, 404, 404, 404, 200, 200, 404, 200, 404),
        row("GET", "/portfolio/pieces/{piece_noconsent}",
            404, 404, 200, 200, 404, 200, 200, 200, 404, 200, 404),
        row("GET", "/portfolio/pieces/{piece_pub}/edit",
            302, 403, 200, 403, 403, 403, 403, 403, 403, 403, 403),
        row("GET", "/portfolio/pieces/{piece_pending}/edit",
            302, 404, 200, 404, 404, 404, 403, 403, 404, 403, 404),
        row("POST", "/portfolio/pieces/{piece_pending}/edit",
            401, 404, 302, 404, 404, 404, 403, 403, 404, 403, 404,
            data=lambda w: {**piece_form, "version": version(Piece, "piece_pending")(w)},
            effect=piece_changed_effect),
        row("POST", "/portfolio/pieces/{piece_pending}/remove",
            401, 404, 302, 404, 404, 404, 403, 403, 404, 403, 404, effect=piece_removed_effect),
        # readers (and another school's teacher, and the family) comment on public work; pre-moderated
        row("POST", "/portfolio/pieces/{piece_pub}/comment",
            401, 302, 403, 403, 403, 403, 403, 403, 302, 403, 302,
            data=lambda w: {"body": "Thank you for sharing mkpiececomment.", "action": "post"},
            effect=comment_effect),
        # goals
        row("GET", "/portfolio/goals/new",
            302, 404, 200, 200, 200, 200, 404, 404, 404, 404, 404),
        # another class's student, and a suspended one, are refused beside the class field
        row("POST", "/portfolio/goals/new",
            401, 404, 302, 302, 422, 422, 404, 404, 404, 404, 404,
            data=lambda w: {"classroom": str(w.ids["classroom"]), "goal": NEW_GOAL, "reflection": "",
                            "action": "post"}, effect=goal_added_effect),
        row("GET", "/portfolio/goals/{goal_pub}/edit",
            302, 403, 200, 403, 403, 403, 403, 403, 403, 403, 403),
        row("GET", "/portfolio/goals/{goal_pending}/edit",
            302, 404, 200, 404, 404, 404, 403, 403, 404, 403, 404),
        row("POST", "/portfolio/goals/{goal_pub}/edit",
            401, 403, 302, 403, 403, 403, 403, 403, 403, 403, 403,
            data=lambda w: {"goal": "Quote my sources mkgoalpub.", "reflection": "Every week now.",
                            "version": version(Goal, "goal_pub")(w), "action": "post"},
            effect=goal_changed_effect),
        row("POST", "/portfolio/goals/{goal_pub}/remove",
            401, 403, 302, 403, 403, 403, 403, 403, 403, 403, 403, effect=goal_removed_effect),
        # the class's tags: its teachers
        row("GET", "/portfolio/classes/{classroom}/tags",
            302, 404, 403, 403, 404, 403, 200, 200, 404, 200, 404),
        row("POST", "/portfolio/classes/{classroom}/tags",
            401, 404, 403, 403, 404, 403, 302, 302, 404, 302, 404,
            data=lambda w: {"name": NEW_TAG}, effect=tag_added_effect),
        row("POST", "/portfolio/tags/{tag}/remove",
            401, 404, 403, 403, 404, 403, 302, 302, 404, 302, 404, effect=tag_removed_effect),
        # the teacher's queue decides on reflections like on posts
        row("POST", "/queue/piece/{piece_pending}/decide",
            401, 403, 403, 403, 403, 403, 302, 302, 404, 302, 403,
            data=lambda w: {"action": "approve", "version": version(Piece, "piece_pending")(w)},
            effect=piece_decided_effect),
        row("POST", "/queue/goal/{goal_pending}/decide",
            401, 403, 403, 403, 403, 403, 302, 302, 404, 302, 403,
            data=lambda w: {"action": "return", "version": version(Goal, "goal_pending")(w),
                            "feedback": "Say how you will know."}, effect=goal_decided_effect),
    ]
