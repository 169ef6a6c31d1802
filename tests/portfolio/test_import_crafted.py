"""A crafted portfolio.json gets a clear refusal or is read safely: never a stack trace, nothing but text and pictures."""
from __future__ import annotations

import json
import zipfile

import pytest
from sqlalchemy import select

from board.extensions import db
from board.portfolio.models import Goal, Piece
from tests.portfolio.test_export_import import empty_commons  # noqa: F401  (the fixture)

FORMAT = "commons-portfolio/1"


def _archive(tmp_path, manifest: str | dict, extra: dict | None = None):
    path = tmp_path / "crafted.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("portfolio.json", manifest if isinstance(manifest, str) else json.dumps(manifest))
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return path


def _import(app, path):
    return app.test_cli_runner().invoke(args=["import-portfolio", str(path), "--student", "maya.chen"])


@pytest.mark.parametrize("manifest", [
    '{"format": "commons-portfolio/1", "pieces": ' + "[" * 100_000 + "]" * 100_000 + "}",
    '{"format": "commons-portfolio/1", "pieces": [{"school_year": ' + "9" * 5000 + "}]}",
    json.dumps({"format": FORMAT, "pieces": [{"title": "A", "work_md": "x", "why_md": "y", "tags": 5}]}),
    json.dumps({"format": FORMAT, "pieces": [{"title": "A", "work_md": "x", "images": [{"path": 7}, "x", None]}],
                "goals": "none"}),
    json.dumps({"format": FORMAT, "pieces": [{"title": ["A"], "work_date": "2020-01-01T00:00:00+05:00",
                                              "school_year": True}], "goals": [{"goal": {"x": 1}}]}),
])
def test_a_crafted_manifest_is_refused_or_read_without_a_stack_trace(empty_commons, tmp_path, manifest):  # noqa: F811
    with empty_commons.app_context():
        result = _import(empty_commons, _archive(tmp_path, manifest))
        assert result.exception is None or isinstance(result.exception, SystemExit), result.output
        assert "Traceback" not in result.output
        for piece in db.session.scalars(select(Piece)):
            assert piece.status == "pending" and piece.source == "archived"
            assert piece.work_date is None or piece.work_date.tzinfo is None
        db.session.remove()


def test_markup_and_links_in_a_manifest_end_as_sanitized_text(empty_commons, tmp_path):  # noqa: F811
    manifest = {"format": FORMAT, "pieces": [{
        "title": "<script>alert(1)</script>Title",
        "work_md": "<script>alert(1)</script>[x](javascript:alert(1)) <img src=x onerror=alert(1)>",
        "why_md": "[home](file:///etc/passwd)", "learned_md": "<iframe src=//evil>", "next_md": "ok",
        "tags": ["<b>x</b>"],
        "images": [{"path": "/etc/passwd", "alt": "a"}, {"path": "../../../etc/passwd", "alt": "b"},
                   {"path": "images/../portfolio.json", "alt": "c"}],
    }], "goals": [{"goal": "<script>x</script>", "reflection_md": "<svg onload=alert(1)>"}]}
    with empty_commons.app_context():
        result = _import(empty_commons, _archive(tmp_path, manifest))
        assert result.exit_code == 0, result.output
        piece = db.session.scalar(select(Piece))
        stored = " ".join([piece.work_html, piece.why_html, piece.learned_html, piece.next_html,
                           db.session.scalar(select(Goal.reflection_html))])
        for bad in ("<script", 'href="javascript', "<img", "<iframe", 'href="file', "<svg", "<a "):
            assert bad not in stored, bad
        from board.media.services import images_for

        assert images_for(piece) == []
        db.session.remove()


def test_a_manifest_larger_than_any_portfolio_is_refused_before_it_is_read(empty_commons, tmp_path):  # noqa: F811
    # Six megabytes of spaces compress to a few kilobytes: the declared size refuses it unread.
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("portfolio.json", '{"format": "commons-portfolio/1"' + " " * 6_000_000 + "}")
    assert path.stat().st_size < 100_000
    with empty_commons.app_context():
        result = _import(empty_commons, path)
        assert result.exit_code == 1 and "larger than any portfolio" in result.output, result.output
        db.session.remove()


def test_an_archive_brings_at_most_its_cap_of_pictures_in_all(empty_commons, tmp_path, monkeypatch):  # noqa: F811
    from board.media.models import Image
    from board.portfolio import importer
    from tests.media.images import photo

    monkeypatch.setattr(importer, "MAX_PICTURES", 5)
    pieces = [{"title": f"Piece {n}", "work_md": f"Work {n}", "why_md": "w", "learned_md": "l", "next_md": "n",
               "images": [{"path": "images/p.jpg", "alt": f"Picture {n}.{k}"} for k in range(3)]} for n in range(4)]
    path = _archive(tmp_path, {"format": FORMAT, "pieces": pieces}, {"images/p.jpg": photo((40, 30))})
    with empty_commons.app_context():
        result = _import(empty_commons, path)
        assert result.exit_code == 0, result.output
        assert db.session.scalar(select(db.func.count(Piece.id))) == 4
        assert db.session.scalar(select(db.func.count(Image.id))) == 5
        db.session.remove()


def test_a_damaged_picture_in_the_archive_is_skipped(empty_commons, tmp_path):  # noqa: F811
    from tests.media.images import photo

    data = photo((40, 30))
    pieces = [{"title": "Piece", "work_md": "Work", "images": [{"path": "images/p.jpg", "alt": "A picture"}]}]
    path = _archive(tmp_path, {"format": FORMAT, "pieces": pieces}, {"images/p.jpg": data})
    raw = bytearray(path.read_bytes())
    at = raw.find(data[200:240])
    raw[at:at + 40] = bytes(40)  # the member's bytes no longer match its checksum
    path.write_bytes(bytes(raw))
    with empty_commons.app_context():
        result = _import(empty_commons, path)
        assert result.exit_code == 0, result.output
        assert db.session.scalar(select(db.func.count(Piece.id))) == 1
        db.session.remove()


def test_a_damaged_manifest_is_refused_clearly(empty_commons, tmp_path):  # noqa: F811
    path = tmp_path / "damaged.zip"
    manifest = json.dumps({"format": FORMAT, "pieces": [{"title": f"Piece {n}", "work_md": "x" * 50}
                                                         for n in range(200)]})
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("portfolio.json", manifest)
    raw = bytearray(path.read_bytes())
    raw[60:120] = bytes(range(60))  # inside the compressed manifest
    path.write_bytes(bytes(raw))
    with empty_commons.app_context():
        result = _import(empty_commons, path)
        assert result.exit_code == 1 and "Traceback" not in result.output, (result.exception, result.output)
        db.session.remove()
