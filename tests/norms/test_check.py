"""The contract the app relies on: findings, messages, school word lists, reports and corpus scores."""
from __future__ import annotations

import json
from dataclasses import FrozenInstanceError

import pytest

from board.norms import CATEGORIES, MESSAGES, Finding, WordLists, _compiled, check
from board.norms.report import corpus_scores, read_corpus, to_json_line, to_readable


def test_findings_carry_rule_category_kind_message_and_offsets_into_the_original_text():
    text = "Honestly, you're an idiot and this is bullshit!!!"
    findings = check(text)
    assert [(f.rule, f.category, text[f.start:f.end]) for f in findings] == [
        ("attack-insult", "personal_attack", "you're an idiot"),
        ("profanity", "profanity", "bullshit"),
        ("shouting-exclaim", "shouting", "!!!"),
    ]
    assert findings[0].message == "Critique the idea, not the person."
    assert all(f.message == MESSAGES[f.category] and not f.blocking for f in findings)


def test_finding_is_frozen_and_serialises_to_the_agreed_keys():
    finding = check("shut up")[0]
    assert finding.to_dict() == {"rule": "shutdown-shut-up", "category": "shutdown",
                                 "message": MESSAGES["shutdown"], "start": 0, "end": 7, "blocking": False}
    with pytest.raises(FrozenInstanceError):
        finding.start = 3


def test_every_category_has_a_short_kind_message():
    assert set(MESSAGES) == set(CATEGORIES)
    assert all(len(message) < 100 and message.endswith(".") for message in MESSAGES.values())


def test_offsets_survive_unicode_before_the_finding():
    text = "Café résumé naïve 🙂 — ｆｕｃｋ that, “you’re an idiot”"
    assert [text[f.start:f.end] for f in check(text)] == ["ｆｕｃｋ", "you’re an idiot"]


def test_findings_are_sorted_and_overlaps_within_a_category_are_merged():
    text = "sh*t sh*t f u c k f***"
    findings = check(text)
    assert [f.start for f in findings] == sorted(f.start for f in findings)
    assert [text[f.start:f.end] for f in findings] == ["sh*t", "sh*t", "f u c k", "f***"]
    assert len({(f.start, f.end) for f in findings}) == len(findings)


def test_findings_of_different_categories_may_share_words():
    text = "shut the fuck up"
    assert {(f.category, text[f.start:f.end]) for f in check(text)} == {
        ("shutdown", "shut the fuck up"), ("profanity", "fuck")}


@pytest.mark.parametrize("text", ["", "   ", "\n", "Thank you for the thoughtful reply."])
def test_civil_and_empty_text_has_no_findings(text):
    assert check(text) == []


# -- school word lists --------------------------------------------------------------

SCHOOL = WordLists(
    block=("Frick", "Go Jump In A Lake", "bitch"),
    flag=("sus", "mid"),
    allow=("damn", "moby dick", "bastard"),
    version="2024-09-01",
)


@pytest.mark.parametrize("text, expected", [
    ("what the frick", [("school-block", "frick", True)]),
    ("FRICK this", [("school-block", "FRICK", True)]),
    ("just go jump in a lake", [("school-block", "go jump in a lake", True)]),
    ("just go  jump-in a LAKE", [("school-block", "go  jump-in a LAKE", True)]),
    ("that's kinda sus", [("school-flag", "sus", False)]),
    ("the movie was mid", [("school-flag", "mid", False)]),
    ("the middle of the movie", []),
    ("damn that's good", []),
    ("Moby Dick is long", []),
    ("what a bastard", []),
    ("b1tch please", [("school-block", "b1tch", True)]),
    ("fuck that", [("profanity", "fuck", False)]),
])
def test_school_lists(text, expected):
    assert [(f.rule, text[f.start:f.end], f.blocking) for f in check(text, SCHOOL)] == expected


def test_allow_overrides_better_profanitys_list_but_not_the_block_list():
    assert [f.rule for f in check("damn", WordLists())] == ["profanity"]
    assert check("damn", WordLists(allow=("damn",))) == []
    assert [f.rule for f in check("damn", WordLists(block=("damn",), allow=("damn",)))] == ["school-block"]


def test_school_lists_can_add_back_an_academic_word():
    assert check("the nazi regime") == []
    assert [f.rule for f in check("the nazi regime", WordLists(flag=("nazi",)))] == ["school-flag"]


def test_block_wins_over_other_profanity_findings_on_the_same_words():
    findings = check("you bitch", SCHOOL)
    assert [(f.rule, f.blocking, f.message) for f in findings if f.category == "profanity"] == [
        ("school-block", True,
         "Your school has asked that this word not be used here. Please choose another.")]


def test_word_lists_are_tidied_and_compiled_once_per_value():
    messy = WordLists(block=["  Frick ", "frick", ""], flag=("SUS",), version="v1")
    assert messy.block == ("frick",) and messy.flag == ("sus",)
    assert _compiled(messy) is _compiled(WordLists(block=("frick",), flag=("sus",), version="v1"))
    hash(messy)


# -- reports for the CLI ------------------------------------------------------------------

def test_json_line_has_exactly_the_agreed_shape():
    text = "ok boomer — «test»"
    line = to_json_line(text, check(text))
    assert "\n" not in line and "«test»" in line
    assert json.loads(line) == {"text": text, "findings": [
        {"rule": "shutdown-dismiss", "category": "shutdown", "message": MESSAGES["shutdown"],
         "start": 0, "end": 9}]}


def test_readable_report_names_category_words_and_message():
    assert to_readable("shut up", check("shut up")) == (
        'shut up\n  - shutdown (shutdown-shut-up): "shut up" [0:7] '
        "Keep the conversation open: everyone gets to speak.")
    assert to_readable("Thanks!", []) == "Thanks!\n  no findings"


# -- the labelled corpus --------------------------------------------------------------------

def test_corpus_has_at_least_150_labelled_sentences_of_every_kind():
    rows = read_corpus()
    assert len(rows) >= 150
    for category in CATEGORIES:
        assert sum(category in expected for expected, _ in rows) >= 10
    assert sum(not expected for expected, _ in rows) >= 100


def test_corpus_precision_and_recall():
    scores = corpus_scores()
    assert scores["overall"]["precision"] >= 0.95
    assert scores["overall"]["recall"] >= 0.90
    for category in CATEGORIES:
        assert scores[category]["precision"] >= 0.9, category
        assert scores[category]["recall"] >= 0.8, category


def test_finding_type_is_the_public_one():
    assert all(isinstance(f, Finding) for f in check("STOP YELLING AT ME"))


def test_a_draft_longer_than_any_post_is_refused_whole_with_a_message(client, make, login_as):
    """The live check never reads a part of a draft as if it were all of it."""
    school = make.school()
    login_as(school.maya)
    longest = client.application.config["POST_MAX_CHARS"]
    insult = "You are an idiot. "
    response = client.post("/norms/check", json={"text": "Fine words. " * (longest // 12) + insult})
    assert response.status_code == 413
    assert f"longer than {longest:,} characters" in response.get_json()["error"]
    response = client.post("/norms/check", json={"text": "Fine words. " * 10 + insult})
    assert response.status_code == 200 and response.get_json()["findings"]
