"""Where a form sends people next stays on this site; odd numbers and sizes get a page, not a crash."""
from __future__ import annotations

import html

import pytest
from sqlalchemy import select

from board.discussions.models import Post
from board.extensions import db
from board.moderation import states
from board.web import safe_next
from tests.factories import PASSWORD

#: ways a "next" has been made to leave a site, each of them refused
BYPASSES = [
    "//evil.example", "///evil.example", "////evil.example", "/\\evil.example", "\\\\evil.example",
    "/\t/evil.example", "/\n/evil.example", "/\r\n/evil.example", "/ /evil.example", "\t//evil.example",
    "/%09/evil.example", "/%0a/evil.example", "/%2f/evil.example", "/%2F%2Fevil.example", "/%5cevil.example",
    "/%5C%5Cevil.example", "%2f%2fevil.example", "/%252f/evil.example", "https://evil.example",
    "http:/evil.example", "http:evil.example", "javascript:alert(1)", "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>", "evil.example", "//evil.example/%2e%2e", "/\x00/evil.example",
    "/\u200b/evil.example", "/\u2028/evil.example", "/\u3000/evil.example", " /evil", "/\x7f/evil.example",
    "https:\\\\evil.example", "/" + "a" * 3000, "", None,
]

#: places on this site, each of them kept
SAFE = ["/", "/queue", "/queue?tab=returned&page=2", "/prompts/3#p4", "/posts/12?posted=abc", "/me/work"]


@pytest.mark.parametrize("url", BYPASSES, ids=repr)
def test_a_next_that_could_leave_the_site_is_refused(url):
    assert safe_next(url) is None


@pytest.mark.parametrize("url", SAFE)
def test_a_path_on_this_site_is_kept(url):
    assert safe_next(url) == url


def _location(response) -> str:
    return response.headers.get("Location", "")


def _stays_here(location: str) -> bool:
    return location.startswith("/") and not location.startswith("//") and "\\" not in location \
        and not any(ch.isspace() for ch in location)


@pytest.mark.parametrize("url", ["/\t/evil.example", "/%09/evil.example", "/\\evil.example", "//evil.example",
                                 "/%2f/evil.example", "/\n/evil.example"], ids=repr)
def test_signing_in_never_leaves_the_site(client, make, url):
    maya = make.user("student", "Maya", "Chen")
    response = client.post("/login", data={"login": maya.login, "password": PASSWORD, "next": url})
    assert response.status_code == 302
    assert _stays_here(_location(response)), _location(response)
    # Already signed in, /login?next=... sends people on at once: also only on this site.
    again = client.get("/login", query_string={"next": url})
    assert again.status_code == 302 and _stays_here(_location(again)), _location(again)


def test_signing_in_goes_to_the_page_asked_for(client, make):
    maya = make.user("student", "Maya", "Chen")
    response = client.post("/login", data={"login": maya.login, "password": PASSWORD, "next": "/me/work"})
    assert _location(response).endswith("/me/work")


@pytest.mark.parametrize("url", ["/\t/evil.example", "/\\evil.example", "/%5c%5cevil.example"], ids=repr)
def test_the_queue_sends_a_teacher_back_to_the_queue_only(client, make, login_as, url):
    school = make.school()
    login_as(school.teacher)
    response = client.post("/queue/bulk", data={"next": url})
    assert response.status_code == 302 and _location(response).endswith("/queue"), _location(response)


# ---- numbers too large for the database ------------------------------------------------------------

HUGE = "99999999999999999999"


@pytest.mark.parametrize("path", [f"/posts/{HUGE}", f"/prompts/{HUGE}", f"/posts/{2**63}/reply",
                                  f"/classes/{HUGE}", f"/posts/{HUGE}/history"])
def test_a_huge_id_is_not_found(client, make, login_as, path):
    school = make.school()
    login_as(school.teacher)
    assert client.get(path).status_code == 404


def test_a_huge_id_in_a_form_address_is_not_found(client, make, login_as):
    school = make.school()
    login_as(school.teacher)
    assert client.post(f"/queue/{HUGE}/decide", data={"action": "approve"}).status_code == 404


@pytest.mark.parametrize("page", [HUGE, str(2**63), "²", "-1", "1e9", "٣"])
def test_odd_page_numbers_show_a_page(client, make, login_as, page):
    school = make.school()
    login_as(school.teacher)
    assert client.get("/queue", query_string={"page": page}).status_code == 200
    login_as(school.admin)
    assert client.get("/admin/users", query_string={"page": page}).status_code == 200


@pytest.mark.parametrize("item", [f"{HUGE}:1", f"1:{HUGE}", "²:1", f"{2**63}:0"])
def test_odd_items_in_the_bulk_form_change_nothing(client, make, login_as, item):
    school = make.school()
    post = make.post(school.maya, school.class_prompt, "Fair rules are the same for all.")
    login_as(school.teacher)
    response = client.post("/queue/bulk", data={"item": [item]})
    assert response.status_code in (302, 404)
    assert db.session.get(Post, post.id).status == states.PENDING


@pytest.mark.parametrize("reminder", [HUGE, "²"])
def test_an_odd_reminder_number_is_ignored(client, make, login_as, reminder):
    school = make.school()
    login_as(school.maya)
    response = client.post(f"/prompts/{school.class_prompt.id}/respond",
                           data={"body": "Rules should be written down.", "reminder_id": reminder})
    assert response.status_code == 302
    assert db.session.scalar(select(Post.body_md)) == "Rules should be written down."


def test_a_newline_in_next_is_not_a_crash(client, make, login_as):
    school = make.school()
    login_as(school.teacher)
    response = client.post("/queue/bulk", data={"next": "/queue\r\nSet-Cookie: x=1"})
    assert response.status_code == 302 and "Set-Cookie: x" not in str(response.headers)


# ---- a body larger than the board reads ------------------------------------------------------------

def test_a_body_over_the_limit_gets_a_413_page_that_says_the_draft_is_kept(app, client, make, login_as):
    school = make.school()
    login_as(school.maya)
    body = "x" * (app.config["MAX_CONTENT_LENGTH"] + 10)
    response = client.post(f"/prompts/{school.class_prompt.id}/respond", data={"body": body})
    assert response.status_code == 413
    page = html.unescape(response.get_data(as_text=True))
    assert "larger than the board accepts" in page and "draft is still saved in this browser" in page
    assert "Commons" in page
