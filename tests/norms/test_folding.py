"""Invisible characters and compatibility forms hide nothing from the checks, and highlights land on what was typed."""
from __future__ import annotations

import pytest

from board.discussions.models import Post
from board.extensions import db
from board.moderation.states import PENDING
from board.norms import check
from board.norms.folding import fold


def _found(text: str) -> list[tuple[str, str]]:
    return [(f.category, text[f.start:f.end]) for f in check(text)]


@pytest.mark.parametrize("text, category, words", [
    ("I will k\u200cill you after school", "threat", "I will k\u200cill you"),  # zero-width non-joiner
    ("I will k\u200bill you", "threat", "I will k\u200bill you"),  # zero-width space
    ("I will ki\u00adll you", "threat", "I will ki\u00adll you"),  # soft hyphen
    ("I will k\u2060ill you", "threat", "I will k\u2060ill you"),  # word joiner
    ("i will \u202ekill you", "threat", "i will \u202ekill you"),  # bidi override
    ("I will ki\ufe0fll you", "threat", "I will ki\ufe0fll you"),  # variation selector
    ("call 555\u200b-123-4567", "privacy", "555\u200b-123-4567"),
    ("call \ufeff555-123-4567\u200d", "privacy", "555-123-4567"),
    ("call 𝟓𝟓𝟓-𝟏𝟐𝟑-𝟒𝟓𝟔𝟕 tonight", "privacy", "𝟓𝟓𝟓-𝟏𝟐𝟑-𝟒𝟓𝟔𝟕"),  # mathematical digits (NFKC)
    ("you are an 𝐢𝐝𝐢𝐨𝐭", "personal_attack", "you are an 𝐢𝐝𝐢𝐨𝐭"),  # mathematical bold letters
    ("ｙｏｕ ａｒｅ ａｎ ｉｄｉｏｔ", "personal_attack", "ｙｏｕ ａｒｅ ａｎ ｉｄｉｏｔ"),  # full-width
    ("this is \u0073\u0307hit", "profanity", "\u0073\u0307hit"),  # a combining dot stays with its letter
    ("what a ﬁlthy ﬁ\u200bst of sh\u200bit", "profanity", "sh\u200bit"),  # ligatures change the length
])
def test_invisible_and_compatibility_characters_hide_nothing_and_the_highlight_is_on_the_typed_words(
        text, category, words):
    assert (category, words) in _found(text)


@pytest.mark.parametrize("text", [
    "The Bill of Rights protects free speech.\u200b",
    "می\u200cخواهم we read Rumi in Persian class, with its zero-width non-joiners.",
    "Our teacher 👩\u200d🏫 explained checks and balances; the vote was 6\u20133.",
    "The ﬁrst amendment, ½ of the class agreed, and H\u2082O boils at 100 \u00b0C.",
    "Caf\u00e9 and cafe\u0301 debates about the naïve reading of the Constitution.",
    "\ufeffPhotosynthesis needs light, water and carbon dioxide.",
])
def test_civil_text_with_invisible_or_compatibility_characters_stays_unflagged(text):
    assert check(text) == []


def test_folding_maps_every_folded_character_back_to_the_one_typed():
    text = "a\u200b\u200cb ﬁ e\u0301 𝐤 \u00ad"
    folded = fold(text)
    assert folded.text == "ab fi e k "
    assert [text[slice(*folded.span(i, i + 1))] for i in range(len(folded.text))] == [
        "a", "b", " ", "ﬁ", "ﬁ", " ", "e\u0301", " ", "𝐤", " "]
    assert folded.span(0, 2) == (0, 4)  # the invisible characters inside a word are highlighted with it
    assert fold("plain ascii").span(3, 7) == (3, 7)


def test_norms_check_endpoint_reports_a_hidden_threat_on_the_words_typed(client, make, login_as):
    school = make.school()
    login_as(school.maya)
    text = "I will k\u200cill you after school"
    body = client.post("/norms/check", json={"text": text}).get_json()
    assert [(f["category"], text[f["start"]:f["end"]]) for f in body["findings"]] == [
        ("threat", "I will k\u200cill you")]
    assert body["messages"][0]["words"] == ["I will k\u200cill you"]


def test_a_trusted_student_cannot_publish_a_threat_hidden_by_a_zero_width_character(client, make, login_as):
    school = make.school()
    trusted = make.student(school.classroom, "Tess", "Lee", consent=True, trusted=True)
    login_as(trusted)
    client.post(f"/prompts/{school.class_prompt.id}/respond",
                data={"body": "I will k\u200cill you after school", "action": "post_anyway"})
    post = db.session.scalar(db.select(Post).order_by(Post.id.desc()))
    assert post.status == PENDING and post.findings
