"""Norms checks on a pad: the sentences around what a writer added, findings placed in the whole text."""
from __future__ import annotations

import re
from bisect import bisect_right

from board.admin.wordlists import check_text, current_lists
from board.discussions.highlight import messages
from board.norms import WordLists
from board.pads import document
from board.pads.document import Run
from board.pads.pending import Mark, Region
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
                cache: dict | None = None, cache_size: int = CACHE_SIZE) -> list[tuple[dict, list]]:
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
                if len(cache) >= cache_size:
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


#: checked pieces of text the reviews' shared cache remembers, at most (a few MB)
REVIEW_CACHE_SIZE = 8192
#: sentences of reviews already checked, with what was found, for one set of word lists (shared by threads)
_reviewed: dict[WordLists, dict] = {}


def _review_cache(lists: WordLists) -> dict:
    """The shared cache of review checks for these lists: a queue read again checks only new sentences."""
    cache = _reviewed.get(lists)
    if cache is None:
        _reviewed.clear()  # other lists (the school changed them): what was found then no longer holds
        cache = _reviewed.setdefault(lists, {})
    return cache


def forget_checked() -> None:
    """Forget every sentence the reviews checked (words were redacted: no copy is kept)."""
    _reviewed.clear()


def additions_findings(before: list[Run], after: list[Run], opcodes=None, new=None) -> list[dict]:
    """Check what was added since `before`: findings on each changed line, over the added words only.

    `opcodes` are token_diff's of the two and `new` the tokens of `after`, when the caller has them.
    """
    new = new if new is not None else tokens(after)
    starts, position = [], 0
    for token, _ in new:
        starts.append(position)
        position += len(token)
    added = [(starts[i], starts[i] + len(new[i][0]), new[i][1])
             for op, _a1, _a2, b1, b2 in (opcodes if opcodes is not None else token_diff(tokens(before), new))
             if op in ("insert", "replace") for i in range(b1, b2) if new[i][0].strip()]
    lists = current_lists()
    return [{**finding, "author": next((a for a in authors if a is not None), None)}
            for finding, authors in findings_in(document.plain(after), added, lists, _review_cache(lists),
                                                REVIEW_CACHE_SIZE)]


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


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def check_region(region: Region, lists: WordLists | None = None, cache: dict | None = None) -> list[Mark]:
    """Check the sentences around a writer's words in one region; return the findings as marks in the text.

    Runs outside the room's lock: it reads only the region's text and the positions taken with it.
    """
    text, raw = region.text, region.text.encode("utf-8")

    def index(position: int) -> int:
        return len(raw[:max(0, position - region.start)].decode("utf-8", errors="replace"))

    spans = [(index(start), index(end), None) for start, end in region.at]
    marks = []
    for finding, _ in findings_in(text, spans, lists, cache):
        start, end = finding["start"], finding["end"]
        data = {key: value for key, value in finding.items() if key not in ("start", "end")}
        data["words"] = text[start:end]
        marks.append(Mark(region.start + document.byte_length(text[:start]),
                          region.start + document.byte_length(text[:end]), data=data))
    return marks


def writer_payload(found: list[Mark], text: bytes | None, names: dict[int, str] | None = None) -> dict:
    """The findings message for a writer: every finding in their words, placed as the browser counts.

    `text` is the whole text, needed only when it is not ASCII (UTF-16 positions then differ).
    With `names` (a teacher's message: the findings carry their writer's id), messages say who.
    """
    findings, position, units = [], 0, 0
    for mark in sorted(found, key=lambda m: (m.start, m.end)):
        if text is None:
            start, end = mark.start, mark.end
        else:
            units += _utf16(text[position:mark.start].decode("utf-8", errors="replace"))
            position = mark.start
            start = units
            end = start + _utf16(text[mark.start:mark.end].decode("utf-8", errors="replace"))
        findings.append({**{k: v for k, v in mark.data.items() if k != "words"}, "start": start, "end": end})
    # Grouped by message, with the words each is about, as in the queue.
    words = [mark.data.get("words", "") for mark in sorted(found, key=lambda m: (m.start, m.end))]
    joined, placed, offset = "\n".join(words), [], 0
    for finding, word in zip(findings, words, strict=True):
        placed.append({**finding, "start": offset, "end": offset + len(word)})
        offset += len(word) + 1
    return {"findings": findings, "messages": messages(joined, placed, names)}


def class_payload(found: list[tuple[Mark, int, str]], text: bytes | None) -> dict:
    """The findings message for a teacher: every writer's findings (mark, writer id, name), with who."""
    marks = [Mark(mark.start, mark.end, data={**mark.data, "author": user_id}) for mark, user_id, _ in found]
    names = {user_id: name for _, user_id, name in found}
    return {**writer_payload(marks, text, names), "audience": "teacher"}
