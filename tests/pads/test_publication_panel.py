"""The teacher's publication panel says what is true: more written or not, and what the public would see."""
import html
import json
import re

from board.extensions import db
from board.pads import document, store
from tests.pads.conftest import write
from tests.pads.test_publishing import publish_form


def type_and_erase(pad, user, text: str) -> None:
    """A writer types some words and erases them again: the log moves on, the text does not."""
    write(pad, user, text)
    loaded = store.load(pad.id)
    before = loaded.doc.get_state()
    body = document.text_of(loaded.doc)
    end = document.byte_length(str(body))
    del body[end - document.byte_length(text):end]
    store.append(pad.id, user.id, loaded.doc.get_update(before))


def panel(client, pad) -> str:
    page = html.unescape(client.get(f"/pads/{pad.id}").get_data(as_text=True))
    return re.search(r'<section class="card publish-panel".*?</section>', page, re.S).group(0)


def test_after_publishing_the_panel_does_not_claim_the_class_wrote_more(client, pad_school, login_as):
    pad = pad_school.pad
    write(pad, pad_school.maya, "Shade trees first.\n")
    login_as(pad_school.teacher)
    form = publish_form(client.get(f"/pads/{pad.id}").get_data(as_text=True), pad)
    type_and_erase(pad, pad_school.jonah, "maybe ")  # while she publishes
    client.post(f"/pads/{pad.id}/publish", data=form)

    shown = panel(client, pad)
    assert "written more" not in shown
    assert "which is the pad as it is now" in shown
    assert "Publish this version" not in shown


def test_the_panel_says_so_when_the_class_did_write_more(client, pad_school, login_as):
    pad = pad_school.pad
    write(pad, pad_school.maya, "Shade trees first.\n")
    login_as(pad_school.teacher)
    client.post(f"/pads/{pad.id}/publish", data=publish_form(client.get(f"/pads/{pad.id}").get_data(as_text=True), pad))
    write(pad, pad_school.jonah, "And benches.\n")
    shown = panel(client, pad)
    assert "The class has written more since." in shown and "Publish this version" in shown


def test_publishing_with_no_consented_writer_says_the_public_page_will_be_empty(client, pad_school, login_as, make):
    pad = pad_school.pad
    shy = make.student(pad_school.classroom, "Ada", "Quist", consent=False)
    write(pad, shy, "My idea for the park.\n")
    login_as(pad_school.teacher)
    shown = panel(client, pad)
    assert "the public page would be empty" in shown
    write(pad, pad_school.maya, "Shade trees first.\n")
    assert "the public page would be empty" not in panel(client, pad)


def test_the_teacher_s_editor_is_given_the_findings_to_highlight(client, pad_school, login_as):
    pad = pad_school.pad
    text = "Our park 🌳 is great. Shut up, nobody asked you.\n"
    write(pad, pad_school.maya, text)
    login_as(pad_school.teacher)
    page = client.get(f"/pads/{pad.id}").get_data(as_text=True)
    given = json.loads(html.unescape(re.search(r'data-teacher-findings="([^"]*)"', page).group(1)))
    assert given["findings"], given
    units = text.encode("utf-16-le")
    for finding in given["findings"]:
        # Placed as the browser counts (UTF-16 units), on the words the check is about.
        words = units[finding["start"] * 2:finding["end"] * 2].decode("utf-16-le")
        assert words and words.lower() in "shut up, nobody asked you", words
    assert any("Maya" in " ".join(item.get("authors", [])) for item in given["messages"])
    login_as(pad_school.maya)
    assert "data-teacher-findings" not in client.get(f"/pads/{pad.id}").get_data(as_text=True)
    db.session.rollback()
