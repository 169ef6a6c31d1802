"""Civility: name-calling, demeaning what a classmate wrote, shutting people down, threats and shouting."""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from board.norms.folding import squeeze_spaces
from board.norms.profanity import lower

#: what every detector returns: (rule, category, start, end)
Hit = tuple[str, str, int, int]
#: more rows to run on the same lower-cased, squeezed text: returns hits in its offsets
MoreRows = Callable[[str], Iterable[Hit]]


def _words(text: str) -> str:
    """Turn a space-separated list into a regex alternation, longest first ("_" stands for a space)."""
    return "(?:" + "|".join(sorted(text.split(), key=len, reverse=True)).replace("_", r"\s+") + ")"


# Name-calling is a finding when it lands on a person (you, he, she, "only an
# idiot would"), or demeans what a classmate wrote ("the dumbest take in this
# thread"). Strong words about an idea ("that argument is weak", "I disagree
# strongly") are the discussion working, so they are not findings.
# Every pattern runs on lower-cased text; each row is one family of phrases.

_A = r"\s*'?\s*"  # an apostrophe, typed or not: "you're", "youre", "you re"
_YOU_ARE = (rf"(?:you{_A}re|you\s+are|you\s+r|u\s+r|u\s+are|ur|youre|ure|you\s+sound\s+like"
            r"|you\s+look\s+like)")
_HE_IS = rf"(?:he{_A}s|she{_A}s|he\s+is|she\s+is)"
_THEY_ARE = rf"(?:they{_A}re|they\s+are|theyre)"
_YOU = r"(?:you|u)"
_YOUR = r"(?:your|ur)"
# no word here is another's first words ("so" is in "so+", "such a" is "such" then "a"): a run of them
# splits into words one way only, so a long run never makes the regex try every split
_SO_WORDS = _words("""a an the so+ most such really literally actually just totally honestly clearly
    obviously being acting_like like lowkey straight_up kinda kind_of complete total absolute biggest fucking
    freaking effing genuinely deadass fr""")
# at most four: a try may start at any "such a" of a long run of them, and must not read the whole run
_SO = rf"(?:\s+(?>{_SO_WORDS})\b){{0,4}}"
_NOUNS = _words("""idiot idiots moron morons loser losers clown clowns fool fools dummy dummies dumbo imbecile
    imbeciles jerk jerks weirdo weirdos freak freaks creep creeps bozo bozos dork dorks muppet troll trolls
    npc simp snowflake coward cowards hypocrite hypocrites liar liars crybaby crybabies brat brats pig pigs
    dunce nitwit halfwit dimwit numbskull airhead bonehead meathead joke waste_of_space thug thugs sissy
    doofus nimrod ninny""")
_ADJECTIVES = _words("""stupid dumb idiotic moronic pathetic ugly fat worthless useless clueless brainless
    braindead brain_dead ignorant dense delusional annoying cringe cringey cringy trash garbage lame hopeless
    psycho dopey dumber stupider dumbest stupidest""")
# adjectives that describe things as often as people stay out of "he is ..." (dense, useless, fat-soluble)
_PERSON_ADJECTIVES = _words("""stupid dumb idiotic moronic pathetic ugly clueless brainless braindead annoying
    cringe""")
_PLURAL_NOUNS = _words("""idiots morons losers clowns fools imbeciles jerks weirdos freaks dorks hypocrites
    liars""")
# "you idiot" needs nouns that are not also verbs ("you joke a lot", "you troll")
_VOCATIVE = _words("""idiot idiots moron morons loser losers clown clowns fool fools dummy imbecile jerk
    weirdo bozo dork muppet nitwit halfwit dimwit numbskull dunce coward cowards hypocrite liar liars crybaby
    brat doofus""")
_CONTRIBUTION = _words("take takes comment comments post posts reply replies response responses answer")
_IDEA = _words("idea ideas argument arguments point points logic reasoning opinion opinions")
_EVER = rf"(?:i{_A}ve\s+ever|ive\s+ever|i\s+have\s+ever)"
_THING = (rf"thing\s+(?:to\s+say|{_YOU}(?:{_A}ve|\s+have)?\s+(?:said|wrote|written|posted)|{_EVER}|ever"
          r"|anyone|in\s+this)")
_DEMEANING = _words("""dumbest stupidest dummest most_idiotic most_braindead most_moronic most_ignorant
    most_pathetic""")
_DISMISSIVE = _words("stupid dumb idiotic moronic braindead trash garbage dogshit pathetic laughable cringe")
_POINTING = (rf"(?:that{_A}s|thats|that\s+is|this\s+is|this{_A}s|what\s+an?|such\s+an?|{_YOUR}"
             r"|you\s+have)")
_AUDIENCE = (rf"(?:in\s+(?:this|the)\s+(?:thread|class|discussion|chat)|here|{_EVER}|ever"
             r"|anyone\s+(?:has\s+)?(?:said|written|posted))")
_END = r"(?=\s*(?:[.?!,;:]|$|(?:lol|lmao|bro|tbh|honestly|tho|dude|man)\b))"
# at most four words before the order: every line of "please\nplease\n..." starts a try
_IMPERATIVE = r"(?:^|[.!?]\s*|\n\s*)(?:(?:just|pls|plz|please|bro|dude|omg|lol|so|like|ok|okay)\s+){0,4}"
_NOBODY = r"(?:nobody|no\s+one|noone|no1)"
_DONT = r"(?:do\s*n'?t|do\s+not|dont)"

_PERSONAL_ATTACK = [
    ("attack-insult", rf"\b{_YOU_ARE}{_SO}\s+(?:{_NOUNS}|{_ADJECTIVES})\b"),
    ("attack-insult", rf"\byour(?:\s+(?>{_SO_WORDS})\b){{1,4}}\s+(?:{_NOUNS}|{_ADJECTIVES})\b"),  # "your an idiot"
    ("attack-insult", rf"\b{_HE_IS}{_SO}\s+(?:{_NOUNS}|{_PERSON_ADJECTIVES})\b"),
    ("attack-insult", rf"\b{_THEY_ARE}{_SO}\s+{_PLURAL_NOUNS}\b"),
    # "tyler is a clown", "the senator is an idiot"
    ("attack-insult", rf"\b\w+\s+is\s+(?:an?|such\s+an?|the\s+biggest|an?\s+(?:total|complete|absolute))"
                      rf"\s+{_VOCATIVE}\b"),
    ("attack-insult", rf"\b(?:you|u|ya)\s+(?:(?:absolute|complete|total|stupid|dumb|little|fat|ugly|lying"
                      rf"|fucking|freaking)\s+)*{_VOCATIVE}\b"),
    ("attack-insult", rf"\b(?:ok|okay|sure|sure\s+thing|alright|bye|yeah\s+ok)\s*,?\s+(?:{_VOCATIVE}|genius|einstein"
                      r"|sherlock|smart\s+guy|big\s+brain|nerd|weirdo)\b"),
    ("attack-insult", r"\b(?:iq\s+of\s+an?\s+\w+|room\s+temperature\s+iq|negative\s+iq)\b"),
    ("attack-insult", rf"\b(?:what|such)\s+an?\s+(?:(?:absolute|complete|total|massive|huge)\s+)?"
                      rf"{_VOCATIVE}\b"),
    ("attack-insult", rf"\bonly\s+(?:an?\s+)?(?:(?:complete|total|absolute)\s+)?(?:{_NOUNS}|dumbass|dumbasses"
                      r"|someone\s+stupid|stupid\s+people)\s+(?:would|could|thinks?|believes?)\b"),
    ("attack-insult", r"\b(?:anyone|anybody|everyone|everybody|people|ppl|whoever|those|all)\s+who\s+"
                      rf"(?:\w+\s+){{1,8}}?(?:is|are){_SO}\s+(?:{_NOUNS}|{_PERSON_ADJECTIVES})\b"),
    ("attack-insult", rf"\b(?:are|r)\s+{_YOU}\s+(?:(?:really|actually|just|that|this)\s+)?"
                      r"(?:stupid|dumb|slow|an\s+idiot|a\s+moron|blind)\b"),
    ("attack-insult", r"\blearn\s+(?:how\s+)?to\s+read\b"),
    ("attack-insult", rf"\b(?:can|do|did)\s+{_YOU}\s+even\s+(?:read|think)\b"),
    ("attack-insult", rf"\b(?:use\s+{_YOUR}\s+brain|get\s+a\s+brain|(?:no|two)\s+brain\s+cells?)\b"),
    ("attack-insult", r"\bimagine\s+(?:actually\s+)?(?:thinking|believing|being\s+(?:this|so))\b"),
    ("attack-demean", rf"\b(?:the\s+)?{_DEMEANING}\s+{_CONTRIBUTION}\b"),
    ("attack-demean", rf"\b{_POINTING}\s+(?:\w+\s+){{0,2}}?{_DEMEANING}\s+(?:{_IDEA}|thing)\b"),
    ("attack-demean", rf"\b(?:the\s+)?{_DEMEANING}\s+(?:{_IDEA}|thing)\s+{_AUDIENCE}"),
    ("attack-demean", rf"\b(?:the\s+)?(?:{_DEMEANING}|worst|lamest|cringiest)\s+{_THING}"),
    ("attack-demean", rf"\b(?:the\s+)?(?:worst|lamest|cringiest)\s+(?:{_CONTRIBUTION}|{_IDEA})"
                      rf"\s+{_AUDIENCE}"),
    ("attack-demean", rf"\b{_POINTING}{_SO}\s+{_DISMISSIVE}\s+(?:{_CONTRIBUTION}|{_IDEA}|{_THING})\b"),
    ("attack-demean", rf"\b{_YOUR}\s+(?:{_CONTRIBUTION}|{_IDEA})\s+(?:is|are|r|was)"
                      rf"{_SO}\s+(?:{_DISMISSIVE}|a\s+joke|bs|shit|dog\s*shit)\b"),
    ("attack-demean", r"\b(?:an?\s+)?(?:l|cringe|trash|garbage|braindead|clown|dogshit)\s+takes?\b"),
    ("attack-demean", rf"\b(?:that{_A}s|thats|that\s+is|this\s+is|it{_A}s|its)\s+so\s+gay\b"),
]

_SHUTDOWN = [
    ("shutdown-shut-up", r"\bshut\s+(?:the\s+\w+\s+)?up\b"),
    ("shutdown-shut-up", rf"\bshut\s+(?:it|{_YOUR}\s+(?:mouth|face|trap))\b"),
    ("shutdown-shut-up", rf"\bkeep\s+{_YOUR}\s+(?:mouth|trap)\s+shut\b"),
    ("shutdown-shut-up", r"\b(?:stfu|zip\s+it)\b"),
    # "nobody asked for homework" is not "nobody asked for your opinion"
    ("shutdown-nobody-asked", rf"\b{_NOBODY}\s+(?:asked(?!\s+for\s+(?!(?:your|ur)\b))|wants\s+to\s+hear|wants\s+your"
                              rf"|is\s+talking\s+to\s+{_YOU})\b(?:\s+(?:you|u|for\s+your\s+opinion))?"),
    ("shutdown-nobody-asked", rf"\b(?:nobody|no\s+one)\s*'\s*s\s+talking\s+to\s+{_YOU}\b"),
    ("shutdown-nobody-asked", rf"\b(?:{_NOBODY}|who)\s+(?:asked|cares){_END}"),
    ("shutdown-nobody-asked", rf"\b{_NOBODY}\s+cares\s+(?:about\s+)?(?:{_YOUR}|what\s+{_YOU})\b"),
    ("shutdown-nobody-asked", rf"\bwho\s+asked\s+{_YOU}\b"),
    ("shutdown-nobody-asked", rf"\b{_DONT}\s+care\s*,?\s*did\s*n'?t\s+ask\b"),
    ("shutdown-nobody-asked", rf"\bdid\s*n'?t\s+ask{_END}"),
    ("shutdown-nobody-asked", r"\bdid\s+(?:anyone|anybody)\s+ask\b"),
    ("shutdown-nobody-asked", rf"\b{_NOBODY}\s+gives\s+a\s+\w+\b"),
    ("shutdown-nobody-asked", rf"\bi\s+{_DONT}\s+care\s+what\s+{_YOU}\s+(?:think|say)\b"),
    ("shutdown-lane", rf"\b(?:stay\s+in\s+{_YOUR}\s+lane|know\s+{_YOUR}\s+place)\b"),
    ("shutdown-lane", rf"\bmind\s+{_YOUR}\s+(?:own\s+)?business\b"),
    ("shutdown-go-away", rf"\bgo\s+back\s+to\s+(?:where\s+{_YOU}\s+came\s+from"
                         rf"|{_YOUR}\s+(?:own\s+)?country)\b"),
    ("shutdown-go-away", r"\b(?:get\s+out\s+of|leave)\s+(?:this|the)\s+(?:thread|chat|class|discussion)\b"),
    ("shutdown-go-away", rf"\bnobody\s+wants\s+{_YOU}\s+here\b"),
    ("shutdown-go-away", r"\bsit\s+(?:tf\s+)?down\s*,?\s+(?:kid|bro|buddy|pal|dude|lil\s+bro)\b"),
    ("shutdown-go-away", rf"{_IMPERATIVE}(?:go\s+away|get\s+lost|be\s+quiet|(?:stop|quit)\s+talking)\b"),
    ("shutdown-no-say", rf"\b{_YOU}\s+{_DONT}\s+get\s+(?:a|an)\s+(?:say|opinion|vote)\b"),
    ("shutdown-no-say", rf"\b{_YOUR}\s+opinion\s+(?:does\s*n'?t|does\s+not|dont|doesnt)"
                        r"\s+(?:matter|count)\b"),
    ("shutdown-no-say", rf"\b{_YOUR}\s+opinion\s+is\s+(?:irrelevant|invalid|worthless)\b"),
    ("shutdown-no-say", rf"\bkeep\s+{_YOUR}\s+opinions?\s+to\s+(?:yourself|urself)\b"),
    ("shutdown-no-say", r"\b(?:end\s+of\s+(?:discussion|story)|stay\s+out\s+of\s+(?:it|this))\b"),
    ("shutdown-no-say", r"\b(?:this|the)\s+(?:conversation|discussion)\s+is\s+over\b"),
    ("shutdown-no-say", r"\bstop\s+(?:replying|posting|commenting)\b"),
    ("shutdown-dismiss", rf"\bwhatever\s*[,.]?\s+{_YOU_ARE}\s+(?:wrong|dumb|stupid)\b"),
    ("shutdown-dismiss", r"\b(?:ok(?:ay)?\s+boomer|cope\s+(?:and|&)\s+seethe|cope\s+harder|stay\s+mad)\b"),
    ("shutdown-dismiss", r"\b(?:cry\s+about\s+it|go\s+cry|touch\s+grass|l\s*\+\s*ratio)\b"),
    ("shutdown-dismiss", rf"\b(?:just\s+cope|cry\s+more){_END}"),
    ("shutdown-dismiss", r"\bratio(?:ed)?\s*$"),
]

_I_WILL = (rf"(?:i{_A}ll|i\s+will|i\s+shall|i{_A}d|i\s+would|i\s+gonna|i{_A}ma|imma|ima"
           rf"|(?:i{_A}m|im|i\s+am)\s+(?:going\s+to|gonna|gunna|about\s+to|bout\s+to|finna|coming\s+to)"
           rf"|we{_A}ll|we\s+will|we{_A}re\s+(?:going\s+to|gonna)"
           r"|(?:someone|somebody)(?:\s*'\s*s|\s+is)\s+(?:gonna|going\s+to))")
_TARGET = rf"(?:you|u|ya|yall|y'all|him|her|them|{_YOUR}\s+(?:face|head|ass|family|neck|legs?|arms?|house))"
# "I'll kill you at chess": beating someone at a game
_GAME = _words("""in_fortnite in_minecraft in_roblox in_mario_kart in_smash in_fifa in_chess at_roblox at_chess at_mario_kart at_mario at_fortnite at_minecraft at_uno at_monopoly at_checkers at_ping_pong
    at_cards at_smash at_kahoot at_trivia at_fifa at_tennis at_pool at_this_game at_the_game at_video_games
    at_basketball at_football at_soccer at_scrabble at_bowling in_the_race in_the_game in_the_debate at_the_debate""")

_HARM = (r"(?:(?:hurt|kill|murder|stab|punch|slap|smack|strangle|choke|jump|fight|end|rape|bash|break"
         r"|shoot|hit"
         rf"|beat\s+(?:up|the\s+\w+\s+out\s+of))\s+{_TARGET}(?!\s+(?:up|an?|{_GAME})\b)"
         rf"|(?:find|come\s+for|come\s+after)\s+{_YOU}\b|beat\s+(?:you|u|him|her|them)\s+up"
         rf"|beat\s+{_YOUR}\s+(?:ass|face|head|butt)"
         rf"|(?:mess|knock)\s+{_YOU}\s+(?:up|out)|make\s+{_YOU}\s+(?:pay|regret|sorry|cry|bleed))")

_THREAT = [
    ("threat", rf"\b{_I_WILL}\s+(?:\w+\s+){{0,2}}?{_HARM}"),
    ("threat", rf"\b(?:you|u|ya|you{_A}d|you\s+had|ud)\s+(?:better|betta|best)\s+watch\s+"
               rf"(?:out|{_YOUR}\s+back|yourself|urself|it)\b"),
    ("threat", rf"\bwatch\s+(?:{_YOUR}\s+back|yourself)\b"),
    ("threat", rf"\bi\s+know\s+(?:where|what\s+\w+|which\s+\w+)\s+{_YOU}\s+(?:live|take|ride|sit|walk)\b"),
    ("threat", rf"\b{_YOU_ARE}\s+(?:going\s+to|gonna|gunna)\s+get\s+(?:hurt|jumped|beaten|beat\s+up|stabbed"
               r"|shot|killed|merked)\b"),
    ("threat", rf"\b(?:you{_A}d\s+|you\s+|u\s+)?(?:better|betta)\s+not\s+(?:show\s+up|come\s+to\s+school"
               r"|show\s+(?:your|ur)\s+face)\b"),
    ("threat", rf"\bwait\s+(?:until|till|til)\s+i\s+(?:see|catch|get)\s+{_YOU}\b"),
    ("threat", r"\bsay\s+(?:it|that)\s+to\s+my\s+face\b"),
    ("threat", rf"\b{_YOU}\s+(?:wo\s*n'?t|will\s+not|wont)\s+be\s+(?:laughing|smiling)\b"),
    ("threat", rf"\b(?:sleep\s+with\s+one\s+eye\s+open|(?:i{_A}m|im)\s+coming\s+for\s+{_YOU})\b"),
    ("threat", rf"\b{_YOU_ARE}\s+(?:so\s+)?(?:dead(?!\s+(?:wrong|right|serious|on|tired|set|last|end))"
               r"|dead\s+meat|(?:going\s+to|gonna)\s+(?:die|pay|regret\s+(?:this|that|it|saying|posting"
               r"|writing)))\b"),
    ("threat", rf"\b(?:you{_A}ll|you\s+will|u\s+will|ull)\s+(?:regret|pay\s+for)\s+(?:this|that|it)\b"),
    ("threat", rf"\b(?:kys|kill\s+(?:yourself|urself|ur\s+self)|go\s+die"
               rf"|(?:hope|wish)\s+{_YOU}\s+(?:die|dies)|drop\s+dead|unalive\s+(?:yourself|urself))\b"),
]

_CATEGORY = {"attack": "personal_attack", "shutdown": "shutdown", "threat": "threat"}


def _compile(rules: list[tuple[str, str]]) -> re.Pattern:
    """Compile a category's rows into one pattern that tests the leading word boundary once.

    With the boundary outside the alternation the regex engine skips the middle of words, and each
    row then fails on its first letter: several times faster than one pass per row.
    """
    bounded = [f"(?:{source[2:]})" for _, source in rules if source.startswith(r"\b")]
    other = [f"(?:{source})" for _, source in rules if not source.startswith(r"\b")]
    return re.compile(r"\b(?:" + "|".join(bounded) + ")" + "".join("|" + o for o in other), re.MULTILINE)


# compiled for lower-cased text: IGNORECASE would double the time
_PATTERNS = [
    (_CATEGORY[category], _compile(rules), [(rule, re.compile(source, re.M)) for rule, source in rules])
    for category, rules in (("attack", _PERSONAL_ATTACK), ("shutdown", _SHUTDOWN), ("threat", _THREAT))
]
_LEADING = re.compile(r"[\s.!?]+")


#: past this many matches of one pattern in a text, words already named keep their rule's name
NAMED_ONE_BY_ONE = 32


def named_matches(pattern: re.Pattern, rules: list[tuple[str, re.Pattern]],
                  lowered: str) -> Iterable[tuple[str, int, int]]:
    """Yield (rule, start, end) for each match of a category's combined pattern.

    The rule is named after the fact by trying its rows where the match starts: matches are rare, and
    groups would slow every row. A text made of the same insult over and over would make naming the
    whole cost, so after the first few matches the same words take the name they had before.
    """
    names: dict[str, str] = {}
    for count, match in enumerate(pattern.finditer(lowered)):
        start, end = match.span()
        rule = names.get(match.group()) if count >= NAMED_ONE_BY_ONE else None
        if rule is None:
            rule = names[match.group()] = next((r for r, p in rules if p.match(lowered, start)), rules[0][0])
        # imperative rows and standalone insults begin at the sentence break; highlight the words only
        lead = _LEADING.match(lowered, start, end)
        yield rule, (lead.end() if lead else start), end


def find(text: str, more: MoreRows | None = None) -> list[Hit]:
    """Return civility hits: personal attacks, shutdown phrases, threats and shouting, and those of `more`."""
    hits: list[Hit] = []
    squeezed = squeeze_spaces(lower(text))
    lowered = squeezed.text
    for category, pattern, rules in _PATTERNS:
        hits += [(rule, category, *squeezed.span(start, end))
                 for rule, start, end in named_matches(pattern, rules, lowered)]
    if more:
        hits += [(rule, category, *squeezed.span(start, end)) for rule, category, start, end in more(lowered)]
    return hits + shouting(text)


# -- shouting -------------------------------------------------------------------
# A run of capitals is shouting when at least two of its words are ordinary
# words; acronyms (NASA, FBI, NAACP, WWII) and single capitalised words are not.

ACRONYMS = frozenset("""
    NASA USA US UK EU UN FBI CIA NSA NAACP ACLU NATO USSR UAE WWI WWII WW NYC LA DC DNA RNA CEO GDP AI TV PE
    ELA APUSH SAT ACT GPA AP IB MLK JFK FDR LBJ NFL NBA MLB NHL FIFA OK LOL OMG TBH IMO IMHO NGL IDK BTW FYI
    ASAP PSA HIV AIDS WHO CDC EPA NRA ICE IRS DOJ DOD UNESCO UNICEF OPEC COVID SARS LGBT LGBTQ BLM BC AD BCE
    CE PM AM ID CPR STEM PTA NPR BBC CNN PBS HBO USB PDF PC IQ ADHD OCD PTSD UV CO DIY FAQ RSVP GOP DNC RNC
    SCOTUS POTUS NGO EV ATM SUV
""".split())
_ROMAN = re.compile(r"M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
_CAPS_WORD = re.compile(r"(?<![A-Za-z0-9])[A-Z](?:[A-Z']*[A-Z])?(?![A-Za-z0-9])")
_BETWEEN_CAPS = re.compile(r"[\s,;:.!?\"()\-]{1,4}")
# "?!?!!!1": leading question marks, then three or more "!" each with the "?" and "1" after it. A try
# never starts inside a run of "?" (the run's start gives the same match), so "????..." costs one pass
_EXCLAIM = re.compile(r"(?<!\?)\?*+(?:![?1]*+){3,}")


def _is_shouty(word: str) -> bool:
    return len(word) >= 2 and word not in ACRONYMS and not _ROMAN.fullmatch(word)


def shouting(text: str) -> list[Hit]:
    """Return runs of capitalised words and runs of three or more exclamation marks."""
    hits: list[Hit] = []
    runs: list[list[re.Match]] = []
    for word in _CAPS_WORD.finditer(text):
        if runs and _BETWEEN_CAPS.fullmatch(text, runs[-1][-1].end(), word.start()):
            runs[-1].append(word)
        else:
            runs.append([word])
    for run in runs:
        shouty = [w.group() for w in run if _is_shouty(w.group())]
        if len(shouty) >= 2 and (len(run) >= 3 or sum(map(len, shouty)) >= 8):
            hits.append(("shouting-caps", "shouting", run[0].start(), run[-1].end()))
    hits += [("shouting-exclaim", "shouting", *m.span()) for m in _EXCLAIM.finditer(text)]
    return hits
