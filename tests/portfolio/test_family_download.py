"""A family's download holds what the family may read of their child's portfolio, and nothing waiting."""
from __future__ import annotations

import io
import json
import zipfile

from board.moderation import services as moderation
from board.moderation import states
from board.portfolio import services, sources
from tests.portfolio.conftest import ANSWERS, approve


def _names_and_texts(data: bytes) -> str:
    archive = zipfile.ZipFile(io.BytesIO(data))
    return "\n".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist()
                     if not name.startswith("images/"))


def test_a_family_download_leaves_out_reflections_the_teacher_has_not_approved(folio, client, family_of):
    teacher, maya = folio.teacher, folio.maya
    shown = services.add_piece(maya, sources.find(maya, "post", folio.work.id),
                               {**ANSWERS, "why": "Approved reflection words."}).item
    approve(shown, teacher)
    services.add_piece(maya, sources.find(maya, "post", folio.class_work.id),
                       {**ANSWERS, "why": "Waiting reflection words."})
    returned = services.add_goal(maya, folio.classroom.id, "Returned goal words.", "Returned reflection.").item
    moderation.decide(returned, states.RETURN, teacher, returned.lock_version, feedback="Say more.")
    rejected = services.add_goal(maya, folio.classroom.id, "Rejected goal words.", "Rejected reflection.").item
    moderation.decide(rejected, states.REJECT, teacher, rejected.lock_version, feedback="Not this.")
    kept = services.add_goal(maya, folio.classroom.id, "Approved goal words.", "Approved goal reflection.").item
    approve(kept, teacher)

    family_of(folio, maya)
    response = client.get(f"/portfolio/{maya.id}/portfolio.zip")
    assert response.status_code == 200
    everything = _names_and_texts(response.data)
    assert "Approved reflection words." in everything and "Approved goal words." in everything
    for hidden in ("Waiting reflection words.", "Returned goal words.", "Returned reflection.",
                   "Rejected goal words.", "Rejected reflection.", "Awaiting review", "Not published"):
        assert hidden not in everything, hidden
    manifest = json.loads(zipfile.ZipFile(io.BytesIO(response.data)).read("portfolio.json"))
    assert {p["status"] for p in manifest["pieces"]} == {"published"}
    assert {g["status"] for g in manifest["goals"]} == {"published"}


def test_work_a_teacher_takes_back_leaves_the_familys_view_of_the_portfolio(folio, client, family_of):
    teacher, maya = folio.teacher, folio.maya
    piece = services.add_piece(maya, sources.find(maya, "post", folio.class_work.id),
                               {**ANSWERS, "why": "My rule about fairness."}).item
    approve(piece, teacher)
    family_of(folio, maya)
    assert client.get(f"/portfolio/pieces/{piece.id}").status_code == 200
    assert "My rule about fairness." in client.get(f"/portfolio/{maya.id}").get_data(as_text=True)

    # After a report, the teacher rejects the published work: the family no longer reads it anywhere.
    moderation.decide(folio.class_work, states.REJECT, teacher, folio.class_work.lock_version,
                      feedback="It names a classmate.")
    assert client.get(f"/posts/{folio.class_work.id}").status_code == 404
    assert client.get(f"/family/posts/{folio.class_work.id}").status_code == 404
    assert client.get(f"/portfolio/pieces/{piece.id}").status_code == 404
    assert "My rule about fairness." not in client.get(f"/portfolio/{maya.id}").get_data(as_text=True)
    everything = _names_and_texts(client.get(f"/portfolio/{maya.id}/portfolio.zip").data)
    assert "A rule is fair when everyone helped make it." not in everything
