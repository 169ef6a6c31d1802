"""Civil context: words quoted to discuss them, and sentences about a book or history, are not attacks."""
from __future__ import annotations

import re
from bisect import bisect_right

# Words inside quotation marks are someone else's, quoted to discuss them; a sentence about a book, a
# play or history describes its people, not a classmate. Neither is an attack (profanity still counts).
_QUOTED = re.compile(
    r'\b(?:say|says|said|saying|call|calls|called|calling|wrote|write|writes|shout|shouts|shouted|yell|yelled'
    r'|scream|screams|screamed|word|words|phrase|quote|sign|asks?|asked|tells?|told|goes|went)\b[^"\n]{0,20}'
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
    r"|untrue|wrong|unfair|prejudiced?|harmful|hurts|dehumani[sz]ing|offensive|discrimination)\b",
    re.IGNORECASE)
_SECOND_PERSON = re.compile(r"\b(?:you|u|your|ur|you're|youre|ya)\b", re.IGNORECASE)
_CONTEXT_BLIND = {"profanity", "privacy", "shouting"}


def civil_context(text: str, hits: list[tuple[str, str, int, int]]) -> list[tuple[str, str, int, int]]:
    """Drop attacks quoted to be discussed, and attacks in sentences about fiction or history."""
    if not hits:
        return hits
    quoted = [m.span() for m in _QUOTED.finditer(text)]
    sentences = [m.span() for m in _SENTENCE.finditer(text)]
    framed = [span for span in sentences if _FRAME.search(text, *span)]
    reported = [span for span in sentences if _REPORTED.search(text, *span)]
    kept = []
    for hit in hits:
        _, category, start, end = hit
        # "you fool, the war ended in 1865" is still about a classmate
        civil = _within(quoted, start, end) or _within(reported, start, end) or (
            category == "personal_attack" and _within(framed, start, end) and not _SECOND_PERSON.search(text, start, end))
        if category in _CONTEXT_BLIND or not civil:
            kept.append(hit)
    return kept


def _within(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Tell whether start:end lies inside one of the sorted, separate spans (a search, not a scan)."""
    i = bisect_right(spans, (start, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= start and end <= spans[i][1]
