"""A portfolio goes with its student: a zip that is a small offline website, imported by another Commons."""
from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import PurePosixPath

import pytest
from PIL import Image as PILImage
from sqlalchemy import select

from board.classes.models import Membership
from board.extensions import db
from board.moderation import states
from board.portfolio.models import Goal, Piece
from board.portfolio.services import add_tag
from tests import factories
from tests.portfolio.conftest import WHY, add_piece, picture_on


def _download(client, student) -> zipfile.ZipFile:
    response = client.get(f"/portfolio/{student.id}/portfolio.zip")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert "attachment" in response.headers["Content-Disposition"]
    return zipfile.ZipFile(io.BytesIO(response.data))


def _portfolio_with_everything(folio, client, login_as):
    picture_on(folio.work)
    login_as(folio.maya)
    assert add_piece(client, folio.work, tags=[str(folio.tag.id)]).status_code == 302
    assert add_piece(client, folio.class_work, why="Rules <em>matter</em> & so do *reasons*.").status_code == 302
    client.post("/portfolio/goals/new", data={"classroom": str(folio.classroom.id),
                                              "goal": "Use a source in every answer.", "reflection": "Halfway there."})


def build_export(folio, client, login_as) -> zipfile.ZipFile:
    _portfolio_with_everything(folio, client, login_as)
    return _download(client, folio.maya)


def test_the_export_is_a_relative_linked_site_with_markdown_and_pictures(folio, client, login_as):
    archive = build_export(folio, client, login_as)
    names = set(archive.namelist())
    assert {"index.html", "style.css", "portfolio.json", "markdown/goals.md"} <= names
    pages = sorted(n for n in names if n.startswith("pieces/"))
    copies = sorted(n for n in names if n.startswith("markdown/") and n != "markdown/goals.md")
    images = sorted(n for n in names if n.startswith("images/"))
    assert len(pages) == 2 and len(copies) == 2 and len(images) == 1
    # The picture is the stored, re-encoded one, and it opens as a picture.
    assert PILImage.open(io.BytesIO(archive.read(images[0]))).format == "WEBP"
    for name in ["index.html", *pages]:
        html = archive.read(name).decode()
        # No inline style or script at all, and every link stays inside the archive.
        assert "style=" not in html and "<style" not in html and "<script" not in html
        for target in re.findall(r'(?:href|src)="([^"]+)"', html):
            assert "://" not in target and not target.startswith("/"), (name, target)
            resolved = PurePosixPath(name).parent / target.split("#")[0]
            parts = []
            for part in resolved.parts:
                parts = parts[:-1] if part == ".." else [*parts, part]
            assert "/".join(parts) in names, (name, target)
    index = archive.read("index.html").decode()
    assert "Maya C." in index and "Chen" not in index and "Use a source in every answer." in index
    piece_page = next(archive.read(p).decode() for p in pages if WHY in archive.read(p).decode())
    assert 'alt="A bar chart of turnout by age"' in piece_page and "Using evidence" in piece_page
    # What was typed as markup stays text in the site; the Markdown copy keeps what was typed.
    other = next(archive.read(p).decode() for p in pages if "Rules" in archive.read(p).decode())
    assert "&lt;em&gt;matter&lt;/em&gt;" in other and "<em>reasons</em>" in other
    copy = next(archive.read(c).decode() for c in copies if "Rules" in archive.read(c).decode())
    assert "Rules <em>matter</em> & so do *reasons*." in copy
    manifest = json.loads(archive.read("portfolio.json"))
    assert manifest["format"] == "commons-portfolio/1" and len(manifest["pieces"]) == 2


def test_only_the_student_or_her_family_downloads_it(folio, client, login_as, make_client, family_of):
    # Maya's portfolio is public (consent on record): others may know it exists, not take it.
    for person in (folio.teacher, folio.jonah, folio.outsider, folio.reader, folio.admin):
        other = login_as(person, on=make_client())
        assert other.get(f"/portfolio/{folio.maya.id}/portfolio.zip").status_code == 403, person
    # Lucia's (no consent) does not exist for anyone outside her class.
    assert login_as(folio.reader, on=make_client()).get(f"/portfolio/{folio.lucia.id}/portfolio.zip").status_code == 404
    family = family_of(folio, folio.lucia, email="rosa.morales@example.org")
    assert "index.html" in _download(client, folio.lucia).namelist()
    assert client.get(f"/portfolio/{folio.maya.id}/portfolio.zip").status_code == 403, family


@pytest.fixture
def empty_commons(make_app, tmp_path):
    """Another school's Commons: its own empty database, and a student who moved there."""
    other = make_app(SQLALCHEMY_DATABASE_URI="sqlite:///" + str(tmp_path / "other.db"),
                     MEDIA_FOLDER=str(tmp_path / "other-media"), MEDIA_STORAGE="folder")
    with other.app_context():
        db.create_all()
        make = factories.Factory(other)
        teacher = make.user("teacher", "Ines", "Duarte", login="duarte")
        classroom = make.classroom(teacher, "Civics 9")
        add_tag(classroom.id, "using evidence")
        student = make.user("student", "Maya", "Chen", login="maya.chen")
        db.session.add(Membership(classroom_id=classroom.id, user_id=student.id, role="student"))
        db.session.commit()
        db.session.remove()
    yield other
    with other.app_context():
        db.session.remove()
        db.drop_all()


def test_the_export_imports_into_an_empty_commons_with_every_piece(folio, client, login_as, empty_commons,
                                                                   tmp_path):
    archive = build_export(folio, client, login_as)
    path = tmp_path / "maya.zip"
    archive.fp.seek(0)
    path.write_bytes(archive.fp.read())
    titles = {p.title for p in db.session.scalars(select(Piece))}
    with empty_commons.app_context():
        result = empty_commons.test_cli_runner().invoke(args=["import-portfolio", str(path), "--student", "maya.chen"])
        assert result.exit_code == 0, result.output
        assert "Imported 2 pieces and 1 goal" in result.output
        pieces = list(db.session.scalars(select(Piece)))
        assert {p.title for p in pieces} == titles
        assert all(p.source == "archived" and p.status == states.PENDING for p in pieces)
        evidence = next(p for p in pieces if WHY in p.why_md)
        # The class's own tag of the same name is given; the picture came along, re-encoded.
        assert [t.name for t in evidence.tags] == ["using evidence"]
        from board.media.services import images_for

        pictures = images_for(evidence)
        assert [i.alt for i in pictures] == ["A bar chart of turnout by age"]
        assert db.session.scalar(select(Goal.goal)) == "Use a source in every answer."
        # Importing the same archive again adds nothing twice.
        again = empty_commons.test_cli_runner().invoke(args=["import-portfolio", str(path), "--student", "maya.chen"])
        assert "Imported 0 pieces" in again.output
        assert len(list(db.session.scalars(select(Piece)))) == 2
        db.session.remove()


def test_an_import_refuses_what_is_not_a_portfolio(empty_commons, tmp_path):
    not_zip = tmp_path / "notes.zip"
    not_zip.write_text("just text")
    no_manifest = tmp_path / "site.zip"
    with zipfile.ZipFile(no_manifest, "w") as archive:
        archive.writestr("index.html", "<p>hello</p>")
    wrong = tmp_path / "wrong.zip"
    with zipfile.ZipFile(wrong, "w") as archive:
        archive.writestr("portfolio.json", json.dumps({"format": "something-else"}))
    with empty_commons.app_context():
        runner = empty_commons.test_cli_runner()
        for path, message in ((not_zip, "not a zip file"), (no_manifest, "no portfolio.json"),
                              (wrong, "not in the format")):
            result = runner.invoke(args=["import-portfolio", str(path), "--student", "maya.chen"])
            assert result.exit_code == 1 and message in result.output, result.output
        result = runner.invoke(args=["import-portfolio", str(wrong), "--student", "duarte"])
        assert result.exit_code == 1 and "No student signs in as 'duarte'" in result.output
        assert db.session.scalar(select(Piece.id)) is None
        db.session.remove()
