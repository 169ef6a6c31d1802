"""Norms checks on a pad: the sentences around what a writer added, findings placed in the whole text."""
from __future__ import annotations

import re
from bisect import bisect_right

from board.admin.wordlists import check_text, current_lists
from board.discussions.highlight import messages
from board.norms import WordLists
from board.pads import document
from board.pads.document import Run
from board.pads.render import token_diff, tokens

#: (start, end, author) of stretches of the text, in order and not overlapping
Spans = list[tuple[int, int, int | None]]


#: characters of context checked on each side of a writer's words, at most (a sentence, usually)
CONTEXT = 160
#: checked pieces of text a writer's cache remembers, at most
CACHE_SIZE = 512
_BREAK = re.compile(r"[.!?]+\s|\n")


def window(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around text[start:end], within its line, at most CONTEXT more on each side, cut at a space."""
    low = max(0, start - CONTEXT)
    head = text[low:start]
    breaks = list(_BREAK.finditer(head))
    if breaks:
        low += breaks[-1].end()
    elif low > 0:
        space = head.find(" ")
        low = low + space + 1 if space >= 0 else start
    high = min(len(text), end + CONTEXT)
    tail = text[end:high]
    stop = _BREAK.search(tail)
    if stop is not None:
        high = end + (stop.end() - 1 if stop.group(0)[0] in ".!?" else stop.start())
    elif high < len(text):
        space = tail.rfind(" ")
        high = end + space if space >= 0 else end
    return low, high


def findings_in(text: str, spans: Spans, lists: WordLists | None = None,
                cache: dict | None = None) -> list[tuple[dict, list]]:
    """Check the sentences around the spans; keep the findings that overlap a span.

    Returns (finding with positions in the whole text, authors of the spans it overlaps). Text
    far from the spans is not checked: old words are not checked again, and a long pad costs no
    more than what is new in it. With a cache (one writer's), a sentence checked before and
    unchanged since is not checked again.
    """
    if not spans:
        return []
    lists = lists if lists is not None else current_lists()
    ends = [end for _, end, _ in spans]
    found: dict[tuple, tuple[dict, list]] = {}
    covered = -1
    for span_start, span_end, _ in spans:
        if span_end <= covered or not text[span_start:span_end].strip():
            continue
        low, high = window(text, span_start, span_end)
        covered = high
        piece = text[low:high]
        results = cache.get(piece) if cache is not None else None
        if results is None:
            results = check_text(piece, lists)
            if cache is not None:
                if len(cache) >= CACHE_SIZE:
                    cache.clear()
                cache[piece] = results
        for finding in results:
            start, end = low + finding["start"], low + finding["end"]
            key = (start, end, finding.get("category"))
            if key in found:
                continue
            authors, i = [], bisect_right(ends, start)
            while i < len(spans) and spans[i][0] < end:
                authors.append(spans[i][2])
                i += 1
            if authors:
                found[key] = ({**finding, "start": start, "end": end}, authors)
    return sorted(found.values(), key=lambda pair: (pair[0]["start"], pair[0]["end"]))


def additions_findings(before: list[Run], after: list[Run]) -> list[dict]:
    """Check what was added since `before`: findings on each changed line, over the added words only."""
    new = tokens(after)
    starts, position = [], 0
    for token, _ in new:
        starts.append(position)
        position += len(token)
    added = [(starts[i], starts[i] + len(new[i][0]), new[i][1])
             for op, _a1, _a2, b1, b2 in token_diff(tokens(before), new)
             if op in ("insert", "replace") for i in range(b1, b2) if new[i][0].strip()]
    return [{**finding, "author": next((a for a in authors if a is not None), None)}
            for finding, authors in findings_in(document.plain(after), added)]


def findings_for_writer(runs: list[Run], user_id: int, cache: dict | None = None,
                        lists: WordLists | None = None) -> dict:
    """Check the sentences holding this writer's words; keep what falls in their own words."""
    text = document.plain(runs)
    mine, position, me = [], 0, str(user_id)
    for run in runs:
        if run.attrs.get(document.AUTHOR) == me:
            if mine and mine[-1][1] == position:
                mine[-1] = (mine[-1][0], position + len(run.text), user_id)
            else:
                mine.append((position, position + len(run.text), user_id))
        position += len(run.text)
    findings = [finding for finding, _ in findings_in(text, mine, lists, cache)]
    # The browser counts in UTF-16 units; an emoji before a finding must not shift its mark.
    for_browser = [{**f, "start": document.utf16_offset(text, f["start"]),
                    "end": document.utf16_offset(text, f["end"])} for f in findings]
    return {"findings": for_browser, "messages": messages(text, findings)}
