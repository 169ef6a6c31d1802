"""What the pages around a pad say: one name for it, honest counts, findings with their words, exports."""
import html
import re

from board.extensions import db
from board.pads import store
from board.pads.models import Pad
from tests.pads.conftest import write

SHUTDOWN = "Keep the conversation open: everyone gets to speak."


def text_of(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def words_of(response) -> str:
    """The page as a person reads it: tags out, spaces folded."""
    return " ".join(re.sub(r"<[^>]+>", " ", text_of(response)).split())


def publish(client, pad):
    db.session.expire_all()
    return client.post(f"/pads/{pad.id}/publish", data={"version": db.session.get(Pad, pad.id).lock_version})


def test_the_class_pad_has_one_name_everywhere(client, pad_school, login_as):
    from board.pads.services import add_group

    add_group(pad_school.pad_prompt, "Group A", {pad_school.maya.id, pad_school.jonah.id})
    write(pad_school.pad, pad_school.maya, "Benches by the pond.\n")
    login_as(pad_school.maya)
    prompt = words_of(client.get(f"/prompts/{pad_school.pad_prompt.id}"))
    assert "Class pad Written live by the whole class · not published yet" in prompt
    assert "Group A Written live by 2 students · not published yet" in prompt
    live = words_of(client.get(f"/pads/{pad_school.pad.id}"))
    assert "Class pad" in live
    for old in ("Whole class", "Our pad", "The class's pad", "of the whole class"):
        assert old not in prompt and old not in live
    login_as(pad_school.teacher)
    queue = words_of(client.get("/queue"))
    assert "Class pad · Civics 8B" in queue and "of the whole class" not in queue


def test_the_published_page_names_its_writers_once_and_leads_to_the_discussion(client, pad_school, login_as):
    write(pad_school.pad, pad_school.maya, "Shade trees first.\n")
    write(pad_school.pad, pad_school.jonah, "A water fountain.\n")
    login_as(pad_school.teacher)
    publish(client, pad_school.pad)
    client.post("/logout")
    page = words_of(client.get(f"/pads/{pad_school.pad.id}"))
    assert "Written together by Jonah O. and Maya C. · published" in page
    assert ".." not in page
    assert f'href="/prompts/{pad_school.pad_prompt.id}"' in text_of(client.get(f"/pads/{pad_school.pad.id}"))
    assert "Read the class discussion" in page


def test_a_comment_that_needs_fixing_comes_back_at_the_comment_form(client, pad_school, login_as):
    write(pad_school.pad, pad_school.maya, "Our plan.\n")
    login_as(pad_school.teacher)
    publish(client, pad_school.pad)
    login_as(pad_school.reader)
    page = text_of(client.get(f"/pads/{pad_school.pad.id}"))
    assert f'action="/pads/{pad_school.pad.id}/comment#comment-form"' in page and 'id="comment-form"' in page
    empty = client.post(f"/pads/{pad_school.pad.id}/comment", data={"body": " "})
    assert empty.status_code == 422
    assert 'aria-invalid="true"' in text_of(empty) and "Write something before posting." in text_of(empty)


def test_a_group_without_a_name_comes_back_at_the_group_form_with_what_was_chosen(client, pad_school, login_as):
    login_as(pad_school.teacher)
    form = text_of(client.get(f"/prompts/{pad_school.pad_prompt.id}/edit"))
    assert f'action="/prompts/{pad_school.pad_prompt.id}/pads#add-group"' in form
    bad = client.post(f"/prompts/{pad_school.pad_prompt.id}/pads",
                      data={"name": " ", "student": [str(pad_school.jonah.id)]})
    page = text_of(bad)
    assert bad.status_code == 422 and 'aria-invalid="true"' in page and "Give the group a name" in page
    assert re.search(rf'value="{pad_school.jonah.id}" checked', page)


def test_history_groups_findings_with_their_words_for_the_teacher_and_keeps_them_from_classmates(
        client, pad_school, login_as):
    write(pad_school.pad, pad_school.jonah, "We listen first.\n")
    store.cut_live_revision(pad_school.pad.id)
    write(pad_school.pad, pad_school.maya, "shut up, nobody asked you\n")
    store.cut_live_revision(pad_school.pad.id)
    url = f"/pads/{pad_school.pad.id}/history?rev=2"

    login_as(pad_school.teacher)
    page = words_of(client.get(url))
    assert page.count(SHUTDOWN) == 1
    assert f"{SHUTDOWN} (“shut up”, “nobody asked you” — Maya C.)" in page
    assert "What changed since revision 1" in page and "Added by Maya C." in page
    # The list reads oldest first, as the slider does, and says which one is shown.
    raw = text_of(client.get(url))
    assert raw.index(">Revision 1<") < raw.index(">Revision 2<")
    assert re.search(r'<a href="[^"]*rev=2" data-revision-link="2" aria-current="true"', raw)

    login_as(pad_school.maya)
    assert "A reminder about your words in this revision" in words_of(client.get(url))
    login_as(pad_school.jonah)
    assert SHUTDOWN not in words_of(client.get(url))


def test_the_html_export_says_whose_what_and_when(client, pad_school, login_as):
    write(pad_school.pad, pad_school.maya, "Shade trees first.\n")
    write(pad_school.pad, pad_school.lucia, "Swings for the little ones.\n")  # no consent on record
    login_as(pad_school.teacher)
    publish(client, pad_school.pad)
    client.post("/logout")
    public = client.get(f"/pads/{pad_school.pad.id}/export.html")
    page = words_of(public)
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in text_of(public)
    assert "Class Civics 8B · Class pad" in page and "Written by Maya C." in page
    assert "Revision 1, published by the class’s teacher" in page and "Published" in page
    assert "Lucia" not in page and "Swings" not in page and "Morales" not in page and "@" not in page

    login_as(pad_school.jonah)
    live = words_of(client.get(f"/pads/{pad_school.pad.id}/export.html"))
    assert "Written by Lucia M. and Maya C." in live and "Downloaded" in live


def test_the_class_page_counts_pads_and_says_which_reminders_it_counts(client, pad_school, login_as):
    write(pad_school.pad, pad_school.maya, "Shade trees first.\n")
    login_as(pad_school.teacher)
    page = words_of(client.get(f"/classes/{pad_school.classroom.id}"))
    assert "Class pad not published yet" in page and "1 awaiting review" in page
    # Reminders shown in pads are counted with the composer's; nobody has seen one yet.
    assert "No reminders yet in this class." in page
    publish(client, pad_school.pad)
    page = words_of(client.get(f"/classes/{pad_school.classroom.id}"))
    assert "Class pad published" in page and "awaiting review" not in page


def test_the_front_page_lists_a_pad_once_something_of_it_is_published_and_says_it_is_a_pad(
        client, pad_school, login_as, make):
    pad_only = make.prompt(pad_school.classroom, "public", "What should our class charter say?", kind="pad")
    pad = db.session.scalar(db.select(Pad).where(Pad.prompt_id == pad_only.id))
    write(pad, pad_school.maya, "We listen first.\n")
    front = words_of(client.get("/"))
    assert "What should our class charter say?" not in front
    assert "Should our town lower the voting age to 16?" not in front  # nothing of it published yet
    login_as(pad_school.teacher)
    publish(client, pad)
    client.post("/logout")
    front = words_of(client.get("/"))
    assert "What should our class charter say? Civics 8B · Pad · Open" in front


def test_a_missing_page_tells_a_visitor_to_sign_in_and_a_member_what_it_means(client, pad_school, login_as):
    anonymous = words_of(client.get(f"/pads/{pad_school.pad.id}"))
    assert "nothing you can see with this account" not in anonymous
    assert "If it belongs to your class, sign in to see it." in anonymous
    login_as(pad_school.outsider)
    assert "nothing you can see with this account" in words_of(client.get(f"/pads/{pad_school.pad.id}"))


def test_the_new_prompt_form_says_group_pads_come_after_saving(client, pad_school, login_as):
    login_as(pad_school.teacher)
    form = words_of(client.get(f"/classes/{pad_school.classroom.id}/prompts/new"))
    assert "Pads for groups are set up after saving, from Edit prompt." in form
    assert "Students see the prompt from then on." in form and "nobody can add to the discussion" not in form
    bad = client.post(f"/classes/{pad_school.classroom.id}/prompts/new", data={
        "question": "", "norms": "Be kind.", "kind": "pad", "visibility": "class", "opens_at": "2026-01-10T08:00"})
    assert bad.status_code == 200 and "Write the question students will answer." in words_of(bad)
    saved = client.post(f"/classes/{pad_school.classroom.id}/prompts/new", data={
        "question": "What should our charter say?", "norms": "Be kind.", "kind": "pad", "visibility": "class",
        "opens_at": "2026-01-10T08:00"}, follow_redirects=True)
    assert "Its class pad is ready; to give groups pads of their own, choose Edit prompt." in words_of(saved)
