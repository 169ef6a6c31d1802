"""A role change ends what the new role cannot hold; permissions ask the account's role too."""
from __future__ import annotations

import html

from sqlalchemy import select

from board.accounts.models import User
from board.classes.models import AuditEntry, Classroom, Membership
from board.discussions.models import Post
from board.extensions import db
from board.moderation.states import PENDING


def text_of(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def teacher_tries_everything(client, school, pending: Post, refused=(403, 404)) -> None:
    """The demoted teacher reaches for the queue, a decision and the join code: nothing happens."""
    code = school.classroom.join_code
    assert client.get("/queue").status_code in refused
    assert client.post(f"/queue/{pending.id}/decide",
                       data={"action": "approve", "version": pending.lock_version}).status_code in refused
    assert client.post(f"/classes/{school.classroom.id}/code",
                       data={"action": "regenerate"}).status_code in refused
    assert client.get(f"/classes/{school.classroom.id}").status_code in refused
    assert "Waiting for a teacher" not in text_of(client.get(f"/prompts/{school.class_prompt.id}"))
    db.session.expire_all()
    assert db.session.get(Post, pending.id).status == PENDING
    assert db.session.get(Classroom, school.classroom.id).join_code == code


def test_a_demoted_teacher_loses_their_classes_and_the_admin_sees_it(client, make, login_as):
    school = make.school()
    pending = make.post(school.lucia, school.class_prompt, "Waiting for a teacher")
    login_as(school.admin)
    response = client.post(f"/admin/users/{school.teacher.id}", data={"role": "reader", "active": "y"},
                           follow_redirects=True)
    assert response.status_code == 200
    page = text_of(response)
    assert "Civics 8B has no teacher now" in page
    assert db.session.scalar(select(Membership).where(Membership.user_id == school.teacher.id)) is None
    # The class stays, with its students and their work.
    assert db.session.get(Classroom, school.classroom.id) is not None
    assert db.session.scalar(select(Membership).where(Membership.user_id == school.lucia.id)) is not None
    assert "No teacher looks after Civics 8B" in text_of(client.get("/admin/users"))
    log = text_of(client.get("/admin/audit?kind=accounts"))
    assert "ended membership" in log and "was teacher; role is now reader" in log
    assert "class has no teacher" in log

    login_as(school.teacher)
    teacher_tries_everything(client, school, pending)

    # An admin adds a teacher back; the notice goes.
    login_as(school.admin)
    client.post(f"/classes/{school.classroom.id}/teachers", data={"login": school.other_teacher.login})
    assert "No teacher looks after" not in text_of(client.get("/admin/users"))


def test_a_teachers_roster_place_counts_only_while_their_account_may_teach(client, make, login_as):
    """Defence in depth: a teacher's membership left behind after a role change opens nothing."""
    school = make.school()
    pending = make.post(school.lucia, school.class_prompt, "Waiting for a teacher")
    login_as(school.teacher)
    db.session.get(User, school.teacher.id).role = "reader"
    db.session.commit()
    teacher_tries_everything(client, school, pending)


def test_a_deactivated_account_loses_access_even_with_a_session_open(client, make, login_as):
    school = make.school()
    pending = make.post(school.lucia, school.class_prompt, "Waiting for a teacher")
    login_as(school.teacher)
    # Deactivated behind the session's back (its session_version left as it was).
    db.session.get(User, school.teacher.id).active = False
    db.session.commit()
    # Treated as signed out: sent to the sign-in page (302, or 401 for a form), never let in.
    teacher_tries_everything(client, school, pending, refused=(302, 401, 404))


def test_a_co_teacher_demoted_leaves_the_class_taught(client, make, login_as):
    school = make.school()
    co_teacher = make.user("teacher", "Bea", "Lund")
    db.session.add(Membership(classroom_id=school.classroom.id, user_id=co_teacher.id, role="teacher"))
    db.session.commit()
    login_as(school.admin)
    page = text_of(client.post(f"/admin/users/{co_teacher.id}", data={"role": "student", "active": "y"},
                               follow_redirects=True))
    assert "has no teacher now" not in page
    assert "No teacher looks after" not in text_of(client.get("/admin/users"))
    entries = db.session.scalars(select(AuditEntry).where(AuditEntry.target_user_id == co_teacher.id)).all()
    assert {e.action for e in entries} >= {"ended membership", "changed account"}


def test_the_rules_themselves_refuse_a_deactivated_account_and_a_role_that_cannot_teach(make):
    """The predicates ask the account as well as the roster, wherever they are called from."""
    from board import permissions

    school = make.school()
    pending = make.post(school.lucia, school.class_prompt, "Waiting for a teacher")
    teacher = db.session.get(User, school.teacher.id)
    assert permissions.can_moderate(teacher, school.classroom.id)
    teacher.active = False
    permissions.forget_memberships(teacher)
    assert not permissions.can_moderate(teacher, school.classroom.id)
    assert not permissions.can_read_post(teacher, pending)
    assert not permissions.teaches_any(teacher)
    teacher.active, teacher.role = True, "reader"
    permissions.forget_memberships(teacher)
    assert not permissions.can_moderate(teacher, school.classroom.id)
    assert not permissions.is_member(teacher, school.classroom.id)
    assert not permissions.can_read_post(teacher, pending)
    db.session.rollback()
