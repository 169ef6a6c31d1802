"""The join code's copy button and the queue's filters that apply on change, in a real browser."""
from __future__ import annotations

import pytest

from tests.browser import expect


@pytest.mark.browser
def test_the_copy_button_puts_the_code_on_the_clipboard(make, new_page):
    school = make.school()
    page = new_page(school.teacher, permissions=["clipboard-read", "clipboard-write"])
    page.goto(f"/classes/{school.classroom.id}/join-code")
    button = page.get_by_role("button", name="Copy code")
    expect(button).to_be_visible()
    button.click()
    expect(page.get_by_role("button", name="Copied")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == school.classroom.join_code
    expect(page.locator("[data-copy-status]")).to_have_text(f"Copied {school.classroom.join_code}")
    page.get_by_role("button", name="Copy link").click()
    assert page.evaluate("navigator.clipboard.readText()").endswith(f"/signup?code={school.classroom.join_code}")


@pytest.mark.browser
def test_without_a_clipboard_the_copy_button_selects_the_code(make, new_page):
    school = make.school()
    page = new_page(school.teacher)
    page.add_init_script("Object.defineProperty(navigator, 'clipboard', { value: undefined });")
    page.goto(f"/classes/{school.classroom.id}/join-code")
    page.get_by_role("button", name="Copy code").click()
    expect(page.locator("#join-code")).to_be_focused()
    selected = page.evaluate("(() => { const f = document.getElementById('join-code');"
                             " return f.value.slice(f.selectionStart, f.selectionEnd); })()")
    assert selected == school.classroom.join_code
    expect(page.locator("[data-copy-status]")).to_contain_text("Selected")


@pytest.mark.browser
def test_without_javascript_the_copy_buttons_stay_hidden_and_the_code_is_there(make, new_page):
    school = make.school()
    page = new_page(school.teacher, java_script_enabled=False)
    page.goto(f"/classes/{school.classroom.id}/join-code")
    expect(page.locator("#join-code")).to_have_value(school.classroom.join_code)
    expect(page.get_by_role("button", name="Copy code")).to_be_hidden()


@pytest.mark.browser
def test_the_queue_filters_apply_on_change_and_the_prompt_follows_the_class(make, new_page):
    school = make.school()
    econ = make.classroom(school.teacher, "Economics 9")
    econ_student = make.student(econ, "Ines", "Vale")
    wage = make.prompt(econ, question="Is a minimum wage fair?")
    make.post(school.maya, school.class_prompt, "Fairness needs a vote.")
    make.post(econ_student, wage, "A wage floor protects young workers.")

    page = new_page(school.teacher)
    page.goto("/queue")
    expect(page.get_by_role("button", name="Filter")).to_be_hidden()
    page.get_by_label("Class").select_option(label="Economics 9")
    expect(page).to_have_url(f"{page.url.split('/queue')[0]}/queue?tab=pending&classroom={econ.id}&prompt=")
    items = page.locator("[data-queue-item] .queue-text")
    expect(items).to_have_text(["A wage floor protects young workers."])
    prompt_options = page.get_by_label("Prompt").locator("option")
    expect(prompt_options).to_have_text(["All prompts", "Is a minimum wage fair?"])

    page.get_by_label("Prompt").select_option(label="Is a minimum wage fair?")
    expect(page).to_have_url(f"{page.url.split('/queue')[0]}/queue?tab=pending&classroom={econ.id}&prompt={wage.id}")
    # Another class: the prompt of the first one is no longer chosen.
    page.get_by_label("Class").select_option(label="Civics 8B")
    expect(items).to_have_text(["Fairness needs a vote."])
    expect(page.get_by_label("Prompt")).to_have_value("")
    expect(page.get_by_label("Prompt").locator("option")).to_have_text(
        ["All prompts", "What makes a rule fair?", "Should our town lower the voting age to 16?"])


@pytest.mark.browser
def test_without_javascript_the_queue_filter_button_applies_them(make, new_page):
    school = make.school()
    econ = make.classroom(school.teacher, "Economics 9")
    make.post(school.maya, school.class_prompt, "Fairness needs a vote.")
    page = new_page(school.teacher, java_script_enabled=False)
    page.goto("/queue")
    page.get_by_label("Class").select_option(label="Economics 9")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(f"{page.url.split('/queue')[0]}/queue?tab=pending&classroom={econ.id}&prompt=")
    expect(page.locator("[data-queue-item]")).to_have_count(0)
