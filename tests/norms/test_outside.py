"""Sentences written apart from the rules: the development half keeps what the rules reached, the test half is
only measured (`python -m bench.norms_bench` prints both; the test half is never tuned on)."""
from __future__ import annotations

import hashlib

import pytest

from board.discussions.highlight import messages
from board.norms import MESSAGES, check
from board.norms.report import OUTSIDE, outside_scores, read_outside

#: what the rules reached on the development half: a floor, so that new rules may only raise it
DEV_UNCIVIL_RECALL = 1.0
DEV_CIVIL_FALSE_REMINDERS = 0.0
DEV_CATEGORY_RECALL = {"insult": 1.0, "contempt": 1.0, "identity_attack": 1.0, "ableist_dehumanising": 1.0,
                       "wish_harm": 1.0, "family_attack": 1.0, "threat": 1.0, "profanity": 1.0}


def test_the_set_has_600_sentences_and_as_many_civil_as_uncivil():
    rows = read_outside("dev") + read_outside("test")
    labels = [label for _, label, _ in rows]
    assert len(rows) >= 600
    assert labels.count("civil") >= labels.count("uncivil") >= 300


def test_each_sentence_stays_in_the_half_its_text_drew():
    # the split was drawn once from the text; moving a sentence between halves would hide a failure
    for line in OUTSIDE.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or line.startswith("text\t"):
            continue
        text, _, _, half = line.split("\t")
        assert half == ("dev" if hashlib.sha256(text.encode()).digest()[0] % 2 == 0 else "test"), text


def test_development_half_keeps_what_the_rules_reached():
    scores = outside_scores("dev")
    assert scores["uncivil"]["rate"] >= DEV_UNCIVIL_RECALL
    assert scores["civil"]["rate"] <= DEV_CIVIL_FALSE_REMINDERS
    assert scores["private"]["rate"] == 1.0
    for category, floor in DEV_CATEGORY_RECALL.items():
        assert scores[category]["rate"] >= floor, category


def test_test_half_is_measured(capsys):
    scores = outside_scores("test")
    assert scores["uncivil"]["n"] >= 140 and scores["civil"]["n"] >= 140
    with capsys.disabled():
        print("\noutside set, test half (measured, never tuned on): "
              + ", ".join(f"{name} {s['hit']:.0f}/{s['n']:.0f}" for name, s in sorted(scores.items())))


def _categories(text: str) -> set[str]:
    return {f.category for f in check(text)}


@pytest.mark.parametrize("text, category", [
    ("moron.", "personal_attack"),
    ("the boy who sits by the window is a total loser", "personal_attack"),
    ("sure buddy, you really cracked the case", "personal_attack"),
    ("can you even spell your own name", "personal_attack"),
    ("your slides are rubbish", "personal_attack"),
    ("please delete this post", "personal_attack"),
    ("immigrants are lazy", "identity_attack"),
    ("girls can't lead", "identity_attack"),
    ("typical foreigner", "identity_attack"),
    ("you're so autistic", "personal_attack"),
    ("i hope you fail", "threat"),
    ("your dad must be so ashamed", "personal_attack"),
])
def test_each_kind_of_attack_is_found(text, category):
    assert category in _categories(text)


@pytest.mark.parametrize("text", [
    "the tsar was a cruel fool who starved his people",
    "in the story the prince is a coward and a liar",
    'my cousin said "girls can\'t do science", which is a stereotype',
    "immigrants are more likely to start a business",
    "girls couldn't vote in many countries until the 1900s",
    "i hope you feel better",
    "your mom is so kind",
    "this argument is rubbish because the data is from 1990",
])
def test_the_same_words_about_an_idea_a_character_or_history_stay_civil(text):
    assert _categories(text) - {"privacy"} == set()


def test_identity_attacks_wishes_and_families_have_their_own_message():
    text = "immigrants are lazy. i hope you fail. your mum should be ashamed."
    shown = {entry["message"] for entry in messages(text, [f.to_dict() for f in check(text)])}
    assert MESSAGES["identity_attack"] in shown
    assert MESSAGES["identity_attack"].startswith("Describe actions, not groups of people")
    assert any(message.startswith("Wishing someone harm") for message in shown)
    assert any(message.startswith("Leave families out of it") for message in shown)
