"""What changed in resubmitted work: the feedback it answered and a word diff against the version returned.

Each kind finds its own resubmissions (posts: board/discussions/changes.py); the diff is shared.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from markupsafe import Markup, escape

#: words, runs of spaces and single signs: a change is shown as whole words, never half of one
TOKENS = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)


@dataclass
class Resubmission:
    #: the version the writer sent again, and the one the teacher had returned
    number: int
    returned_number: int
    feedback: str
    norm: str
    #: the text returned and the text sent again (or the newest, if the writer edited it since)
    before_md: str
    after_md: str

    @property
    def diff(self) -> Markup:
        return word_diff(self.before_md, self.after_md)


def word_diff(before: str, after: str) -> Markup:
    """Return the later text, escaped, with removed words in <del> and added words in <ins>."""
    old, new = TOKENS.findall(before), TOKENS.findall(after)
    parts: list[str] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(str(escape("".join(new[j1:j2]))))
            continue
        # The hidden words say what the strike-through and underline show, for a screen reader.
        if i2 > i1:
            parts.append('<del><span class="visually-hidden">removed: </span>'
                         f'{escape("".join(old[i1:i2]))}</del>')
        if j2 > j1:
            parts.append('<ins><span class="visually-hidden">added: </span>'
                         f'{escape("".join(new[j1:j2]))}</ins>')
    return Markup("".join(parts))
