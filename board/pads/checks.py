"""Norms checks on a pad: what a writer added, checked line by line, findings placed in the whole text."""
from __future__ import annotations

from bisect import bisect_right

from board.admin.wordlists import check_text, current_lists
from board.discussions.highlight import messages
from board.norms import WordLists
from board.pads import document
from board.pads.document import Run
from board.pads.render import token_diff, tokens

#: (start, end, author) of stretches of the text, in order and not overlapping
Spans = list[tuple[int, int, int | None]]


def findings_in(text: str, spans: Spans, lists: WordLists | None = None) -> list[tuple[dict, list]]:
    """Check every line that holds part of a span; keep the findings that overlap a span.

    Returns (finding with positions in the whole text, authors of the spans it overlaps).
    Lines without any of the spans are not checked: old text is not checked again.
    """
    if not spans:
        return []
    lists = lists if lists is not None else current_lists()
    ends = [end for _, end, _ in spans]
    found, start = [], 0
    for line in text.split("\n"):
        end = start + len(line)
        first = bisect_right(ends, start)
        if first < len(spans) and spans[first][0] < end:
            for finding in check_text(line, lists):
                span_start, span_end = start + finding["start"], start + finding["end"]
                authors, i = [], bisect_right(ends, span_start)
                while i < len(spans) and spans[i][0] < span_end:
                    authors.append(spans[i][2])
                    i += 1
                if authors:
                    found.append(({**finding, "start": span_start, "end": span_end}, authors))
        start = end + 1
    return found


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


def findings_for_writer(runs: list[Run], user_id: int) -> dict:
    """Check the lines holding this writer's words; keep what falls in their own words."""
    text = document.plain(runs)
    mine, position = [], 0
    for run in runs:
        if run.author == user_id:
            mine.append((position, position + len(run.text), user_id))
        position += len(run.text)
    findings = [finding for finding, _ in findings_in(text, mine)]
    # The browser counts in UTF-16 units; an emoji before a finding must not shift its mark.
    for_browser = [{**f, "start": document.utf16_offset(text, f["start"]),
                    "end": document.utf16_offset(text, f["end"])} for f in findings]
    return {"findings": for_browser, "messages": messages(text, findings)}
