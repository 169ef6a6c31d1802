"""Each kind of incivility in the shapes it takes, and the same hard words where they stay civil.

The rules are written for a kind and its grammatical shapes, not for a sentence: every row of these tables is
a different shape of its kind (who is named, how, with which family of words).
"""
from __future__ import annotations

import re

import pytest

from board.discussions.highlight import messages
from board.norms import _RULE_MESSAGES, MESSAGES, check


def _categories(text: str) -> set[str]:
    return {f.category for f in check(text)} - {"privacy"}


def _rules(text: str) -> set[str]:
    return {f.rule for f in check(text)}


@pytest.mark.parametrize("text", [
    # a group of classmates, a name on its own, a vocative closing a clause, a greeting
    "you guys are such idiots", "ur all morons", "y'all are clowns", "morons, all of you",
    "idiot lol", "nice one, idiot", "sit down, clown", "hey loser, nice essay", "stupid kid", "what a dumb kid",
    "you're a sad little person", "you're literally a child", "what kind of idiot writes that",
    "idiots like you shouldn't be allowed to post",
    # questions and comparisons about someone's mind
    "is he stupid", "how can you be so stupid", "how are you so bad at this", "were you born this dumb",
    "you must be stupid if you believe that", "you're as dumb as you look", "you're not very bright are you",
    "not the sharpest tool in the shed", "zero brain cells", "she's so full of herself",
    # superlatives, "you suck", sarcasm that names the person
    "he is the dumbest kid in our class", "you're the worst", "you suck at everything", "you sound stupid",
    "thanks for nothing, genius", "oh great, mr perfect has spoken", "the class clown strikes again",
    "the person who wrote that is clueless", "stop being an idiot", "clown emoji for you",
    "you're a spoiled brat", "you're just jealous and ugly", "i can't believe how dumb you are",
    "nobody's as stupid as you", "your face is so ugly", "sure thing, einstein", "lol ok nerd", "bro is so dumb",
])
def test_name_calling_in_any_shape(text):
    assert "personal_attack" in _categories(text), text


@pytest.mark.parametrize("text", [
    "you're nothing", "you are a nobody", "you'll never amount to anything", "you can't do anything right",
    "can't you do anything right", "you're too dumb to understand", "you wouldn't understand",
    "why do you even bother", "why are you even in this class", "did you even go to school",
    "do you even know what a paragraph is", "is your brain even switched on", "you should be ashamed of this work",
    "nobody likes you", "your opinion means nothing", "you're never right about anything", "you know nothing.",
    "what's wrong with you", "a monkey could write a better essay", "my baby brother could write a better paragraph",
    "go back to kindergarten", "don't quit your day job", "lol who taught you to write",
    # the work
    "your essay is a disaster", "your story is boring and stupid", "this drawing is hideous",
    "this is the worst essay i've ever read", "what a joke of a post", "embarrassing effort tbh",
    "you call that a presentation? lol", "this is garbage, just like everything you post",
    "take this down, it's embarrassing", "this presentation was a complete waste of time",
    "your drawing looks like a 5 year old did it",
    "you clearly didn't read anything", "you're not smart enough for this discussion",
    "you literally never have a good idea", "you have no idea what you're talking about",
    "why would anyone listen to you", "pls never speak again", "you can't even do basic math",
    "you never know what you're talking about", "your answer is so wrong it's embarrassing",
])
def test_contempt_for_the_person_and_the_work(text):
    assert "personal_attack" in _categories(text), text


@pytest.mark.parametrize("text", [
    "girls are bad at math", "boys are dumber than girls", "women are worse leaders", "jews run everything",
    "atheists have no morals", "immigrants are ruining this country", "immigrants are taking our jobs",
    "refugees are stealing our jobs", "trans people aren't real", "disabled kids slow everyone down",
    "women belong in the kitchen", "girls are only good for cooking", "girls shouldn't play football",
    "every muslim is a terrorist", "people with adhd are just lazy", "christians are so judgemental",
    "people from that area are animals", "kids from the trailer park are trash", "feminists are crazy",
    "no girls allowed, they ruin everything", "all asians look the same", "only boys are good at coding",
    "mexicans are all drug dealers", "black people can't swim",
    # addressing someone as one of a disparaged group
    "you're gay lol", "stop being such a girl", "ok gay boy", "he's jewish so he's cheap",
    "she's a girl, she can't understand football", "you're only smart because you're asian",
    "what else would you expect from a foreigner", "go back to africa", "they should go back to mexico",
])
def test_identity_attacks_and_sweeping_statements(text):
    assert "identity_attack" in _categories(text), text


@pytest.mark.parametrize("text", [
    "what are you, special?", "they're vermin", "they're like rats", "you're acting autistic", "you're insane.",
    "she's crazy, don't listen to her", "that kid is a vegetable", "go back to your special class",
    "you guys are animals",
])
def test_ableist_and_dehumanising_words_about_a_person(text):
    assert "personal_attack" in _categories(text), text


@pytest.mark.parametrize("text", [
    "i wish you were dead", "i wish you were never born", "i wish you'd never joined this class",
    "hope you get cancer", "hope your house burns down", "i hope your phone gets stolen", "hope you get a zero",
    "i hope you have a terrible day", "i hope everyone forgets about you", "i hope you never come back",
    "i'd laugh if you failed", "nobody would care if you disappeared", "you deserve everything bad",
])
def test_wishing_harm_or_failure(text):
    assert "threat" in _categories(text), text


@pytest.mark.parametrize("text", [
    "your mum's so fat", "your family are all criminals", "your parents must hate you", "even your dog hates you",
    "no wonder your parents divorced", "your dad left for a reason", "does your mom know you're this dumb",
    "your dad probably can't read either", "your parents raised an idiot", "ask your mommy to help you",
    "does your dad even have a job", "stupidity runs in your family",
])
def test_attacks_on_family(text):
    assert "personal_attack" in _categories(text), text


@pytest.mark.parametrize("text", [
    "you'd better be careful.", "say that again, i dare you", "watch out tomorrow", "you'll regret saying that", "i'm going to tell everyone your secrets",
    "you won't see it coming", "i'll get you back for this",
])
def test_threats_without_naming_the_harm(text):
    assert "threat" in _categories(text), text


@pytest.mark.parametrize("text", [
    # the writer laughing at themselves, their pet or their little brother
    "i was such an idiot for forgetting my homework", "lol i'm such a nerd", "my cat is such a dummy",
    "we look like idiots in that photo haha", "i'm so dumb lol, i forgot my lunch",
    # the same words about things, animals, games and plans
    "this dog is so cute", "that joke was funny", "the monkey stole a banana", "this math problem is stupid hard",
    "i'll kill you at mario kart haha", "i'll kill you in fortnite later lol", "nobody asked for homework on friday", "you're crazy good at drawing", "you deserve to be happy",
    "i wish you were here", "i hope you get better soon", "i hope you get the part in the play",
    "my grandparents want to go back to poland", "you're nothing like your brother",
    "did you even see the game last night? crazy", "do you even know what time it is",
    # a claim named as a stereotype, a slur named to say it hurts
    "some people say girls can't do math, but that's false", "the stereotype that girls are bad at math is wrong",
    'the word "retard" is a slur', 'calling someone "retarded" is an insult and we shouldn\'t say it',
    'words like "retard" hurt people', 'the character yells "you\'re worthless" at his son',
    # history, literature, ideas
    "the dictator called his enemies vermin", "the king in the play is a fool",
    "i disagree, i think your point ignores the cost", "this argument is rubbish because the data is from 1990",
    "girls can play any sport they want", "disabled people shouldn't have to wait for ramps",
    "immigrants shouldn't be blamed for everything", "what's your problem with the proposal? i want to understand",
    "this idea isn't as stupid as you think", "you're not old enough to vote", "the test was so hard it's funny",
])
def test_the_same_hard_words_stay_civil(text):
    assert _categories(text) == set(), (text, [(f.rule, text[f.start:f.end]) for f in check(text)])


def test_a_slur_used_at_someone_is_still_profanity_though_named_elsewhere():
    assert "profanity" in _categories("you retard")
    assert "profanity" in _categories('he called me a "retard" and laughed')


# -- what the writer reads ------------------------------------------------------------------------------------

#: words that scold or punish; a reminder names the norm and suggests the move instead
_SCOLDING = re.compile(r"\b(?:shame|ashamed|bad|naughty|rude|mean|wrong|banned|punish\w*|report\w*|warning|"
                       r"not allowed|forbidden|disgusting|how dare|you should know better)\b|!", re.IGNORECASE)


@pytest.mark.parametrize("message", sorted({*MESSAGES.values(), *_RULE_MESSAGES.values()}))
def test_every_reminder_suggests_a_move_and_never_scolds(message):
    assert not _SCOLDING.search(message), message
    # the move is an instruction the writer can follow: a sentence in the imperative
    assert re.search(r"(?:^|[.:] )(?:critique|describe|choose|keep|say|leave|please choose|no need)", message,
                     re.IGNORECASE), message


def test_identity_attacks_have_their_own_message_and_it_names_groups():
    text = "girls are bad at math"
    shown = [entry["message"] for entry in messages(text, [f.to_dict() for f in check(text)])]
    assert shown == [MESSAGES["identity_attack"]]
    assert MESSAGES["identity_attack"] != MESSAGES["personal_attack"]
    assert "groups" in MESSAGES["identity_attack"]


@pytest.mark.parametrize("text, start", [
    ("they're vermin", "Words about disability"),
    ("you're acting autistic", "Words about disability"),
    ("i wish you were dead", "Wishing someone harm"),
    ("your parents must hate you", "Leave families out of it"),
    ("you can't do anything right", "Critique the idea, not the person"),
])
def test_each_kind_shows_the_reminder_written_for_it(text, start):
    assert any(f.message.startswith(start) for f in check(text)), [(f.rule, f.message) for f in check(text)]
