"""Pictures land in a folder of their own per test (or the database, where a test says so)."""
from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def picture_folder(app, tmp_path):
    """Point the folder store at this test's own folder, and put the settings back afterwards."""
    before = {key: app.config[key] for key in ("MEDIA_FOLDER", "MEDIA_STORAGE")}
    app.config["MEDIA_FOLDER"] = str(tmp_path / "media")
    app.config["MEDIA_STORAGE"] = "folder"
    yield tmp_path / "media"
    app.config.update(before)
