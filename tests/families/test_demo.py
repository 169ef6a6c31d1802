"""The demo school has a family: printed with the demo logins, following Jonah, consent given in the app."""
from __future__ import annotations

from sqlalchemy import select

from board.accounts.models import User
from board.classes.models import Classroom
from board.extensions import db
from tests.families.conftest import text


def test_the_demo_school_has_a_family_with_consent_in_the_app(app, client, tmp_path, monkeypatch):
    monkeypatch.setattr(app, "instance_path", str(tmp_path))
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    line = next(line for line in result.output.splitlines() if line.strip().startswith("family"))
    _, login, password = line.split()
    family = db.session.scalar(select(User).where(User.login == login))
    jonah = db.session.scalar(select(User).where(User.login == "jonah"))
    assert family.role == "family"
    client.post("/login", data={"login": login, "password": password})
    client._csrf = None
    home = text(client.get("/family"))
    assert "Jonah Okafor" in home and "Public with consent" in home and "What makes a rule fair?" in home
    child = text(client.get(f"/family/children/{jonah.id}"))
    assert "Given in the app by Grace Okafor (mother)" in child
    client.post("/logout")
    client._csrf = None
    teacher = next(line.split() for line in result.output.splitlines() if line.strip().startswith("teacher"))
    client.post("/login", data={"login": teacher[1], "password": teacher[2]})
    client._csrf = None
    civics = db.session.scalar(select(Classroom).where(Classroom.name == "Civics 8B"))
    classroom = text(client.get(f"/classes/{civics.id}"))
    assert "Given in the app by Grace Okafor (mother)" in classroom and "Paper form" in classroom
    assert "What rule at home would you change?" in text(client.get("/queue"))
