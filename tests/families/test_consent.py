"""Consent in the app: a family gives or withdraws it, the teacher sees it beside the paper record,
and a withdrawal takes the child's words off every public page, feed and export in the same request."""
from __future__ import annotations

import html
import io
import zipfile

import pytest
from sqlalchemy import select

from board.classes.models import AuditEntry, Membership
from board.extensions import db
from board.families.models import FamilyConsent
from board.pads import services as pad_services
from board.pads.models import Pad
from tests.families.conftest import field_error, membership_of, text
from tests.pads.conftest import write

WITHDRAW = {"signature": "Ana Chen", "relationship": "Mother", "decision": "withdraw"}
GIVE = {**WITHDRAW, "decision": "give"}


def test_a_family_gives_consent_and_the_teacher_sees_who_when_and_how(client, login_as, make, family_of):
    school = make.school()
    family = family_of(school, school.lucia)
    login_as(family)
    form = text(client.get(f"/family/children/{school.lucia.id}/consent"))
    assert "I give consent" in form and "Class only" in form and "Public with consent" not in form
    response = client.post(f"/family/children/{school.lucia.id}/consent", data=GIVE)
    assert response.status_code == 302
    form = text(client.get(f"/family/children/{school.lucia.id}/consent"))
    assert "Withdraw consent" in form and "Public with consent" in form and "Class only" not in form
    assert "Public with consent" in text(client.get(response.headers["Location"]))
    membership = membership_of(school.classroom, school.lucia)
    assert membership.consent_at is not None and membership.consent_by_id == family.id
    record = db.session.scalar(select(FamilyConsent))
    assert (record.given, record.signature, record.relationship_label) == (True, "Ana Chen", "Mother")
    login_as(school.teacher)
    roster = text(client.get(f"/classes/{school.classroom.id}"))
    lucia = roster.split("Lucia Morales</strong>")[1].split("</li>")[0]
    assert "Consent on record" in lucia and "Given in the app by Ana Chen (mother)" in lucia
    maya = roster.split("Maya Chen</strong>")[1].split("</li>")[0]
    assert "Paper form" in maya and "in the app" not in maya
    families = text(client.get(f"/classes/{school.classroom.id}/families"))
    assert "Given in the app by Ana Chen (mother)" in families.split("Lucia Morales</th>")[1].split("</tr>")[0]
    actions = set(db.session.scalars(select(AuditEntry.action).where(AuditEntry.target_user_id == school.lucia.id)))
    assert "recorded consent" in actions


def test_a_withdrawal_in_the_app_shows_beside_the_roster(client, login_as, make, family_of):
    school = make.school()
    family = family_of(school, school.maya)
    login_as(family)
    assert client.post(f"/family/children/{school.maya.id}/consent", data=WITHDRAW).status_code == 302
    login_as(school.teacher)
    roster = text(client.get(f"/classes/{school.classroom.id}"))
    maya = roster.split("Maya Chen</strong>")[1].split("</li>")[0]
    assert "Record consent" in maya and "Withdrawn in the app by Ana Chen (mother)" in maya
    # The teacher can still record a paper form afterwards; the roster then says paper.
    membership = membership_of(school.classroom, school.maya)
    client.post(f"/classes/{school.classroom.id}/members/{membership.id}",
                data={"action": "consent_on", "note": "Form received"})
    roster = text(client.get(f"/classes/{school.classroom.id}"))
    assert "Paper form, recorded by Dana Rivera" in roster.split("Maya Chen</strong>")[1].split("</li>")[0]


def test_consent_covers_every_class_the_child_is_in(client, login_as, make, family_of):
    school = make.school()
    db.session.add(Membership(classroom_id=school.other_classroom.id, user_id=school.lucia.id, role="student"))
    db.session.commit()
    family = family_of(school, school.lucia)
    login_as(family)
    client.post(f"/family/children/{school.lucia.id}/consent", data=GIVE)
    assert all(m.consent_at is not None for m in db.session.scalars(
        select(Membership).where(Membership.user_id == school.lucia.id)))


def test_bad_consent_input_is_said_beside_the_field_and_kept(client, login_as, make, family_of):
    school = make.school()
    family = family_of(school, school.maya)
    login_as(family)
    url = f"/family/children/{school.maya.id}/consent"
    for data, field, message in [({**WITHDRAW, "signature": ""}, "signature", "Type your full name"),
                                 ({**WITHDRAW, "signature": "\u202eAna"}, "signature", "hidden"),
                                 ({**WITHDRAW, "signature": "A" * 121}, "signature", "120 characters"),
                                 ({**WITHDRAW, "relationship": ""}, "relationship", "how you are related"),
                                 ({**WITHDRAW, "relationship": "Mother\x07"}, "relationship", "hidden")]:
        response = client.post(url, data=data)
        page = text(response)
        assert response.status_code == 422, data
        assert message in (field_error(page, field) or ""), (data, field_error(page, field))
        other = "relationship" if field == "signature" else "signature"
        assert f'value="{data[other]}"' in page
    assert membership_of(school.classroom, school.maya).consent_at is not None
    assert db.session.scalar(select(FamilyConsent)) is None


# ---- a withdrawal reaches every public page at once -------------------------------------------

WORDS = "Sixteen-year-olds pay taxes mkmayapublic"
PAD_WORDS = "Plant shade trees mkmayapad"
REFLECTION = "My first argument with two sources mkmayareflection"
IMAGE_ALT = "A chart of turnout by age mkmayapicture"


def _read(response) -> str:
    """What a visitor gets, as text: a page, a feed, or every file of a downloaded zip."""
    if response.mimetype == "application/zip":
        with zipfile.ZipFile(io.BytesIO(response.get_data())) as archive:
            return "\n".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    if response.mimetype.startswith("image/"):
        return ""
    return html.unescape(response.get_data(as_text=True))


def _public_urls(app, ids: dict) -> list[str]:
    """Every GET page an anonymous visitor may open with these ids: pages, feeds and exports that exist."""
    adapter = app.url_map.bind("localhost")
    urls = set()
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static" or rule.websocket:
            continue
        values = {}
        for argument in rule.arguments:
            if argument not in ids:
                break
            values[argument] = ids[argument]
        else:
            for fmt in (("md", "html") if "fmt" in rule.arguments else (None,)):
                if fmt:
                    values["fmt"] = fmt
                urls.add(adapter.build(rule.endpoint, values))
    return sorted(urls)


@pytest.fixture
def public_school(make, app, tmp_path):
    from board.portfolio import services as portfolio
    from board.portfolio import sources
    from tests.portfolio.conftest import ANSWERS, approve, picture_on

    app.config.update(MEDIA_FOLDER=str(tmp_path / "media"), MEDIA_STORAGE="folder")
    school = make.school()
    post = make.post(school.maya, school.public_prompt, WORDS, publish=True)
    image = picture_on(post, alt=IMAGE_ALT)
    piece = portfolio.add_piece(school.maya, sources.find(school.maya, "post", post.id),
                                {**ANSWERS, "why": REFLECTION}).item
    approve(piece, school.teacher)
    reply = make.post(school.jonah, school.public_prompt, "Taxes are a good reason.", parent=post, publish=True)
    prompt = make.prompt(school.classroom, "public", "How should we spend the park budget?", kind="both")
    pad = db.session.scalar(select(Pad).where(Pad.prompt_id == prompt.id))
    write(pad, school.maya, PAD_WORDS + ".\n")
    write(pad, school.jonah, "A pond.\n")
    pad_services.publish(pad, school.teacher, db.session.get(Pad, pad.id).lock_version)
    return school, {"prompt_id": school.public_prompt.id, "post_id": post.id, "pad_id": pad.id,
                    "classroom_id": school.classroom.id, "student_id": school.maya.id, "reply": reply.id,
                    "pad_prompt": prompt.id, "image_id": image.id, "piece_id": piece.id}


def test_withdrawing_consent_empties_every_public_page_in_the_same_request(
        client, login_as, make_client, app, public_school, family_of):
    school, ids = public_school
    visitor = make_client()
    known = [f"/prompts/{ids['prompt_id']}", f"/posts/{ids['post_id']}", "/", f"/pads/{ids['pad_id']}",
             f"/pads/{ids['pad_id']}/export.md", f"/pads/{ids['pad_id']}/export.html",
             f"/prompts/{ids['pad_prompt']}"]
    urls = sorted(set(known) | set(_public_urls(app, {**ids, "post_id": ids["post_id"]})))
    urls += [f"/posts/{ids['reply']}"]
    before = {}
    opened = set()
    for url in urls:
        response = visitor.get(url)
        before[url] = _read(response)
        if response.status_code == 200:
            opened.add(url)
        if url in known[:4]:
            # Served from the cache on the next visit: the withdrawal must reach cached pages too.
            assert visitor.get(url).headers.get("X-Page-Cache") == "hit", url
    # The test is not vacuous: her words are on the public pages before.
    assert WORDS in before[f"/prompts/{ids['prompt_id']}"] and WORDS in before[f"/posts/{ids['post_id']}"]
    assert PAD_WORDS in before[f"/pads/{ids['pad_id']}"] and PAD_WORDS in before[f"/pads/{ids['pad_id']}/export.md"]
    assert "Maya C." in before["/"] or "voting age" in before["/"]
    image = f"/images/{ids['image_id']}"
    assert image in urls and visitor.get(image).status_code == 200
    assert IMAGE_ALT in before[f"/posts/{ids['post_id']}"]
    portfolio = [url for url in opened if url.startswith("/portfolio/")]
    if "portfolio" in app.blueprints:
        assert {f"/portfolio/{school.maya.id}", f"/portfolio/{school.maya.id}/feed.atom",
                f"/prompts/{ids['prompt_id']}/feed.atom"} <= opened
    for url in portfolio:  # when the portfolio exists, her piece is on its public pages and feed
        assert REFLECTION in before[url] or WORDS in before[url], url

    family = family_of(school, school.maya)
    login_as(family)
    response = client.post(f"/family/children/{school.maya.id}/consent", data=WITHDRAW)
    assert response.status_code == 302

    for url in urls:
        after = visitor.get(url)
        page = _read(after)
        assert WORDS not in page and PAD_WORDS not in page and REFLECTION not in page, url
        assert IMAGE_ALT not in page and "Maya C." not in page, url
        assert not after.mimetype.startswith("image/"), url
        assert after.headers.get("X-Page-Cache") != "hit" or url == "/", url
    assert visitor.get(f"/posts/{ids['post_id']}").status_code == 404
    # Her words are still her class's: the class still reads them.
    login_as(school.jonah)
    assert WORDS in html.unescape(client.get(f"/prompts/{ids['prompt_id']}").get_data(as_text=True))


def test_giving_consent_again_brings_the_words_back(client, login_as, make_client, public_school, family_of):
    school, ids = public_school
    family = family_of(school, school.maya)
    login_as(family)
    client.post(f"/family/children/{school.maya.id}/consent", data=WITHDRAW)
    visitor = make_client()
    assert WORDS not in text(visitor.get(f"/prompts/{ids['prompt_id']}"))
    client.post(f"/family/children/{school.maya.id}/consent", data=GIVE)
    assert WORDS in text(visitor.get(f"/prompts/{ids['prompt_id']}"))
