"""The public home names the portfolios the public may read, so a visitor finds them; a public prompt shows its feed."""
from __future__ import annotations

import html

from sqlalchemy import select

from board.classes.models import Membership
from board.classes.services import set_consent
from board.extensions import db
from board.portfolio import services, sources
from tests.portfolio.conftest import ANSWERS, approve, showcase


def page(response) -> str:
    assert response.status_code == 200
    return html.unescape(response.get_data(as_text=True))


def test_the_public_home_lists_consented_portfolios_with_what_the_public_sees(make, app, picture_folder,
                                                                               make_client, login_as):
    school = showcase(make, app, picture_folder)
    lucia_work = make.post(school.lucia, school.public_prompt, "Local elections matter most to us.", publish=True)
    approve(services.add_piece(school.lucia, sources.find(school.lucia, "post", lucia_work.id), ANSWERS).item,
            school.teacher)
    home = page(make_client().get("/"))
    assert "Maya C.’s portfolio" in home and "2 pieces chosen" in home
    assert f'href="/portfolio/{school.maya.id}"' in home
    assert "Lucia" not in home and f'href="/portfolio/{school.lucia.id}"' not in home  # no consent
    assert "Maya C.’s portfolio" in page(login_as(school.reader, on=make_client()).get("/"))
    assert "Student portfolios" not in page(login_as(school.teacher, on=make_client()).get("/"))
    membership = db.session.scalar(select(Membership).where(Membership.user_id == school.maya.id))
    set_consent(school.teacher, membership, False, "The family asked us to stop")
    assert "Maya" not in page(make_client().get("/"))


def test_a_public_prompt_shows_its_feed_and_a_class_prompt_has_none(make, make_client, login_as):
    school = make.school()
    prompt_page = page(make_client().get(f"/prompts/{school.public_prompt.id}"))
    assert f'<a href="/prompts/{school.public_prompt.id}/feed.atom" class="button button-small button-quiet">Feed</a>' \
        in prompt_page
    teacher = login_as(school.teacher, on=make_client())
    assert ">Feed</a>" in page(teacher.get(f"/prompts/{school.public_prompt.id}"))
    assert "feed.atom" not in page(teacher.get(f"/prompts/{school.class_prompt.id}"))
