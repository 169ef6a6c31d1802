"""Every page a person opens has one main heading and no id twice (a label finds only the first one)."""
from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser

import pytest

from board.moderation import services as moderation
from board.moderation import states


class Outline(HTMLParser):
    def __init__(self):
        super().__init__()
        self.h1 = 0
        self.ids: Counter[str] = Counter()

    def handle_starttag(self, tag, attrs):
        if tag == "h1":
            self.h1 += 1
        for name, value in attrs:
            if name == "id" and value:
                self.ids[value] += 1


def outline(client, url: str) -> Outline:
    response = client.get(url)
    assert response.status_code == 200, url
    found = Outline()
    found.feed(response.get_data(as_text=True))
    return found


@pytest.fixture
def pages(make):
    school = make.school()
    first = make.post(school.maya, school.public_prompt, "At sixteen you pay taxes.", publish=True)
    reply = make.post(school.jonah, school.public_prompt, "Then civics first.", parent=first, publish=True)
    returned = make.post(school.maya, school.class_prompt, "A first draft.")
    moderation.decide(returned, states.RETURN, school.teacher, returned.lock_version, feedback="Add a source.")
    pending = make.post(school.lucia, school.public_prompt, "Still thinking.")
    return school, {
        "student": ["/", f"/posts/{first.id}", f"/posts/{reply.id}", f"/prompts/{school.public_prompt.id}",
                    "/me/work", f"/posts/{returned.id}/revise", f"/posts/{first.id}/history", "/account"],
        "teacher": ["/", "/queue", "/queue?view=focus", f"/posts/{pending.id}", f"/classes/{school.classroom.id}",
                    f"/prompts/{school.public_prompt.id}/edit", f"/classes/{school.classroom.id}/reset-codes"],
        "admin": ["/admin/users", f"/admin/users/{school.maya.id}", "/admin/audit", "/admin/norms"],
        "anonymous": ["/", f"/posts/{first.id}", f"/prompts/{school.public_prompt.id}", "/login", "/signup/reader"],
    }


@pytest.mark.parametrize("role", ["student", "teacher", "admin", "anonymous"])
def test_each_page_has_one_h1_and_unique_ids(client, login_as, pages, role):
    school, urls = pages
    person = {"student": school.maya, "teacher": school.teacher, "admin": school.admin}.get(role)
    if person is not None:
        login_as(person)
    for url in urls[role]:
        found = outline(client, url)
        assert found.h1 == 1, f"{url}: {found.h1} h1"
        twice = [name for name, n in found.ids.items() if n > 1]
        assert not twice, f"{url}: ids used more than once: {twice}"
