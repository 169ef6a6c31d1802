"""Readable pages of an export: one index per class and one page per prompt, opening offline."""
from __future__ import annotations

from flask import current_app
from markupsafe import Markup

from board.moderation.states import ACTION_LABELS
from board.text import clean_html

STATUS_LABELS = {
    "pending": "waiting for a teacher",
    "published": "published",
    "returned": "returned for revision",
    "rejected": "rejected",
}


def class_folder(classroom: dict) -> str:
    return f"class-{classroom['id']}"


def prompt_file(prompt: dict) -> str:
    return f"prompt-{prompt['id']}.html"


def _clean(html: str | None) -> Markup:
    """Sanitize again on the way out: the archive is read outside the app, without its headers."""
    return Markup(clean_html(html or ""))


def _thread(posts: list[dict]) -> tuple[list[dict], dict[int, list[dict]]]:
    """Split a prompt's posts into responses and the replies under each post."""
    children: dict[int, list[dict]] = {}
    for post in posts:
        if post["parent_id"] is not None:
            children.setdefault(post["parent_id"], []).append(post)
    return [p for p in posts if p["parent_id"] is None and p["pad_id"] is None], children


def render_pages(data: dict) -> dict[str, str]:
    """Return the archive's pages by path: index.html, class-N/index.html, class-N/prompt-M.html."""
    env = current_app.jinja_env
    names = {p["id"]: p["display_name"] for p in data["people"]}
    full_names = {p["id"]: f"{p['first_name']} {p['last_name']}".strip() for p in data["people"]}
    common = {"names": names, "full_names": full_names, "statuses": STATUS_LABELS, "actions": ACTION_LABELS,
              "clean": _clean, "exported_at": data["exported_at"], "scope": data["scope"]}
    pages = {}
    classes = data["classes"]
    pages["index.html"] = env.get_template("export/index.html").render(
        classes=classes, folder=class_folder, **common)
    for classroom in classes:
        prompts = [p for p in data["prompts"] if p["classroom_id"] == classroom["id"]]
        folder = class_folder(classroom)
        pages[f"{folder}/index.html"] = env.get_template("export/class.html").render(
            classroom=classroom, prompts=prompts, prompt_file=prompt_file,
            counts={p["id"]: sum(1 for post in data["posts"] if post["prompt_id"] == p["id"]) for p in prompts},
            **common)
        for prompt in prompts:
            posts = [post for post in data["posts"] if post["prompt_id"] == prompt["id"]]
            responses, children = _thread(posts)
            pad_ids = {pad["id"] for pad in data["pads"] if pad["prompt_id"] == prompt["id"]}
            pad_comments = {pad_id: [p for p in posts if p["pad_id"] == pad_id and p["parent_id"] is None]
                            for pad_id in pad_ids}
            pages[f"{folder}/{prompt_file(prompt)}"] = env.get_template("export/prompt.html").render(
                classroom=classroom, prompt=prompt, responses=responses, children=children,
                pads=[pad for pad in data["pads"] if pad["id"] in pad_ids], pad_comments=pad_comments, **common)
    return pages
