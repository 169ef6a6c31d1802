"""Taking students' names out of a shared copy of their work: every shape a name is written in.

Pure text work, no Flask: a `Namer` is built from the people to hide (each with a neutral label)
and replaces, case-insensitively and as whole words, their full names, display names, first
names, last names (and the parts of a double name), logins and @-mentions, possessives included
("Maya's" becomes "Student's"). It works on Markdown before rendering and again on the rendered
HTML's text, so a name spelled with character references (``Ma&#121;a``) is caught once decoded.
"""
from __future__ import annotations

import re
import string
import unicodedata
from dataclasses import dataclass

#: characters that do not show but would split a name in two for a pattern ("Ma\u200bya")
INVISIBLE = re.compile("[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e"
                       "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]")
#: shorter parts of a name ("de", "la", "O") are not replaced on their own: too many ordinary words
MIN_PART = 3
#: HTML tags in rendered text: left as they are, only the text between them is read
_TAG = r"<[^>]*>"
_ATTRIBUTE = re.compile(r'="([^"]*)"')
#: character references in rendered text ("&amp;"): a student called Amp leaves them whole
_ENTITY = r"&#?\w+;"


@dataclass(frozen=True)
class Person:
    """Someone whose name must not appear: their names as the account holds them, and their label."""

    label: str
    first_name: str
    last_name: str
    login: str = ""


def letters(index: int) -> str:
    """Return A, B, ... Z, AA, AB ... for 0, 1, ... 25, 26, 27."""
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = string.ascii_uppercase[rest] + out
    return out


def _spellings(person: Person) -> set[str]:
    """Return every way of writing this person's name that the copy must not keep."""
    first, last = person.first_name.strip(), person.last_name.strip()
    found = {first, last, f"{first} {last}"}
    initial = next((c for c in last if c.isalpha()), "")
    if initial:
        found |= {f"{first} {initial}.", f"{first} {initial}"}
    for name in (first, last):
        found |= {part for part in re.split(r"[\s\-’']+", name) if len(part) >= MIN_PART}
    login = person.login.strip()
    if login:
        found.add(login)
        # An email used as a login: its local part is how classmates mention the person.
        local = login.split("@", 1)[0]
        if len(local) >= MIN_PART:
            found.add(local)
    return {spelling for spelling in found if spelling and any(c.isalnum() for c in spelling)}


def _fold(spelling: str) -> str:
    """Return a pattern for one spelling: accents optional ("José" also matches "Jose"), any spacing,
    either apostrophe ("O'Brien", "O’Brien"), a hyphen or a space ("García-López", "García López")."""
    parts = []
    for char in spelling:
        if char.isspace():
            parts.append(r"\s+")
            continue
        if char in "'’":
            parts.append("['’]")
            continue
        if char in "-‐":
            parts.append(r"[-‐\s]+")
            continue
        base = unicodedata.normalize("NFKD", char)[0]
        if base != char and base.isalnum():
            parts.append(f"[{re.escape(char)}{re.escape(base)}]")
        else:
            parts.append(re.escape(char))
    return "".join(parts)


class Namer:
    """Replace the names of a list of people by their labels, everywhere in a text."""

    def __init__(self, people: list[Person]):
        self.people = people
        #: a spelling, folded, -> the index of the person it names
        self._owner: dict[str, int] = {}
        spellings: list[str] = []
        # The first person to claim a spelling keeps it: the author comes first, so two students
        # called Alex both become the author's label rather than one of them staying in the text.
        for index, person in enumerate(people):
            for spelling in sorted(_spellings(person)):
                if _key(spelling) not in self._owner:
                    self._owner[_key(spelling)] = index
                    spellings.append(spelling)
        self._pattern = None
        if spellings:
            names = "|".join(_fold(s) for s in sorted(spellings, key=len, reverse=True))
            # Whole words only, a leading @ taken with the name; "Maya's" keeps its "'s".
            self._pattern = re.compile(rf"(?<!\w)@?(?:{names})(?!\w)", re.IGNORECASE)

    def _who(self, match: re.Match) -> int:
        return self._owner.get(_key(match.group(0)), 0)

    def text(self, source: str) -> str:
        """Replace every name in plain text or Markdown."""
        source = INVISIBLE.sub("", source or "")
        if self._pattern is None:
            return source
        return self._pattern.sub(lambda match: self.people[self._who(match)].label, source)

    def html(self, rendered: str) -> str:
        """Replace every name in the text of rendered HTML (tags and their attributes stay as they are)."""
        pieces = re.split(f"({_TAG}|{_ENTITY})", rendered or "")
        return "".join(self._in_tag(piece) if piece.startswith("<") else piece if piece.startswith("&")
                       else self.text(piece) for piece in pieces)

    def _in_tag(self, tag: str) -> str:
        """Replace names in a tag's attribute values (a link's address, a title), never in its name."""
        return _ATTRIBUTE.sub(lambda m: f'="{self.text(m.group(1))}"', tag)

    def order_of_appearance(self, texts: list[str]) -> list[int]:
        """Return the indexes of the people named in these texts, in the order they first appear."""
        seen: dict[int, None] = {}
        if self._pattern is not None:
            for text in texts:
                for match in self._pattern.finditer(INVISIBLE.sub("", text or "")):
                    seen.setdefault(self._who(match), None)
        return list(seen)


def _key(text: str) -> str:
    """Fold a spelling as the pattern compares it: no @, single spaces, no accents, any case."""
    text = re.sub(r"[\s\-‐]+", " ", text.lstrip("@")).replace("’", "'")
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()
