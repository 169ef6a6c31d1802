"""The colleagues' part of the permission matrix: shared work is for the school's teachers and admins.

The world gets a class-only prompt and a post of Maya's on it, shared by her teacher with a framing question, in the
clarifying step (where the presenter and colleagues both speak), with one colleague's question.
Everyone else (students, readers, families, visitors) gets 404 on every colleagues route.
"""
from __future__ import annotations

from sqlalchemy import func, select

from board.colleagues import services
from board.colleagues.models import Contribution, SharedWork
from board.extensions import db

#: the teachers and admins of the school, whichever class they teach
COLLEAGUES = {"teacher", "co_teacher", "other_teacher", "admin"}
NEW_FRAMING = "Where could this student go further with evidence?"
NEW_CONTRIBUTION = "How much time did the class have for it?"


def build(make, s) -> dict:
    """Share a post of Maya's with colleagues; return the ids the rows use."""
    # Its own class-only prompt: sharing the work shares the question it answers, on purpose.
    prompt = make.prompt(s.classroom, "class", "Mkcolleagueprompt: who should make the class rules?")
    work = make.post(s.maya, prompt, "Rules need everyone's voice, Jonah says mkcolleaguework.", publish=True)
    shared = services.share_post(s.teacher, work, "Is the claim backed up? mkframing")
    services.move_to(s.teacher, shared, "clarifying")
    services.contribute(s.other_teacher, shared, "clarifying", "Was this a first draft? mkcontribution")
    return {"colleague_post": work.id, "colleague_work": shared.id}


def markers(w) -> dict[str, set[str]]:
    class_ = {"maya", "lucia", "suspended", "teacher", "co_teacher", "admin", "family"}
    return {"mkcolleaguework": class_ | COLLEAGUES, "Mkcolleagueprompt": class_ | COLLEAGUES, "mkframing": COLLEAGUES, "mkcontribution": COLLEAGUES}


def _work(w) -> SharedWork:
    db.session.expire_all()
    return db.session.get(SharedWork, w.ids["colleague_work"])


def shared_effect(w, role, allowed):
    db.session.expire_all()
    made = db.session.scalar(select(func.count(SharedWork.id)).where(SharedWork.framing_md == NEW_FRAMING))
    assert made == (1 if allowed else 0)


def contributed_effect(w, role, allowed):
    db.session.expire_all()
    made = db.session.scalar(select(func.count(Contribution.id)).where(Contribution.body_md == NEW_CONTRIBUTION))
    assert made == (1 if allowed else 0)


def moved_effect(w, role, allowed):
    assert _work(w).step == ("probing" if allowed else "clarifying")


def closed_effect(w, role, allowed):
    assert (_work(w).closed_at is not None) == allowed


def removed_effect(w, role, allowed):
    assert (_work(w) is None) == allowed


def rows(row) -> list:
    """The table's rows for every colleagues route (columns as in ROLES; a family answers as a reader)."""
    return [
        row("GET", "/colleagues",                                        404, 404, 404, 404, 404, 404, 200, 200, 200, 200),
        row("GET", "/colleagues/{colleague_work}",                       404, 404, 404, 404, 404, 404, 200, 200, 200, 200),
        # Sharing: a teacher of the work's class; another class's teacher cannot even read a class-only post.
        row("GET", "/colleagues/share/posts/{colleague_post}",           404, 404, 404, 404, 404, 404, 200, 200, 404, 200),
        row("GET", "/colleagues/share/posts/{pub}",                      404, 404, 404, 404, 404, 404, 200, 200, 403, 200),
        row("POST", "/colleagues/share/posts/{colleague_post}",          404, 404, 404, 404, 404, 404, 302, 302, 404, 302,
            data=lambda w: {"body": NEW_FRAMING}, effect=shared_effect),
        row("GET", "/colleagues/share/pads/{pub_pad}/revisions/1",       404, 404, 404, 404, 404, 404, 200, 200, 404, 200),
        row("POST", "/colleagues/share/pads/{pub_pad}/revisions/1",      404, 404, 404, 404, 404, 404, 302, 302, 404, 302,
            data=lambda w: {"body": NEW_FRAMING}, effect=shared_effect),
        # The conversation: colleagues speak in the clarifying step; its presenter (or an admin) leads it.
        row("POST", "/colleagues/{colleague_work}/contribute",           404, 404, 404, 404, 404, 404, 302, 302, 302, 302,
            data=lambda w: {"step": "clarifying", "body": NEW_CONTRIBUTION}, effect=contributed_effect),
        row("POST", "/colleagues/{colleague_work}/step",                 404, 404, 404, 404, 404, 404, 302, 403, 403, 302,
            data=lambda w: {"step": "probing"}, effect=moved_effect),
        row("POST", "/colleagues/{colleague_work}/close",                404, 404, 404, 404, 404, 404, 302, 403, 403, 302,
            effect=closed_effect),
        row("POST", "/colleagues/{colleague_work}/remove",               404, 404, 404, 404, 404, 404, 302, 403, 403, 302,
            effect=removed_effect),
    ]
