"""Reports on findings: one JSON line or a readable block for the CLI, and scores on the labelled corpus."""
from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from board.norms import CATEGORIES, Finding, check

#: labelled sentences: "<category[,category]> or civil" TAB "<sentence>"
CORPUS = Path(__file__).resolve().parents[2] / "tests" / "norms" / "corpus.tsv"


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
