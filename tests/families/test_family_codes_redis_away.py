"""Family codes while the counters' store is down or hung: nobody is locked out, and nothing waits long."""
from __future__ import annotations

import time

import pytest
from sqlalchemy import select

from board.accounts.models import User
from board.extensions import db
from board.families.models import FamilyInvitation
from tests.families.conftest import FAMILY_PASSWORD
from tests.test_rate_limits_redis import broken_redis  # noqa: F401  (the fixture)


def _signup(client, code: str, email: str):
    return client.post("/family/signup", data={
        "code": code, "first_name": "Ana", "last_name": "Chen", "relationship": "Mother", "email": email,
        "password": FAMILY_PASSWORD, "confirm": FAMILY_PASSWORD})


@pytest.mark.parametrize("kind", ["refused", "silent"])
def test_a_family_signs_up_while_the_counters_are_away(broken_redis, make, login_as, client, kind):  # noqa: F811
    school = make.school()
    login_as(school.teacher)
    assert client.post(f"/classes/{school.classroom.id}/families/codes").status_code == 302
    code = db.session.scalar(select(FamilyInvitation.code).where(FamilyInvitation.student_id == school.maya.id))
    away = broken_redis(kind).test_client()
    timings = []
    for attempt in range(4):
        start = time.monotonic()
        wrong = _signup(away, "FAM-AAAAA-AAAAA", f"wrong{attempt}@example.org")
        timings.append(time.monotonic() - start)
        assert wrong.status_code == 422 and "No family invitation has that code" in wrong.get_data(as_text=True)
    start = time.monotonic()
    right = _signup(away, code, "ana.chen@example.org")
    timings.append(time.monotonic() - start)
    assert right.status_code == 302
    assert db.session.scalar(select(User.id).where(User.login == "ana.chen@example.org")) is not None
    assert max(timings) < 3, timings
