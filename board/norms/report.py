"""Reports on findings: one JSON line or a readable block for the CLI, and scores on the labelled corpus."""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path

from board.norms import CATEGORIES, Finding, check

#: labelled sentences: "<category[,category]> or civil" TAB "<sentence>"
CORPUS = Path(__file__).resolve().parents[2] / "tests" / "norms" / "corpus.tsv"
#: sentences written apart from the rules: text TAB label (civil, uncivil, private) TAB category TAB half
OUTSIDE = CORPUS.with_name("outside.tsv")
HALVES = ("dev", "test")


def to_json_line(text: str, findings: Iterable[Finding]) -> str:
    """Return the text and its findings as one line of JSON."""
    listed = [{"rule": f.rule, "category": f.category, "message": f.message, "start": f.start, "end": f.end}
              for f in findings]
    return json.dumps({"text": text, "findings": listed}, ensure_ascii=False)


def to_readable(text: str, findings: Iterable[Finding]) -> str:
    """Return the text, then one line per finding (category, the words, the message), or "no findings"."""
    lines = [text]
    for f in findings:
        blocking = ", must revise" if f.blocking else ""
        lines.append(f"  - {f.category} ({f.rule}{blocking}): \"{text[f.start:f.end]}\" [{f.start}:{f.end}] "
                     f"{f.message}")
    if len(lines) == 1:
        lines.append("  no findings")
    return "\n".join(lines)


def read_corpus(path: Path = CORPUS) -> list[tuple[frozenset[str], str]]:
    """Return (expected categories, sentence) pairs; "civil" means none expected."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        label, sentence = line.split("\t", 1)
        expected = frozenset(label.split(",")) - {"civil"}
        unknown = expected - set(CATEGORIES)
        if unknown:
            raise ValueError(f"unknown category {sorted(unknown)} in corpus line: {line!r}")
        rows.append((expected, sentence))
    return rows


def corpus_scores(path: Path = CORPUS) -> dict[str, dict[str, float]]:
    """Return precision and recall per category and overall ("overall", micro-averaged) on the corpus."""
    counts = {c: {"tp": 0, "fp": 0, "fn": 0} for c in CATEGORIES}
    for expected, sentence in read_corpus(path):
        found = {f.category for f in check(sentence)}
        for category in CATEGORIES:
            if category in found and category in expected:
                counts[category]["tp"] += 1
            elif category in found:
                counts[category]["fp"] += 1
            elif category in expected:
                counts[category]["fn"] += 1
    counts["overall"] = {k: sum(c[k] for c in counts.values()) for k in ("tp", "fp", "fn")}
    return {name: _rates(c) for name, c in counts.items()}


def _rates(c: dict[str, int]) -> dict[str, float]:
    predicted, actual = c["tp"] + c["fp"], c["tp"] + c["fn"]
    return {"precision": c["tp"] / predicted if predicted else 1.0,
            "recall": c["tp"] / actual if actual else 1.0,
            **{k: float(v) for k, v in c.items()}}


def read_outside(half: str, path: Path = OUTSIDE) -> list[tuple[str, str, str]]:
    """Return (text, label, category) rows of one half ("dev" or "test") of the outside set."""
    if half not in HALVES:
        raise ValueError(f"unknown half {half!r}")
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        if not line.strip() or line.startswith(("#", "text\t")):
            continue
        text, label, category, row_half = line.split("\t")
        if row_half == half:
            rows.append((text, label, category))
    return rows


def reminded(text: str) -> set[str]:
    """Return the categories of the check's findings in the text."""
    return {f.category for f in check(text)}


def outside_scores(half: str, flag: Callable[[str], set[str]] = reminded) -> dict[str, dict[str, float]]:
    """Return, per category of the outside set, how many sentences were reminded of a norm ("hit" of "n").

    An uncivil sentence counts when any norm but privacy is found in it, a private one when privacy is;
    a civil sentence counts when anything is found (a false reminder). "uncivil", "civil" and "private"
    sum their categories; "uncivil" also has the precision of the incivility reminders.
    """
    scores: dict[str, dict[str, float]] = {}
    false_incivility = 0
    for text, label, category in read_outside(half):
        found = flag(text)
        hit = bool(found - {"privacy"}) if label == "uncivil" else (
            "privacy" in found if label == "private" else bool(found))
        false_incivility += label != "uncivil" and bool(found - {"privacy"})
        for name in (category, label):
            entry = scores.setdefault(name, {"hit": 0.0, "n": 0.0})
            entry["hit"] += hit
            entry["n"] += 1
    for entry in scores.values():
        entry["rate"] = entry["hit"] / entry["n"]
    uncivil = scores.get("uncivil", {"hit": 0.0})
    flagged = uncivil["hit"] + false_incivility
    uncivil["precision"] = uncivil["hit"] / flagged if flagged else 1.0
    return scores


#: texts of every shape a writer can send, as (head, unit repeated after it): each must cost about what
#: ordinary prose of the same length costs, whatever its length
SHAPES: dict[str, tuple[str, str]] = {
    "line breaks": ("", "\n"),
    "CRLF line breaks": ("", "\r\n"),
    "spaces and tabs": ("x", " \t "),
    "apostrophes": ("you", "'"),
    "spaced apostrophes": ("you", " ' "),
    "separators": ("", "-_./"),
    "question marks": ("", "?"),
    "exclamation marks": ("", "!1"),
    "digits": ("", "1"),
    "digit groups": ("", "12 "),
    "dotted digits": ("", "1.1."),
    "digits then a letter": ("", "1" * 999 + "x "),
    "zero-width spaces": ("", "\u200b"),
    "zero-width inside words": ("", "k\u200bill "),
    "soft hyphens": ("", "a\u00ad"),
    "combining marks": ("", "e\u0301"),
    "ligatures": ("", "ﬁ"),
    "you you you": ("", "you "),
    "shut shut shut": ("", "shut "),
    "shut up, again and again": ("", "shut up "),
    "please on every line": ("", "please\n"),
    "you're so so so ... so": ("", "you're" + " so" * 12 + " x. "),
    "such a such a ...": ("", "that's such a" + " such a" * 6 + " x. "),
    "single letters": ("", "u "),
    "spelled-out letters": ("", "f u c "),
    "a swear word glued to itself": ("", "shit"),
    "allowed words around swearing": ("", "fuck moby dick "),
    "emails beside phone numbers": ("", "a@b.co 555-123-4567 "),
    "percent signs after an @": ("@ ", "%a"),
    "an account name of dots": ("my insta is ", ".-"),
    "handles": ("", "@jake_b "),
    "capitals": ("", "AB "),
    "capitals with full stops": ("", "A.B."),
    "street numbers": ("", "12 oak oak oak "),
    "reported speech with insults": ("", "people said you idiot "),
    "quotation marks opening insults": ("", '"you idiot '),
    "groups and reasons": ("", "girls are poor because "),
}


def shaped(shape: str, size: int) -> str:
    """Return `size` characters of one of the SHAPES."""
    head, unit = SHAPES[shape]
    return (head + unit * (size // len(unit) + 1))[:size]


def prose(size: int) -> str:
    """Return `size` characters of the corpus's civil sentences: what a discussion mostly holds."""
    civil = [sentence for expected, sentence in read_corpus() if not expected]
    return (" ".join(civil) * (size // sum(len(s) + 1 for s in civil) + 1))[:size]
