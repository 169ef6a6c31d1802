"""Norms reminders: pure text checks for profanity, incivility, threats, shouting and personal information."""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import asdict, dataclass
from functools import lru_cache
from itertools import chain

from board.norms import attacks, civility, context, privacy, profanity
from board.norms.folding import fold

__all__ = ["CATEGORIES", "MESSAGES", "Finding", "WordLists", "check"]

CATEGORIES = ("profanity", "personal_attack", "identity_attack", "shutdown", "shouting", "threat", "privacy")

#: what the writer reads beside the highlighted words: a reminder of the norm, not a punishment
MESSAGES: dict[str, str] = {
    "profanity": "Choose words you would use in front of the whole class.",
    "personal_attack": "Critique the idea, not the person.",
    "identity_attack": "Describe actions, not groups of people: speak about what someone said or did.",
    "shutdown": "Keep the conversation open: everyone gets to speak.",
    "shouting": "No need to shout: let your argument carry the weight.",
    "threat": "Words that sound like a threat hurt our community. Say what you disagree with instead.",
    "privacy": "This will be read by others: keep phone numbers, emails, addresses and accounts private.",
}

#: rules whose message says more than their category's
_RULE_MESSAGES = {
    "school-block": "Your school has asked that this word not be used here. Please choose another.",
    "threat-wish": "Wishing someone harm hurts our community. Say what you disagree with instead.",
    "attack-family": "Leave families out of it: critique the idea, not the person.",
    "attack-ableist": "Words about disability, or that make a person an animal, hurt: critique the idea, "
                      "not the person.",
}

#: when findings of one category overlap, the stronger rule is the one shown
_PRIORITY = {"school-block": 3, "school-flag": 2, "profanity-mask": 1}


@dataclass(frozen=True)
class Finding:
    """One passage of the text that a norm is about."""

    rule: str
    category: str
    message: str
    start: int
    end: int
    blocking: bool = False

    def to_dict(self) -> dict:
        """Return the finding as a JSON-ready dict."""
        return asdict(self)


@dataclass(frozen=True)
class WordLists:
    """A school's own lists (words or short phrases, any case); `version` is an opaque cache key."""

    block: tuple[str, ...] = ()
    flag: tuple[str, ...] = ()
    allow: tuple[str, ...] = ()
    version: str = ""

    def __post_init__(self) -> None:
        # callers may pass lists or mixed case; store tidy tuples so the value hashes and caches well
        for name in ("block", "flag", "allow"):
            words = getattr(self, name)
            if isinstance(words, str):
                words = (words,)
            tidy = tuple(sorted({" ".join(w.split()).lower() for w in words if w and w.strip()}))
            object.__setattr__(self, name, tidy)


@lru_cache(maxsize=64)
def _compiled(lists: WordLists) -> profanity.SchoolMatchers:
    """Compile a school's lists once per distinct value."""
    return profanity.compile_lists(lists.block, lists.flag, lists.allow)


def check(text: str, lists: WordLists | None = None) -> list[Finding]:
    """Return the findings in the text, sorted by where they start."""
    if not text:
        return []
    school = _compiled(lists) if lists else profanity.NO_SCHOOL_LISTS
    # invisible characters, compatibility forms and look-alikes would hide words from every rule
    folded = fold(text)
    plain = folded.text
    # profanity goes through the civil context too, which only lets a slur named to say it hurts go
    hits = chain(context.civil_context(plain, profanity.find(plain, school) + civility.find(plain, attacks.find)),
                 privacy.find(plain))
    findings = [
        Finding(rule, category, _RULE_MESSAGES.get(rule, MESSAGES[category]), *folded.span(start, end),
                blocking=rule == "school-block")
        for rule, category, start, end in hits
    ]
    return _without_overlaps(findings)


def _without_overlaps(findings: list[Finding]) -> list[Finding]:
    """Keep one finding where several of the same category overlap: the strongest, then the longest."""
    kept: list[Finding] = []
    spans: dict[str, list[tuple[int, int]]] = {}  # per category, sorted and never overlapping
    for finding in sorted(findings, key=lambda f: (-_PRIORITY.get(f.rule, 0), f.start - f.end, f.start)):
        taken = spans.setdefault(finding.category, [])
        i = bisect_left(taken, (finding.start, finding.end))
        if (i and taken[i - 1][1] > finding.start) or (i < len(taken) and taken[i][0] < finding.end):
            continue
        taken.insert(i, (finding.start, finding.end))
        kept.append(finding)
    return sorted(kept, key=lambda f: (f.start, f.end, f.category))
