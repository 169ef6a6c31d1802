"""The demo school has a conversation among colleagues, so a new teacher sees one in the first minute."""
from __future__ import annotations

from board.demo import seed_demo
from board.extensions import db


def test_the_demo_teacher_finds_an_open_conversation_without_student_names(app, client):
    logins = {role: (login, password) for role, login, password in seed_demo()}
    db.session.commit()
    login, password = logins["teacher"]
    assert client.post("/login", data={"login": login, "password": password}).status_code == 302
    home = client.get("/").get_data(as_text=True)
    assert "1 open conversation" in home
    listing = client.get("/colleagues").get_data(as_text=True)
    assert "weigh the other side" in listing
    link = listing.split('href="/colleagues/', 1)[1].split('"', 1)[0]
    page = client.get(f"/colleagues/{link}").get_data(as_text=True)
    assert "Had the class read both articles before writing?" in page
    for name in ("Maya", "Jonah", "Chen", "Okafor"):
        assert name not in page
