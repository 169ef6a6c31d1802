"""The second wall: headers on every response, templates without inline script or style, CSRF
everywhere, no logout by link, no production start without a real secret, private pages kept out
of caches, and emails shown to admins only.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from sqlalchemy import select

import board
from board.classes.models import Membership
from board.config import ConfigError
from board.discussions.models import Flag, Post
from board.extensions import db
from board.moderation import states
from board.pads import services as pad_services
from board.pads.models import Pad
from board.timeutil import utcnow
from tests.factories import PASSWORD
from tests.pads.conftest import write

ROOT = Path(board.__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
STRONG_SECRET = "k3J9x2-vQ8pL0sN4mR7tW1yZ5bC6dF8gH0jK2lM4nP6qR8sT"


# ---- Content-Security-Policy and friends on every response ------------------------------------

def csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives.setdefault(words[0].lower(), [w.lower() for w in words[1:]])
    return directives


def assert_security_headers(response, where: str) -> None:
    csp = response.headers.get("Content-Security-Policy")
    assert csp, f"{where}: no Content-Security-Policy"
    directives = csp_directives(csp)
    for kind in ("script-src", "style-src"):
        sources = directives.get(kind, directives.get("default-src"))
        assert sources, f"{where}: CSP has neither {kind} nor default-src"
        for unsafe in ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*", "data:", "http:", "https:"):
            assert unsafe not in sources, f"{where}: {kind} allows {unsafe}"
    assert directives.get("object-src") == ["'none'"], f"{where}: object-src must be 'none'"
    assert directives.get("base-uri") in (["'none'"], ["'self'"]), f"{where}: base-uri is not locked"
    assert response.headers.get("X-Content-Type-Options") == "nosniff", where
    framing = directives.get("frame-ancestors") == ["'none'"] or response.headers.get("X-Frame-Options") == "DENY"
    assert framing, f"{where}: the page may be framed"


@pytest.fixture
def school(make):
    s = make.school()
    s.pub = make.post(s.maya, s.public_prompt, "Voting at sixteen builds habits.", publish=True)
    return s


def _pages(s) -> list[tuple[str, str, int]]:
    """(method, url, expected status) of representative pages, error pages included."""
    return [
        ("GET", "/", 200), ("GET", "/login", None), ("GET", f"/prompts/{s.public_prompt.id}", 200),
        ("GET", f"/posts/{s.pub.id}", 200), ("GET", f"/classes/{s.classroom.id}", None),
        ("GET", "/queue", None), ("GET", "/me/work", None), ("GET", "/admin/users", None),
        ("GET", "/notifications", None), ("GET", "/posts/999999", 404), ("GET", "/no/such/page", 404),
        ("GET", f"/prompts/{s.class_prompt.id}", None), ("GET", "/logout", 405),
        ("POST", f"/prompts/{s.public_prompt.id}/respond", None), ("GET", "/static/css/board.css", 200),
        ("GET", "/static/js/board.js", 200),
    ]


@pytest.mark.parametrize("role", ["anonymous", "maya", "reader", "teacher", "admin"])
def test_every_response_carries_the_security_headers(client, login_as, school, role):
    if role != "anonymous":
        login_as(getattr(school, role))
    seen = set()
    for method, url, expected in _pages(school):
        response = client.get(url) if method == "GET" else client.post(url, data={"body": "hi"}, csrf=False)
        response.close()
        if expected is not None:
            assert response.status_code == expected, f"{method} {url} as {role}"
        seen.add(response.status_code)
        assert_security_headers(response, f"{method} {url} as {role} ({response.status_code})")
    if role != "anonymous":
        response = client.post("/norms/check", json={"text": "You are an idiot."})
        assert response.status_code == 200
        assert_security_headers(response, "POST /norms/check")
    assert {200, 404, 405, 400} <= seen
    if role in ("maya", "reader"):
        assert 403 in seen, "a forbidden page was among those checked"


def test_pages_send_no_inline_script_or_style(client, login_as, school):
    """The rendered pages agree with the CSP: one external script, no inline script or style."""
    login_as(school.teacher)
    for url in ("/", f"/prompts/{school.public_prompt.id}", f"/classes/{school.classroom.id}", "/queue"):
        page = client.get(url).get_data(as_text=True)
        # The queue's script is a part of board.js that runs on the queue page only.
        assert re.findall(r"<script\b[^>]*>", page) == ['<script src="/static/js/board.js" defer>'], url
        assert not re.search(r"<style\b|\sstyle\s*=|\son[a-z]+\s*=", page, re.I), url


# ---- templates ----------------------------------------------------------------------------------

def _templates() -> list[Path]:
    found = sorted(TEMPLATES.rglob("*.html"))
    assert found, f"no templates under {TEMPLATES}"
    return found


def _relative(path: Path) -> str:
    return str(path.relative_to(ROOT))


def _tags(source: str) -> list[tuple[int, str]]:
    """Return (line, text) of each HTML start tag in a template (Jinja inside tags kept as text)."""
    tags = []
    for match in re.finditer(r"<[a-zA-Z][^<>]*?(?:\{\{.*?\}\}[^<>]*?|\{%.*?%\}[^<>]*?)*>", source, re.S):
        tags.append((source.count("\n", 0, match.start()) + 1, match.group(0)))
    return tags


def _styled_offline(path: Path) -> bool:
    """Mail (read in mail programs, which drop stylesheets) and export pages (opened from a folder,
    without the app) carry their styles inline; scripts and handlers stay forbidden there too."""
    return path.relative_to(TEMPLATES).parts[0] in ("mail", "export")


def test_templates_have_no_inline_script_handlers_or_styles():
    problems = []
    for path in _templates():
        source = path.read_text(encoding="utf-8")
        for line, tag in _tags(source):
            where = f"{_relative(path)}:{line}"
            if re.match(r"<script\b", tag, re.I) and not re.search(r"\ssrc\s*=", tag):
                problems.append(f"{where}: an inline <script>")
            if re.search(r"\son[a-z]+\s*=", tag, re.I):
                problems.append(f"{where}: an event-handler attribute in {tag[:80]}")
            if re.search(r"\sstyle\s*=", tag, re.I) and not _styled_offline(path):
                problems.append(f"{where}: a style attribute in {tag[:80]}")
        pattern = r"javascript:" if _styled_offline(path) else r"javascript:|<style\b"
        for match in re.finditer(pattern, source, re.I):
            problems.append(f"{_relative(path)}:{source.count(chr(10), 0, match.start()) + 1}: {match.group(0)}")
    assert not problems, "\n".join(problems)


def test_the_scripts_are_files_the_app_serves():
    scripts = []
    for path in _templates():
        scripts += re.findall(r"<script\b[^>]*\ssrc=\"([^\"]+)\"", path.read_text(encoding="utf-8"))
    assert sorted(set(scripts)) == ["{{ url_for('static', filename='js/board.js') }}",
                                    "{{ url_for('static', filename='pad/pad.js') }}"]
    assert (ROOT / "static" / "js" / "board.js").is_file()
    assert (ROOT / "static" / "pad" / "pad.js").is_file()


def test_only_stored_sanitized_html_is_marked_safe():
    """No |safe, no autoescape off; |html only on the HTML render_markdown stored."""
    problems, uses = [], []
    for path in _templates():
        source = path.read_text(encoding="utf-8")
        for match in re.finditer(r"\|\s*safe\b|autoescape\s+false|\|\s*forceescape\b", source):
            problems.append(f"{_relative(path)}: {match.group(0)}")
        for match in re.finditer(r"([\w.\[\]'\"]+)\s*\|\s*html\b", source):
            uses.append(f"{_relative(path)}: {match.group(1)}")
            # Stored post, prompt and portfolio HTML (render_markdown at save), and pad HTML that
            # board/pads/render.py built and cleaned.
            if not re.search(r"\.(body_html|context_html|framing_html|work_html|why_html|learned_html|next_html"
                             r"|reflection_html|diff_html)$|^(html|view\.html|view\.diff|shown\.html)$",
                             match.group(1)):
                problems.append(f"{_relative(path)}: |html on {match.group(1)!r}, not cleaned HTML")
    assert not problems, "\n".join(problems)
    assert uses, "the |html filter is used for posts and prompt contexts"
    print("\n|html is used on:\n  " + "\n  ".join(uses))


def test_markup_is_made_in_two_reviewed_places_only():
    """Markup is made only where its text was cleaned or escaped, in places reviewed one by one."""
    makers = set()
    for path in (ROOT / "board").rglob("*.py"):
        if re.search(r"\bMarkup\(", path.read_text(encoding="utf-8")):
            makers.add(_relative(path))
    reviewed = {
        "board/text.py", "board/discussions/highlight.py",
        # Markup.format escapes every value: a <time> element of a date
        "board/web.py",
        # words escaped one by one inside <ins>/<del>
        "board/moderation/resubmissions.py",
        # stored HTML cleaned again by clean_html on its way into an export
        "board/backup/pages.py",
    }
    assert makers <= reviewed, sorted(makers - reviewed)


# ---- CSRF: refused, and nothing typed is lost -----------------------------------------------------

class _Textareas(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.values: dict[str, str] = {}
        self._name: str | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "textarea":
            self._name = dict(attrs).get("name")
            self.values.setdefault(self._name, "")

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._name = None

    def handle_data(self, data):
        if self._name is not None:
            self.values[self._name] += data


def textareas(html: str) -> dict[str, str]:
    parser = _Textareas()
    parser.feed(html)
    return parser.values


def test_a_post_without_a_token_is_refused_and_the_text_comes_back(client, login_as, school):
    login_as(school.maya)
    url = f"/prompts/{school.public_prompt.id}/respond"
    response = client.post(url, data={"body": "my essay text", "action": "post"}, csrf=False)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert textareas(page).get("body") == "my essay text"
    # A fresh form, with a token, to send it again to the same place.
    assert f'action="{url}"' in page and 'name="csrf_token"' in page
    assert db.session.scalar(select(Post).where(Post.body_md == "my essay text")) is None


def test_a_wrong_token_is_refused_too(client, login_as, school):
    login_as(school.maya)
    response = client.post(f"/prompts/{school.public_prompt.id}/respond",
                           data={"body": "my essay text", "csrf_token": "forged"}, csrf=False)
    assert response.status_code == 400
    assert db.session.scalar(select(Post).where(Post.body_md == "my essay text")) is None


def test_state_changes_without_a_token_are_refused(client, login_as, school, make):
    pending = make.post(school.jonah, school.public_prompt, "Local elections matter most.")
    membership = db.session.scalar(select(Membership).where(Membership.user_id == school.lucia.id))
    pad_prompt = make.prompt(school.classroom, "public", "How should we spend the park budget?", kind="both")
    pad = db.session.scalar(select(Pad).where(Pad.prompt_id == pad_prompt.id))
    write(pad, school.maya, "Shade trees.\n")
    pad_services.publish(pad, school.teacher, db.session.get(Pad, pad.id).lock_version)
    write(pad, school.maya, "A water fountain.\n")
    group = pad_services.add_group(pad_prompt, "Group A", {school.maya.id})
    pad_before = (db.session.get(Pad, pad.id).published_revision, db.session.get(Pad, pad.id).latest_revision)
    cases = [
        (school.maya, f"/posts/{school.pub.id}/reply", {"body": "a reply I typed"}, "body"),
        (school.jonah, f"/posts/{school.pub.id}/flag", {"reason": "a reason I typed"}, "reason"),
        (school.teacher, f"/queue/{pending.id}/decide",
         {"action": "return", "version": str(pending.lock_version), "feedback": "feedback I typed"}, "feedback"),
        (school.teacher, f"/classes/{school.classroom.id}/members/{membership.id}", {"action": "consent_on"}, None),
        (school.teacher, "/queue/bulk", {"item": f"{pending.id}:{pending.lock_version}"}, None),
        (school.admin, "/admin/users/new", {"first_name": "T", "last_name": "N", "login": "tnew",
                                            "role": "admin", "password": "temporary password"}, None),
        (school.teacher, f"/pads/{pad.id}/publish", {"version": str(db.session.get(Pad, pad.id).lock_version)},
         None),
        (school.maya, f"/pads/{pad.id}/revisions/1/restore", {}, None),
        (school.reader, f"/pads/{pad.id}/comment", {"body": "a comment I typed"}, "body"),
        (school.teacher, f"/pads/{group.id}/members", {"student": [str(school.jonah.id)]}, None),
        (school.teacher, f"/pads/{group.id}/remove", {}, None),
        (school.teacher, f"/prompts/{pad_prompt.id}/pads", {"name": "Group B", "student": [str(school.jonah.id)]},
         "name"),
        (school.maya, "/logout", {}, None),
    ]
    for user, url, data, typed in cases:
        login_as(user)
        response = client.post(url, data=data, csrf=False)
        assert response.status_code == 400, url
        if typed:
            assert textareas(response.get_data(as_text=True)).get(typed) == data[typed], url
    db.session.expire_all()
    assert db.session.scalar(select(Post).where(Post.body_md == "a reply I typed")) is None
    assert db.session.scalar(select(Flag)) is None
    assert db.session.get(Post, pending.id).status == states.PENDING
    assert db.session.get(Membership, membership.id).consent_at is None
    assert (db.session.get(Pad, pad.id).published_revision, db.session.get(Pad, pad.id).latest_revision) == pad_before
    assert db.session.scalar(select(Post).where(Post.body_md == "a comment I typed")) is None
    assert [m.user_id for m in db.session.get(Pad, group.id).members] == [school.maya.id]
    assert db.session.scalar(select(Pad).where(Pad.name == "Group B")) is None
    # Still signed in: the logout without a token did nothing.
    assert client.get("/me/work").status_code == 200


def test_json_check_without_the_header_token_is_refused(client, login_as, school):
    login_as(school.maya)
    response = client.post("/norms/check", json={"text": "hello"}, csrf=False)
    assert response.status_code == 400
    assert response.is_json


def test_logout_is_not_a_link(client, login_as, school):
    login_as(school.maya)
    assert client.get("/logout").status_code == 405
    assert client.get("/me/work").status_code == 200, "still signed in"
    assert client.post("/logout").status_code == 302
    assert client.get("/me/work").status_code == 302, "signed out by the POST"


# ---- production configuration -------------------------------------------------------------------

@pytest.fixture
def production(monkeypatch):
    monkeypatch.setenv("BOARD_ENV", "production")
    monkeypatch.delenv("BOARD_SECRET_KEY", raising=False)

    def start(**config):
        return board.create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", **config})

    return start


@pytest.mark.parametrize("secret", [None, "", "dev", "secret", "changeme", "change-me", "development",
                                    "short-but-not-default", "x" * 31])
def test_production_refuses_a_missing_or_weak_secret(production, secret):
    config = {} if secret is None else {"SECRET_KEY": secret}
    with pytest.raises(ConfigError):
        production(**config)


def test_production_refuses_a_weak_secret_from_the_environment(production, monkeypatch):
    monkeypatch.setenv("BOARD_SECRET_KEY", "changeme")
    with pytest.raises(ConfigError):
        production()


def test_production_starts_with_a_strong_secret_and_secure_cookies(production, monkeypatch):
    monkeypatch.setenv("BOARD_SECRET_KEY", STRONG_SECRET)
    app = production()
    assert app.config["SECRET_KEY"] == STRONG_SECRET
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["REMEMBER_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    with app.app_context():
        db.create_all()
        # The sign-in page stores a CSRF token in the session: its cookie must be Secure.
        response = app.test_client().get("/login", base_url="https://commons.example.org")
        cookie = response.headers.get("Set-Cookie", "")
        assert cookie.startswith("session="), cookie
        assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie, cookie
        db.session.remove()


# ---- caches ---------------------------------------------------------------------------------------

def test_signed_in_pages_are_private_and_not_stored(client, login_as, school):
    for user in (school.maya, school.teacher, school.reader, school.admin):
        login_as(user)
        for url in ("/", f"/prompts/{school.public_prompt.id}", f"/posts/{school.pub.id}", "/me/work",
                    "/notifications", "/account", "/posts/999999"):
            response = client.get(url)
            cache = {d.strip() for d in response.headers.get("Cache-Control", "").split(",")}
            assert {"private", "no-store"} <= cache, f"{url} as {user.login}: {cache}"
        response = client.post("/norms/check", json={"text": "hello"})
        assert "no-store" in response.headers.get("Cache-Control", ""), "the JSON check"


def test_pages_giving_typed_text_back_are_not_stored(client, school):
    """A session that ended mid-essay: the sign-in page and the expired-form page hold the student's
    text, so, like any signed-in page, they stay out of shared and back-forward caches."""
    url = f"/prompts/{school.public_prompt.id}/respond"
    for label, response in (("the sign-in page (401)", client.post(url, data={"body": "my private essay"})),
                            ("the expired-form page (400)", client.post(url, data={"body": "my private essay"},
                                                                       csrf=False))):
        assert "my private essay" in response.get_data(as_text=True), label
        cache = {d.strip() for d in response.headers.get("Cache-Control", "").split(",")}
        assert {"private", "no-store"} <= cache, f"{label}: Cache-Control {cache or 'missing'}"


# ---- emails -----------------------------------------------------------------------------------------

def test_emails_are_shown_to_admins_only(client, make, make_client, login_as, school):
    email = "erin.vale@students.example.org"
    erin = make.user("student", "Erin", "Vale", login=email)
    assert erin.email == email
    db.session.add(Membership(classroom_id=school.classroom.id, user_id=erin.id, role="student",
                              consent_at=utcnow()))
    db.session.commit()
    reader_email = "parent.okafor@family.example.org"
    parent = make.user("reader", "Grace", "Okafor", login=reader_email)

    erin_client = login_as(erin, on=make_client())
    response = erin_client.post(f"/prompts/{school.public_prompt.id}/respond",
                                data={"body": "Votes at sixteen would make civics class real.", "action": "post"})
    assert response.status_code == 302
    post = db.session.scalar(select(Post).where(Post.author_id == erin.id))
    parent_client = login_as(parent, on=make_client())
    assert parent_client.post(f"/posts/{school.pub.id}/reply",
                              data={"body": "Proud of this class.", "action": "post"}).status_code == 302
    comment = db.session.scalar(select(Post).where(Post.author_id == parent.id))
    assert parent_client.post(f"/posts/{school.pub.id}/flag", data={"reason": "Just testing."}).status_code == 302

    teacher = login_as(school.teacher, on=make_client())
    pages = {"the pending queue": teacher.get("/queue"), "the reported queue": teacher.get("/queue?tab=reported"),
             "the class page (teacher)": teacher.get(f"/classes/{school.classroom.id}"),
             "the pending post (teacher)": teacher.get(f"/posts/{post.id}")}
    for item in (post, comment):
        assert teacher.post(f"/queue/{item.id}/decide",
                            data={"action": "approve", "version": str(item.lock_version)}).status_code == 302
    classmate = login_as(school.maya, on=make_client())
    anonymous = make_client()
    for who, c in (("teacher", teacher), ("classmate", classmate), ("anonymous", anonymous),
                   ("reader", parent_client), ("author", erin_client)):
        pages[f"the prompt page ({who})"] = c.get(f"/prompts/{school.public_prompt.id}")
        pages[f"the post page ({who})"] = c.get(f"/posts/{post.id}")
    pages["the comment's page (anonymous)"] = anonymous.get(f"/posts/{comment.id}")
    pages["the class page (classmate)"] = classmate.get(f"/classes/{school.classroom.id}")
    pages["the notifications (author)"] = erin_client.get("/notifications")
    pages["the notifications (classmate)"] = classmate.get("/notifications")
    pages["the front page (teacher)"] = teacher.get("/")

    for where, response in pages.items():
        page = response.get_data(as_text=True)
        assert response.status_code == 200, where
        for secret in (email, reader_email, "students.example.org", "family.example.org"):
            assert secret not in page, f"{where} shows {secret}"

    admin = login_as(school.admin, on=make_client())
    users = admin.get("/admin/users").get_data(as_text=True)
    assert email in users and reader_email in users
    assert email in admin.get(f"/admin/users/{erin.id}").get_data(as_text=True)
    assert PASSWORD not in users
