"""Pad content as HTML, always cleaned by the one allowlist: the plain view, who-wrote-what, and diffs."""
from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from itertools import accumulate, repeat

from markupsafe import escape
from rapidfuzz.distance import Indel

from board.pads.document import Line, Run, lines_of, plain, safe_link
from board.text import clean_html

#: colours of authorship marks (board.css: .author-c0 … .author-c11)
PALETTE_SIZE = 12
_BLOCK_TAGS = {"h1": "h2", "h2": "h3", "h3": "h4", "quote": "blockquote", "code": "pre", "p": "p"}
#: a line break is a token of its own (never part of a run of spaces), so lines split where the text does
_TOKEN = re.compile(r"\n|[^\S\n]+|\w+|[^\w\s]")


def colour(author_id: int | None) -> int:
    return (author_id or 0) % PALETTE_SIZE


def _author_span(html: str, author_id: int | None, names: dict[int, str]) -> str:
    if author_id is None or author_id not in names:
        return html
    return (f'<span class="author author-c{colour(author_id)}" title="{escape(names[author_id])}">'
            f"{html}</span>")


def _inline_html(runs: list[Run], names: dict[int, str] | None) -> str:
    out = []
    for run in runs:
        piece = str(escape(run.text))
        attrs = run.attrs
        if attrs.get("code"):
            piece = f"<code>{piece}</code>"
        if attrs.get("strike"):
            piece = f"<s>{piece}</s>"
        if attrs.get("italic"):
            piece = f"<em>{piece}</em>"
        if attrs.get("bold"):
            piece = f"<strong>{piece}</strong>"
        link = safe_link(attrs.get("link"))
        if link:
            piece = f'<a href="{escape(link)}">{piece}</a>'
        if names is not None:
            piece = _author_span(piece, run.author, names)
        out.append(piece)
    return "".join(out)


def keep_authors(runs: Iterable[Run], keep: Callable[[int | None], bool]) -> list[Run]:
    """Leave out the text of authors who may not appear (no consent): not even a trace of it.

    A line that held only their words goes too (no empty list item or paragraph where they were).
    """
    kept = []
    for line in lines_of(list(runs)):
        words = [run for run in line.runs if keep(run.author)]
        if line.runs and not "".join(run.text for run in words).strip():
            continue
        kept.extend(words)
        kept.append(Run("\n", dict(line.block)))
    return kept


def to_html(runs: Iterable[Run], names: dict[int, str] | None = None) -> str:
    """Render the document; with names, every stretch of text carries its author's colour and name."""
    parts: list[str] = []
    open_list: list[str] = []

    def close_lists(depth: int = 0) -> None:
        while len(open_list) > depth:
            parts.append(f"</li></{open_list.pop()}>")

    lines = lines_of(list(runs))
    for line in lines:
        kind, inline = line.kind, _inline_html(line.runs, names)
        if kind in ("ordered", "bullet"):
            tag = "ol" if kind == "ordered" else "ul"
            depth = line.indent + 1
            if len(open_list) > depth:
                close_lists(depth)
            if len(open_list) == depth and open_list[-1] != tag:
                close_lists(depth - 1)
            if len(open_list) == depth:
                parts.append("</li>")
            while len(open_list) < depth:
                open_list.append(tag)
                parts.append(f"<{tag}>")
            parts.append(f"<li>{inline}")
            continue
        close_lists()
        if not line.runs and kind == "p":
            continue
        tag = _BLOCK_TAGS[kind]
        if kind == "code":
            parts.append(f"<pre><code>{escape(line.text)}</code></pre>")
        elif kind == "quote":
            parts.append(f"<blockquote><p>{inline}</p></blockquote>")
        else:
            parts.append(f"<{tag}>{inline}</{tag}>")
    close_lists()
    return clean_html("\n".join(parts))


def tokens(runs: list[Run]) -> list[tuple[str, int | None]]:
    tokens = []
    for run in runs:
        tokens.extend(zip(_TOKEN.findall(run.text), repeat(run.author)))
    return tokens


#: a changed stretch longer than this (in words) is shown as removed and added, not word by word
_WORD_DIFF_LIMIT = 4000


def _lines(toks: list[tuple[str, int | None]]) -> list[tuple[int, int, str]]:
    """Group token indexes by line: (first, end, the line's text)."""
    words = [token for token, _ in toks]
    ends = [i + 1 for i, token in enumerate(words) if token == "\n"]
    if not ends or ends[-1] < len(words):
        ends.append(len(words))
    return [(start, end, "".join(words[start:end])) for start, end in zip([0, *ends[:-1]], ends, strict=True)
            if end > start]


def _ends(a: list[str], b: list[str]) -> tuple[int, int]:
    """How many items the two lists share at their start, and then at their end."""
    limit = min(len(a), len(b))
    head = 0
    while head < limit and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < limit - head and a[len(a) - 1 - tail] == b[len(b) - 1 - tail]:
        tail += 1
    return head, tail


def _matched(a: list[str], b: list[str], words: bool = False) -> list[tuple]:
    """Opcodes as difflib's, the common start and end matched first: most edits are small, in long texts.

    Lines are matched by difflib (they rarely repeat). Words are matched by their longest common
    subsequence (rapidfuzz, in C): difflib slows down on the words every line repeats (spaces,
    "the", a full stop), and a class pad is full of them.
    """
    head, tail = _ends(a, b)
    opcodes = [("equal", 0, head, 0, head)] if head else []
    middle_a, middle_b = a[head:len(a) - tail], b[head:len(b) - tail]
    if middle_a and middle_b:
        if words:
            found = _tidy([(o.tag, o.src_start, o.src_end, o.dest_start, o.dest_end)
                           for o in Indel.opcodes(middle_a, middle_b)], middle_a)
        else:
            found = difflib.SequenceMatcher(a=middle_a, b=middle_b, autojunk=False).get_opcodes()
        opcodes += [(op, head + i1, head + i2, head + j1, head + j2) for op, i1, i2, j1, j2 in found]
    elif middle_a or middle_b:
        opcodes.append(("delete" if middle_a else "insert", head, len(a) - tail, head, len(b) - tail))
    if tail:
        opcodes.append(("equal", len(a) - tail, len(a), len(b) - tail, len(b)))
    return opcodes


def _tidy(opcodes: list[tuple], a: list[str]) -> list[tuple]:
    """One opcode for each stretch between two matches; a match of spaces alone joins the change around it.

    A rewritten sentence then reads as the old words struck and the new ones added, not as a
    word-by-word patchwork held together by the spaces the two share.
    """
    out: list[list] = []
    for i, (op, a1, a2, b1, b2) in enumerate(opcodes):
        spaces = op == "equal" and 0 < i < len(opcodes) - 1 and not "".join(a[a1:a2]).strip()
        if op == "equal" and not spaces:
            out.append([op, a1, a2, b1, b2])
        elif out and out[-1][0] == "change":
            out[-1][2], out[-1][4] = a2, b2
        else:
            out.append(["change", a1, a2, b1, b2])
    return [(op if op == "equal" else "replace" if a1 < a2 and b1 < b2 else "delete" if a1 < a2 else "insert",
             a1, a2, b1, b2) for op, a1, a2, b1, b2 in out]


def token_diff(old: list[tuple[str, int | None]], new: list[tuple[str, int | None]]):
    """Return difflib-style opcodes over two token lists, fast on long documents.

    Lines are matched first; only the lines that changed are compared word by word, each with
    the line it replaces when as many lines replace as many (words typed, no line broken).
    """
    old_lines, new_lines = _lines(old), _lines(new)
    opcodes = []
    for op, a1, a2, b1, b2 in _matched([t for *_, t in old_lines], [t for *_, t in new_lines]):
        if op == "replace" and a2 - a1 == b2 - b1:
            pairs = list(zip(old_lines[a1:a2], new_lines[b1:b2], strict=True))
        else:
            a_start = old_lines[a1][0] if a1 < len(old_lines) else len(old)
            b_start = new_lines[b1][0] if b1 < len(new_lines) else len(new)
            pairs = [((a_start, old_lines[a2 - 1][1] if a2 > a1 else a_start, ""),
                      (b_start, new_lines[b2 - 1][1] if b2 > b1 else b_start, ""))]
        for (a_start, a_end, _), (b_start, b_end, _) in pairs:
            if op != "replace" or (a_end - a_start) + (b_end - b_start) > _WORD_DIFF_LIMIT:
                opcodes.append((op, a_start, a_end, b_start, b_end))
                continue
            words = _matched([t for t, _ in old[a_start:a_end]], [t for t, _ in new[b_start:b_end]], words=True)
            for wop, wa1, wa2, wb1, wb2 in words:
                opcodes.append((wop, a_start + wa1, a_start + wa2, b_start + wb1, b_start + wb2))
    return _joined(opcodes)


def _joined(opcodes: list[tuple]) -> list[tuple]:
    """Merge neighbouring opcodes of the same kind (line by line, equal stretches meet)."""
    merged: list[tuple] = []
    for opcode in opcodes:
        if merged and merged[-1][0] == opcode[0] and merged[-1][2] == opcode[1] and merged[-1][4] == opcode[3]:
            op, a1, _, b1, _ = merged[-1]
            merged[-1] = (op, a1, opcode[2], b1, opcode[4])
        else:
            merged.append(opcode)
    return merged


#: a short review shows this many words and spaces on each side of a change
CONTEXT_TOKENS = 40
#: and stops after about this many characters of text, wherever the pad is long
SHORT_CHARS = 4000


def diff_html(before: list[Run], after: list[Run], names: dict[int, str],
              flagged: set[int] | None = None, short: bool = False, opcodes=None,
              tokenized: bool = False) -> str:
    """Show what changed, word by word: additions in their author's colour, removals struck through.

    `flagged` holds character offsets of `after` that a norms finding covers; they are marked.
    A short diff (the queue's) shows each change with the words around it, "…" for what lies
    between, and stops after SHORT_CHARS characters: a long pad reads as what changed in it.
    `opcodes` are token_diff's, when the caller has them; with `tokenized`, before and after
    are tokens already (see tokens()).
    """
    old, new = (before, after) if tokenized else (tokens(before), tokens(after))
    opcodes = opcodes if opcodes is not None else token_diff(old, new)
    offsets = list(accumulate([len(token) for token, _ in new], initial=0))
    flagged = flagged or set()
    out: list[str] = ["<p>"]
    pending: list[str] = []
    pending_key: tuple | None = None

    def flush() -> None:
        # Neighbouring words by one author go in one mark, so the text reads (and searches) whole.
        nonlocal pending, pending_key
        if pending:
            author, marked = pending_key
            label = escape(names.get(author, "")) if author is not None else ""
            body = "".join(pending)
            if marked:
                body = f'<mark class="finding">{body}</mark>'
            out.append(f'<ins class="author author-c{colour(author)}" title="{label}">{body}</ins>')
        pending, pending_key = [], None

    shown, left_out = 0, 0

    def equal(tokens_: list[tuple[str, int | None]]) -> None:
        nonlocal shown
        for token, _ in tokens_:
            out.append("</p><p>" if token == "\n" else str(escape(token)))
            shown += len(token)

    for i, (op, a1, a2, b1, b2) in enumerate(opcodes):
        if short and shown > SHORT_CHARS:
            left_out += sum(1 for op, *_ in opcodes[i:] if op != "equal")
            break
        if op in ("delete", "replace"):
            flush()
            removed = "".join(t for t, _ in old[a1:a2] if t != "\n")
            if removed.strip():
                out.append(f'<del class="removed">{escape(removed)}</del>')
                shown += len(removed)
        if op == "equal":
            flush()
            head = 0 if i == 0 else CONTEXT_TOKENS
            tail = 0 if i == len(opcodes) - 1 else CONTEXT_TOKENS
            if short and b2 - b1 > head + tail:
                equal(new[b1:b1 + head])
                out.append("</p><p>…</p><p>")
                equal(new[b2 - tail:b2])
            else:
                equal(new[b1:b2])
            continue
        if op in ("insert", "replace"):
            for index in range(b1, b2):
                if short and shown > SHORT_CHARS:
                    left_out += 1  # the rest of a long addition, as one change more
                    break
                token, author = new[index]
                if token == "\n":
                    flush()
                    out.append("</p><p>")
                    continue
                start = offsets[index]
                key = (author, any(start + k in flagged for k in range(len(token))))
                if key != pending_key:
                    flush()
                    pending_key = key
                pending.append(str(escape(token)))
                shown += len(token)
    flush()
    out.append("</p>")
    if left_out:
        out.append(f"<p>… and {left_out} more change{'s' if left_out != 1 else ''}, not shown here.</p>")
    return clean_html("".join(out).replace("<p></p>", ""))


def changed(before: list[Run], after: list[Run]) -> bool:
    """Tell whether the text or its formatting differs."""
    return plain(before) != plain(after) or [r.attrs for r in before] != [r.attrs for r in after]


__all__ = ["Line", "changed", "colour", "diff_html", "keep_authors", "to_html"]
