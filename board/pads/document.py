"""The pad's document: a Yjs text in Quill's format, read as lines and runs, written back as Markdown.

No Flask here: these functions take pycrdt documents and plain values, so the socket,
the pages and the tests share them.

A pad is one Y.Text named "quill". Inline formats (bold, italic, strike, code, link, and
the server's "author" mark) sit on the characters; block formats (header, list,
blockquote, code-block, indent) sit on the newline that ends each line, as in Quill.
"""
from __future__ import annotations

import logging
import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from itertools import accumulate
from operator import itemgetter

from pycrdt import Doc, Text

log = logging.getLogger(__name__)

TEXT_NAME = "quill"
# pycrdt 0.14 counts positions in a Text in UTF-8 bytes (insert, format, delete and event deltas);
# the browser's Yjs counts UTF-16 units. Everything here converts at the edges.
#: the attribute the server stamps on every character with the id of the person who typed it
AUTHOR = "author"
#: the attribute the server sets on a writer's words the norms check flagged: classmates do not see
#: them until the writer revises them or a teacher releases them (its value names the hold)
HELD = "held"
#: inline formats kept when rendering; anything else a client sends is ignored
INLINE = ("bold", "italic", "strike", "code", "link")


@dataclass
class Run:
    """A stretch of text with the same attributes."""

    text: str
    attrs: dict = field(default_factory=dict)

    @property
    def author(self) -> int | None:
        return _author_of(self.attrs.get(AUTHOR))


@dataclass
class Line:
    """One line of the document: its runs and the block format on its newline."""

    runs: list[Run]
    block: dict = field(default_factory=dict)

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)

    @property
    def kind(self) -> str:
        header = _number(self.block.get("header"))
        if header in (1, 2, 3):
            return f"h{header}"
        if self.block.get("list") in ("ordered", "bullet"):
            return self.block["list"]
        if self.block.get("code-block"):
            return "code"
        if self.block.get("blockquote"):
            return "quote"
        return "p"

    @property
    def indent(self) -> int:
        return max(0, min(_number(self.block.get("indent")) or 0, 6))


def _number(value) -> int | None:
    """Read a whole number that may arrive as 2, 2.0 or "2" (Yjs keeps JSON numbers as floats)."""
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return None


def new_doc() -> Doc:
    doc = Doc(allow_multithreading=True)
    doc.get(TEXT_NAME, type=Text)
    return doc


def byte_length(text: str) -> int:
    """Length of a string in the units pycrdt positions use."""
    return len(text.encode("utf-8"))


def utf16_length(text: str) -> int:
    """Length of a string as the browser counts it (UTF-16 units)."""
    return len(text.encode("utf-16-le")) // 2


def utf16_offset(text: str, index: int) -> int:
    """Turn a Python index into the browser's (a JavaScript string's) index."""
    return len(text[:index].encode("utf-16-le")) // 2


def load(state: bytes | None, updates: Iterable[bytes] = (), doc: Doc | None = None) -> Doc:
    """Build a document from a snapshot and the updates that came after it (into `doc`, if given)."""
    doc = doc if doc is not None else new_doc()
    if state:
        doc.apply_update(state)
    for update in updates:
        try:
            doc.apply_update(update)
        except ValueError:  # one broken update must not stop the pad from loading
            log.warning("skipped an update that does not decode (%s bytes)", len(update))
    return doc


def text_of(doc: Doc) -> Text:
    return doc.get(TEXT_NAME, type=Text)


def runs_of(doc: Doc) -> list[Run]:
    """Return the document as runs of text with their attributes."""
    runs = []
    for value, attrs in text_of(doc).diff():
        if isinstance(value, str) and value:
            runs.append(Run(value, dict(attrs or {})))
    return runs


def plain(runs: Iterable[Run]) -> str:
    return "".join(run.text for run in runs)


def lines_of(runs: Iterable[Run]) -> list[Line]:
    """Split runs into lines; each newline's attributes are the line's block format."""
    lines: list[Line] = []
    current: list[Run] = []
    for run in runs:
        parts = run.text.split("\n")
        for i, part in enumerate(parts):
            if part:
                current.append(Run(part, run.attrs))
            if i < len(parts) - 1:
                lines.append(Line(current, {k: v for k, v in run.attrs.items() if k not in (AUTHOR, HELD)}))
                current = []
    if current:
        lines.append(Line(current, {}))
    # Quill always ends with an empty line; it carries nothing.
    while lines and not lines[-1].runs and not lines[-1].block:
        lines.pop()
    return lines


def inserted_ranges(delta: list[dict]) -> list[tuple[int, int, dict]]:
    """Return (start, end, attributes) for every insertion in a text event's delta (in pycrdt's units)."""
    ranges, position = [], 0
    for op in delta:
        if "retain" in op:
            position += op["retain"]
        elif "insert" in op:
            length = _length(op["insert"])
            ranges.append((position, position + length, dict(op.get("attributes") or {})))
            position += length
    return ranges


def _length(inserted) -> int:
    return byte_length(inserted) if isinstance(inserted, str) else 1


def _author_of(value) -> int | None:
    return int(value) if isinstance(value, str) and value.isdigit() else None


class Authorship:
    """Who wrote each stretch of a document, kept in step with it from its change events.

    The author mark is the server's to set. A writer's change to the mark on text that was
    already there (a format operation) is reported with the author it replaced, so the server
    can put it back; the server's own changes (trusted) are followed as they are.
    """

    def __init__(self, runs: Iterable[Run] = (), key: str = AUTHOR):
        #: the attribute followed: the author mark, or the server's hold on flagged words
        self.key = key
        #: [length in pycrdt's units, author id or None], neighbours with the same author joined
        self.spans: list[list] = []
        for run in runs:
            self._add(self.spans, byte_length(run.text), _author_of(run.attrs.get(key)))

    @staticmethod
    def _add(spans: list[list], length: int, author: int | None) -> None:
        if length <= 0:
            return
        if spans and spans[-1][1] == author:
            spans[-1][0] += length
        else:
            spans.append([length, author])

    def follow(self, delta: list[dict], trusted: bool) -> list[tuple[int, int, int | None]]:
        """Follow one change; return (start, end, author it had) of text whose mark a writer changed."""
        old, out, forged = self.spans, [], []
        index, offset, position = 0, 0, 0

        ends: list[int] = []

        def carry(length: int) -> None:
            """Keep the next `length` units as they were: whole spans are copied at once, not one by one."""
            nonlocal index, offset
            if length <= 0 or index >= len(old):
                return
            # A few spans are walked; past those, running sums find the end of the stretch at once.
            for _ in range(32):
                rest = old[index][0] - offset
                if length < rest:
                    self._add(out, length, old[index][1])
                    offset += length
                    return
                self._add(out, rest, old[index][1])
                length -= rest
                index, offset = index + 1, 0
                if length == 0 or index >= len(old):
                    return
            if not ends:
                ends.extend(accumulate(map(itemgetter(0), old)))
            target = (ends[index - 1] if index else 0) + offset + length
            last = bisect_left(ends, target)
            self._add(out, old[index][0] - offset, old[index][1])
            if last >= len(old):
                last = len(old)
            elif ends[last] == target:
                last += 1
            whole = old[index + 1:last]
            if whole and out and out[-1][1] == whole[0][1]:
                out[-1][0] += whole[0][0]
                whole = whole[1:]
            out.extend(whole)
            index, offset = last, 0
            if last < len(old) and last > 0 and ends[last - 1] < target:
                offset = target - ends[last - 1]
                self._add(out, offset, old[last][1])

        def take(length: int):
            """The old spans' pieces covering the next `length` units."""
            nonlocal index, offset
            while length > 0 and index < len(old):
                piece = min(length, old[index][0] - offset)
                yield piece, old[index][1]
                length -= piece
                offset += piece
                if offset == old[index][0]:
                    index, offset = index + 1, 0

        for op in delta:
            attrs = op.get("attributes") or {}
            if "retain" in op and self.key not in attrs:
                carry(op["retain"])
                position += op["retain"]
            elif "retain" in op:
                for piece, author in take(op["retain"]):
                    if self.key in attrs:
                        claimed = _author_of(attrs[self.key])
                        if not trusted and claimed != author:
                            forged.append((position, position + piece, author))
                        elif trusted:
                            author = claimed
                    self._add(out, piece, author)
                    position += piece
            elif "insert" in op:
                length = _length(op["insert"])
                self._add(out, length, _author_of(attrs.get(self.key)))
                position += length
            elif "delete" in op:
                for _ in take(op["delete"]):
                    pass
        if index < len(old):
            self._add(out, old[index][0] - offset, old[index][1])
            rest = old[index + 1:]
            if rest and out and out[-1][1] == rest[0][1]:
                out[-1][0] += rest[0][0]
                rest = rest[1:]
            out.extend(rest)
        self.spans = out
        return forged


def stamp_authors(doc: Doc, marks: Iterable[tuple[int, int, int | None]], key: str = AUTHOR) -> None:
    """Mark stretches of text (start, end, author id or None) with who wrote them; only the server may.

    With key=HELD, the same for holds: (start, end, hold id, or None to release).
    """
    text = text_of(doc)
    with doc.transaction():
        for start, end, author_id in marks:
            if end > start:
                text.format(start, end, {key: str(author_id) if author_id is not None else None})


def held_runs(runs: Iterable[Run]) -> list[tuple[int, int, int, int | None]]:
    """Every held stretch of text: (hold id, start, end in characters, its writer), in order."""
    found, position = [], 0
    for run in runs:
        hold = _author_of(run.attrs.get(HELD))
        if hold is not None:
            if found and found[-1][0] == hold and found[-1][2] == position:
                found[-1] = (hold, found[-1][1], position + len(run.text), found[-1][3])
            else:
                found.append((hold, position, position + len(run.text), run.author))
        position += len(run.text)
    return found


def without_held(runs: Iterable[Run], shown_to=lambda author: False) -> list[Run]:
    """The runs without held words, except those whose writer `shown_to` accepts (the writer themselves)."""
    return [run for run in runs if run.attrs.get(HELD) is None or shown_to(run.author)]


def _freeze(attrs: dict | None) -> tuple:
    """Attributes as a comparable key (Yjs gives back whole numbers as floats: 2 and 2.0 are one)."""
    def same(value):
        return float(value) if isinstance(value, int) and not isinstance(value, bool) else value
    return tuple(sorted((key, repr(same(value))) for key, value in (attrs or {}).items()))


def _lines_of_pieces(pieces) -> list[tuple]:
    """Split (value, attributes) pieces into lines, each a tuple of (value, attributes, key) ending with its newline."""
    lines, current = [], []
    for value, attrs in pieces:
        attrs = dict(attrs or {})
        if not isinstance(value, str):
            # An embed: one unit, never equal to text, so a restore always takes it out.
            current.append((value, attrs, ("embed", repr(value), _freeze(attrs))))
            continue
        parts = value.split("\n")
        for i, part in enumerate(parts):
            if part:
                current.append((part, attrs, (part, _freeze(attrs))))
            if i < len(parts) - 1:
                current.append(("\n", attrs, ("\n", _freeze(attrs))))
                lines.append(tuple(current))
                current = []
    if current:
        lines.append(tuple(current))
    return lines


def _units(piece) -> int:
    return byte_length(piece[0]) if isinstance(piece[0], str) else 1


def replace_with(doc: Doc, runs: Iterable[Run]) -> bool:
    """Make the document hold exactly these runs (a restore), keeping their authorship; True if it changed.

    Only the lines that differ are rewritten, so a restore logs what it changes rather than a
    copy of the whole pad, and unchanged lines keep their history.
    """
    text = text_of(doc)
    old = _lines_of_pieces(text.diff())
    new = _lines_of_pieces((run.text, run.attrs) for run in runs)
    old_keys = [tuple(piece[2] for piece in line) for line in old]
    new_keys = [tuple(piece[2] for piece in line) for line in new]
    if old_keys == new_keys:
        return False
    # Inserted text would take on the formats around it: every format in sight is set, or unset.
    formats = {key for lines in (old, new) for line in lines for piece in line for key in piece[1]}
    starts = [0]
    for line in old:
        starts.append(starts[-1] + sum(_units(piece) for piece in line))
    opcodes = SequenceMatcher(None, old_keys, new_keys).get_opcodes()
    with doc.transaction():
        # From the end backwards, so the positions of what comes before stay right.
        for tag, i1, i2, j1, j2 in reversed(opcodes):
            if tag == "equal":
                continue
            start, end = starts[i1], starts[i2]
            if end > start:
                del text[start:end]
            position = start
            for line in new[j1:j2]:
                for value, attrs, _key in line:
                    text.insert(position, value, {**dict.fromkeys(formats), **attrs})
                    position += byte_length(value)
    return True


# ---- Markdown ----------------------------------------------------------------------------

_ESCAPE = re.compile(r"([\\`*_\[\]<>#|~])")
_LINE_START = re.compile(r"^(\s*)(?:(\d+)([.)])|([-+>=]))(?=\s|$)")


def _escape(text: str) -> str:
    return _ESCAPE.sub(r"\\\1", text)


def markdown_heading(title: str) -> str:
    """A title as a first-level heading that stays one line of plain words, whatever it holds."""
    words = " ".join(title.split())
    # An "&" that starts an entity too: a renderer would otherwise read "&lt;" as "<".
    return "# " + re.sub(r"&(?=#?\w+;)", r"\\&", _escape(words))


#: link targets a Markdown export keeps, as the HTML allowlist does (board/text.py)
LINK_SCHEMES = ("http", "https", "mailto")
_SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*):")
_BARE_DOMAIN = re.compile(r"^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(/[^\s<>\"]*)?$")


def safe_link(url) -> str | None:
    """The link's target if it is a web or mail address, else None (the words stay, the link goes).

    "www.example.org", typed without a scheme, becomes https://www.example.org; other targets
    without a scheme mean nothing outside the editor and are dropped.
    """
    if not isinstance(url, str) or not url.strip():
        return None
    # Browsers ignore control characters and spaces inside a scheme ("java\tscript:"); so does this.
    squeezed = re.sub(r"[\x00-\x20]", "", url)
    scheme = _SCHEME.match(squeezed)
    if scheme:
        return url.strip() if scheme.group(1).lower() in LINK_SCHEMES else None
    if _BARE_DOMAIN.match(squeezed):
        return "https://" + squeezed
    return None


def _link_target(url: str) -> str:
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("<", "%3C")


def _without_authors(runs: list[Run]) -> list[Run]:
    """Join neighbouring runs that differ only in authorship (Markdown cannot say who wrote what)."""
    merged: list[Run] = []
    for run in runs:
        attrs = {k: v for k, v in run.attrs.items() if k not in (AUTHOR, HELD)}
        if merged and merged[-1].attrs == attrs:
            merged[-1] = Run(merged[-1].text + run.text, attrs)
        else:
            merged.append(Run(run.text, attrs))
    return merged


def _fence(text: str, least: int) -> str:
    """Return a run of backticks longer than any inside the text, so the text cannot close it."""
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    return "`" * max(least, longest + 1)


def _inline_markdown(runs: list[Run]) -> str:
    out = []
    for run in _without_authors(runs):
        attrs = run.attrs
        if attrs.get("code"):
            ticks = _fence(run.text, 1)
            pad = " " if run.text.startswith("`") or run.text.endswith("`") else ""
            piece = f"{ticks}{pad}{run.text}{pad}{ticks}"
        else:
            leading = run.text[: len(run.text) - len(run.text.lstrip())]
            trailing = run.text[len(run.text.rstrip()):]
            core = _escape(run.text.strip())
            if core:
                if attrs.get("strike"):
                    core = f"~~{core}~~"
                if attrs.get("italic"):
                    core = f"*{core}*"
                if attrs.get("bold"):
                    core = f"**{core}**"
            piece = leading + core + trailing
        target = safe_link(attrs.get("link"))
        if target:
            piece = f"[{piece}]({_link_target(target)})"
        out.append(piece)
    return "".join(out)


def to_markdown(runs: Iterable[Run]) -> str:
    """Write the document as Markdown: headings, lists, quotes, code, emphasis and links."""
    blocks: list[str] = []
    code_lines: list[str] = []
    previous = None
    for line in lines_of(list(runs)):
        kind = line.kind
        if kind == "code":
            code_lines = code_lines + [line.text] if previous == "code" else [line.text]
            fence = _fence("\n".join(code_lines), 3)
            block = f"{fence}\n" + "\n".join(code_lines) + f"\n{fence}"
            if previous == "code":
                blocks[-1] = block
            else:
                blocks.append(block)
            previous = kind
            continue
        inline = _inline_markdown(line.runs)
        if kind.startswith("h"):
            text = "#" * (int(kind[1]) + 1) + " " + inline
        elif kind in ("ordered", "bullet"):
            marker = "1." if kind == "ordered" else "-"
            text = "    " * line.indent + f"{marker} {inline}"
        elif kind == "quote":
            text = "> " + inline
        else:
            # A paragraph that starts like a list or a quote must stay a paragraph: "1\." and "\-".
            text = _LINE_START.sub(
                lambda m: m.group(1) + (f"{m.group(2)}\\{m.group(3)}" if m.group(2) else "\\" + m.group(4)),
                inline,
            )
        if blocks and previous == kind and kind in ("ordered", "bullet"):
            blocks[-1] += "\n" + text
        elif blocks and previous == kind == "quote":
            blocks[-1] += "\n>\n" + text
        elif text.strip():
            blocks.append(text)
        previous = kind if text.strip() else None
    return "\n\n".join(blocks) + ("\n" if blocks else "")
