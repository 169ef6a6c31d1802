"""Civil context: words quoted to discuss them, claims named as stereotypes, sentences about a book or history,
a writer laughing at themselves and a slur named to say it hurts are not attacks."""
from __future__ import annotations

import re
from bisect import bisect_right

# Words inside quotation marks are someone else's, quoted to discuss them; a sentence about a book, a
# play or history describes its people, not a classmate. Neither is an attack (profanity still counts).
_QUOTED = re.compile(
    r'\b(?:say|says|said|saying|call|calls|called|calling|wrote|write|writes|writing|shout\w{0,3}|yell\w{0,3}'
    r'|scream\w{0,3}|whisper\w{0,3}|mutter\w{0,3}|repl(?:y|ies|ied)|text(?:s|ed)?|post(?:s|ed)?|comment(?:s|ed)?'
    r'|chant\w{0,3}|word|words|phrase|quote|sign|asks?|asked|tells?|told|goes|went)\b[^"\n]{0,20}'
    r'"[^"\n]{1,300}"|"[^"\n]{1,300}"(?=\s*(?:is|was|are|were|isn\'t|hurts|means|,?\s*(?:which|that\'s|thats)))')
_SENTENCE = re.compile(r"[^.!?\n]+")
_FRAME = re.compile(
    r"\b(?:in\s+(?:the|this|that|our)\s+(?:book|novel|story|play|poem|movie|film|show|chapter|scene|myth"
    r"|fairy\s*tale|textbook|musical|version)|the\s+(?:character|characters|villain|hero|narrator|protagonist"
    r"|antagonist|author|king|queen|emperor|empress|ruler|general|dictator|pharaoh|tsar|czar|regime)"
    r"|in\s+(?:the\s+)?(?:1\d|20)\d\d\b|in\s+the\s+(?:\d+(?:th|st|nd|rd)\s+century|middle\s+ages)"
    r"|in\s+(?:ww1|ww2|wwi|wwii|world\s+war))", re.IGNORECASE)
# "people used to say X, which was wrong": a view reported in order to reject it
_REPORTED = re.compile(
    r"\b(?:people|someone|somebody|he|she|they|my\s+\w+|the\s+\w+(?:\s+\w+)?|some\s+\w+|others)\s+(?:used\s+to\s+)?"
    r"(?:say|said|says|think|thinks|thought|believe|believed|believes|wrote|writes|claim|claimed|claims|called)\b"
    r"[^.!?\n]{0,200}?\b(?:stereotypes?|generali[sz]ations?|generali[sz]ing|racist|racism|sexist|sexism|not\s+true"
    r"|untrue|wrong|unfair|prejudiced?|harmful|hurts|dehumani[sz]ing|offensive|discrimination|false|a\s+myth|a\s+lie"
    r"|nonsense|ignorant|bigoted|homophobic|ableist|transphobic|xenophobic|misogynist\w*|antisemitic|islamophobic)\b",
    re.IGNORECASE)
# "..., which is a stereotype": a claim named as prejudice or as false in the sentence that makes it
_DISOWNED = re.compile(
    r"\b(?:which|that|this|it)\s*(?:'s|s|\s+is|\s+was|\s+are)\s+(?:(?:just|a|an|so|totally|completely|really|pure"
    r"|such\s+a|plain|simply)\s+){0,3}(?:stereotypes?|stereotypical|myths?|generali[sz]ations?|racist|sexist|homophobic"
    r"|ableist|prejudiced|prejudice|bigoted|false|untrue|not\s+true|a\s+lie|discrimination|offensive|hurtful"
    r"|harmful)\b|\bthe\s+(?:stereotype|myth|idea|claim|belief|lie|prejudice)\s+that\b", re.IGNORECASE)
# "I was such an idiot", "lol i'm such a nerd", "my cat is such a dummy": the writer laughing at themselves
# or at their own pet or little brother is not an attack on a classmate
_SELF = re.compile(
    r"(?:^|[^\w'])(?:i|i'?m|i\s+am|i\s+was|i\s+feel\s+like|i\s+look\s+like|we|we'?re|we\s+(?:are|were)|me|myself"
    r"|(?:my|our)\s+(?:(?:little|big|baby|older|younger|twin|own|stupid|silly)\s+)?(?:brother|sister|bro|sis|cat|dog"
    r"|puppy|kitten|hamster|rabbit|parrot)(?:'?s|\s+(?:is|was|can\s+be|gets))?)(?:\s+(?:so|such|a|an|the|total"
    r"|complete|literally|actually|just|really|kind\s+of|kinda|lowkey|being|acting|was|is|am|were|like|sometimes"
    r"|honestly|officially))*\s*\Z", re.IGNORECASE)
#: the hit goes on from the writer: "(I was) such an idiot", not "(I) want my time back"
_PREDICATE = re.compile(r"(?:was|is|am|are|were|such|so|an?|the|total|complete|absolute|being|acting|like|literally"
                        r"|actually|just|really|kinda|lowkey|officially)\b", re.IGNORECASE)
_OWN = re.compile(r"(?:^|\W)(?:my|our)\s+(?:(?:little|big|baby|older|younger|twin|own)\s+)?\Z", re.IGNORECASE)
_OWN_NOUN = re.compile(r"(?:brother|sister|bro|sis|cat|dog|puppy|kitten|hamster|rabbit|parrot)\b", re.IGNORECASE)
# "the word 'retard' is a slur": a word named in order to say it hurts is not used
_MENTION = re.compile(
    r'\b(?:the\s+(?:word|term|slur|insult|name|phrase)s?|calling\s+(?:someone|somebody|people|kids|others|him|her'
    r'|them|a\s+person|each\s+other)|call\s+(?:someone|somebody|people|each\s+other)|words?\s+like|us(?:e|ing)\s+the'
    r'\s+word)\s+(?:"[^"\n]{1,40}"|[\w*@$]+)|\b(?:say|saying|says|said|write|writing)\s+"[^"\n]{1,40}"', re.IGNORECASE)
_JUDGED = re.compile(
    r"\b(?:slurs?|insults?|insulting|offensive|hurtful|hurts?|harmful|ableist|racist|sexist|homophobic|rude|mean"
    r"|not\s+ok(?:ay)?|bad\s+words?|should\s*n'?t|should\s+not|never|not\s+allowed|banned|bullying|cyberbullying"
    r"|disrespectful|wrong)\b", re.IGNORECASE)
_SECOND_PERSON = re.compile(r"\b(?:you|u|your|ur|you're|youre|ya)\b", re.IGNORECASE)
_CONTEXT_BLIND = {"profanity", "privacy", "shouting"}
#: profanity from the shared list, which a sentence may name in order to say it hurts
_NAMED_RULES = {"profanity", "profanity-mask"}


def civil_context(text: str, hits: list[tuple[str, str, int, int]]) -> list[tuple[str, str, int, int]]:
    """Drop attacks quoted to be discussed or reported to be rejected, attacks in sentences about fiction or
    history, a writer laughing at themselves, and a slur named in order to say that it hurts."""
    if not hits:
        return hits
    quoted = [m.span() for m in _QUOTED.finditer(text)] if '"' in text else []
    sentences = [m.span() for m in _SENTENCE.finditer(text)]
    # each sentence is read by each pattern at most once, and only if a hit lies in it
    seen: dict[tuple[re.Pattern, int], list[tuple[int, int]]] = {}

    def spans(pattern: re.Pattern, start: int, end: int) -> list[tuple[int, int]]:
        i = bisect_right(sentences, (start, float("inf"))) - 1
        if i < 0 or end > sentences[i][1]:
            return []
        if (pattern, i) not in seen:
            seen[pattern, i] = [m.span() for m in pattern.finditer(text, *sentences[i])]
        return seen[pattern, i]

    def says(pattern: re.Pattern, start: int, end: int) -> bool:
        return bool(spans(pattern, start, end))

    kept = []
    for hit in hits:
        rule, category, start, end = hit
        # "you fool, the war ended in 1865" is still about a classmate
        about_someone_else = not _SECOND_PERSON.search(text, start, end)
        civil = category not in _CONTEXT_BLIND and (_within(quoted, start, end) or says(_REPORTED, start, end) or (
            category in ("personal_attack", "identity_attack") and about_someone_else and says(_DISOWNED, start, end)
        ) or (category == "personal_attack" and about_someone_else and (
            says(_FRAME, start, end) or _about_oneself(text, sentences, start))))
        # a word named to say it hurts; a school's own lists still count
        mention = rule in _NAMED_RULES and _within(spans(_MENTION, start, end), start, end) and says(
            _JUDGED, start, end)
        if not (civil or mention):
            kept.append(hit)
    return kept


def _about_oneself(text: str, sentences: list[tuple[int, int]], start: int) -> bool:
    """Tell whether the words before `start` in its sentence make the writer (or their pet) the one named."""
    i = bisect_right(sentences, (start, float("inf"))) - 1
    begin = max(sentences[i][0] if i >= 0 and sentences[i][1] > start else start, start - 60)
    before = text[begin:start]
    return bool((_PREDICATE.match(text, start) and _SELF.search(before))
                or (_OWN.search(before) and _OWN_NOUN.match(text, start)))


def _within(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Tell whether start:end lies inside one of the sorted, separate spans (a search, not a scan)."""
    i = bisect_right(spans, (start, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= start and end <= spans[i][1]
