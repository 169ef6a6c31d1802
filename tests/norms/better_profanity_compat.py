"""better-profanity's verdict, exactly and fast: the yardstick the norms check is measured against.

The tests (tests/norms/test_profanity.py) and the norms bench compare the rules with it; the board itself
never calls it.
"""
from __future__ import annotations

import re
from functools import cache

from better_profanity.constants import ALLOWED_CHARACTERS

from board.norms.profanity import CHARS_MAPPING, WORDLIST, _alternation, _char_class

# ---------------------------------------------------------------------------
# Compatibility: exactly better_profanity.profanity.contains_profanity, only fast.
#
# better-profanity splits the text into words (runs of its ALLOWED_CHARACTERS),
# lower-cases them, and reports a word if it equals a list entry with any
# character replaced by one of its CHARS_MAPPING variants. For each word that a
# separator follows it also tries the word joined with up to N following words
# (N = the most non-word characters in any entry, 5), both glued ("fu ck" ->
# "fuck") and with the separators kept ("blow job"); a one-character word at
# the very end of the text is never one of those following words.
# ---------------------------------------------------------------------------

#: every allowed non-ASCII character folds to this one: none of them lower-cases into an entry's characters
_WORD_MARK = "\u00e9"
_SKELETON = {ord(c): _WORD_MARK for c in ALLOWED_CHARACTERS if not c.isascii()}
# better-profanity compares words lower-cased
_SKELETON.update({ord(c): c.lower() for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"})
_SKELETON[0x212A] = "k"  # KELVIN SIGN is allowed and lower-cases to "k"
_WORD_CHARS = frozenset(c for c in ALLOWED_CHARACTERS if c.isascii() and not c.isupper()) | {_WORD_MARK}
_W = _char_class(_WORD_CHARS)
_NOT_W = "[^" + _W[1:]
_MAX_FOLLOWING = max([1] + [sum(c not in ALLOWED_CHARACTERS for c in w) for w in WORDLIST])


def _compat_patterns() -> tuple[str, str]:
    """Return the patterns for glued words (run where every separator is a space) and kept separators."""
    glued, kept = [], []
    for entry in sorted(WORDLIST):
        sources = [frozenset(CHARS_MAPPING.get(c, (c,))) for c in entry]
        words_only = [s & _WORD_CHARS for s in sources]
        if all(words_only):
            glued.append([_char_class(s) for s in words_only])
        elif words_only[0] and words_only[-1] and any(s - _WORD_CHARS for s in sources):
            # the kept-separator form starts and ends with a word, so its ends must be word characters
            classes = [words_only[0], *sources[1:-1], words_only[-1]]
            kept.append([_char_class(s) for s in classes])
    glued_source = "(?<![^ ])" + _alternation(glued, gap=" *", end="(?![^ ])")
    kept_source = f"(?<!{_W})" + _alternation(kept, end=f"(?!{_W})")
    return glued_source, kept_source


_GLUED, _KEPT = (re.compile(source) for source in _compat_patterns())
_NOT_WORD = re.compile(_NOT_W)
_WORD_RUN = re.compile(f"{_W}+")


@cache
def _entry() -> re.Pattern:
    """Compile every entry as it is compared with a joined string (only the rare replay needs it)."""
    variants = [[_char_class(frozenset(CHARS_MAPPING.get(c, (c,)))) for c in w] for w in sorted(WORDLIST)]
    return re.compile(_alternation(variants))


def contains_profanity(text: str) -> bool:
    """Return better-profanity's verdict on the text (same list, variants and word splitting)."""
    skeleton = text.lower() if text.isascii() else text.translate(_SKELETON)
    first = _WORD_RUN.search(skeleton)
    if first is None or first.start() >= len(skeleton) - 1:
        return False  # better-profanity returns such text untouched
    spaced = _NOT_WORD.sub(" ", skeleton)
    for pattern, subject in ((_GLUED, spaced), (_KEPT, skeleton)):
        pos = 0
        while (match := pattern.search(subject, pos)) is not None:
            if _plausible(spaced, match) or _exact_at(skeleton, match.start()):
                return True
            pos = match.start() + 1
    return False


def _plausible(spaced: str, match: re.Match) -> bool:
    """Tell whether a regex match also respects better-profanity's window of following words."""
    start, end = match.span()
    separators = len(spaced[start:end].split()) - 1
    if separators > _MAX_FOLLOWING:
        return False
    # a one-letter word at the very end is never joined to the words before it
    return not (separators and end == len(spaced) and spaced[end - 2] == " ")


def _exact_at(skeleton: str, start: int) -> bool:
    """Replay better-profanity's word-joining for the word at `start` (rarely needed)."""
    words: list[tuple[int, int]] = []
    for word in _WORD_RUN.finditer(skeleton, start):
        if len(words) > _MAX_FOLLOWING or (words and word.start() >= len(skeleton) - 1):
            break
        words.append(word.span())
    glued = ""
    for word_start, word_end in words:
        glued += skeleton[word_start:word_end]
        if _entry().fullmatch(glued) or _entry().fullmatch(skeleton[start:word_end]):
            return True
    return False
