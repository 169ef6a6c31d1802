"""Showing norms findings inside the text they were found in."""
from __future__ import annotations

from markupsafe import Markup, escape


def highlight(text: str, findings: list[dict]) -> Markup:
    """Return the text, escaped, with each finding's span wrapped in <mark>."""
    parts: list[str] = []
    cursor = 0
    for finding in sorted(findings or [], key=lambda f: (f["start"], -f["end"])):
        start, end = max(finding["start"], cursor), min(finding["end"], len(text))
        if start >= end:
            continue  # overlaps a span already marked
        parts.append(str(escape(text[cursor:start])))
        parts.append(
            f'<mark class="finding finding-{escape(finding["category"])}" '
            f'title="{escape(finding["message"])}">{escape(text[start:end])}</mark>'
        )
        cursor = end
    parts.append(str(escape(text[cursor:])))
    return Markup("".join(parts))


def messages(text: str, findings: list[dict], names: dict[int, str] | None = None) -> list[dict]:
    """Return one entry per distinct message, with the words it is about (and, given names, who wrote them)."""
    grouped: dict[str, dict] = {}
    for finding in findings or []:
        entry = grouped.setdefault(
            finding["message"],
            {"message": finding["message"], "category": finding["category"], "words": [],
             "blocking": False},
        )
        entry["blocking"] = entry["blocking"] or bool(finding.get("blocking"))
        words = text[finding["start"]:finding["end"]]
        if words and words not in entry["words"]:
            entry["words"].append(words)
        if names is not None:
            name = names.get(finding.get("author"))
            authors = entry.setdefault("authors", [])
            if name and name not in authors:
                authors.append(name)
    for entry in grouped.values():
        if "authors" in entry:
            entry["authors"].sort()
    return list(grouped.values())
