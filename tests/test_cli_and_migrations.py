"""Commands and migrations: render, norms check, seed-demo; upgrading a database keeps its data."""
import json
import uuid

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError

from board import ROOT
from board.extensions import db
from board.text import render_markdown
from tests.services import POSTGRES_URL, require_service


def test_render_prints_exactly_what_pages_show(app):
    source = "**Bold** claim <script>alert(1)</script> [link](javascript:alert(1))\n\n- one\n- two"
    result = app.test_cli_runner().invoke(args=["render"], input=source)
    assert result.exit_code == 0
    assert result.output == render_markdown(source) + "\n"
    assert "<script" not in result.output and "javascript:" not in result.output.split("[link]")[0]


def test_norms_check_json_prints_one_object_a_line(app):
    lines = "shut up, nobody asked you\nWe read about the Nazi regime in history.\n"
    result = app.test_cli_runner().invoke(args=["norms", "check", "--json"], input=lines)
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [r["text"] for r in rows] == ["shut up, nobody asked you", "We read about the Nazi regime in history."]
    assert {f["category"] for f in rows[0]["findings"]} >= {"shutdown"}
    assert set(rows[0]["findings"][0]) >= {"rule", "category", "message", "start", "end"}
    assert rows[1]["findings"] == []


def test_norms_check_uses_the_schools_lists(app):
    from board.admin.wordlists import settings

    settings().flag_words = "pineapple"
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["norms", "check"], input="pineapple pizza\n")
    assert "pineapple" in result.output and "school" in result.output.lower()


def test_seed_demo_fills_an_empty_database_once(app, tmp_path, monkeypatch):
    monkeypatch.setattr(app, "instance_path", str(tmp_path))
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    for role in ("admin", "teacher", "student", "reader"):
        assert role in first.output
    assert first.output.count("student") == 3
    assert (tmp_path / "demo-logins.txt").read_text().strip() in first.output
    again = runner.invoke(args=["seed-demo", "--if-empty"])
    assert again.exit_code == 0 and "Demo logins" in again.output
    refused = runner.invoke(args=["seed-demo"])
    assert refused.exit_code != 0 and "already has accounts" in refused.output


def test_demo_logins_sign_in(client, app, tmp_path, monkeypatch):
    monkeypatch.setattr(app, "instance_path", str(tmp_path))
    output = app.test_cli_runner().invoke(args=["seed-demo"]).output
    logins = output.split("\n\n")[0].splitlines()[1:]
    assert {line.split()[0] for line in logins} == {"admin", "teacher", "student", "reader", "family"}
    for line in logins:
        role, login, password = line.split()
        response = client.post("/login", data={"login": login, "password": password})
        assert response.status_code == 302, (role, login)
        client.post("/logout")


def test_the_demo_guide_points_at_pages_that_answer(client, app, tmp_path, monkeypatch):
    monkeypatch.setattr(app, "instance_path", str(tmp_path))
    logins, guide = app.test_cli_runner().invoke(args=["seed-demo"]).output.split("\n\n")
    paths = [line.split()[-1] for line in guide.splitlines()[1:] if line.split()[-1].startswith("/")]
    assert len(paths) == 5
    public = [p for p in paths if not p.startswith("/colleagues")]
    for path in public:
        response = client.get(path)
        assert response.status_code == 200, path
    assert [client.get(p).mimetype for p in public if p.endswith(".atom")] == ["application/atom+xml"] * 2
    assert b"<img" in client.get(public[0]).data and b"<img" in client.get(public[2]).data
    teacher = next(line.split() for line in logins.splitlines() if line.split()[0] == "teacher")
    client.post("/login", data={"login": teacher[1], "password": teacher[2]})
    assert client.get(paths[-1]).status_code == 200
    queue = client.get("/queue").get_data(as_text=True)
    assert "Grace Okafor <span class=\"muted\">· comment from a family" in queue
    assert "Sam Park <span class=\"muted\">· comment from a reader" in queue


def test_create_admin(app):
    result = app.test_cli_runner().invoke(args=["create-admin", "principal"],
                                          input="a long password\na long password\n")
    assert result.exit_code == 0, result.output
    from board.accounts.models import User

    assert db.session.scalar(sa.select(User).where(User.login == "principal")).role == "admin"


def alembic_config() -> Config:
    """Alembic's config for the current app (its env.py takes the app's database)."""
    config = Config(str(ROOT / "migrations" / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    return config


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database(request, tmp_path, make_app):
    """An empty database of each kind, and an app pointing at it."""
    if request.param == "sqlite":
        url = "sqlite:///" + str(tmp_path / "migrate.db")
        yield url, make_app(SQLALCHEMY_DATABASE_URI=url)
        return
    require_service("postgresql", POSTGRES_URL)
    schema = f"migrate_{uuid.uuid4().hex[:8]}"
    engine = sa.create_engine(POSTGRES_URL)
    with engine.begin() as connection:
        connection.execute(sa.text(f"CREATE SCHEMA {schema}"))
    url = POSTGRES_URL + ("&" if "?" in POSTGRES_URL else "?") + f"options=-csearch_path%3D{schema}"
    try:
        yield url, make_app(SQLALCHEMY_DATABASE_URI=url)
    finally:
        with engine.begin() as connection:
            connection.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
        engine.dispose()


def test_migrations_upgrade_from_the_first_revision_to_head_keeping_data(empty_database):
    url, app = empty_database
    with app.app_context():
        config = alembic_config()
        script = ScriptDirectory.from_config(config)
        revisions = list(reversed(list(script.walk_revisions())))
        command.upgrade(config, revisions[0].revision)
        engine = db.engine
        with engine.begin() as connection:
            connection.execute(sa.text(
                "INSERT INTO users (login, first_name, last_name, password_hash, role, active, "
                "session_version, created_at) VALUES ('kept', 'Kept', 'Person', 'x', 'student', true, 1, "
                "'2026-01-01 00:00:00')"))
        for revision in revisions[1:]:
            command.upgrade(config, revision.revision)
        command.upgrade(config, "head")
        with engine.connect() as connection:
            assert connection.execute(sa.text("SELECT login FROM users")).scalar() == "kept"
            context = MigrationContext.configure(connection)
            assert context.get_current_revision() == script.get_current_head()
            # The models and the migrations describe the same schema.
            assert compare_metadata(context, db.metadata) == []
        engine.dispose()


def schema(engine) -> dict:
    """The schema as the database reports it: tables, columns, indexes, keys and constraints."""
    inspector = sa.inspect(engine)
    described = {}
    for table in inspector.get_table_names():
        described[table] = {
            "columns": [(c["name"], str(c["type"]), c["nullable"]) for c in inspector.get_columns(table)],
            "primary key": inspector.get_pk_constraint(table)["constrained_columns"],
            "indexes": sorted((i["name"], tuple(i["column_names"]), bool(i["unique"]))
                              for i in inspector.get_indexes(table)),
            "foreign keys": sorted((f["name"] or "", tuple(f["constrained_columns"]), f["referred_table"])
                                   for f in inspector.get_foreign_keys(table)),
            "unique": sorted((u["name"] or "", tuple(u["column_names"]))
                             for u in inspector.get_unique_constraints(table)),
        }
    return described


def test_migrations_go_down_and_up_again_step_by_step(empty_database):
    url, app = empty_database
    with app.app_context():
        config = alembic_config()
        script = ScriptDirectory.from_config(config)
        revisions = [r.revision for r in reversed(list(script.walk_revisions()))]
        command.upgrade(config, "head")
        at_head = schema(db.engine)
        # Each step down, then up again, then down to go on: every downgrade leaves a schema its upgrade takes.
        for below in reversed([None, *revisions[:-1]]):
            command.downgrade(config, below or "base")
            at_step = schema(db.engine)
            command.upgrade(config, "+1")
            command.downgrade(config, "-1")
            assert schema(db.engine) == at_step, below
        assert set(schema(db.engine)) <= {"alembic_version"}
        command.upgrade(config, "head")
        assert schema(db.engine) == at_head
        db.engine.dispose()


def count_users(engine) -> int:
    with engine.connect() as connection:
        return connection.execute(sa.text("SELECT count(*) FROM users")).scalar()


def current_revision(engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def test_a_downgrade_refuses_to_drop_data_unless_told(empty_database, monkeypatch):
    url, app = empty_database
    monkeypatch.delenv("BOARD_ALLOW_DATA_LOSS", raising=False)
    runner = app.test_cli_runner()
    with app.app_context():
        head = ScriptDirectory.from_config(alembic_config()).get_current_head()
        command.upgrade(alembic_config(), "head")
        from tests.factories import Factory

        Factory(app).user("student", "Kept", "Person")
        db.session.remove()

        refused = runner.invoke(args=["db", "downgrade"])
        assert refused.exit_code == 1
        assert current_revision(db.engine) == head and count_users(db.engine) == 1
        with pytest.raises(CommandError, match=r"holds data in .*users \(1 row\).*BOARD_ALLOW_DATA_LOSS=1"):
            command.downgrade(alembic_config(), "base")
        assert current_revision(db.engine) == head and count_users(db.engine) == 1

        told = runner.invoke(args=["db", "downgrade", "-x", "allow-data-loss=1"])
        assert told.exit_code == 0, told.output
        assert current_revision(db.engine) != head and count_users(db.engine) == 1
        monkeypatch.setenv("BOARD_ALLOW_DATA_LOSS", "1")
        assert runner.invoke(args=["db", "downgrade", "base"]).exit_code == 0
        assert current_revision(db.engine) is None and "users" not in sa.inspect(db.engine).get_table_names()
        db.engine.dispose()


def test_a_downgrade_of_an_empty_database_needs_no_word(empty_database, monkeypatch):
    url, app = empty_database
    monkeypatch.delenv("BOARD_ALLOW_DATA_LOSS", raising=False)
    with app.app_context():
        command.upgrade(alembic_config(), "head")
        command.downgrade(alembic_config(), "base")
        assert current_revision(db.engine) is None
        db.engine.dispose()
