"""Pad content as HTML, always cleaned by the one allowlist: the plain view, who-wrote-what, and diffs."""
from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable

from markupsafe import escape

from board.pads.document import Line, Run, lines_of, plain, safe_link
from board.text import clean_html

#: colours of authorship marks (board.css: .author-c0 … .author-c11)
PALETTE_SIZE = 12
_BLOCK_TAGS = {"h1": "h2", "h2": "h3", "h3": "h4", "quote": "blockquote", "code": "pre", "p": "p"}
_TOKEN = re.compile(r"\n|\s+|\w+|[^\w\s]")


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
        tokens.extend((token, run.author) for token in _TOKEN.findall(run.text))
    return tokens


#: a changed stretch longer than this (in words) is shown as removed and added, not word by word
_WORD_DIFF_LIMIT = 4000


def _lines(toks: list[tuple[str, int | None]]) -> list[tuple[int, int, str]]:
    """Group token indexes by line: (first, end, the line's text)."""
    lines, start = [], 0
    for i, (token, _) in enumerate(toks):
        if token == "\n":
            lines.append((start, i + 1, "".join(t for t, _ in toks[start:i + 1])))
            start = i + 1
    if start < len(toks):
        lines.append((start, len(toks), "".join(t for t, _ in toks[start:])))
    return lines


def token_diff(old: list[tuple[str, int | None]], new: list[tuple[str, int | None]]):
    """Return difflib-style opcodes over two token lists, fast on long documents.

    Lines are matched first; only the lines that changed are compared word by word.
    """
    old_lines, new_lines = _lines(old), _lines(new)
    by_line = difflib.SequenceMatcher(a=[t for *_, t in old_lines], b=[t for *_, t in new_lines], autojunk=False)
    opcodes = []
    for op, a1, a2, b1, b2 in by_line.get_opcodes():
        a_start = old_lines[a1][0] if a1 < len(old_lines) else len(old)
        a_end = old_lines[a2 - 1][1] if a2 > a1 else a_start
        b_start = new_lines[b1][0] if b1 < len(new_lines) else len(new)
        b_end = new_lines[b2 - 1][1] if b2 > b1 else b_start
        if op != "replace" or (a_end - a_start) + (b_end - b_start) > _WORD_DIFF_LIMIT:
            opcodes.append((op, a_start, a_end, b_start, b_end))
            continue
        words = difflib.SequenceMatcher(a=[t for t, _ in old[a_start:a_end]],
                                        b=[t for t, _ in new[b_start:b_end]], autojunk=False)
        for wop, wa1, wa2, wb1, wb2 in words.get_opcodes():
            opcodes.append((wop, a_start + wa1, a_start + wa2, b_start + wb1, b_start + wb2))
    return opcodes


def diff_html(before: list[Run], after: list[Run], names: dict[int, str],
              flagged: set[int] | None = None) -> str:
    """Show what changed, word by word: additions in their author's colour, removals struck through.

    `flagged` holds character offsets of `after` that a norms finding covers; they are marked.
    """
    old, new = tokens(before), tokens(after)
    offsets, position = [], 0
    for token, _ in new:
        offsets.append(position)
        position += len(token)
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

    for op, a1, a2, b1, b2 in token_diff(old, new):
        if op in ("delete", "replace"):
            flush()
            removed = "".join(t for t, _ in old[a1:a2] if t != "\n")
            if removed.strip():
                out.append(f'<del class="removed">{escape(removed)}</del>')
        if op == "equal":
            flush()
            for token, _ in new[b1:b2]:
                out.append("</p><p>" if token == "\n" else str(escape(token)))
            continue
        if op in ("insert", "replace"):
            for index in range(b1, b2):
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
    flush()
    out.append("</p>")
    return clean_html("".join(out).replace("<p></p>", ""))


def changed(before: list[Run], after: list[Run]) -> bool:
    """Tell whether the text or its formatting differs."""
    return plain(before) != plain(after) or [r.attrs for r in before] != [r.attrs for r in after]


__all__ = ["Line", "changed", "colour", "diff_html", "keep_authors", "to_html"]
