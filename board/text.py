"""The one path from what someone typed to HTML a page may show."""
from __future__ import annotations

import re
import threading

import bleach
from bleach.linkifier import LinkifyFilter
from markdown_it import MarkdownIt
from markupsafe import Markup

#: what a contribution may contain once rendered: text structure, emphasis, code, links; and,
#: for pads, headings and the marks that say who wrote what and what changed
ALLOWED_TAGS = frozenset(
    {"p", "br", "em", "strong", "ul", "ol", "li", "blockquote", "code", "pre", "a", "hr", "s",
     "h2", "h3", "h4", "span", "ins", "del", "mark"}
)
#: classes the pages style; no other class value survives cleaning
_CLASS = re.compile(r"^(?:author author-c\d{1,2}|finding(?: finding-[a-z_]+)?|removed)$")
_SIMPLE = {"a": ("href", "title", "rel"), "ol": ("start",)}
_MARKED = ("span", "ins", "del", "mark")


def _allowed_attribute(tag: str, name: str, value: str) -> bool:
    """Allow links their targets, and the marks of a pad their class and title, nothing else."""
    if name in _SIMPLE.get(tag, ()):
        return True
    if tag in _MARKED:
        return name == "title" or (name == "class" and bool(_CLASS.match(value)))
    return False


ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"


def _markdown(headings: bool) -> MarkdownIt:
    """Build a Markdown parser: CommonMark, raw HTML off, no images; headings only where asked."""
    md = MarkdownIt("commonmark", {"html": False, "typographer": False})
    md.enable(["strikethrough"])
    # Images would let a post load anything from anywhere; headings shout in a thread.
    md.disable(["image"] if headings else ["image", "heading", "lheading"])
    # markdown-it's own link validator already refuses javascript:, vbscript:, file: and data:
    return md


def _set_rel(attrs: dict, new: bool = False) -> dict:
    """Give every link the same rel, whatever the text said."""
    href_key = (None, "href")
    if href_key not in attrs:
        return attrs
    attrs[(None, "rel")] = LINK_REL
    attrs.pop((None, "target"), None)
    return attrs


# A MarkdownIt keeps no state between renders (each render builds its own), so threads share these two.
_MD = _markdown(headings=False)
_MD_WITH_HEADINGS = _markdown(headings=True)
#: bleach's Cleaner keeps parser state between calls and is not thread-safe (its documentation
#: says to make one per thread), so each thread of a worker gets its own.
_LOCAL = threading.local()


def _cleaner() -> bleach.Cleaner:
    """Return this thread's cleaner, built on first use."""
    cleaner = getattr(_LOCAL, "cleaner", None)
    if cleaner is None:
        cleaner = _LOCAL.cleaner = bleach.Cleaner(
            tags=ALLOWED_TAGS,
            attributes=_allowed_attribute,
            protocols=ALLOWED_PROTOCOLS,
            strip=True,
            strip_comments=True,
            # Bare web addresses become links; emails stay text, so nobody's address turns clickable.
            filters=[
                lambda source: LinkifyFilter(
                    source, callbacks=[_set_rel], parse_email=False, skip_tags=["pre", "code"]
                )
            ],
        )
    return cleaner


def clean_html(html: str) -> str:
    """Clean HTML against the allowlist; everything else is dropped or escaped."""
    return _cleaner().clean(html)


def render_markdown(source: str, headings: bool = False) -> str:
    """Render Markdown to sanitized HTML, ready to store and show (headings for documents only)."""
    parser = _MD_WITH_HEADINGS if headings else _MD
    return clean_html(parser.render(source or "")).strip()


def as_markup(stored_html: str | None) -> Markup:
    """Mark HTML that came from render_markdown (and only that) as safe for templates."""
    return Markup(stored_html or "")


def excerpt(source: str, length: int = 140) -> str:
    """Return a plain-text excerpt of Markdown for lists and notifications."""
    text = " ".join((source or "").split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"
