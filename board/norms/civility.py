"""Civility: name-calling, demeaning a classmate's contribution, shutting people down, threats and shouting."""
from __future__ import annotations

import re

#: what every detector returns: (rule, category, start, end)
Hit = tuple[str, str, int, int]


def _words(text: str) -> str:
    """Turn a space-separated list into a regex alternation, longest first ("_" stands for a space)."""
    return "(?:" + "|".join(sorted(text.split(), key=len, reverse=True)).replace("_", r"\s+") + ")"


# Name-calling is a finding when it lands on a person (you, he, she, "only an
# idiot would"), or demeans what a classmate wrote ("the dumbest take in this
# thread"). Strong words about an idea ("that argument is weak", "I disagree
# strongly") are the discussion working, so they are not findings.

_APOSTROPHE = r"\s*'?\s*"
_YOU_ARE = rf"(?:you{_APOSTROPHE}re|you\s+are|you\s+r|u\s+r|u\s+are|ur|youre|ure|you\s+sound\s+like|you\s+look\s+like)"
_HE_IS = rf"(?:he{_APOSTROPHE}s|she{_APOSTROPHE}s|he\s+is|she\s+is)"
_THEY_ARE = rf"(?:they{_APOSTROPHE}re|they\s+are|theyre)"
_SO_WORDS = _words("""a an the so so+ such really literally actually just totally honestly clearly obviously being
    acting_like like lowkey straight_up kinda kind_of complete total absolute biggest fucking freaking effing
    genuinely deadass fr such_a such_an""")
_SO = rf"(?:\s+{_SO_WORDS})*"
_NOUNS = _words("""idiot idiots moron morons loser losers clown clowns fool fools dummy dummies dumbo imbecile
    imbeciles jerk jerks weirdo weirdos freak freaks creep creeps bozo bozos dork dorks muppet troll trolls npc
    simp snowflake coward cowards hypocrite hypocrites liar liars crybaby crybabies brat brats pig pigs dunce
    nitwit halfwit dimwit numbskull airhead bonehead meathead joke waste_of_space thug thugs sissy doofus nimrod
    ninny""")
_ADJECTIVES = _words("""stupid dumb idiotic moronic pathetic ugly fat worthless useless clueless brainless braindead
    brain_dead ignorant dense delusional annoying cringe cringey cringy trash garbage lame hopeless psycho dopey
    dumber stupider""")
# adjectives that describe things as often as people stay out of "he is ..." (dense, useless, fat-soluble)
_PERSON_ADJECTIVES = _words("stupid dumb idiotic moronic pathetic ugly clueless brainless braindead annoying cringe")
_PLURAL_NOUNS = _words("idiots morons losers clowns fools imbeciles jerks weirdos freaks dorks hypocrites liars")
# "you idiot" needs nouns that are not also verbs ("you joke a lot", "you troll")
_VOCATIVE = _words("""idiot idiots moron morons loser losers clown clowns fool fools dummy imbecile jerk weirdo bozo
    dork muppet nitwit halfwit dimwit numbskull dunce coward cowards hypocrite liar liars crybaby brat doofus""")
_CONTRIBUTION = _words("take takes comment comments post posts reply replies response responses answer")
_IDEA = _words("idea ideas argument arguments point points logic reasoning opinion opinions")
_THING = (r"thing\s+(?:to\s+say|(?:you|u)(?:{a}ve|\s+have)?\s+(?:said|wrote|written|posted)|i{a}ve\s+ever|ive\s+ever"
          r"|i\s+have\s+ever|ever|anyone|in\s+this)").format(a=_APOSTROPHE)
_DEMEANING = _words("dumbest stupidest dummest most_idiotic most_braindead most_moronic most_ignorant most_pathetic")
_DISMISSIVE = _words("stupid dumb idiotic moronic braindead trash garbage dogshit pathetic laughable cringe")
_POINTING = (rf"(?:that{_APOSTROPHE}s|thats|that\s+is|this\s+is|this{_APOSTROPHE}s|what\s+an?|such\s+an?|your|ur"
             r"|you\s+have)")
_AUDIENCE = (rf"(?:in\s+(?:this|the)\s+(?:thread|class|discussion|chat)|here|i{_APOSTROPHE}ve\s+ever|ive\s+ever"
             r"|i\s+have\s+ever|ever|anyone\s+(?:has\s+)?(?:said|written|posted))")
_END = r"(?=\s*(?:[.?!,;:]|$|(?:lol|lmao|bro|tbh|honestly|tho|dude|man)\b))"
_IMPERATIVE = r"(?:^|[.!?]\s*|\n\s*)(?:(?:just|pls|plz|please|bro|dude|omg|lol|so|like|ok|okay)\s+)*"

_PERSONAL_ATTACK = [
    ("attack-insult", rf"\b{_YOU_ARE}{_SO}\s+(?:{_NOUNS}|{_ADJECTIVES})\b"),
    ("attack-insult", rf"\byour(?:\s+{_SO_WORDS})+\s+(?:{_NOUNS}|{_ADJECTIVES})\b"),  # "your an idiot"
    ("attack-insult", rf"\b{_HE_IS}{_SO}\s+(?:{_NOUNS}|{_PERSON_ADJECTIVES})\b"),
    ("attack-insult", rf"\b{_THEY_ARE}{_SO}\s+{_PLURAL_NOUNS}\b"),
    ("attack-insult", rf"\b(?:you|u|ya)\s+(?:(?:absolute|complete|total|stupid|dumb|little|fat|ugly|lying|"
                      rf"fucking|freaking)\s+)*{_VOCATIVE}\b"),
    ("attack-insult", rf"\b(?:what|such)\s+an?\s+(?:(?:absolute|complete|total|massive|huge)\s+)?{_VOCATIVE}\b"),
    ("attack-insult", rf"\bonly\s+(?:an?\s+)?(?:(?:complete|total|absolute)\s+)?(?:{_NOUNS}|dumbass|dumbasses"
                      r"|someone\s+stupid|stupid\s+people)\s+(?:would|could|thinks?|believes?)\b"),
    ("attack-insult", rf"\b(?:anyone|anybody|people|ppl|whoever|those)\s+who\s+(?:\w+\s+){{1,8}}?(?:is|are)"
                      rf"{_SO}\s+(?:{_NOUNS}|{_PERSON_ADJECTIVES})\b"),
    ("attack-insult", r"\b(?:are|r)\s+(?:you|u)\s+(?:(?:really|actually|just|that|this)\s+)?"
                      r"(?:stupid|dumb|slow|an\s+idiot|a\s+moron|blind)\b"),
    ("attack-insult", r"\b(?:learn\s+(?:how\s+)?to\s+read|(?:can|do|did)\s+(?:you|u)\s+even\s+(?:read|think)"
                      r"|use\s+(?:your|ur)\s+brain|get\s+a\s+brain|no\s+brain\s+cells?|two\s+brain\s+cells"
                      r"|imagine\s+(?:actually\s+)?(?:thinking|believing|being\s+(?:this|so)))\b"),
    ("attack-demean", rf"\b(?:the\s+)?{_DEMEANING}\s+{_CONTRIBUTION}\b"),
    ("attack-demean", rf"\b{_POINTING}\s+(?:\w+\s+){{0,2}}?{_DEMEANING}\s+(?:{_IDEA}|thing)\b"),
    ("attack-demean", rf"\b(?:the\s+)?{_DEMEANING}\s+(?:{_IDEA}|thing)\s+{_AUDIENCE}"),
    ("attack-demean", rf"\b(?:the\s+)?(?:{_DEMEANING}|worst|lamest|cringiest)\s+{_THING}"),
    ("attack-demean", rf"\b(?:the\s+)?(?:worst|lamest|cringiest)\s+(?:{_CONTRIBUTION}|{_IDEA})\s+{_AUDIENCE}"),
    ("attack-demean", rf"\b{_POINTING}{_SO}\s+{_DISMISSIVE}\s+(?:{_CONTRIBUTION}|{_IDEA}|{_THING})\b"),
    ("attack-demean", rf"\b(?:your|ur)\s+(?:{_CONTRIBUTION}|{_IDEA})\s+(?:is|are|r|was)"
                      rf"{_SO}\s+(?:{_DISMISSIVE}|a\s+joke|bs|shit|dog\s*shit)\b"),
    ("attack-demean", r"\b(?:an?\s+)?(?:l|cringe|trash|garbage|braindead|clown|dogshit)\s+takes?\b"),
    ("attack-demean", rf"\b(?:that{_APOSTROPHE}s|thats|that\s+is|this\s+is|it{_APOSTROPHE}s|its)\s+so\s+gay\b"),
]

_SHUTDOWN = [
    ("shutdown-shut-up", r"\bshut\s+(?:the\s+\w+\s+)?up\b|\bshut\s+(?:it|your\s+(?:mouth|face|trap))\b"
                         r"|\bstfu\b|\bzip\s+it\b"),
    ("shutdown-nobody-asked", r"\b(?:nobody|no\s+one|noone|no1)\s+(?:asked|wants\s+to\s+hear|wants\s+your"
                              r"|is\s+talking\s+to\s+(?:you|u))\b(?:\s+(?:you|u|for\s+your\s+opinion))?"
                              r"|\b(?:nobody|no\s+one)\s*'\s*s\s+talking\s+to\s+(?:you|u)\b"
                              rf"|\b(?:nobody|no\s+one|noone|no1|who)\s+(?:asked|cares){_END}"
                              r"|\b(?:nobody|no\s+one|noone)\s+cares\s+(?:about\s+(?:your|ur|what\s+(?:you|u))"
                              r"|what\s+(?:you|u))\b|\bwho\s+asked\s+(?:you|u)\b"
                              rf"|\b(?:do\s*n'?t|dont)\s+care\s*,?\s*did\s*n'?t\s+ask\b|\bdid\s*n'?t\s+ask{_END}"
                              r"|\bdid\s+(?:anyone|anybody)\s+ask\b"
                              r"|\bi\s+(?:do\s*n'?t|do\s+not|dont)\s+care\s+what\s+(?:you|u)\s+(?:think|say)\b"),
    ("shutdown-lane", r"\bstay\s+in\s+(?:your|ur)\s+lane\b|\bknow\s+(?:your|ur)\s+place\b"
                      r"|\bmind\s+(?:your|ur)\s+(?:own\s+)?business\b"),
    ("shutdown-go-away", r"\bgo\s+back\s+to\s+(?:where\s+(?:you|u)\s+came\s+from|(?:your|ur)\s+(?:own\s+)?country)\b"
                         r"|\bget\s+out\s+of\s+(?:this|the)\s+(?:thread|chat|class|discussion)\b"
                         r"|\bleave\s+(?:this|the)\s+(?:thread|chat|class|discussion)\b"
                         r"|\bnobody\s+wants\s+(?:you|u)\s+here\b|\bsit\s+(?:tf\s+)?down\s*,?\s+(?:kid|bro|buddy"
                         r"|pal|dude|lil\s+bro)\b"
                         rf"|{_IMPERATIVE}(?:go\s+away|get\s+lost|be\s+quiet|stop\s+talking|quit\s+talking)\b"),
    ("shutdown-no-say", r"\b(?:you|u)\s+(?:do\s*n'?t|do\s+not|dont)\s+get\s+(?:a|an)\s+(?:say|opinion|vote)\b"
                        r"|\b(?:your|ur)\s+opinion\s+(?:does\s*n'?t|does\s+not|dont|doesnt)\s+(?:matter|count)\b"
                        r"|\b(?:your|ur)\s+opinion\s+is\s+(?:irrelevant|invalid|worthless)\b"
                        r"|\bkeep\s+(?:your|ur)\s+opinions?\s+to\s+(?:yourself|urself)\b"
                        r"|\bend\s+of\s+(?:discussion|story)\b"),
    ("shutdown-dismiss", rf"\bwhatever\s*[,.]?\s+{_YOU_ARE}\s+(?:wrong|dumb|stupid)\b|\bok(?:ay)?\s+boomer\b"
                         rf"|\bcope\s+(?:and|&)\s+seethe\b|\bcope\s+harder\b|\bjust\s+cope{_END}"
                         rf"|\bcry\s+about\s+it\b|\bcry\s+more{_END}|\bstay\s+mad\b|\btouch\s+grass\b"
                         r"|\bl\s*\+\s*ratio\b|\bratio(?:ed)?\s*$"),
]

_I_WILL = (rf"(?:i{_APOSTROPHE}ll|i\s+will|i\s+shall|(?:i{_APOSTROPHE}m|im|i\s+am)\s+(?:going\s+to|gonna|gunna"
           rf"|about\s+to|bout\s+to|finna|coming\s+to)|i\s+gonna|i{_APOSTROPHE}ma|imma|ima|we{_APOSTROPHE}ll"
           rf"|we\s+will|we{_APOSTROPHE}re\s+(?:going\s+to|gonna)|(?:someone|somebody)(?:\s*'\s*s|\s+is)\s+"
           r"(?:gonna|going\s+to))")
_TARGET = r"(?:you|u|ya|yall|y'all|him|her|them|(?:your|ur)\s+(?:face|head|ass|family|neck|legs?|arms?|house))"
_HARM = (rf"(?:(?:hurt|kill|murder|stab|punch|slap|smack|strangle|choke|jump|fight|end|rape|bash|break|shoot|hit"
         rf"|beat\s+(?:up|the\s+\w+\s+out\s+of))\s+{_TARGET}(?!\s+(?:up|an?)\b)"
         r"|(?:find|come\s+for|come\s+after)\s+(?:you|u)\b|beat\s+(?:you|u|him|her|them)\s+up"
         r"|(?:mess|knock)\s+(?:you|u)\s+(?:up|out)|make\s+(?:you|u)\s+(?:pay|regret|sorry|cry|bleed))")

_THREAT = [
    ("threat", rf"\b{_I_WILL}\s+(?:\w+\s+){{0,2}}?{_HARM}"),
    ("threat", rf"\b(?:you|u|ya|you{_APOSTROPHE}d|you\s+had|ud)\s+(?:better|betta|best)\s+watch\s+(?:out|your\s+back"
               r"|ur\s+back|yourself|urself|it)\b|\bwatch\s+(?:your|ur)\s+back\b|\bwatch\s+yourself\b"),
    ("threat", r"\bi\s+know\s+where\s+(?:you|u)\s+live\b|\bwait\s+(?:until|till|til)\s+i\s+(?:see|catch|get)"
               rf"\s+(?:you|u)\b|\bsleep\s+with\s+one\s+eye\s+open\b|\b(?:i{_APOSTROPHE}m|im)\s+coming\s+for\s+(?:you|u)\b"),
    ("threat", rf"\b{_YOU_ARE}\s+(?:so\s+)?(?:dead(?!\s+(?:wrong|right|serious|on|tired|set|last|end))|dead\s+meat"
               r"|going\s+to\s+(?:die|regret\s+this|pay)|gonna\s+(?:die|regret\s+this|pay))\b"
               rf"|\b(?:you{_APOSTROPHE}ll|you\s+will|u\s+will|ull)\s+(?:regret|pay\s+for)\s+(?:this|that|it)\b"),
    ("threat", r"\b(?:kys|kill\s+(?:yourself|urself|ur\s+self)|go\s+die|(?:hope|wish)\s+(?:you|u)\s+(?:die|dies)"
               r"|drop\s+dead|unalive\s+(?:yourself|urself))\b"),
]

_CATEGORY = {"attack": "personal_attack", "shutdown": "shutdown", "threat": "threat"}
_PATTERNS = [
    (rule, _CATEGORY[rule.split("-")[0]], re.compile(source, re.IGNORECASE | re.MULTILINE))
    for rule, source in _PERSONAL_ATTACK + _SHUTDOWN + _THREAT
]
_LEADING = re.compile(r"[\s.!?]+")


def find(text: str) -> list[Hit]:
    """Return civility hits: personal attacks, shutdown phrases, threats and shouting."""
    hits: list[Hit] = []
    for rule, category, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            # imperative patterns begin at the sentence break; highlight the words only
            lead = _LEADING.match(text, start, end)
            hits.append((rule, category, lead.end() if lead else start, end))
    return hits + shouting(text)


# -- shouting -------------------------------------------------------------------
# A run of capitals is shouting when at least two of its words are ordinary
# words; acronyms (NASA, FBI, NAACP, WWII) and single capitalised words are not.

ACRONYMS = frozenset("""
    NASA USA US UK EU UN FBI CIA NSA NAACP ACLU NATO USSR UAE WWI WWII WW NYC LA DC DNA RNA CEO GDP AI TV PE ELA APUSH
    SAT ACT GPA AP IB MLK JFK FDR LBJ NFL NBA MLB NHL FIFA OK LOL OMG TBH IMO IMHO NGL IDK BTW FYI ASAP PSA HIV AIDS
    WHO CDC EPA NRA ICE IRS DOJ DOD UNESCO UNICEF OPEC COVID SARS LGBT LGBTQ BLM BC AD BCE CE PM AM ID CPR STEM PTA
    NPR BBC CNN PBS HBO USB PDF PC IQ ADHD OCD PTSD UV CO DIY FAQ RSVP GOP DNC RNC SCOTUS POTUS NGO EV ATM SUV
""".split())
_ROMAN = re.compile(r"M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
_CAPS_WORD = re.compile(r"(?<![A-Za-z0-9])[A-Z](?:[A-Z']*[A-Z])?(?![A-Za-z0-9])")
_BETWEEN_CAPS = re.compile(r"[\s,;:.!?\"()\-]{1,4}")
_EXCLAIM = re.compile(r"[!?]*(?:![?1]*){3,}")


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
