"""370 XSS payloads through the real write path: nothing a student types can run in a reader's browser.

Every payload is posted by a student over HTTP, approved by the teacher over HTTP, and then read back
on every page that shows it: the prompt page (teacher and anonymous visitor), the post's own page,
the queue and the student's own work. Each page is parsed; nothing in it may carry script: no event
handler, no javascript:/data:/vbscript: URL, no script but the app's own file, no element a post may
not contain inside a post's text. The stored HTML is checked against the allowlist on its own, and
the sanitizer (render_markdown and the `flask render` command) is checked directly, table-driven.

The payloads come from shared/xss/vectors.json beside the repository (DOMPurify's fixtures and the HTML5 Security
Cheatsheet, MPL-2.0); they are read from there and never copied into this repository.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markupsafe import escape
from sqlalchemy import select
from sqlalchemy.pool import StaticPool

from board.accounts.services import AccountError, clean_name
from board.discussions.highlight import highlight
from board.discussions.models import Flag, Post
from board.extensions import db
from board.moderation import states
from board.text import render_markdown
from tests import factories
from tests.conftest import Client
from tests.factories import PASSWORD
from tests.services import missing

#: shared test data sits beside the repository: <repository>/../shared/
VECTORS_PATH = Path(__file__).resolve().parent.parent.parent / "shared" / "xss" / "vectors.json"


def _load_vectors() -> list[dict]:
    if not VECTORS_PATH.exists():
        return []
    return json.loads(VECTORS_PATH.read_text(encoding="utf-8"))


VECTORS = _load_vectors()
BY_ID = {v["id"]: v for v in VECTORS}
#: payloads per prompt: a thread of this size renders fast and its pages stay small
BATCH = 20
BATCHES = -(-len(VECTORS) // BATCH)


def _vector_params():
    if not VECTORS:
        return [pytest.param(None, id="vectors-missing")]
    return [pytest.param(v, id=v["id"]) for v in VECTORS]


def batch_params():
    """One parameter per batch of BATCH vectors (a test per batch keeps a failure's report short)."""
    if not VECTORS:
        return [pytest.param(None, id="vectors-missing")]
    return [pytest.param(n, id=f"batch-{n + 1}-of-{BATCHES}") for n in range(BATCHES)]


def _require(vector) -> dict:
    if vector is None:
        missing("The XSS vectors", f"{VECTORS_PATH} is absent")
    return vector


def _pick(*needles: str, limit: int = 500) -> list[dict]:
    """Return the first payload (at most `limit` characters) containing each needle, case-insensitive."""
    chosen = []
    for needle in needles:
        for vector in VECTORS:
            if needle in vector["payload"].lower() and len(vector["payload"]) <= limit and vector not in chosen:
                chosen.append(vector)
                break
    return chosen


#: a handful for the slower paths: the classic families, control characters and CR/LF included
HANDFUL_NEEDLES = ("<script", "onerror", "javascript:", "<svg", "<iframe", "<style", "<math", "\x01", "\r")


def _handful_params():
    chosen = _pick(*HANDFUL_NEEDLES)
    if not chosen:
        return [pytest.param(None, id="vectors-missing")]
    return [pytest.param(v, id=v["id"]) for v in chosen]


# ---- what "inert" means ------------------------------------------------------------------------

#: what a post may contain once rendered (the product's allowlist: text structure, emphasis,
#: lists, quotes, code, links)
PROSE_TAGS = {"p", "br", "em", "strong", "ul", "ol", "li", "blockquote", "code", "pre", "a", "hr", "s"}
PROSE_ATTRIBUTES = {"a": {"href", "title", "rel"}, "ol": {"start"}}
PROSE_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow ugc noopener"

BAD_SCHEMES = ("javascript:", "data:", "vbscript:")
URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "xlink:href", "data", "background", "poster", "srcset",
    "cite", "longdesc", "lowsrc", "dynsrc", "codebase", "classid", "archive", "usemap", "ping",
    "manifest", "icon", "profile", "to", "from", "values", "by",
}
#: elements no page of this app contains, whoever wrote them
FORBIDDEN_ANYWHERE = {
    "style", "iframe", "object", "embed", "svg", "math", "base", "template", "frame", "frameset",
    "applet", "img", "image", "video", "audio", "source", "track", "portal", "xmp", "plaintext",
    "noembed", "noframes", "isindex", "marquee", "param", "xml", "import",
}
#: the app's own script, the only one a page (but a pad's) carries
APP_SCRIPTS = {"/static/js/board.js"}
APP_LINKS = {("stylesheet", "/static/css/board.css"), ("stylesheet", "/static/css/print.css"),
             ("icon", "/static/favicon.svg")}
#: a public page may name its own Atom feed (a public prompt's, a public portfolio's)
FEED_LINK = re.compile(r"/(?:prompts|portfolio)/\d+/feed\.atom")
#: stylesheets a feature adds to its own pages
FEATURE_STYLESHEETS = {"/static/css/portfolio.css"}
APP_META_NAMES = {"viewport", "csrf-token"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
        "track", "wbr", "keygen", "image"}
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff]")


def normalized_url(value: str | None) -> str:
    """Return a URL as a browser's scheme check sees it: no whitespace or controls, lower case."""
    return _INVISIBLE.sub("", value or "").lower()


@dataclass
class Element:
    tag: str
    attrs: list[tuple[str, str | None]]
    in_prose: bool
    line: int
    #: the form it sits in, for inputs
    form: Element | None = None
    children_inputs: list[Element] = field(default_factory=list)
    text: str = ""


class PageParser(HTMLParser):
    """Collect every element with its attributes, and whether it sits inside a post's text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.stack: list[tuple[str, bool]] = []  # (tag, opens a prose block)
        self.form: Element | None = None
        self.script: Element | None = None
        self.oddities: list[str] = []

    @property
    def in_prose(self) -> bool:
        return any(prose for _, prose in self.stack)

    def _element(self, tag, attrs) -> Element:
        element = Element(tag, attrs, self.in_prose, self.getpos()[0], form=self.form)
        self.elements.append(element)
        if self.form is not None and tag in ("input", "button", "textarea", "select"):
            self.form.children_inputs.append(element)
        return element

    def handle_starttag(self, tag, attrs):
        element = self._element(tag, attrs)
        if tag == "form":
            self.form = element
        if tag == "script":
            self.script = element
        if tag not in VOID:
            classes = (dict(attrs).get("class") or "").split()
            self.stack.append((tag, tag == "div" and "prose" in classes))

    def handle_startendtag(self, tag, attrs):
        self._element(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        if tag == "script":
            self.script = None
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if self.script is not None:
            self.script.text += data

    def handle_comment(self, data):
        if self.in_prose:
            self.oddities.append(f"a comment inside a post: <!--{data[:80]}-->")

    def handle_decl(self, decl):
        if decl.lower() != "doctype html":
            self.oddities.append(f"a declaration: <!{decl[:80]}>")

    def unknown_decl(self, data):
        self.oddities.append(f"a CDATA or unknown declaration: <![{data[:80]}]>")

    def handle_pi(self, data):
        self.oddities.append(f"a processing instruction: <?{data[:80]}>")


def parse(html: str) -> PageParser:
    parser = PageParser()
    parser.feed(html)
    parser.close()
    return parser


def _describe(element: Element) -> str:
    attrs = " ".join(f'{k}="{v}"' if v is not None else k for k, v in element.attrs)
    return f"line {element.line}: <{element.tag}{' ' + attrs if attrs else ''}>"[:300]


def attribute_problems(element: Element) -> list[str]:
    """Event handlers, inline style and script-capable URLs, wherever they are."""
    problems = []
    for name, value in element.attrs:
        if name.startswith("on"):
            problems.append(f"an event handler {name!r}")
        elif name == "style":
            problems.append("an inline style attribute")
        elif name == "srcdoc":
            problems.append("a srcdoc attribute")
        elif name in URL_ATTRIBUTES and normalized_url(value).startswith(BAD_SCHEMES):
            problems.append(f"a script-capable URL in {name!r}")
    return problems


def prose_problems(element: Element) -> list[str]:
    """Hold an element of a post's text to the allowlist."""
    if element.tag not in PROSE_TAGS:
        return [f"<{element.tag}> is not allowed in a post"]
    problems = []
    allowed = PROSE_ATTRIBUTES.get(element.tag, set())
    attrs = dict(element.attrs)
    for name in attrs:
        if name not in allowed:
            problems.append(f"attribute {name!r} is not allowed on <{element.tag}> in a post")
    if element.tag == "a":
        href = normalized_url(attrs.get("href"))
        scheme = re.match(r"^([a-z][a-z0-9+.-]*):", href)
        if scheme and scheme.group(1) not in PROSE_SCHEMES:
            problems.append(f"a link with the scheme {scheme.group(1)!r}")
        if "href" in attrs and attrs.get("rel") != LINK_REL:
            problems.append(f"a link without rel={LINK_REL!r}")
    return problems


def html_fragment_problems(html: str) -> list[str]:
    """Check sanitized HTML (a stored body or context) strictly: allowlist only."""
    parser = parse(f'<div class="prose">{html}</div>')
    problems = list(parser.oddities)
    for element in parser.elements[1:]:
        problems += [f"{p} — {_describe(element)}" for p in attribute_problems(element) + prose_problems(element)]
    # Parser-independent tripwire: no raw tag of these kinds, whatever html.parser made of it.
    raw = re.search(r"<\s*/?\s*(script|style|iframe|svg|math|object|embed|img|form|base|link|meta|template|"
                    r"frame|frameset|input|button|textarea|select|option|table|div|span|details)\b", html, re.I)
    if raw:
        problems.append(f"raw markup {raw.group(0)!r} in sanitized HTML")
    return problems


def page_problems(html: str, url_map) -> list[str]:
    """Check a whole page: nothing script-capable anywhere, and posts' text held to the allowlist."""
    parser = parse(html)
    problems = list(parser.oddities)
    adapter = url_map.bind("localhost")
    scripts: list[str] = []
    for element in parser.elements:
        found = attribute_problems(element)
        attrs = dict(element.attrs)
        if element.in_prose:
            found += prose_problems(element)
        elif element.tag == "script":
            scripts.append(attrs.get("src"))
            if attrs.get("src") not in APP_SCRIPTS or element.text.strip():
                found.append("a script other than the app's own file")
        elif element.tag in FORBIDDEN_ANYWHERE:
            found.append(f"a <{element.tag}> element")
        elif element.tag == "link" and ((attrs.get("rel") or ""), attrs.get("href")) not in APP_LINKS \
                and not (attrs.get("rel") == "stylesheet" and attrs.get("href") in FEATURE_STYLESHEETS) \
                and not (attrs.get("rel") == "alternate" and attrs.get("type") == "application/atom+xml"
                         and FEED_LINK.fullmatch(attrs.get("href") or "")):
            found.append("a <link> that is not the app's stylesheet or icon")
        elif element.tag == "meta" and not ("charset" in attrs or attrs.get("name") in APP_META_NAMES) \
                or element.tag == "meta" and "http-equiv" in attrs:
            found.append("a <meta> that is not the app's own")
        elif element.tag == "form":
            found += _form_problems(element, attrs, adapter)
        problems += [f"{p} — {_describe(element)}" for p in found]
    if len(scripts) != len(set(scripts)):
        problems.append(f"{len(scripts)} script elements for {len(set(scripts))} files: a script repeated")
    return problems


def _form_problems(form: Element, attrs: dict, adapter) -> list[str]:
    method = (attrs.get("method") or "get").upper()
    action = attrs.get("action")
    if action is not None:  # without one, a form goes back to the page it is on
        try:
            adapter.match(action.split("?")[0], method=method)
        except Exception:  # noqa: BLE001  (NotFound, MethodNotAllowed, RequestRedirect: not our route)
            return [f"a form sending to {action!r}, which is not a route of this app"]
    # Flask-WTF also accepts a prefixed form's "<prefix>-csrf_token".
    if method == "POST" and not any((dict(i.attrs).get("name") or "").endswith("csrf_token")
                                    for i in form.children_inputs):
        return ["a POST form without a csrf_token"]
    return []


def assert_inert_page(html: str, app, where: str) -> None:
    problems = page_problems(html, app.url_map)
    assert not problems, f"{where}: " + "\n".join(problems[:20])


# ---- the sanitizer itself, table-driven ----------------------------------------------------------

@pytest.mark.parametrize("vector", _vector_params())
def test_render_markdown_output_is_inert(vector):
    vector = _require(vector)
    html = render_markdown(vector["payload"])
    problems = html_fragment_problems(html)
    assert not problems, f"{vector['id']}: " + "\n".join(problems) + f"\n{html[:500]}"


def test_the_checker_catches_what_it_should():
    """The checks above are not vacuous: markup that would run is reported."""
    assert html_fragment_problems('<img src=x onerror="alert(1)">')
    assert html_fragment_problems('<a href=" jav&#x09;ascript:alert(1)">x</a>')
    assert html_fragment_problems('<a href="http://example.org">no rel</a>')
    assert html_fragment_problems("<svg><script>alert(1)</script></svg>")
    assert not html_fragment_problems('<p>ok <a href="https://example.org" rel="nofollow ugc noopener">x</a></p>')


def test_the_page_checker_catches_what_it_should(app):
    def problems(body: str) -> list[str]:
        return page_problems(f'<!doctype html><html><head><script src="/static/js/board.js" defer></script></head>'
                             f"<body>{body}</body></html>", app.url_map)

    assert not problems('<div class="prose"><p>fine</p></div><form method="get" class="filters"></form>')
    assert problems("<script>alert(1)</script>")
    assert problems('<button onclick="x()">b</button>')
    assert problems('<div class="prose"><span>not allowed in a post</span></div>')
    assert problems('<a href="&#x6A;avascript:alert(1)">x</a>')
    assert problems('<form method="post" action="https://evil.example/steal"><input name="csrf_token"></form>')
    assert problems('<form method="post" action="/logout"></form>'), "a POST form without a token"
    assert problems('<meta http-equiv="refresh" content="0;url=javascript:alert(1)">')
    assert problems('<link rel="stylesheet" href="https://evil.example/x.css">')


# ---- the real write path, over HTTP ---------------------------------------------------------------

@dataclass
class Harvest:
    """Everything posted, approved and read back once for the whole file."""

    app: object
    anon: Client
    posts: dict[str, int]  # vector id -> post id
    statuses: dict[str, int]  # vector id -> status of the respond POST
    body_html: dict[str, str]
    body_md: dict[str, str]
    findings: dict[str, list]
    batch_of: dict[str, int]
    pages: dict[str, str]


def _client(app, login: str | None) -> Client:
    app.test_client_class = Client
    client = app.test_client()
    if login is not None:
        response = client.post("/login", data={"login": login, "password": PASSWORD})
        assert response.status_code == 302
    return client


@pytest.fixture(scope="module")
def harvest(make_app) -> Harvest:
    """Post every payload as a student, approve them all as the teacher, and read the pages back."""
    if not VECTORS:
        missing("The XSS vectors", f"{VECTORS_PATH} is absent")
    # In memory, so 370 posts and their decisions do not each wait for the disk.
    app = make_app(
        SQLALCHEMY_DATABASE_URI="sqlite://",
        SQLALCHEMY_ENGINE_OPTIONS={"poolclass": StaticPool, "connect_args": {"check_same_thread": False}},
        QUEUE_PAGE_SIZE=1000,
    )
    with app.app_context():
        db.create_all()
        make = factories.Factory(app)
        school = make.school()
        prompt_ids = [make.prompt(school.classroom, "public", f"Batch {n}: what would you change in our town?").id
                      for n in range(BATCHES)]
        student, teacher = _client(app, school.maya.login), _client(app, school.teacher.login)
        anon = _client(app, None)

        posts, statuses, batch_of = {}, {}, {}
        for index, vector in enumerate(VECTORS):
            batch = index // BATCH
            batch_of[vector["id"]] = batch
            response = student.post(f"/prompts/{prompt_ids[batch]}/respond", data={
                "body": vector["payload"], "action": "post_anyway", "submission_key": f"xss-{index}"})
            statuses[vector["id"]] = response.status_code
            if response.status_code == 302:
                posts[vector["id"]] = int(re.match(r"/posts/(\d+)", response.headers["Location"]).group(1))

        pages = {"queue (pending, teacher)": teacher.get("/queue").get_data(as_text=True)}
        rows = list(db.session.scalars(select(Post).where(Post.id.in_(list(posts.values())))))
        # Many payloads carry norms reminders: the teacher includes those knowingly.
        approved = teacher.post("/queue/bulk", data={"item": [f"{p.id}:{p.lock_version}" for p in rows],
                                                     "include_reminders": "1"})
        assert approved.status_code == 302
        rows = {p.id: p for p in db.session.scalars(select(Post).where(Post.id.in_(list(posts.values()))))}
        assert all(p.status == states.PUBLISHED for p in rows.values()), "the bulk approval published them all"
        body_html = {vid: rows[pid].body_html for vid, pid in posts.items()}
        body_md = {vid: rows[pid].body_md for vid, pid in posts.items()}
        findings = {vid: rows[pid].findings for vid, pid in posts.items()}

        for batch, prompt_id in enumerate(prompt_ids):
            pages[f"prompt {batch} (teacher)"] = teacher.get(f"/prompts/{prompt_id}").get_data(as_text=True)
            pages[f"prompt {batch} (anonymous)"] = anon.get(f"/prompts/{prompt_id}").get_data(as_text=True)
        pages["my work (student)"] = student.get("/me/work").get_data(as_text=True)
        db.session.remove()
    return Harvest(app, anon, posts, statuses, body_html, body_md, findings, batch_of, pages)


PAGE_NAMES = (["queue (pending, teacher)", "my work (student)"]
              + [f"prompt {b} ({who})" for b in range(BATCHES) for who in ("teacher", "anonymous")])


@pytest.mark.parametrize("name", PAGE_NAMES or ["vectors-missing"])
def test_page_showing_the_payloads_is_inert(harvest, name):
    assert_inert_page(harvest.pages[name], harvest.app, name)


@pytest.mark.parametrize("vector", _vector_params())
def test_payload_through_the_write_path_is_inert(harvest, vector):
    vector = _require(vector)
    vid = vector["id"]
    if not vector["payload"].strip():
        assert harvest.statuses[vid] == 422, "an empty post is refused, with the composer shown again"
        return
    assert harvest.statuses[vid] == 302, f"{vid} was not posted (status {harvest.statuses[vid]})"
    html = harvest.body_html[vid]
    problems = html_fragment_problems(html)
    assert not problems, f"stored body_html of {vid}: " + "\n".join(problems)
    # One sanitization path: what is stored is what render_markdown makes of the saved text.
    assert html == render_markdown(harvest.body_md[vid])

    # Its own page, as an anonymous visitor (public prompt, consent on record).
    with harvest.app.app_context():
        response = harvest.anon.get(f"/posts/{harvest.posts[vid]}")
    assert response.status_code == 200
    post_page = response.get_data(as_text=True)
    assert_inert_page(post_page, harvest.app, f"/posts/{harvest.posts[vid]}")

    # Every page shows exactly the stored HTML, never a second rendering of the raw text.
    batch = harvest.batch_of[vid]
    shown_on = {"its post page": post_page, "the prompt page (teacher)": harvest.pages[f"prompt {batch} (teacher)"],
                "the prompt page (anonymous)": harvest.pages[f"prompt {batch} (anonymous)"],
                "the student's work": harvest.pages["my work (student)"]}
    for where, page in shown_on.items():
        assert f'<div class="prose">{html}</div>' in page, f"{vid}: {where} does not show the stored HTML"
    queue = harvest.pages["queue (pending, teacher)"]
    if harvest.findings[vid]:
        # The queue shows text with norms findings highlighted: escaped text plus <mark>.
        assert str(highlight(harvest.body_md[vid], harvest.findings[vid])) in queue
    else:
        assert f'<div class="queue-text prose">{html}</div>' in queue, f"{vid}: the queue shows other HTML"


# ---- the command line ---------------------------------------------------------------------------

@pytest.mark.parametrize("vector", _handful_params())
def test_render_command_prints_exactly_what_pages_show(app, vector):
    vector = _require(vector)
    result = app.test_cli_runner().invoke(args=["render"], input=vector["payload"])
    assert result.exit_code == 0, result.output
    assert result.output == render_markdown(vector["payload"]) + "\n"


# ---- other fields: Markdown that is rendered, and plain text that must stay text -----------------

def _approve(client, post: Post) -> None:
    response = client.post(f"/queue/{post.id}/decide", data={"action": "approve", "version": str(post.lock_version)})
    assert response.status_code == 302


@pytest.mark.parametrize("vector", _handful_params())
def test_prompt_context_and_reader_comment_are_inert(app, make, make_client, login_as, vector):
    vector = _require(vector)
    payload = vector["payload"]
    school = make.school()
    teacher = login_as(school.teacher, on=make_client())
    prompt = school.public_prompt
    response = teacher.post(f"/prompts/{prompt.id}/edit", data={
        "question": prompt.question, "context_md": payload, "norms": prompt.norms, "visibility": "public",
        "opens_at": "2024-01-01T08:00", "closes_at": ""})
    assert response.status_code == 302
    db.session.refresh(prompt)
    assert not html_fragment_problems(prompt.context_html), prompt.context_html

    post = make.post(school.maya, prompt, "Voting at sixteen builds habits.", publish=True)
    reader = login_as(school.reader, on=make_client())
    response = reader.post(f"/posts/{post.id}/reply", data={"body": payload, "action": "post_anyway"})
    assert response.status_code == 302
    comment = db.session.scalar(select(Post).where(Post.kind == "comment"))
    assert comment.status == states.PENDING
    assert_inert_page(teacher.get("/queue").get_data(as_text=True), app, "queue with the comment")
    _approve(teacher, comment)
    db.session.refresh(comment)
    assert not html_fragment_problems(comment.body_html), comment.body_html

    for who, client in (("anonymous", make_client()), ("teacher", teacher), ("reader", reader)):
        page = client.get(f"/prompts/{prompt.id}").get_data(as_text=True)
        assert_inert_page(page, app, f"prompt page as {who}")
        assert f'<div class="prose context">{prompt.context_html}</div>' in page
        assert f'<div class="prose">{comment.body_html}</div>' in page


def _as_text(value: str) -> str:
    """Return plain text as a page must show it: escaped, exactly once."""
    return str(escape(value))


@pytest.mark.parametrize("vector", _handful_params())
def test_flag_reason_and_feedback_stay_plain_text(app, make, make_client, login_as, vector):
    vector = _require(vector)
    payload = vector["payload"]
    text = payload.strip()
    school = make.school()
    teacher = login_as(school.teacher, on=make_client())
    published = make.post(school.jonah, school.public_prompt, "Local elections matter most.", publish=True)
    reader = login_as(school.reader, on=make_client())
    response = reader.post(f"/posts/{published.id}/flag", data={"reason": payload})
    assert response.status_code == 302
    assert db.session.scalar(select(Flag.reason)) == text
    queue = teacher.get("/queue?tab=reported").get_data(as_text=True)
    assert_inert_page(queue, app, "reported queue")
    assert f"“{_as_text(text)}”" in queue, "the reason is shown as text"

    work = make.post(school.maya, school.class_prompt, "Rules are fair when everyone helps make them.")
    response = teacher.post(f"/queue/{work.id}/decide", data={
        "action": "return", "version": str(work.lock_version), "feedback": payload})
    assert response.status_code == 302
    db.session.refresh(work)
    assert work.feedback == text
    maya = login_as(school.maya, on=make_client())
    for where, page in (("my work", maya.get("/me/work")), ("the post page", maya.get(f"/posts/{work.id}")),
                        ("the revise page", maya.get(f"/posts/{work.id}/revise")),
                        ("the returned queue", teacher.get("/queue?tab=returned"))):
        html = page.get_data(as_text=True)
        assert page.status_code == 200, where
        assert_inert_page(html, app, where)
        assert _as_text(text) in html, f"{where} shows the feedback as text"


@pytest.mark.parametrize("vector", _handful_params())
def test_text_given_back_on_errors_and_reminders_is_inert(app, make, make_client, login_as, vector):
    """The pages that give typed text back (expired form, norms reminder) show it as text."""
    vector = _require(vector)
    payload = vector["payload"]
    school = make.school()
    maya = login_as(school.maya, on=make_client())
    url = f"/prompts/{school.public_prompt.id}/respond"
    expired = maya.post(url, data={"body": payload, "action": "post"}, csrf=False)
    assert expired.status_code == 400
    html = expired.get_data(as_text=True)
    assert_inert_page(html, app, "the expired-form page")
    assert _as_text(payload) in html

    reminded = maya.post(url, data={"body": payload + "\n\nSHUT UP, NOBODY ASKED YOU!!!", "action": "post"})
    assert reminded.status_code == 200, "a norms reminder is shown before anything is saved"
    html = reminded.get_data(as_text=True)
    assert "reminder-box" in html
    assert_inert_page(html, app, "the norms reminder page")
    assert db.session.scalar(select(Post.id)) is None


def _short_params():
    chosen = _pick(*HANDFUL_NEEDLES, limit=60)
    if not chosen:
        return [pytest.param(None, id="vectors-missing")]
    return [pytest.param(v, id=v["id"]) for v in chosen]


@pytest.mark.parametrize("vector", _short_params())
def test_names_questions_and_class_names_stay_plain_text(app, make, make_client, login_as, vector):
    """What people type into one-line fields (a name, a question, a class name) is shown as text."""
    vector = _require(vector)
    payload = vector["payload"]
    school = make.school()
    teacher = login_as(school.teacher, on=make_client())
    response = teacher.post("/classes/new", data={"name": payload})
    assert response.status_code == 302
    prompt = school.public_prompt
    response = teacher.post(f"/prompts/{prompt.id}/edit", data={
        "question": payload, "context_md": "", "norms": prompt.norms, "visibility": "public",
        "opens_at": "2024-01-01T08:00", "closes_at": ""})
    assert response.status_code == 302
    maya = login_as(school.maya, on=make_client())
    response = maya.post("/account", data={"profile-first_name": payload, "profile-last_name": "Chen",
                                           "profile-submit": "1"})
    # A payload that is no name (hidden characters, no letter, too long) is refused beside the field,
    # and the refusal shows it back as text; any other is saved and shown as text everywhere below.
    try:
        clean_name(payload)
    except AccountError:
        assert response.status_code == 200
        assert_inert_page(response.get_data(as_text=True), app, "the refused name")
    else:
        assert response.status_code == 302
    response = maya.post(f"/prompts/{prompt.id}/respond", data={"body": "Voting at sixteen.", "action": "post"})
    assert response.status_code == 302
    post = db.session.scalar(select(Post))

    pages = {"the queue": teacher.get("/queue"), "the class list": teacher.get("/classes"),
             "the class page": teacher.get(f"/classes/{school.classroom.id}"), "the front page": teacher.get("/")}
    _approve(teacher, post)
    for who, client in (("teacher", teacher), ("student", maya), ("anonymous", make_client())):
        pages[f"the prompt page ({who})"] = client.get(f"/prompts/{prompt.id}")
        pages[f"the post page ({who})"] = client.get(f"/posts/{post.id}")
    pages["the student's account"] = maya.get("/account")
    pages["the student's work"] = maya.get("/me/work")
    for where, response in pages.items():
        html = response.get_data(as_text=True)
        assert response.status_code == 200, where
        assert_inert_page(html, app, where)
    assert _as_text(payload.strip()) in pages["the class list"].get_data(as_text=True)
    assert _as_text(payload.strip()) in pages["the prompt page (anonymous)"].get_data(as_text=True)


def test_the_handful_covers_each_family():
    if not VECTORS:
        missing("The XSS vectors", f"{VECTORS_PATH} is absent")
    chosen = _pick(*HANDFUL_NEEDLES)
    assert len(chosen) >= 7, [v["id"] for v in chosen]


