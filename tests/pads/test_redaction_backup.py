"""A backup made after a redaction keeps no copy of the words, not even in the database file's free space."""
from __future__ import annotations

import sqlalchemy as sa

from board.extensions import db
from board.pads import store
from board.pads.models import Pad
from board.pads.redaction import redact
from tests.factories import Factory
from tests.pads.conftest import write
from tests.test_backup_export import upgraded

PHONE = "555-867-5309"


def test_a_backup_after_a_redaction_holds_no_byte_of_the_words(make_app, tmp_path):
    app = upgraded(make_app, f"sqlite:///{tmp_path / 'school.db'}")
    with app.app_context(), app.test_request_context():
        make = Factory(app)
        school = make.school()
        prompt = make.prompt(school.classroom, "public", "How should our town spend its park budget?", kind="both")
        pad = db.session.scalar(sa.select(Pad).where(Pad.prompt_id == prompt.id))
        write(pad, school.maya, f"Call me at {PHONE} after school.\n")
        store.cut_live_revision(pad.id)
        # Rows that held the number are deleted before the redaction (a compaction) and after it.
        write(pad, school.maya, "Parks need shade.\n")
        store.compact(pad.id)
        write(pad, school.jonah, "And benches.\n")
        store.cut_live_revision(pad.id)
        before = tmp_path / "before.db"
        assert app.test_cli_runner().invoke(args=["backup", str(before)]).exit_code == 0
        redact(db.session.get(Pad, pad.id), PHONE, "phone", school.teacher)
    after = tmp_path / "after.db"
    result = app.test_cli_runner().invoke(args=["backup", str(after)])
    assert result.exit_code == 0, result.output
    assert PHONE.encode() in before.read_bytes()  # the check can see the number where it is
    assert PHONE.encode() not in after.read_bytes()
    assert b"[removed]" in after.read_bytes()
