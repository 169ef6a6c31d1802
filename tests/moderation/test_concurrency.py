"""Two teachers deciding the same item at the same instant: one decision, one clear message."""
import threading

from board.accounts.models import User
from board.classes.services import add_teacher
from board.discussions.models import Post
from board.extensions import db
from board.moderation.models import Decision
from board.moderation.services import Conflict, decide


def test_simultaneous_decisions_produce_exactly_one(app, make):
    school = make.school()
    co_teacher = make.user("teacher", "Lee", "Park")
    add_teacher(school.teacher, school.classroom, co_teacher.login)
    post = make.post(school.maya, school.class_prompt, "Decide me once")
    post_id, version = post.id, post.lock_version
    barrier = threading.Barrier(2, timeout=10)
    outcomes: list[str] = []

    def act(teacher_id: int, action: str):
        with app.app_context():
            teacher = db.session.get(User, teacher_id)
            item = db.session.get(Post, post_id)
            barrier.wait()
            try:
                decide(item, action, teacher, version, feedback="Needs a source")
                outcomes.append("decided")
            except Conflict as conflict:
                outcomes.append(str(conflict))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=act, args=(school.teacher.id, "approve")),
               threading.Thread(target=act, args=(co_teacher.id, "return"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)

    assert len(outcomes) == 2 and outcomes.count("decided") == 1, outcomes
    told = next(o for o in outcomes if o != "decided")
    assert "already" in told and "nothing was changed" in told
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count(Decision.id))) == 1
    decision = db.session.scalar(db.select(Decision))
    assert db.session.get(Post, post_id).status == decision.to_status
