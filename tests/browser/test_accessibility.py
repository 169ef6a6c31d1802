"""An accessibility smoke test of the busiest pages: labels, landmarks, the skip link, a phone's width."""
from __future__ import annotations

import pytest

from tests.browser import expect

PHONE = {"width": 375, "height": 800}

#: every visible-or-not control whose name a screen reader could not announce, and ARIA ids that go nowhere
AUDIT = """() => {
  const byId = (id) => document.getElementById(id);
  const text = (el) => (el && el.textContent || "").trim();
  const unlabelled = [];
  for (const el of document.querySelectorAll("textarea, input:not([type=hidden]), select")) {
    const aria = (el.getAttribute("aria-label") || "").trim();
    const ids = (el.getAttribute("aria-labelledby") || "").split(/\\s+/).filter(Boolean);
    const labelledBy = ids.length && ids.every(byId) && ids.map((id) => text(byId(id))).join("");
    const forLabel = el.id && Array.from(document.querySelectorAll("label[for]"))
      .some((label) => label.htmlFor === el.id && text(label));
    const wrapping = el.closest("label") && text(el.closest("label"));
    if (!aria && !labelledBy && !forLabel && !wrapping) unlabelled.push(el.outerHTML.slice(0, 160));
  }
  const dangling = [];
  for (const el of document.querySelectorAll("[aria-describedby], [aria-labelledby], [aria-controls]")) {
    for (const name of ["aria-describedby", "aria-labelledby", "aria-controls"]) {
      for (const id of (el.getAttribute(name) || "").split(/\\s+/).filter(Boolean)) {
        if (!byId(id)) dangling.push(name + "=" + id + " on " + el.outerHTML.slice(0, 120));
      }
    }
  }
  return {
    unlabelled, dangling,
    mains: document.querySelectorAll("main").length,
    h1s: document.querySelectorAll("h1").length,
  };
}"""


def audit(page) -> list[str]:
    """Return what is wrong on this page, one line per problem."""
    found = page.evaluate(AUDIT)
    problems = [f"{page.url}: no label: {html}" for html in found["unlabelled"]]
    problems += [f"{page.url}: dangling {ref}" for ref in found["dangling"]]
    if (found["mains"], found["h1s"]) != (1, 1):
        problems.append(f"{page.url}: {found['mains']} <main> and {found['h1s']} <h1> (want one of each)")
    return problems + skip_link_problems(page)


def skip_link_problems(page) -> list[str]:
    """The first Tab on a fresh page lands on "Skip to content", and Enter moves focus to <main>."""
    focused = "() => { const el = document.activeElement; return el.outerHTML.slice(0, 100); }"
    page.keyboard.press("Tab")
    if not page.evaluate("() => document.activeElement.matches('a.skip-link[href=\"#main\"]')"):
        return [f"{page.url}: the first Tab lands on {page.evaluate(focused)}, not on the skip link"]
    page.keyboard.press("Enter")
    if not page.evaluate("() => document.activeElement.id === 'main'"):
        return [f"{page.url}: the skip link leaves focus on {page.evaluate(focused)}"]
    return []


def no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    wide = page.evaluate("""() => Array.from(document.querySelectorAll("main *"))
      .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
      .slice(0, 5).map((el) => el.tagName.toLowerCase() + "." + el.className)""")
    assert width <= PHONE["width"], f"{page.url}: {width}px wide at 375px; too wide: {wide}"


@pytest.fixture
def busy_school(make):
    """A class with published work, a reader's comment, and pending work (one with a norms finding)."""
    school = make.school()
    public = school.public_prompt
    first = make.post(school.maya, public, "I think yes. At 16 you can work and pay taxes on your paycheck, "
                      "so you should have a say in how the town spends them. My source: "
                      "https://www.example.org/news/2024/local-elections/sixteen-year-olds-voting-study-full-report",
                      publish=True)
    make.post(school.jonah, public, "Good point about taxes, but civics class should come first?",
              parent=first, publish=True)
    make.post(school.reader, public, "Thank you for this thoughtful discussion.", parent=first, publish=True)
    make.post(school.lucia, public, "I'm not sure yet. Would 16-year-olds vote in local elections?")
    make.post(school.jonah, public, "that is the dumbest take in this thread", post_anyway=True)
    return school


@pytest.mark.browser
def test_prompt_page_and_queue_have_labels_landmarks_and_a_skip_link(busy_school, new_page):
    school = busy_school
    prompt_url = f"/prompts/{school.public_prompt.id}"

    maya = new_page(school.maya)
    maya.goto(prompt_url)
    expect(maya.get_by_role("textbox", name="Your response")).to_be_visible()
    problems = audit(maya)

    visitor = new_page()
    visitor.goto(prompt_url)
    expect(visitor.locator("article.post")).to_have_count(3)
    problems += audit(visitor)

    teacher = new_page(school.teacher)
    teacher.goto("/queue")
    expect(teacher.locator("[data-queue-item]")).to_have_count(2)
    problems += audit(teacher)

    assert not problems, "accessibility problems:\n" + "\n".join(problems)


@pytest.mark.browser
def test_nothing_scrolls_sideways_on_a_phone(busy_school, new_page):
    school = busy_school
    maya = new_page(school.maya, viewport=PHONE)
    maya.goto(f"/prompts/{school.public_prompt.id}")
    expect(maya.get_by_role("textbox", name="Your response")).to_be_visible()
    no_sideways_scroll(maya)

    teacher = new_page(school.teacher, viewport=PHONE)
    teacher.goto("/queue")
    expect(teacher.locator("[data-queue-item]")).to_have_count(2)
    no_sideways_scroll(teacher)
    # The return form open, as a teacher on a phone would use it.
    teacher.locator("[data-queue-item]").first.get_by_text("Return with feedback").click()
    no_sideways_scroll(teacher)

    teacher.goto(f"/classes/{school.classroom.id}")
    expect(teacher.get_by_role("heading", name="Roster")).to_be_visible()
    no_sideways_scroll(teacher)
