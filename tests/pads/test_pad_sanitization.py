"""Every XSS payload, typed or pasted into a pad, comes out of every path inert.

Paths: the class's live page, the history and each revision, the queue's diff, the
published page, and the Markdown and HTML exports. "Pasted" means arriving with
attributes a hostile client could set on the Yjs text: links, headings, code, and made-up
attributes.
"""
import html
import re

import pytest
from markdown_it import MarkdownIt

from board.extensions import db
from board.pads import services, store
from board.pads.models import Pad
from tests.pads.conftest import write, write_many
from tests.services import missing
from tests.test_sanitization import FORBIDDEN_ANYWHERE, VECTORS, VECTORS_PATH, attribute_problems, parse

APP_SCRIPTS = {"/static/js/board.js", "/static/pad/pad.js"}
APP_LINKS = {("stylesheet", "/static/css/board.css"), ("stylesheet", "/static/pad/pad.css"),
             ("icon", "/static/favicon.svg")}
#: a renderer that lets raw HTML through, as another tool might: the export must be inert even there
PERMISSIVE = MarkdownIt("commonmark", {"html": True})


def page_problems(page: str) -> list[str]:
    parser = parse(page)
    problems = list(parser.oddities)
    for element in parser.elements:
        attrs = dict(element.attrs)
        found = attribute_problems(element)
        if element.tag in FORBIDDEN_ANYWHERE:
            found.append(f"a <{element.tag}> element")
        if element.tag == "script" and (attrs.get("src") not in APP_SCRIPTS or element.text.strip()):
            found.append("a script other than the app's own files")
        if element.tag == "link" and ((attrs.get("rel") or ""), attrs.get("href")) not in APP_LINKS:
            found.append("a <link> that is not the app's")
        problems += [f"{p}: <{element.tag} {element.attrs}>"[:300] for p in found]
    return problems


def pasted(payload: str) -> list[tuple[str, dict]]:
    """The same payload arriving as formatted text a hostile client might send."""
    return [
        # a link whose target is the payload, on text with made-up attributes a client could set
        ("link text", {"link": payload, "bold": True, "onerror": payload, "style": "x", "class": payload}),
        # the payload as code, on a line whose block formats are the payload too
        (payload, {"code": True, "header": payload, "list": payload, "indent": payload}),
    ]


@pytest.fixture(scope="module")
def vectors():
    if not VECTORS:
        missing("The XSS vectors", f"{VECTORS_PATH} is absent")
    return VECTORS


def test_every_payload_typed_or_pasted_into_a_pad_comes_out_inert(client, pad_school, login_as, vectors):
    pad = pad_school.pad
    write_many(pad, pad_school.maya, [(vector["payload"] + "\n", None) for vector in vectors])
    store.cut_live_revision(pad.id)
    pieces = []
    for vector in vectors:
        for text, attrs in pasted(vector["payload"]):
            pieces += [(text, attrs), ("\n", {k: v for k, v in attrs.items() if k != "link"})]
    write_many(pad, pad_school.jonah, pieces)
    store.cut_live_revision(pad.id)
    login_as(pad_school.teacher)
    client.post(f"/pads/{pad.id}/publish", data={"version": db.session.get(Pad, pad.id).lock_version})
    write(pad, pad_school.maya, vectors[0]["payload"] + " after publishing\n")  # a diff for the queue

    pages = {
        "live page": client.get(f"/pads/{pad.id}"),
        "history": client.get(f"/pads/{pad.id}/history"),
        "revision 1": client.get(f"/pads/{pad.id}/revisions/1"),
        "revision 2": client.get(f"/pads/{pad.id}/revisions/2"),
        "queue": client.get("/queue"),
        "export html (class)": client.get(f"/pads/{pad.id}/export.html"),
    }
    client.post("/logout")
    pages["published page"] = client.get(f"/pads/{pad.id}")
    pages["export html (public)"] = client.get(f"/pads/{pad.id}/export.html")
    for where, response in pages.items():
        assert response.status_code == 200, where
        problems = page_problems(response.get_data(as_text=True))
        assert not problems, f"{where}:\n" + "\n".join(problems[:20])
    published = html.unescape(pages["published page"].get_data(as_text=True))
    assert "after publishing" not in published

    for who in ("class", "public"):
        if who == "class":
            login_as(pad_school.maya)
        else:
            client.post("/logout")
        markdown = client.get(f"/pads/{pad.id}/export.md").get_data(as_text=True)
        rendered = PERMISSIVE.render(markdown)
        problems = page_problems(f"<div>{rendered}</div>")
        assert not problems, f"Markdown export ({who}) rendered with raw HTML allowed:\n" + "\n".join(problems[:20])
        assert not re.search(r"<\s*(script|iframe|svg|img|style)", rendered, re.I), who


def test_the_review_diff_and_published_html_are_cleaned_on_the_server(pad_school):
    """The functions behind those pages clean what they build, whatever the document holds."""
    write(pad_school.pad, pad_school.maya, '<img src=x onerror="alert(1)">',
          attrs={"link": "javascript:alert(1)", "bold": True})
    runs = services.live_runs(pad_school.pad)
    from board.pads.render import diff_html, to_html

    for produced in (to_html(runs), to_html(runs, {pad_school.maya.id: "<b>Maya</b>"}),
                     diff_html([], runs, {pad_school.maya.id: '"><script>alert(1)</script>'})):
        assert not page_problems(f"<div>{produced}</div>"), produced
        assert not re.search(r"<\s*(img|script|b)\b", produced), produced


HOSTILE_TARGETS = ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " java\tscript:alert(1)", "\x01javascript:alert(1)",
                   "vbscript:msgbox(1)", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="]


def link_targets(markdown: str) -> list[str]:
    return re.findall(r"\]\(([^)]*)\)", markdown)


def test_the_markdown_export_keeps_web_and_mail_links_only(client, pad_school, login_as, vectors):
    """Another tool may render the export with a laxer Markdown: no link target may carry a script."""
    pad = pad_school.pad
    targets = HOSTILE_TARGETS + [v["payload"] for v in vectors]
    write_many(pad, pad_school.maya, [(f"link {i}", {"link": t}) for i, t in enumerate(targets)]
               + [("a safe one", {"link": "https://example.org/parks"}), ("\n", None)])
    login_as(pad_school.maya)
    markdown = client.get(f"/pads/{pad.id}/export.md").get_data(as_text=True)
    kept = link_targets(markdown)
    assert kept == ["https://example.org/parks"], kept
    assert "link 0" in markdown and "a safe one" in markdown  # the words stay, only the targets go


def test_links_keep_web_and_mail_targets_and_complete_a_bare_domain():
    from board.pads.document import safe_link

    assert safe_link("https://example.org/a?b=1") == "https://example.org/a?b=1"
    assert safe_link("mailto:teacher@example.org") == "mailto:teacher@example.org"
    assert safe_link("www.example.org/parks") == "https://www.example.org/parks"
    for hostile in HOSTILE_TARGETS + ["<svg onload=alert(1)>", "/relative/path", "#top", ""]:
        assert safe_link(hostile) is None, hostile
