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
#: tags that end a line of text: a name never runs across them unless written with a space
_BLOCK = re.compile(r"</?(?:p|li|ul|ol|blockquote|h[1-6]|br|hr|pre|div|table|thead|tbody|tr|td|th)\b", re.I)
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


def _short_parts(person: Person) -> set[str]:
    """Two-letter parts of a double first name ("Jo" of "Mary-Jo", "An" of "Mai-An"): names, but
    words too ("an"), so they are found only as a name is written, capitalised or in capitals."""
    parts = re.split(r"[\s\-’']+", person.first_name.strip())
    return {part for part in parts if len(part) == 2 and part.isalpha()} if len(parts) > 1 else set()


#: letters that have no accent to drop, as a name is typed without them ("Łukasz", "Lukasz")
_PLAIN = {"ø": "o", "ł": "l", "đ": "d", "ð": "d", "ı": "i", "æ": "ae", "œ": "oe", "þ": "th", "ħ": "h",
          "ŧ": "t", "ŋ": "n", "ſ": "s", "ƒ": "f"}
_APOSTROPHES = "'’‘ʼ`´"
_DASHES = "-‐‑‒–—"


def _fold_char(char: str) -> str:
    """Return a character as names are compared: no accent, one case, compatibility forms undone
    (full-width letters), either apostrophe as ', any dash as -; a combining mark folds to nothing."""
    if char in _APOSTROPHES:
        return "'"
    if char in _DASHES:
        return "-"
    if char.isascii():
        return char.lower()
    out = []
    for part in unicodedata.normalize("NFKD", char):
        if unicodedata.combining(part):
            continue
        for c in unicodedata.normalize("NFKD", part.casefold()):
            if not unicodedata.combining(c):
                out.append(_PLAIN.get(c, c))
    return "".join(out)


def _shadow(text: str) -> tuple[str, list[int]]:
    """Return the text folded letter by letter, and for each folded character the index it came from."""
    folded: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        f = _fold_char(char)
        folded.append(f)
        origin.extend([index] * len(f))
    return "".join(folded), origin


def _fold(spelling: str) -> str:
    """Return a pattern for one spelling, matched against folded text: accents optional both ways
    ("José" and "Jose", "Søren" and "Soren"), any spacing, either apostrophe ("O'Brien", "O’Brien"),
    a dash or a space between parts ("García-López", "García López")."""
    parts = []
    for char in _shadow(spelling)[0]:
        if char.isspace():
            parts.append(r"\s+")
        elif char == "-":
            parts.append(r"[-\s]+")
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
        #: two-letter parts of double first names, as written ("Jo", "JO") -> the person they name
        self._short_owner: dict[str, int] = {}
        for index, person in enumerate(people):
            for part in sorted(_short_parts(person)):
                for written in (part[0].upper() + part[1:].lower(), part.upper()):
                    self._short_owner.setdefault(written, index)
        self._short = re.compile("(?<![^\\W_])@?(?:{})(?![^\\W_])".format(
            "|".join(map(re.escape, self._short_owner)))) if self._short_owner else None
        self._pattern = None
        if spellings:
            names = "|".join(_fold(s) for s in sorted(spellings, key=len, reverse=True))
            # Whole words only (an underscore joins words: "maya_chen"), a leading @ taken with the
            # name; "Maya's" keeps its "'s".
            self._pattern = re.compile(rf"(?<![^\W_])@?(?:{names})(?![^\W_])")

    def _who(self, match: re.Match) -> int:
        return self._owner.get(_key(match.group(0)), 0)

    def _matches(self, source: str):
        """Return (start, end, person index) for each name in the text, in order: found in its folded
        shadow, and two-letter parts of double first names as written."""
        found = []
        if self._pattern is not None:
            folded, origin = _shadow(source)
            for match in self._pattern.finditer(folded):
                start, end = origin[match.start()], origin[match.end() - 1] + 1
                # Combining marks after the name's last letter belong to it ("Zoe\u0308").
                while end < len(source) and not _fold_char(source[end]):
                    end += 1
                found.append((start, end, self._who(match)))
        if self._short is not None:
            for match in self._short.finditer(source):
                if not any(start < match.end() and match.start() < end for start, end, _ in found):
                    found.append((match.start(), match.end(), self._short_owner[match.group(0).lstrip("@")]))
        return sorted(found)

    def text(self, source: str) -> str:
        """Replace every name in plain text or Markdown."""
        source = INVISIBLE.sub("", source or "")
        if self._pattern is None:
            return source
        out, last = [], 0
        for start, end, who in self._matches(source):
            out += [source[last:start], self.people[who].label]
            last = end
        out.append(source[last:])
        return "".join(out)

    def html(self, rendered: str) -> str:
        """Replace every name in the text a reader sees of rendered HTML, across inline markup too
        ("Ma<strong>y</strong>a" reads "Maya"), and in attribute values; tag names stay as they are.

        Names inside one text node are replaced first; then the text nodes are read as one text (a
        block tag reads as a line break, a character reference as a space) and each name still found
        is written into the first node it starts in, its letters in the following nodes taken out.
        """
        pieces = re.split(f"({_TAG}|{_ENTITY})", rendered or "")
        seen: list[str] = []
        #: for each character of `seen`: its piece, and its offset there (None: a tag's line break,
        #: -1: a character reference)
        where: list[tuple[int, int | None]] = []
        for index, piece in enumerate(pieces):
            if piece.startswith("<"):
                pieces[index] = self._in_tag(piece)
                if _BLOCK.match(piece):
                    seen.append("\n")
                    where.append((index, None))
            elif piece.startswith("&"):
                seen.append(" ")
                where.append((index, -1))
            else:
                pieces[index] = piece = self.text(piece)
                seen.extend(piece)
                where.extend((index, offset) for offset in range(len(piece)))
        if self._pattern is None:
            return "".join(pieces)
        edits: dict[int, list[tuple[int, int, str]]] = {}
        for start, end, who in self._matches("".join(seen)):
            spans: dict[int, list[int]] = {}
            for index, offset in where[start:end]:
                if offset == -1:
                    edits.setdefault(index, []).append((0, len(pieces[index]), ""))
                elif offset is not None:
                    spans.setdefault(index, []).append(offset)
            for order, (index, offsets) in enumerate(sorted(spans.items())):
                label = self.people[who].label if order == 0 else ""
                edits.setdefault(index, []).append((min(offsets), max(offsets) + 1, label))
        for index, changes in edits.items():
            piece = pieces[index]
            for begin, finish, label in sorted(changes, reverse=True):
                piece = piece[:begin] + label + piece[finish:]
            pieces[index] = piece
        return "".join(pieces)

    def _in_tag(self, tag: str) -> str:
        """Replace names in a tag's attribute values (a link's address, a title), never in its name."""
        return _ATTRIBUTE.sub(lambda m: f'="{self.text(m.group(1))}"', tag)

    def order_of_appearance(self, texts: list[str]) -> list[int]:
        """Return the indexes of the people named in these texts, in the order they first appear."""
        seen: dict[int, None] = {}
        if self._pattern is not None:
            for text in texts:
                for _, _, who in self._matches(INVISIBLE.sub("", text or "")):
                    seen.setdefault(who, None)
        return list(seen)


def _key(text: str) -> str:
    """Fold a spelling as the pattern compares it: no @, single spaces for spaces and dashes, folded letters."""
    return re.sub(r"[\s\-]+", " ", _shadow(text)[0].lstrip("@")).strip()
