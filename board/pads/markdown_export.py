"""The pad written as Markdown (headings, lists, quotes, code, emphasis, links), and the link check
the HTML rendering shares."""
from __future__ import annotations

import re
from collections.abc import Iterable

from board.pads.runs import AUTHOR, HELD, Run, lines_of

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
