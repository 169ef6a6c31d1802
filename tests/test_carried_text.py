"""A form that could not be taken gives back only what the person typed, and only to them."""
from __future__ import annotations

import html

import pytest
from sqlalchemy import select

from board.accounts.models import User
from board.discussions.models import Post
from board.extensions import db

CROSS_SITE = [
    {"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"},
    {"Origin": "https://evil.example"},
    {"Origin": "null"},
    {"Sec-Fetch-Site": "same-site", "Origin": "http://other.localhost"},
]


def page_of(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def forms_in(response) -> int:
    return response.get_data(as_text=True).count("<form method=\"post\" action=\"/admin")


def _promote_attempt(client, target, headers=None, **extra):
    data = {"role": "admin", "active": "y", "password": "attacker-chose-this", **extra}
    return client.post(f"/admin/users/{target.id}", data=data, csrf=False, headers=headers or {})


@pytest.mark.parametrize("headers", CROSS_SITE)
def test_a_cross_site_form_at_the_admin_gets_a_plain_refusal(client, make, login_as, headers):
    admin = make.user("admin", "Ada", "Admin")
    mallory = make.user("reader", "Mal", "Lory")
    login_as(admin)
    response = _promote_attempt(client, mallory, headers)
    assert response.status_code == 403
    raw = response.get_data(as_text=True)
    assert "another site" in page_of(response)
    # Nothing of what was sent comes back, and nothing on the page can send it again.
    assert "attacker-chose-this" not in raw and 'value="admin"' not in raw and 'name="role"' not in raw
    assert 'name="active"' not in raw and "<form" not in raw.split("<main", 1)[-1]
    assert db.session.get(User, mallory.id).role == "reader"


def test_a_cross_site_form_without_a_session_gets_the_same_refusal(client, make):
    mallory = make.user("reader", "Mal", "Lory")
    response = _promote_attempt(client, mallory, {"Origin": "https://evil.example"})
    assert response.status_code == 403
    raw = response.get_data(as_text=True)
    assert 'name="role"' not in raw and 'name="carry__role"' not in raw and "<form" not in raw.split("<main", 1)[-1]


def test_an_expired_admin_form_of_this_site_carries_no_privileged_field(client, make, login_as):
    """Same origin, but roles, activation and passwords are never something to send again in one click."""
    admin = make.user("admin", "Ada", "Admin")
    mallory = make.user("reader", "Mal", "Lory")
    login_as(admin)
    response = _promote_attempt(client, mallory, {"Origin": "http://localhost", "Sec-Fetch-Site": "same-origin"})
    assert response.status_code == 400
    raw = response.get_data(as_text=True)
    assert 'name="role"' not in raw and 'name="active"' not in raw and "attacker-chose-this" not in raw
    assert forms_in(response) == 0
    assert db.session.get(User, mallory.id).role == "reader"


def test_a_sign_in_page_after_a_lost_session_carries_no_privileged_field(client, make):
    """The sign-in page shown for a POST without a session keeps free text only."""
    mallory = make.user("reader", "Mal", "Lory")
    client.get("/login")  # a session with a token, but nobody signed in
    response = client.post(f"/admin/users/{mallory.id}", data={"role": "admin", "active": "y"},
                           headers={"Origin": "http://localhost"})
    assert response.status_code == 401
    raw = response.get_data(as_text=True)
    assert "carry__role" not in raw and "carry__active" not in raw


def test_the_sign_in_page_carries_a_students_text_but_not_a_posted_anyway_action(client, make):
    school = make.school()
    client.get("/login")
    url = f"/prompts/{school.class_prompt.id}/respond"
    response = client.post(url, data={"body": "My essay.", "action": "post_anyway", "reminder_id": "7",
                                      "submission_key": "k1"}, headers={"Origin": "http://localhost"})
    raw = response.get_data(as_text=True)
    assert response.status_code == 401
    assert 'name="carry__body" value="My essay."' in raw
    assert "carry__action" not in raw and "carry__reminder_id" not in raw


def test_an_expired_composer_of_this_site_gives_only_the_text_back(client, make, login_as):
    school = make.school()
    login_as(school.maya)
    url = f"/prompts/{school.class_prompt.id}/respond"
    response = client.post(url, data={"body": "An hour of work.", "action": "post_anyway", "reminder_id": "3",
                                      "csrf_token": "stale"}, csrf=False,
                           headers={"Origin": "http://localhost", "Sec-Fetch-Site": "same-origin"})
    assert response.status_code == 400
    raw = response.get_data(as_text=True)
    assert "An hour of work." in raw and f'action="{url}"' in raw
    assert 'name="action"' not in raw and 'name="reminder_id"' not in raw


def test_a_cross_site_post_body_is_not_given_back_to_send(client, make, login_as):
    """Someone else's words are never offered to a student to post under their name."""
    school = make.school()
    login_as(school.maya)
    url = f"/prompts/{school.class_prompt.id}/respond"
    response = client.post(url, data={"body": "Words a stranger chose."}, csrf=False,
                           headers={"Origin": "https://evil.example"})
    assert response.status_code == 403
    assert "Words a stranger chose." not in page_of(response)
    assert db.session.scalar(select(Post.id)) is None


def test_a_request_that_does_not_say_where_it_came_from_carries_nothing(client, make, login_as):
    school = make.school()
    login_as(school.maya)
    url = f"/prompts/{school.class_prompt.id}/respond"
    response = client.post(url, data={"body": "Unknown origin."}, csrf=False, headers={"Origin": ""})
    assert "Unknown origin." not in page_of(response)
