"""The XSS corpus through the framing question and colleagues' contributions: every page stays inert."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from board.colleagues.models import Contribution, SharedWork
from board.extensions import db
from tests.colleagues.conftest import share
from tests.test_sanitization import (
    BATCH,
    VECTORS,
    _require,
    assert_inert_page,
    batch_params,
    html_fragment_problems,
)


@pytest.mark.parametrize("batch", batch_params())
def test_payloads_in_framing_questions_and_contributions_stay_inert(school, make, client, login_as, app, batch):
    _require(None if batch is None else VECTORS[0])
    vectors = VECTORS[batch * BATCH:(batch + 1) * BATCH]
    post = make.post(school.maya, school.class_prompt, "Rules are fair when everyone helped make them.",
                     publish=True)
    login_as(school.teacher)
    assert share(client, post, "Where is the evidence?").status_code == 302
    talk = db.session.scalar(select(SharedWork).order_by(SharedWork.id.desc()).limit(1))
    client.post(f"/colleagues/{talk.id}/step", data={"step": "clarifying"})
    for vector in vectors:
        payload = vector["payload"]
        response = share(client, post, payload)
        # Too long or blank: refused, and the page that shows the text back is inert too.
        assert response.status_code in (302, 422), vector["id"]
        if response.status_code == 422:
            assert_inert_page(response.get_data(as_text=True), app, f"{vector['id']} refused framing")
        response = client.post(f"/colleagues/{talk.id}/contribute", data={"step": "clarifying", "body": payload})
        assert response.status_code in (302, 422), vector["id"]
        if response.status_code == 422:
            assert_inert_page(response.get_data(as_text=True), app, f"{vector['id']} refused contribution")
    db.session.expire_all()
    works = list(db.session.scalars(select(SharedWork).where(SharedWork.id != talk.id)))
    contributions = list(db.session.scalars(select(Contribution)))
    assert works and contributions, "some payloads fit the caps and were saved"
    for work in works:
        assert not html_fragment_problems(work.framing_html), work.framing_md
    for contribution in contributions:
        assert not html_fragment_problems(contribution.body_html), contribution.body_md
    login_as(school.other_teacher)
    for url in ["/colleagues", f"/colleagues/{talk.id}", *(f"/colleagues/{w.id}" for w in works)]:
        response = client.get(url)
        assert response.status_code == 200
        assert_inert_page(response.get_data(as_text=True), app, url)
