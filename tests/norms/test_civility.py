"""Civility: attacks on people, shutdowns, threats and shouting are found; critique of ideas is not."""
from __future__ import annotations

import pytest

from board.norms import check


def _found(text: str, category: str) -> list[str]:
    """Return the highlighted words of the findings in one category."""
    return [text[f.start:f.end] for f in check(text) if f.category == category]


@pytest.mark.parametrize("text, words", [
    ("you're an idiot if you think that", "you're an idiot"),
    ("what a moron", "what a moron"),
    ("that's the dumbest take in this thread", "the dumbest take"),
    ("that's the dumbest thing I've ever read", "that's the dumbest thing"),
    ("ur so dumb it hurts", "ur so dumb"),
    ("only an idiot would think taxes pay for themselves", "only an idiot would"),
    ("you are such a loser lol", "you are such a loser"),
    ("you clown, read the article", "you clown"),
    ("your argument is trash", "your argument is trash"),
    ("what a stupid take", "what a stupid take"),
    ("anyone who believes that is stupid", "anyone who believes that is stupid"),
    ("she's so stupid she thinks the sun goes around us", "she's so stupid"),
    ("your an idiot", "your an idiot"),
    ("tyler is a clown for saying that", "tyler is a clown"),
    ("did you even read the article", "did you even read"),
    ("lol ok genius, whatever you say", "ok genius"),
    ("u r the dumbest person ive ever met", "u r the dumbest"),
])
def test_personal_attacks(text, words):
    assert _found(text, "personal_attack") == [words]


@pytest.mark.parametrize("text", [
    "that argument is weak", "I disagree strongly", "this is a really bad policy and it will hurt families",
    "your argument would be stronger with a source", "honestly i think you're wrong about this",
    "this might be a stupid question but what is federalism",
    "the dumbest thing Napoleon did was invade Russia",
    "the whole thread is missing the point", "This is such a weak argument, you need evidence.",
    "he was a cruel king", "the ugly duckling", "vitamin a and d are fat soluble",
    "fat is part of a healthy diet",
    "i think the idea is dumb but i get why people like it",
])
def test_critique_of_ideas_is_not_an_attack(text):
    assert _found(text, "personal_attack") == []


@pytest.mark.parametrize("text, words", [
    ("shut up", "shut up"),
    ("nobody asked you", "nobody asked you"),
    ("no one cares", "no one cares"),
    ("go back to where you came from", "go back to where you came from"),
    ("stay in your lane", "stay in your lane"),
    ("whatever, you're wrong", "whatever, you're wrong"),
    ("who cares lol", "who cares"),
    ("keep your opinion to yourself", "keep your opinion to yourself"),
    ("ok boomer", "ok boomer"),
    ("dont care didnt ask", "dont care didnt ask"),
    ("Just stop talking.", "Just stop talking"),
    ("shut the hell up", "shut the hell up"),
    ("mind your own business", "mind your own business"),
])
def test_shutdowns(text, words):
    assert _found(text, "shutdown") == [words]


@pytest.mark.parametrize("text", [
    "it seems like no one cares about climate change until it affects them",
    "who cares for the elderly when their kids move away?", "the library should be quiet during testing",
    "the pain will go away if you rest", "we should stop talking about this in the abstract",
    "the factory was shut down in 1980", "I didn't ask for this assignment but here we go",
])
def test_ordinary_sentences_are_not_shutdowns(text):
    assert _found(text, "shutdown") == []


@pytest.mark.parametrize("text, words", [
    ("I'll hurt you", "I'll hurt you"),
    ("you'd better watch out", "you'd better watch out"),
    ("I know where you live", "I know where you live"),
    ("I'm going to beat you up after school", "I'm going to beat you up"),
    ("imma find you at lunch", "imma find you"),
    ("i swear ill kill you", "ill kill you"),
    ("you'll regret this", "you'll regret this"),
    ("kys", "kys"),
    ("ur lucky we're online or i'd smack you", "i'd smack you"),
])
def test_threats(text, words):
    assert _found(text, "threat") == [words]


@pytest.mark.parametrize("text", [
    "the soldiers were killed at the Somme", "a killer whale is a dolphin", "he killed the mockingbird",
    "In To Kill a Mockingbird, Tom Robinson is killed", "I'm going to kill this test tomorrow",
    "i'll find the source and post it later", "I'll beat you at chess any day", "I'll hit you up later",
    "I will fight for what I believe in", "you're dead wrong about the date", "shoot you an email tonight",
])
def test_killing_in_history_and_idioms_are_not_threats(text):
    assert _found(text, "threat") == []


@pytest.mark.parametrize("text, words", [
    ("THIS IS SO UNFAIR", ["THIS IS SO UNFAIR"]),
    ("I AM SO DONE WITH THIS THREAD", ["I AM SO DONE WITH THIS THREAD"]),
    ("that is NOT WHAT THE AUTHOR MEANT", ["NOT WHAT THE AUTHOR MEANT"]),
    ("STOP LYING about the vote", ["STOP LYING"]),
    ("this is so wrong!!!", ["!!!"]),
    ("seriously?!?!?!", ["?!?!?!"]),
    ("WHAT!!!!", ["!!!!"]),
])
def test_shouting(text, words):
    assert _found(text, "shouting") == words


@pytest.mark.parametrize("text", [
    "NASA and the FBI worked with the NAACP in WWII", "the USA and USSR", "FBI CIA NSA", "I think so",
    "I read IT by Stephen King", "Really? Wow!", "wow!!", "the UN and EU met in NYC", "A NASA probe",
    "COVID-19 closed schools in 2020",
])
def test_acronyms_and_single_capitals_are_not_shouting(text):
    assert _found(text, "shouting") == []
