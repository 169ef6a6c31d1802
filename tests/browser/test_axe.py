"""axe-core over every kind of page, for every role, at a desk's width and a phone's: no violation at all.

axe-core comes from npm (tests/browser/axe/package.json, pinned in its lock file) and is installed by
`npm ci` the first time it is needed. The page's Content-Security-Policy allows scripts from the site
only, so the script is served from the site's own origin by the browser context (`context.route`) and
the page is checked exactly as it is sent, CSP and all.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select

from board.discussions.services import submit
from board.extensions import db
from board.moderation import services as moderation
from board.moderation import states
from board.pads.models import Pad
from board.pads.services import publish
from tests.browser import expect
from tests.pads.conftest import write
from tests.services import missing

AXE_DIR = Path(__file__).parent / "axe"
AXE_JS = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"
#: where the page loads axe from: a path on the site itself, answered by the browser context
AXE_PATH = "/__axe-core__/axe.min.js"
DESK = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 800}


@pytest.fixture(scope="session")
def axe_script() -> str:
    """Return axe-core's source, installing it from npm (the lock file's version) when it is missing."""
    if not AXE_JS.exists():
        npm = shutil.which("npm")
        if npm is None:
            missing("axe-core", "npm is not installed (apt-get install -y npm), so axe-core cannot be fetched")
        done = subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--silent"], cwd=AXE_DIR,
                              capture_output=True, text=True, timeout=300)
        if done.returncode or not AXE_JS.exists():
            missing("axe-core", f"npm ci failed in {AXE_DIR}: {done.stderr.strip()[-400:]}")
    return AXE_JS.read_text(encoding="utf-8")


class Checker:
    """Run axe on pages, at both widths, and gather every violation as one readable line."""

    def __init__(self, script: str, base_url: str):
        self.script = script
        self.base_url = base_url
        self.problems: list[str] = []
        self.checked: list[str] = []

    def serve_axe(self, context) -> None:
        context.route(self.base_url + AXE_PATH, lambda route: route.fulfill(
            status=200, content_type="application/javascript", body=self.script))

    def check(self, page, name: str) -> None:
        """Check the page as it stands, at 1280 px and at 375 px."""
        page.add_script_tag(url=AXE_PATH)
        for size in (DESK, PHONE):
            page.set_viewport_size(size)
            found = page.evaluate("""async () => {
              const result = await axe.run(document, {resultTypes: ["violations"]});
              return result.violations.map((v) => v.id + " (" + v.impact + "): " + v.help + " at " +
                v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | "));
            }""")
            self.problems += [f"{name} @{size['width']}px: {line}" for line in found]
        # axe no longer reports a repeated id by itself, yet a label `for` it finds only the first one.
        repeated = page.evaluate("""() => {
          const seen = new Map();
          for (const el of document.querySelectorAll("[id]")) seen.set(el.id, (seen.get(el.id) || 0) + 1);
          return Array.from(seen).filter(([, n]) => n > 1).map(([id, n]) => id + " x" + n);
        }""")
        self.problems += [f"{name}: id used more than once: {ids}" for ids in repeated]
        page.set_viewport_size(DESK)
        self.checked.append(name)

    def visit(self, page, name: str, url: str, ready: str = "main") -> None:
        page.goto(url)
        expect(page.locator(ready).first).to_be_visible()
        self.check(page, name)


@pytest.fixture
def axe(axe_script, browser, live_server):
    """Return (checker, page_of): page_of(user) is a signed-in page whose context serves axe-core."""
    from tests.browser.conftest import TIMEOUT_MS, sign_in

    checker = Checker(axe_script, live_server)
    contexts = []

    def page_of(user=None):
        context = browser.new_context(base_url=live_server, viewport=DESK)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        checker.serve_axe(context)
        page = context.new_page()
        if user is not None:
            sign_in(page, user)
        return page

    yield checker, page_of
    for context in contexts:
        context.close()


@pytest.fixture
def full_school(make):
    """A school with something on every page: published work, replies, a reader's comment, pending work
    (one with a norms finding), returned work, a published pad and notifications."""
    school = make.school()
    public = school.public_prompt
    first = make.post(school.maya, public, "I think yes. At 16 you can work and pay taxes, so you should "
                      "have a say in how the town spends them.", publish=True)
    make.post(school.jonah, public, "Good point about taxes, but civics class should come first?",
              parent=first, publish=True)
    make.post(school.reader, public, "Thank you for this thoughtful discussion.", parent=first, publish=True)
    school.pending = make.post(school.lucia, public, "I'm not sure yet. Would 16-year-olds vote in local elections?")
    make.post(school.jonah, public, "that is the dumbest take in this thread", post_anyway=True)
    make.post(school.lucia, public, "Lucia's published view, waiting for her family's consent.", publish=True)
    make.post(school.reader, public, "A question for the class: who decides the voting age?")
    returned = make.post(school.maya, public, "My first draft, to be revised.")
    moderation.decide(returned, states.RETURN, school.teacher, returned.lock_version, feedback="Add a source.")
    school.returned = returned
    pad_prompt = make.prompt(school.classroom, "public", "How should our town spend its park budget?", kind="both")
    pad = db.session.scalar(select(Pad).where(Pad.prompt_id == pad_prompt.id))
    write(pad, school.maya, "Benches by the pond and more shade trees.\n")
    db.session.refresh(pad)
    publish(pad, school.teacher, pad.lock_version)
    db.session.commit()
    school.first, school.pad = first, pad
    return school


@pytest.mark.browser
def test_every_page_for_every_role_has_no_axe_violation(full_school, axe):
    school = full_school
    checker, page_of = axe
    public = f"/prompts/{school.public_prompt.id}"
    pad = f"/pads/{school.pad.id}"

    visitor = page_of()
    checker.visit(visitor, "home (anonymous)", "/")
    checker.visit(visitor, "prompt (anonymous)", public)
    checker.visit(visitor, "post (anonymous)", f"/posts/{school.first.id}")
    checker.visit(visitor, "published pad (anonymous)", pad)
    checker.visit(visitor, "sign-in", "/login")
    checker.visit(visitor, "sign-up", "/signup")
    checker.visit(visitor, "reader sign-up", "/signup/reader")
    checker.visit(visitor, "not found", "/no/such/page")

    maya = page_of(school.maya)
    checker.visit(maya, "home (student)", "/")
    checker.visit(maya, "prompt (student, composer)", public)
    checker.visit(maya, "my work", "/me/work")
    checker.visit(maya, "post history", f"/posts/{school.first.id}/history")
    checker.visit(maya, "join", "/join")
    checker.visit(maya, "notifications", "/notifications")
    checker.visit(maya, "notification settings", "/notifications/settings")
    checker.visit(maya, "account", "/account")
    checker.visit(maya, "class (student)", f"/classes/{school.classroom.id}")
    checker.visit(maya, "pad (student, live)", pad, ready=".ql-editor")
    checker.visit(maya, "revise (returned work)", f"/posts/{school.returned.id}/revise")
    checker.visit(maya, "reply", f"/posts/{school.first.id}/reply")
    checker.visit(maya, "report", f"/posts/{school.first.id}/flag")
    checker.visit(maya, "use a reset code", "/reset-code")
    checker.visit(maya, "not allowed (403)", f"/prompts/{school.public_prompt.id}/edit")
    # The server's norms reminder on the prompt page.
    maya.goto(public)
    maya.get_by_role("textbox", name="Your response").fill("that is the dumbest take in this thread")
    maya.get_by_role("button", name="Post response").click()
    expect(maya.locator("[data-reminder] .reminder-box")).to_be_visible()
    checker.check(maya, "prompt with the server's reminder")
    # A form sent after its session expired: the error page gives the text back.
    maya.goto(public)
    maya.get_by_role("textbox", name="Your response").fill("My answer, kept when the form expires.")
    maya.locator("form:has(textarea) input[name=csrf_token]").first.evaluate("(el) => el.value = 'stale'")
    maya.get_by_role("button", name="Post response").click()
    expect(maya.locator("main")).to_be_visible()
    checker.check(maya, "expired form")

    lucia = page_of(school.lucia)
    checker.visit(lucia, "edit waiting work", f"/posts/{school.pending.id}/edit", ready="main textarea")
    checker.visit(lucia, "withdraw waiting work", f"/posts/{school.pending.id}/withdraw", ready="main form")
    checker.visit(lucia, "home (student, a pad to write in)", "/", ready="main a[href^='/pads/']")
    # Her own reminder in the pad, under the line that has her words.
    checker.visit(lucia, "pad (student, before writing)", pad, ready=".ql-editor")
    lucia.locator(".ql-editor").click()
    lucia.keyboard.press("Control+End")
    lucia.keyboard.type("shut up, nobody asked you", delay=5)
    expect(lucia.locator("[data-pad-findings].is-anchored")).to_be_visible()
    checker.check(lucia, "pad (student, her reminder under her line)")

    # A reminder Lucia saw in the composer: the class page shows what reminders led to, by norm.
    submit(school.lucia, school.public_prompt, "that is the dumbest take in this thread")
    teacher = page_of(school.teacher)
    checker.visit(teacher, "home (teacher)", "/")
    checker.visit(teacher, "queue (teacher, items)", "/queue", ready="[data-queue-item]")
    teacher.locator("[data-queue-item]").first.get_by_text("Return with feedback").click()
    checker.check(teacher, "queue (return form open)")
    teacher.get_by_role("button", name="Keyboard shortcuts").click()
    expect(teacher.get_by_role("dialog", name="Keyboard shortcuts")).to_be_visible()
    checker.check(teacher, "queue (shortcuts open)")
    teacher.keyboard.press("Escape")
    first = teacher.locator("[data-queue-item]").first
    first.get_by_role("button", name="Approve", exact=True).click()
    expect(teacher.locator("[data-decided]")).to_have_count(1)
    checker.check(teacher, "queue (a decision made in place)")
    checker.visit(teacher, "class (teacher)", f"/classes/{school.classroom.id}", ready=".reminder-outcomes table")
    checker.visit(teacher, "join code", f"/classes/{school.classroom.id}/join-code")
    checker.visit(teacher, "join code on a projector", f"/classes/{school.classroom.id}/join-code/projector")
    checker.visit(teacher, "reset codes", f"/classes/{school.classroom.id}/reset-codes")
    checker.visit(teacher, "new class", "/classes/new")
    checker.visit(teacher, "classes", "/classes")
    checker.visit(teacher, "new prompt", f"/classes/{school.classroom.id}/prompts/new")
    checker.visit(teacher, "edit prompt", f"/prompts/{school.public_prompt.id}/edit")
    checker.visit(teacher, "queue (one at a time)", "/queue?view=focus")
    checker.visit(teacher, "queue (returned)", "/queue?tab=returned")
    checker.visit(teacher, "prompt (teacher)", public)
    checker.visit(teacher, "pad (teacher)", pad, ready=".ql-editor")
    checker.visit(teacher, "pad history", f"{pad}/history")
    checker.visit(teacher, "post (teacher)", f"/posts/{school.first.id}")
    # Bringing the first post to colleagues: the share form (and its error), the conversation, the list.
    checker.visit(teacher, "share with colleagues", f"/colleagues/share/posts/{school.first.id}")
    teacher.get_by_role("button", name="Share with colleagues").click()
    expect(teacher.locator("#body-error")).to_be_visible()
    checker.check(teacher, "share with colleagues (no framing question)")
    teacher.get_by_label("Your framing question").fill("How could this student use more evidence?")
    teacher.get_by_role("button", name="Share with colleagues").click()
    expect(teacher.locator(".protocol-steps")).to_be_visible()
    checker.check(teacher, "colleagues conversation (presenter)")
    conversation = teacher.url.split("#")[0]
    checker.visit(teacher, "colleagues", "/colleagues")

    other = page_of(school.other_teacher)
    checker.visit(other, "queue (empty)", "/queue")
    checker.visit(other, "colleagues conversation (colleague)", conversation)
    checker.visit(other, "class without reminders (teacher)", f"/classes/{school.other_classroom.id}")


    reader = page_of(school.reader)
    checker.visit(reader, "home (reader)", "/")
    checker.visit(reader, "prompt (reader)", public)
    checker.visit(reader, "my comments", "/me/comments")

    from tests.families.conftest import family_account

    family = page_of(family_account(school, school.maya))
    checker.visit(family, "family home", "/family")
    checker.visit(family, "family child page", f"/family/children/{school.maya.id}")
    checker.visit(family, "family post page (comment box)", f"/family/posts/{school.first.id}")
    checker.visit(family, "family consent form", f"/family/children/{school.maya.id}/consent")
    checker.visit(family, "family pad page", f"/family/children/{school.maya.id}/pads/{school.pad.id}")
    checker.visit(family, "add a child", "/family/add")
    checker.visit(teacher, "families (teacher)", f"/classes/{school.classroom.id}/families")
    checker.visit(teacher, "family invitations sheet", f"/classes/{school.classroom.id}/families/sheet")
    checker.visit(visitor, "family sign-up", "/family/signup")

    admin = page_of(school.admin)
    checker.visit(admin, "admin people", "/admin/users")
    checker.visit(admin, "admin person", f"/admin/users/{school.maya.id}")
    checker.visit(admin, "admin audit", "/admin/audit")
    checker.visit(admin, "admin audit (classes and accounts)", "/admin/audit?kind=accounts")
    checker.visit(admin, "admin norms", "/admin/norms")

    if os.environ.get("COMMONS_AXE_LIST"):
        print("\n".join(checker.checked))
    assert not checker.problems, f"{len(checker.problems)} axe violations:\n" + "\n".join(checker.problems)


@pytest.mark.browser
def test_picture_pages_have_no_axe_violation(app, make, axe, tmp_path, monkeypatch):
    """Pictures under a post, in a reply's composer, beside a revision, and in the queue with descriptions."""
    import io

    from board.media import services as media
    from tests.media.images import photo

    monkeypatch.setitem(app.config, "MEDIA_FOLDER", str(tmp_path / "media"))
    school = make.school()

    def with_picture(author, body, alt, publish_it=False):
        picture = media.store_upload(io.BytesIO(photo((640, 480))), alt, author)
        post = submit(author, school.class_prompt, body, pictures=[picture]).post
        if publish_it:
            moderation.decide(post, states.APPROVE, school.teacher, post.lock_version)
        return post

    published = with_picture(school.jonah, "Our class garden, before and after.", "Raised beds with tomatoes", True)
    returned = with_picture(school.maya, "My poster about the charter.", "A hand-drawn poster of our charter")
    moderation.decide(returned, states.RETURN, school.teacher, returned.lock_version, feedback="Add a sentence.")
    with_picture(school.lucia, "A photo of the voting booth.", "A school gym set up for voting")
    checker, page_of = axe

    maya = page_of(school.maya)
    checker.visit(maya, "post with pictures", f"/posts/{published.id}")
    checker.visit(maya, "reply composer (pictures open)", f"/posts/{published.id}/reply", ready="main form")
    maya.get_by_text("Add pictures").click()
    checker.check(maya, "reply composer with its picture places")
    checker.visit(maya, "revise, pictures kept", f"/posts/{returned.id}/revise", ready="main form")
    teacher = page_of(school.teacher)
    checker.visit(teacher, "queue with pictures and descriptions", "/queue", ready="[data-queue-item]")
    assert not checker.problems, f"{len(checker.problems)} axe violations:\n" + "\n".join(checker.problems)


@pytest.mark.browser
def test_portfolio_pages_have_no_axe_violation(app, make, axe, tmp_path):
    """Every portfolio page, for the people who see it: the student, her teacher, a reader, a visitor."""
    import io

    from board.media import services as media
    from tests.media.images import photo
    from tests.portfolio.conftest import showcase

    school = showcase(make, app, tmp_path / "media")
    checker, page_of = axe
    maya_id, piece, waiting = school.maya.id, school.pieces[1], school.waiting
    # Pieces with pictures of their own: one published, one waiting (in the queue, on the form).
    for item, alt in ((piece, "My poster of the turnout chart"), (waiting, "A photo of our class rules poster")):
        media.attach(media.store_upload(io.BytesIO(photo((640, 480))), alt, school.maya, commit=False), item)
    db.session.commit()

    visitor = page_of()
    checker.visit(visitor, "home with the public portfolios (anonymous)", "/", ready=".public-portfolios")
    checker.visit(visitor, "portfolio (public)", f"/portfolio/{maya_id}")
    checker.visit(visitor, "portfolio piece with a picture (public)", f"/portfolio/pieces/{piece.id}")

    maya = page_of(school.maya)
    checker.visit(maya, "portfolio (her own)", f"/portfolio/{maya_id}")
    checker.visit(maya, "portfolio filtered by tag", f"/portfolio/{maya_id}?tag={school.tag.id}")
    checker.visit(maya, "add a piece (list)", "/portfolio/add")
    checker.visit(maya, "piece waiting for review", f"/portfolio/pieces/{waiting.id}")
    checker.visit(maya, "change a reflection", f"/portfolio/pieces/{waiting.id}/edit", ready="main form")
    checker.check(maya, "change a reflection (its picture, places for more)")
    maya.locator("#learned").fill("Everyone who disagreed with me is an idiot.")
    maya.get_by_role("button", name="Save changes").click()
    expect(maya.locator(".reminder-box")).to_be_visible()
    checker.check(maya, "reflection with the norms reminder")
    checker.visit(maya, "set a goal", "/portfolio/goals/new", ready="main form")
    maya.get_by_role("button", name="Save the goal").click()
    expect(maya.locator("#goal-error")).to_be_visible()
    checker.check(maya, "set a goal (error beside the field)")
    checker.visit(maya, "change a goal", f"/portfolio/goals/{school.goal.id}/edit", ready="main form")

    teacher = page_of(school.teacher)
    checker.visit(teacher, "portfolio tags", f"/portfolio/classes/{school.classroom.id}/tags")
    checker.visit(teacher, "queue with a portfolio reflection", "/queue", ready=".reflection-review")
    teacher.locator(".reflection-review").first.get_by_text("Return with feedback").click()
    checker.check(teacher, "queue (reflection's return form open)")
    checker.visit(teacher, "portfolio (teacher)", f"/portfolio/{maya_id}")

    reader = page_of(school.reader)
    checker.visit(reader, "portfolio piece (reader, comment box)", f"/portfolio/pieces/{piece.id}")
    assert not checker.problems, f"{len(checker.problems)} axe violations:\n" + "\n".join(checker.problems)
