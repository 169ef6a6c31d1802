"""Pads in a real browser: two people typing at once, a server restart, formatting, reminders, history.

Set COMMONS_SCREENS=/some/folder to also save screenshots (pads-*.png, 1280 and 375 wide) for a design review.
"""
from __future__ import annotations

import os
import re
import socket
import threading
import time

import pytest
from sqlalchemy import select
from werkzeug.serving import WSGIRequestHandler, make_server

from board.extensions import db
from board.pads import document, store
from board.pads.models import Pad
from board.pads.rooms import hub_of
from tests.browser import expect
from tests.browser.conftest import TIMEOUT_MS, sign_in
from tests.pads.conftest import write  # text straight into a pad's log, as its writer

SCREENS = os.environ.get("COMMONS_SCREENS", "")
#: JavaScript: the pad's text as this browser's Yjs document holds it
YTEXT = "window.commonsPad.ydoc.getText('quill').toString()"
SHUTDOWN_MESSAGE = "Keep the conversation open: everyone gets to speak."


# ---- fixtures and helpers ---------------------------------------------------------------


@pytest.fixture
def school(make):
    """make.school(), with a public prompt that has a class pad (and a discussion)."""
    school = make.school()
    prompt = make.prompt(school.classroom, "public", "How should our town spend its park budget?", kind="both")
    school.pad_prompt = prompt
    school.pad = db.session.scalar(select(Pad).where(Pad.prompt_id == prompt.id))
    return school


def server_runs(pad) -> list[document.Run]:
    """The pad as the database log has it (a fresh read: the server commits from its own threads)."""
    db.session.commit()
    return document.runs_of(store.load(pad.id).doc)


def wait_until(check, seconds: float = TIMEOUT_MS / 1000, what: str = "the condition"):
    deadline = time.monotonic() + seconds
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}; last value: {value!r}")
        time.sleep(0.05)


def words_checked(app, pad, user, words: str) -> bool:
    """True once the server holds these words of this person's and their norms check has read every word they sent."""
    room = hub_of(app).rooms.get(pad.id)
    if room is None:
        return False
    with room.lock:
        if words not in str(room.text):
            return False
        peers = [peer for peer in room.peers if peer.user_id == user.id]
        return bool(peers) and all(peer._last_check and not peer.words.awaiting() and peer._check_timer is None
                                   for peer in peers)


def open_pad(page, pad):
    """Open a pad and wait until its editor is live and synced; return the editor."""
    page.goto(f"/pads/{pad.id}")
    root = page.locator("[data-pad]")
    expect(root).to_have_attribute("data-pad-ready", "true")
    expect(root).to_have_attribute("data-pad-state", "connected")
    return page.get_by_role("textbox", name="Pad text")


def text_in(page) -> str:
    return page.evaluate(YTEXT)


def authors_of(runs, words: list[str]) -> dict[str, set]:
    """Who wrote each character of each word, as the server's log says."""
    text = document.plain(runs)
    per_char = [run.author for run in runs for _ in run.text]
    found = {}
    for word in words:
        at = text.index(word)
        found[word] = set(per_char[at:at + len(word)])
    return found


def screenshots(page, name: str, before=None, part=None) -> None:
    """Save the page (or one part of it) 1280 and 375 wide, only when COMMONS_SCREENS names a folder."""
    if not SCREENS:
        return
    os.makedirs(SCREENS, exist_ok=True)
    size = page.viewport_size
    for width, height in ((1280, 900), (375, 812)):
        page.set_viewport_size({"width": width, "height": height})
        if before is not None:
            before()
        page.wait_for_timeout(250)
        path = os.path.join(SCREENS, f"pads-{name}-{width}.png")
        if part is not None:
            part.screenshot(path=path)
        else:
            page.screenshot(path=path, full_page=True)
    if size:
        page.set_viewport_size(size)


# ---- 1. two people typing at once -------------------------------------------------------

MAYA_START = ["Maya ", "thinks ", "shade ", "trees ", "matter. "]
JONAH_END = ["Jonah ", "wants ", "water ", "fountains ", "too."]
MAYA_MIDDLE = " sunny"
JONAH_MIDDLE = " wooden"


@pytest.mark.browser
def test_two_people_typing_at_once_converge_with_their_names_on_their_words(school, new_page):
    pad = school.pad
    write(pad, school.teacher, "The middle paragraph has benches.\n")
    maya, jonah = new_page(school.maya), new_page(school.jonah)
    maya_editor, jonah_editor = open_pad(maya, pad), open_pad(jonah, pad)
    expect(maya.locator("[data-pad-status]")).to_have_text("Connected · 2 people here")

    # Maya writes at the start, Jonah at the end, in alternating short bursts.
    maya_editor.click()
    maya.keyboard.press("Control+Home")
    jonah_editor.click()
    jonah.keyboard.press("Control+End")
    for mine, his in zip(MAYA_START, JONAH_END, strict=True):
        maya.keyboard.type(mine, delay=20)
        jonah.keyboard.type(his, delay=20)

    # Then both write into the same paragraph at the same moment: Jonah's browser types on a timer
    # (through the browser's own input path) while Maya types on the keyboard.
    middle = "The middle paragraph has benches."
    wait_until(lambda: middle in text_in(maya) and middle in text_in(jonah), what="the seeded paragraph")
    jonah.evaluate("""([middle, after, words]) => {
        const quill = window.commonsPad.quill
        quill.setSelection(quill.getText().indexOf(middle) + middle.indexOf(after) + after.length, 0, 'user')
        let i = 0
        window.jonahTyping = new Promise((done) => {
            const timer = setInterval(() => {
                if (i >= words.length) { clearInterval(timer); done(); return }
                document.execCommand('insertText', false, words[i++])
            }, 25)
        })
    }""", [middle, "has", JONAH_MIDDLE])
    maya.evaluate("""([middle, after]) => {
        const quill = window.commonsPad.quill
        quill.setSelection(quill.getText().indexOf(middle) + middle.indexOf(after) + after.length, 0, 'user')
    }""", [middle, "The"])
    maya.keyboard.type(MAYA_MIDDLE, delay=25)
    jonah.evaluate("window.jonahTyping")

    maya_words = ["Maya thinks shade trees matter.", "The sunny middle"]
    jonah_words = ["Jonah wants water fountains too.", "has wooden benches"]
    everything = maya_words + jonah_words
    wait_until(lambda: text_in(maya) == text_in(jonah) and all(w in text_in(maya) for w in everything),
               what="both editors to hold every word")
    final = text_in(maya)
    assert final.startswith("Maya thinks shade trees matter. The sunny middle paragraph has wooden benches.")
    assert maya.evaluate("window.commonsPad.quill.getText()") == jonah.evaluate("window.commonsPad.quill.getText()")

    # The server's log holds exactly the same text, every word signed by the one who typed it.
    runs = wait_until(lambda: (lambda r: r if document.plain(r) == final else None)(server_runs(pad)),
                      what="the server's log to match the editors")
    written = authors_of(runs, ["Maya thinks shade trees matter.", " sunny", "Jonah wants water fountains too.",
                                " wooden", "The", "middle paragraph has", "benches."])
    assert written["Maya thinks shade trees matter."] == {school.maya.id}
    assert written[" sunny"] == {school.maya.id}
    assert written["Jonah wants water fountains too."] == {school.jonah.id}
    assert written[" wooden"] == {school.jonah.id}
    assert written["The"] == written["middle paragraph has"] == written["benches."] == {school.teacher.id}

    # Each sees the other's words in the other's colour, and the other's named cursor.
    expect(maya.locator(f".ql-editor .ql-author-{school.jonah.id}").first).to_be_visible()
    expect(jonah.locator(f".ql-editor .ql-author-{school.maya.id}").first).to_be_visible()
    expect(maya.locator(".ql-cursor .ql-cursor-name")).to_have_text(["Jonah O."])
    expect(jonah.locator(".ql-cursor .ql-cursor-name")).to_have_text(["Maya C."])

    def jonah_moves():
        jonah.keyboard.press("ArrowLeft")
        expect(maya.locator(".ql-cursor-flag").first).to_be_visible()

    screenshots(maya, "two-authors", before=jonah_moves)


# ---- 2. a server restart ------------------------------------------------------------------


class _TrackedHandler(WSGIRequestHandler):
    """Quiet, and remembers its connection so a "crash" can cut every open socket."""

    def setup(self) -> None:
        super().setup()
        self.server.open_connections.add(self.connection)

    def log_request(self, *args, **kwargs) -> None:
        pass


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def restartable(make_app):
    """A server on a fixed port that can go down and come back as a new process (a new app)."""

    class Restartable:
        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        server = None
        flask_app = None

        def start(self):
            self.flask_app = make_app()  # nothing in memory: no rooms, no documents
            server = make_server("127.0.0.1", self.port, self.flask_app, threaded=True,
                                 request_handler=_TrackedHandler)
            server.open_connections = set()
            threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
            self.server = server

        def stop(self):
            """Stop listening and cut every connection, as a process that dies would."""
            server, self.server = self.server, None
            if server is None:
                return
            server.shutdown()
            server.server_close()
            for connection in list(server.open_connections):
                try:
                    connection.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
            # The old sessions end (their rooms close) before the next process starts.
            hub = hub_of(self.flask_app)
            wait_until(lambda: not hub.rooms, what="the old server's sessions to end")

    restartable = Restartable()
    restartable.start()
    yield restartable
    restartable.stop()
    db.session.remove()


@pytest.mark.browser
def test_a_server_restart_in_the_middle_of_typing_loses_nothing(school, browser, restartable):
    contexts = []

    def page_of(user):
        context = browser.new_context(base_url=restartable.url)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        sign_in(page, user)
        return page

    try:
        pad = school.pad
        before, during = "Before the restart: benches by the pond.", " During the outage: a picnic area."
        maya = page_of(school.maya)
        editor = open_pad(maya, pad)
        editor.click()
        maya.keyboard.type(before, delay=10)
        wait_until(lambda: before in document.plain(server_runs(pad)), what="the first words in the log")

        restartable.stop()
        root, status = maya.locator("[data-pad]"), maya.locator("[data-pad-status]")
        expect(root).to_have_attribute("data-pad-state", re.compile(r"^(reconnecting|offline)$"))
        expect(status).to_have_text(re.compile(r"^(Reconnecting…|Offline: your changes are kept and will be sent)$"))
        maya.keyboard.type(during, delay=10)  # she keeps writing while the server is down
        assert text_in(maya) == before + during
        assert during not in document.plain(server_runs(pad))

        restartable.start()  # a new process on the same address
        expect(root).to_have_attribute("data-pad-state", "connected", timeout=15_000)
        expect(status).to_have_text("Connected · just you here")
        runs = wait_until(lambda: (lambda r: r if during.strip() in document.plain(r) else None)(server_runs(pad)),
                          what="the words written offline to reach the log")
        assert document.plain(runs) == before + during
        assert authors_of(runs, [before, during]) == {before: {school.maya.id}, during: {school.maya.id}}

        jonah = page_of(school.jonah)
        open_pad(jonah, pad)
        assert text_in(jonah) == before + during
        expect(jonah.locator(".ql-editor")).to_contain_text(before + during)
    finally:
        for context in contexts:
            context.close()


# ---- 3. formatting, export and publishing ------------------------------------------------


@pytest.mark.browser
def test_formatting_from_the_toolbar_reaches_the_export_and_the_published_page(school, new_page):
    pad = school.pad
    maya = new_page(school.maya)
    editor = open_pad(maya, pad)
    toolbar = maya.get_by_role("toolbar", name="Formatting")
    editor.click()
    maya.keyboard.type("Our park plan", delay=5)
    toolbar.get_by_role("button", name="Heading 1").click()
    maya.keyboard.press("End")
    maya.keyboard.press("Enter")
    maya.keyboard.type("Benches by the pond", delay=5)
    toolbar.get_by_role("button", name="Bulleted list").click()
    maya.keyboard.press("End")
    maya.keyboard.press("Enter")
    maya.keyboard.type("A water fountain", delay=5)
    maya.keyboard.press("Enter")
    maya.keyboard.press("Enter")  # an empty list item ends the list
    maya.keyboard.type("We need ", delay=5)
    toolbar.get_by_role("button", name="Bold").click()
    maya.keyboard.type("more shade", delay=5)
    toolbar.get_by_role("button", name="Bold").click()
    maya.keyboard.type(" and trees.", delay=5)
    maya.keyboard.press("Enter")
    maya.keyboard.type("Read the city report", delay=5)
    for _ in "city report":
        maya.keyboard.press("Shift+ArrowLeft")
    toolbar.get_by_role("button", name="Link").click()
    address = maya.get_by_role("textbox", name="Link address")
    address.fill("https://example.org/parks")
    address.press("Enter")
    expect(maya.locator(".ql-editor a[href='https://example.org/parks']")).to_have_text("city report")

    # Lucia (no publication consent) adds a line of her own.
    lucia = new_page(school.lucia)
    lucia_editor = open_pad(lucia, pad)
    lucia_editor.click()
    lucia.keyboard.press("Control+End")
    lucia.keyboard.press("Enter")
    lucia.keyboard.type("Lucia wants swings.", delay=5)
    wait_until(lambda: "Lucia wants swings." in document.plain(server_runs(pad)), what="Lucia's line in the log")

    markdown = maya.request.get(f"/pads/{pad.id}/export.md").text()
    for expected in ("## Our park plan", "- Benches by the pond\n- A water fountain", "We need **more shade** and trees.",
                     "Read the [city report](https://example.org/parks)", "Lucia wants swings."):
        assert expected in markdown, (expected, markdown)

    # The teacher publishes from the pad's page; the public version leaves Lucia's words out.
    teacher = new_page(school.teacher)
    teacher.goto(f"/pads/{pad.id}")
    panel = teacher.locator(".publish-panel")
    # Checked at the end, so a missing warning does not hide what the public sees.
    warning_before_publishing = panel.inner_text()
    panel.get_by_role("button", name="Publish this version").click()
    expect(teacher.locator(".flash-success")).to_contain_text("Published. The public sees this version now.")

    visitor = new_page()
    response = visitor.goto(f"/pads/{pad.id}")
    assert response.status == 200
    published = visitor.locator(".published-pad")
    expect(published.locator("h2")).to_have_text("Our park plan")
    expect(published.locator("ul > li")).to_have_text(["Benches by the pond", "A water fountain"])
    expect(published.locator("strong")).to_have_text("more shade")
    link = published.get_by_role("link", name="city report")
    expect(link).to_have_attribute("href", "https://example.org/parks")
    expect(link).to_have_attribute("rel", re.compile(r"\bnofollow\b"))
    expect(visitor.locator("body")).not_to_contain_text("swings")
    expect(visitor.locator("body")).not_to_contain_text("Lucia")
    public_markdown = visitor.request.get(f"/pads/{pad.id}/export.md").text()
    assert "## Our park plan" in public_markdown and "swings" not in public_markdown
    assert visitor.locator("script[src*='pad/pad.js']").count() == 0
    screenshots(visitor, "published-anonymous")

    # Before publishing, the teacher was told whose words stay out of the public version.
    assert "No consent on record for Lucia M." in warning_before_publishing, warning_before_publishing


# ---- 4. norms reminders -------------------------------------------------------------------


@pytest.mark.browser
def test_a_reminder_about_her_own_words_reaches_only_her_and_the_teachers_queue(school, new_page, app):
    pad = school.pad
    maya, jonah = new_page(school.maya), new_page(school.jonah)
    maya_editor, jonah_editor = open_pad(maya, pad), open_pad(jonah, pad)
    maya_editor.click()
    maya.keyboard.type("shut up, nobody asked you", delay=10)
    jonah_editor.click()
    jonah.keyboard.press("Control+End")
    jonah.keyboard.type(" I like the benches.", delay=10)  # on the same line as her words

    findings = maya.locator("[data-pad-findings]")
    expect(findings).to_be_visible(timeout=6_000)
    expect(findings).to_contain_text("A reminder about your words")
    expect(findings).to_contain_text(SHUTDOWN_MESSAGE)
    expect(findings).to_contain_text("“shut up”")
    expect(maya.locator(".pad-findings-layer .pad-finding-mark").first).to_be_visible()

    # Jonah wrote on the same line; the check of his own words finds nothing.
    wait_until(lambda: words_checked(app, pad, school.jonah, " I like the benches."), what="the check of Jonah's words")
    expect(jonah.locator("[data-pad-findings]")).to_be_hidden()
    expect(jonah.locator(".pad-finding-mark")).to_have_count(0)
    expect(jonah.locator("body")).not_to_contain_text(SHUTDOWN_MESSAGE)
    screenshots(maya, "reminder")

    teacher = new_page(school.teacher)
    teacher.goto("/queue")
    item = teacher.locator(f"#pad{pad.id}")
    expect(item).to_contain_text("Class pad")
    expect(item.locator(".pad-diff mark").first).to_contain_text("shut up")
    expect(item.locator(".finding-list")).to_contain_text(SHUTDOWN_MESSAGE)
    expect(item.locator(".finding-list")).to_contain_text("Maya C.")
    screenshots(teacher, "queue")


# ---- 5. who may not edit -----------------------------------------------------------------


@pytest.mark.browser
def test_a_suspended_student_reads_static_text_and_a_reader_gets_404(school, make, new_page):
    from board.pads.services import add_group

    pad = school.pad
    write(pad, school.maya, "Maya's words about benches.\n")
    rex = make.student(school.classroom, "Rex", "Stone", suspended=True)

    page = new_page(rex)
    page.goto(f"/pads/{pad.id}")
    expect(page.locator(".notice")).to_contain_text("can read this pad but not write in it")
    expect(page.locator(".pad-static")).to_contain_text("Maya's words about benches.")
    expect(page.locator("script[src*='pad/pad.js']")).to_have_count(0)
    expect(page.locator("[data-pad], .ql-editor, [contenteditable=true]")).to_have_count(0)
    assert page.evaluate("typeof window.commonsPad") == "undefined"

    reader = new_page(school.reader)
    for path in (f"/pads/{pad.id}", f"/pads/{pad.id}/history", f"/pads/{pad.id}/export.md"):
        response = reader.request.get(path)
        assert response.status == 404, (path, response.status)
    response = reader.goto(f"/pads/{pad.id}")
    assert response.status == 404
    expect(reader.locator("body")).not_to_contain_text("benches")

    # The teacher's "Pads" section of the prompt, with a group (for the design review).
    if SCREENS:
        add_group(school.pad_prompt, "Group A", {school.maya.id, school.jonah.id})
        teacher = new_page(school.teacher)
        teacher.goto(f"/prompts/{school.pad_prompt.id}/edit#pads")
        expect(teacher.locator("#pads")).to_contain_text("Group A")
        screenshots(teacher, "prompt-edit-pads", part=teacher.locator("#pads"))


# ---- 6. history -------------------------------------------------------------------------


@pytest.mark.browser
def test_the_history_slider_shows_an_old_revision_and_restores_it_into_the_live_pad(school, new_page):
    pad = school.pad
    write(pad, school.maya, "First draft: benches.\n")
    store.cut_live_revision(pad.id)
    write(pad, school.jonah, "Second thoughts: a skate park.\n")
    store.cut_live_revision(pad.id)

    maya = new_page(school.maya)
    maya.goto(f"/pads/{pad.id}/history")
    slider = maya.get_by_role("slider", name=re.compile("Revision"))
    expect(slider).to_have_attribute("max", "2")
    expect(slider).to_have_value("2")
    view = maya.locator("[data-history-view]")
    expect(view.locator(".pad-static")).to_contain_text("Second thoughts")
    screenshots(maya, "history")

    maya.evaluate("window.samePage = true")
    slider.focus()
    maya.keyboard.press("ArrowLeft")
    expect(view.locator("[data-revision='1']")).to_be_visible()
    expect(view.locator(".pad-static")).to_contain_text("First draft: benches.")
    expect(view.locator(".pad-static")).not_to_contain_text("Second thoughts")
    expect(maya.locator("[data-history-label]")).to_have_text("1")
    expect(maya).to_have_url(re.compile(r"/pads/\d+/history\?rev=1$"))
    assert maya.evaluate("window.samePage") is True  # no reload

    maya.on("dialog", lambda dialog: dialog.accept())
    view.get_by_role("button", name="Restore this revision").click()
    expect(maya).to_have_url(re.compile(rf"/pads/{pad.id}$"))
    expect(maya.locator(".flash-success")).to_contain_text("Revision 1 is the pad’s text again")
    root = maya.locator("[data-pad]")
    expect(root).to_have_attribute("data-pad-ready", "true")
    expect(maya.locator(".ql-editor")).to_contain_text("First draft: benches.")
    expect(maya.locator(".ql-editor")).not_to_contain_text("Second thoughts")
    assert text_in(maya) == "First draft: benches.\n"
    assert document.plain(server_runs(pad)) == "First draft: benches.\n"
    # The text restored is live: Maya types on.
    maya.locator(".ql-editor").click()
    maya.keyboard.press("Control+End")
    maya.keyboard.type("And more.", delay=5)
    wait_until(lambda: "And more." in document.plain(server_runs(pad)), what="new words after a restore")
