"""Backups restore every row as it was; an export holds a class's work as JSON and pages that open offline."""
from __future__ import annotations

import contextlib
import json
import posixpath
import shutil
import sqlite3
import threading
import uuid
import zipfile
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa
from alembic import command

from board.accounts.models import User
from board.classes.models import Membership
from board.classes.services import set_consent
from board.discussions.services import resubmit
from board.extensions import db
from board.moderation import services as moderation
from board.moderation import states
from board.pads import services as pads
from board.pads import store
from board.pads.models import Pad
from tests.factories import Factory
from tests.pads.conftest import write
from tests.services import POSTGRES_URL, missing, require_service
from tests.test_cli_and_migrations import alembic_config

#: words that must come back byte for byte: accents, combining marks, an emoji, a right-to-left name
WORDS = "Café, naïve, e\u0301, 🌱 and مريم: the park needs shade trees"


def seed(app) -> dict:
    """A school with posts (versions, decisions, a flag) and a pad (log, snapshot, revisions, a publish)."""
    make = Factory(app)
    school = make.school()
    teacher, maya, jonah, lucia = school.teacher, school.maya, school.jonah, school.lucia
    prompt = make.prompt(school.classroom, "public", "How should our town spend its park budget?", kind="both")

    first = make.post(maya, prompt, WORDS, publish=True)
    make.post(jonah, prompt, "I agree about the trees, and benches too.", parent=first, publish=True)
    returned = make.post(lucia, prompt, "Parks are fine as they are.")
    moderation.decide(returned, states.RETURN, teacher, returned.lock_version, feedback="Say why, with a reason.")
    db.session.refresh(returned)
    resubmit(lucia, returned, "Parks are fine: the survey says 80% of people like them.", returned.lock_version)
    edited = make.post(jonah, school.class_prompt, "A rule is fair if it is the same for everyone")
    moderation.decide(edited, states.EDIT_APPROVE, teacher, edited.lock_version,
                      edited_md="A rule is fair if it is the same for everyone.")
    make.post(school.reader, prompt, "Lovely ideas!", parent=first)
    membership = db.session.scalar(sa.select(Membership).where(Membership.user_id == lucia.id))
    set_consent(teacher, membership, True, "Form signed at the open evening")
    db.session.commit()

    pad = db.session.scalar(sa.select(Pad).where(Pad.prompt_id == prompt.id))
    write(pad, maya, WORDS + "\n")
    write(pad, jonah, "Benches by the pond.\n", attrs={"bold": True})
    store.compact(pad.id)
    write(pad, maya, "A water fountain.\n")
    db.session.refresh(pad)
    pads.publish(pad, teacher, pad.lock_version)
    write(pad, lucia, "Lights for the evening.\n")  # after the publish: only in the log
    store.cut_live_revision(pad.id)
    return {"school": school, "prompt": prompt, "pad": pad, "first": first}


def every_row(engine) -> dict[str, list[tuple]]:
    """Every row of every table, ordered, as the database hands it back."""
    metadata = sa.MetaData()
    metadata.reflect(engine)
    with engine.connect() as connection:
        return {name: sorted(connection.execute(table.select()).all(), key=repr)
                for name, table in metadata.tables.items()}


def upgraded(make_app, url):
    app = make_app(SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        command.upgrade(alembic_config(), "head")
    return app


def back_up_and_restore(make_app, source_url, target_url, tmp_path, backup_name, target_upgraded=False):
    source = upgraded(make_app, source_url)
    with source.app_context():
        seeded = seed(source)
        before = every_row(db.engine)
    backup_file = tmp_path / backup_name
    result = source.test_cli_runner().invoke(args=["backup", str(backup_file)])
    assert result.exit_code == 0, result.output
    assert backup_file.stat().st_size > 0

    target = upgraded(make_app, target_url) if target_upgraded else make_app(SQLALCHEMY_DATABASE_URI=target_url)
    result = target.test_cli_runner().invoke(args=["restore", str(backup_file)])
    assert result.exit_code == 0, result.output
    with target.app_context():
        after = every_row(db.engine)
        assert set(after) == set(before) and "alembic_version" in after
        for table, rows in before.items():
            assert after[table] == rows, table
        # Not just empty tables compared: the seeded work is there.
        assert len(before["posts"]) == 5 and len(before["post_versions"]) == 7
        assert before["pad_snapshots"] and before["pad_updates"] and len(before["pad_revisions"]) == 2
        assert WORDS in pads.live_runs(db.session.get(Pad, seeded["pad"].id))[0].text
        # The restored database goes on: new rows get new ids (sequences came back too).
        newest = max(row.id for row in before["users"])
        assert Factory(target).user("student", "Nia", "Lee").id > newest
    return target, backup_file


def test_a_sqlite_backup_restores_every_row_byte_for_byte(make_app, tmp_path):
    target, backup_file = back_up_and_restore(
        make_app, f"sqlite:///{tmp_path / 'school.db'}", f"sqlite:///{tmp_path / 'restored.db'}", tmp_path,
        "school-backup.db")
    runner = target.test_cli_runner()
    refused = runner.invoke(args=["restore", str(backup_file)])
    assert refused.exit_code != 0 and "not empty" in refused.output and "--force" in refused.output
    assert runner.invoke(args=["restore", "--force", str(backup_file)]).exit_code == 0
    again = runner.invoke(args=["backup", str(backup_file)])
    assert again.exit_code != 0 and "already exists" in again.output


@contextlib.contextmanager
def postgres_database():
    """A new PostgreSQL database, dropped afterwards."""
    require_service("postgresql", POSTGRES_URL)
    name = f"commons_backup_{uuid.uuid4().hex[:10]}"
    server = sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield sa.make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with server.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()


def test_a_postgresql_backup_restores_every_row_byte_for_byte(make_app, tmp_path):
    for tool in ("pg_dump", "pg_restore"):
        if shutil.which(tool) is None:
            missing(tool, "not on PATH (apt-get install -y postgresql-client)")
    with postgres_database() as source_url, postgres_database() as target_url:
        # The empty database here is one `db upgrade` made: its empty tables make way for the backup's.
        target, backup_file = back_up_and_restore(make_app, source_url, target_url, tmp_path, "school.dump",
                                                  target_upgraded=True)
        assert backup_file.read_bytes().startswith(b"PGDMP")  # pg_dump's custom format
        refused = target.test_cli_runner().invoke(args=["restore", str(backup_file)])
        assert refused.exit_code != 0 and "not empty" in refused.output
        with target.app_context():
            db.engine.dispose()


def test_a_sqlite_backup_taken_while_the_school_writes_is_whole(make_app, tmp_path):
    app = upgraded(make_app, f"sqlite:///{tmp_path / 'busy.db'}")
    stop, under_way, written = threading.Event(), threading.Event(), []

    def keep_writing():
        with app.app_context():
            while not stop.is_set():
                written.append(Factory(app).user("student", "Ana", "Diaz").id)
                if len(written) == 20:
                    under_way.set()

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        assert under_way.wait(timeout=60)
        result = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "busy-backup.db")])
    finally:
        stop.set()
        writer.join()
    assert result.exit_code == 0, result.output
    copy = sqlite3.connect(tmp_path / "busy-backup.db")
    try:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        users = copy.execute("SELECT count(*) FROM users").fetchone()[0]
    finally:
        copy.close()
    assert 20 <= users <= len(written)


def test_a_backup_refuses_the_wrong_kind_of_file(app, tmp_path):
    not_a_backup = tmp_path / "notes.txt"
    not_a_backup.write_text("hello")
    result = app.test_cli_runner().invoke(args=["restore", str(not_a_backup)])
    assert result.exit_code != 0 and "not a Commons backup" in result.output


class Page(HTMLParser):
    """What an exported page holds: its links, anything that would load, scripts, and its text."""

    def __init__(self):
        super().__init__()
        self.links, self.loads, self.scripts, self.text = [], [], 0, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and "href" in attrs:
            self.links.append(attrs["href"])
        if "src" in attrs or (tag == "link" and "href" in attrs):
            self.loads.append(attrs.get("src") or attrs.get("href"))
        if tag == "script" or any(name.startswith("on") for name in attrs):
            self.scripts += 1

    def handle_data(self, data):
        self.text.append(data)


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


def test_export_of_a_class_holds_its_work_and_opens_offline(app, tmp_path):
    seeded = seed(app)
    school, prompt = seeded["school"], seeded["prompt"]
    # Something of another class that must stay out.
    Factory(app).post(school.outsider, Factory(app).prompt(school.other_classroom), "History is fun.")
    out = tmp_path / "civics.zip"
    result = app.test_cli_runner().invoke(args=["export", "--class", str(school.classroom.id), str(out)])
    assert result.exit_code == 0, result.output

    with zipfile.ZipFile(out) as archive:
        names = set(archive.namelist())
        data = json.loads(archive.read("data.json"))
        pages = {name: archive.read(name).decode() for name in names if name.endswith(".html")}
    folder = f"class-{school.classroom.id}"
    assert {"index.html", f"{folder}/index.html", f"{folder}/prompt-{prompt.id}.html",
            f"{folder}/prompt-{school.public_prompt.id}.html"} <= names

    assert [c["name"] for c in data["classes"]] == ["Civics 8B"] and data["scope"] == "class"
    posts = {p["body_md"]: p for p in data["posts"]}
    assert "History is fun." not in posts and len(posts) == 5
    assert posts[WORDS]["status"] == "published" and posts[WORDS]["decisions"][0]["action"] == "approve"
    revised = posts["Parks are fine: the survey says 80% of people like them."]
    assert [v["number"] for v in revised["versions"]] == [1, 2] and revised["status"] == "pending"
    assert [d["action"] for d in revised["decisions"]] == ["return", "resubmit"]
    assert revised["decisions"][0]["feedback"] == "Say why, with a reason."
    edited = posts["A rule is fair if it is the same for everyone."]
    assert edited["versions"][-1]["author_id"] == school.teacher.id
    assert edited["versions"][0]["body_md"] == "A rule is fair if it is the same for everyone"
    [pad] = data["pads"]
    assert [r["number"] for r in pad["revisions"]] == [1, 2] and pad["published_revision"] == 1
    assert WORDS in pad["revisions"][0]["markdown"] and "Lights for the evening." in pad["text"]["markdown"]
    assert "**Benches by the pond.**" in pad["text"]["markdown"]
    assert pad["decisions"][0]["action"] == "approve"
    assert {"markdown", "authors", "findings", "note", "created_at", "html"} <= set(pad["revisions"][0])
    assert {p["question"] for p in data["prompts"]} == {prompt.question, school.public_prompt.question,
                                                        school.class_prompt.question}
    consent = {m["user_id"]: m for m in data["classes"][0]["members"]}
    assert consent[school.lucia.id]["consent_note"] == "Form signed at the open evening"
    assert consent[school.lucia.id]["consent_by_id"] == school.teacher.id
    assert consent[school.maya.id]["consent_given"] and consent[school.maya.id]["consent_at"]
    assert any(r["action"] == "recorded consent" and r["target_user_id"] == school.lucia.id
               for r in data["classes"][0]["records"])
    # Everyone the class's records name, and no one else; never a password, an email or a login.
    people = {p["id"]: p for p in data["people"]}
    assert set(people) == {school.teacher.id, school.maya.id, school.jonah.id, school.lucia.id, school.reader.id}
    for person in people.values():
        assert not {"password_hash", "email", "login"} & set(person)
    assert people[school.maya.id]["display_name"] == "Maya C."
    assert "join_code" not in data["classes"][0]

    for name, html in pages.items():
        page = parse(html)
        assert html.startswith("<!doctype html>") and page.scripts == 0 and page.loads == [], name
        for link in page.links:
            parts = urlsplit(link)
            assert not parts.scheme and not parts.netloc and not link.startswith("/"), (name, link)
            if parts.path:  # every link leads to a file in the archive
                assert posixpath.normpath(posixpath.join(posixpath.dirname(name), parts.path)) in names, link
    prompt_page = "".join(parse(pages[f"{folder}/prompt-{prompt.id}.html"]).text)
    for words in (WORDS, "I agree about the trees", "Lovely ideas!", "Say why, with a reason.",
                  "Lights for the evening.", "Benches by the pond."):
        assert words in prompt_page
    class_page = "".join(parse(pages[f"{folder}/index.html"]).text)
    assert "Lucia Morales" in class_page and "Form signed at the open evening" in class_page


def test_a_school_export_has_every_class_and_the_contacts(app, tmp_path):
    school = Factory(app).school()
    db.session.get(User, school.maya.id).email = "maya@example.org"
    db.session.commit()
    out = tmp_path / "school.zip"
    result = app.test_cli_runner().invoke(args=["export", "--school", str(out)])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out) as archive:
        data = json.loads(archive.read("data.json"))
        assert f"class-{school.other_classroom.id}/index.html" in archive.namelist()
    assert {c["name"] for c in data["classes"]} == {"Civics 8B", "History 7A"} and data["contacts_included"]
    people = {p["id"]: p for p in data["people"]}
    assert people[school.maya.id]["email"] == "maya@example.org" and people[school.admin.id]["login"]
    assert all("password_hash" not in p for p in people.values())


@pytest.mark.parametrize("args, says", [
    (["export", "out.zip"], "--class ID or --school"),
    (["export", "--class", "1", "--school", "out.zip"], "--class ID or --school"),
    (["export", "--class", "999999", "out.zip"], "no class 999999"),
])
def test_export_says_what_it_needs(app, tmp_path, monkeypatch, args, says):
    monkeypatch.chdir(tmp_path)
    result = app.test_cli_runner().invoke(args=args)
    assert result.exit_code != 0 and says in result.output
