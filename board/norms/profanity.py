"""Profanity: better-profanity's word list and leetspeak variants, compiled once into regular expressions."""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache
from itertools import accumulate, product
from pathlib import Path

import better_profanity

#: what every detector returns: (rule, category, start, end)
Hit = tuple[str, str, int, int]

#: better-profanity's own substitutions: a -> @ 4 *, i -> 1 l *, s -> $ 5, ...
CHARS_MAPPING: dict[str, tuple[str, ...]] = dict(better_profanity.profanity.CHARS_MAPPING)


def _read_wordlist() -> frozenset[str]:
    """Return better-profanity's word list, lower-cased as it stores it."""
    path = Path(better_profanity.__file__).with_name("profanity_wordlist.txt")
    with path.open(encoding="utf-8") as wordlist:
        return frozenset(line.strip().lower() for line in wordlist if line.strip())


WORDLIST = _read_wordlist()


def _alternation(words: list[list[str]], gap: str = "", end: str = "") -> str:
    """Return one regex for many words (lists of fragments), built as a trie: shared prefixes tried once."""
    root: dict = {}
    for fragments in words:
        node = root
        for fragment in fragments:
            node = node.setdefault(fragment, {})
        node[""] = {}
    return _emit(root, gap, end)


def _emit(node: dict, gap: str, end: str) -> str:
    alternatives = []
    for fragment in sorted(k for k in node if k):
        child = node[fragment]
        tails = [end] if "" in child else []
        if any(child):
            tails.append(gap + _emit(child, gap, end))
        tail = tails[0] if len(tails) == 1 else "(?:" + "|".join(tails) + ")"
        alternatives.append(fragment + tail)
    return "(?:" + "|".join(alternatives) + ")"


@cache
def _char_class(chars: frozenset[str]) -> str:
    """Return a regex character class, with runs written as ranges (short patterns compile fast)."""
    ordered = sorted(chars)
    if len(ordered) == 1:
        return re.escape(ordered[0])
    runs: list[list[str]] = []
    for c in ordered:
        if runs and ord(c) == ord(runs[-1][-1]) + 1:
            runs[-1].append(c)
        else:
            runs.append([c])
    escape = lambda c: "\\" + c if c in "\\]^-[" else c  # noqa: E731
    ranges = [escape(r[0]) + ("-" if len(r) > 2 else "") + (escape(r[-1]) if len(r) > 1 else "")
              for r in runs]
    return "[" + "".join(ranges) + "]"


# ---------------------------------------------------------------------------
# What `check` flags: the same list and variants, with school sense added.
# ---------------------------------------------------------------------------

#: list words that are legitimate in history, health, science, literature and
#: religion lessons, or are ordinary words ("organ", "slope", "pawn", "snatch").
#: Kept off by default; a school can still put any of them on its flag or block list.
ACADEMIC_ALLOW = frozenset("""
    anus areole arian aryan breasts clitoris ejaculate ejaculation enlargement erect
    erection facial foreskin glans gonad gonads hymen labia menses menstruate
    menstruation nipple nipples organ ovary ovum ovums penetrate penetration penile
    penis phallic pubic pubis rectal rectum rectus scrotum semen sperm tampon teste
    testes testicle testis urinal urine uterus vagina vulva womb pms hiv herpes sex
    sexual transsexual gay gays lesbians queer virgin nude naked lust seduce
    incest molest rape raped rapist prostitute slave kill murder sniper
    napalm uzi hitler nazi nazism reich klan kkk heroin opium opiate meth valium
    peyote hemp weed pot pcp drunk rum vodka stoned snuff sodom bondage perversion
    sadism sadist masochist leper god omg hell vulgar
""".split()) | frozenset("""
    screw strip stroke thrust fingering pawn revue sandbar seaman seamen slope tramp
    hump loin loins knob wad dong wang willy willies woody whiz vixen racy prig prude
    tawdry trashy maxi potty pee poop tinkle vomit teat pasty paddy pollock homey
    flange foobar suck sucked sucking xx xxx cowgirl cowgirls snatch niggle muff toots
""".split()) | {"deep throat", "cow girl", "cow girls"}

#: fine where they occur although a list word matches inside ("moby dick"; "gal" is "gai" with i -> l)
# "homo" and "negro" alone are slurs far more often than science or history; the names stay fine
ACADEMIC_ALLOW_PHRASES = ("homo sapiens", "homo erectus", "homo habilis", "negro leagues", "negro league",
                          "negro spirituals", "moby dick", "cum laude", "magna cum laude", "summa cum laude", "gal", "gals",
                          "chink in the armor", "chink in the armour", "chink in his armor", "fanny pack",
                          "fanny packs")

#: mild insults on the list: not swearing, so civility.py flags them only when aimed at someone
LEFT_TO_CIVILITY = frozenset("stupid moron dummy jerk weirdo ugly doofus nimrod ninny dopey sissy thug fat"
                             .split())

#: common swearing missing from better-profanity's list
EXTRA_WORDS = frozenset("dammit damnit asshat asswipe shitshow shitpost shitposting bitchy fking fkn".split())

_MASKS = "*#!%@$"
_SEPARATORS = " -_."
_GAP = r"[\s._\-]+"
_LEFT, _RIGHT = r"(?<![^\W_])", r"(?![^\W_])"


def _fragments(phrase: str) -> list[str]:
    """Return regex fragments for a word or phrase: variants for letters, any separator between words."""
    fragments: list[str] = []
    for c in phrase.strip(_SEPARATORS).lower():
        if c in _SEPARATORS or c.isspace():
            if fragments and fragments[-1] != _GAP:
                fragments.append(_GAP)
        else:
            fragments.append(_char_class(frozenset(CHARS_MAPPING.get(c, (c,)))))
    return fragments


def phrase_regex(phrases: tuple[str, ...] | list[str], plural: bool = False) -> re.Pattern | None:
    """Compile words or phrases (variants, whole words) for lower-cased text; None if there are none."""
    words = [f for f in (_fragments(p) for p in phrases) if f]
    if not words:
        return None
    return re.compile(_LEFT + _alternation(words) + ("s?" if plural else "") + _RIGHT)


def lower(text: str) -> str:
    """Lower-case the text without moving any character (offsets stay valid)."""
    lowered = text.lower()
    # lower() never shortens, so an equal length means every character mapped to one character
    return lowered if len(lowered) == len(text) else text.translate(_ASCII_LOWER)


_ASCII_LOWER = {ord(c): c.lower() for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}


_CHECKED = sorted((WORDLIST | EXTRA_WORDS) - ACADEMIC_ALLOW - LEFT_TO_CIVILITY)
_PROFANITY = phrase_regex(_CHECKED, plural=True)  # "bastards": the list has only "bastard"
# "fuck" inside a longer word, or a word built on "shit", is never innocent ("clusterfuck", "shittiest");
# other roots are (Scunthorpe, cocktail, and "shitake" mushrooms)
_ROOTS = re.compile(r"f[uv*]ck|sh[i1*]t")
# minced or aimed forms of words that are otherwise fine: "what the f", "screw you" (not "screw it onto")
_AIMED = re.compile(r"\b(?:what|who|how|why|where)\s+the\s+f\b"
                    r"|\bscrew\s+(?:this|that|you|u|them|him|her)\b"
                    r"(?!\s+(?:on|onto|into|in|to|tight|down)\b)")
_SHIT_PREFIXES = ("", "bull", "horse", "dip", "chicken")
_ALNUM_RUN = re.compile(r"[^\W_]+")
_DEFAULT_ALLOW = phrase_regex(ACADEMIC_ALLOW_PHRASES)
# one letter (or stand-in symbol) at a time: "f u c k", "s.h.i.t", "b-i-t-c-h"
_SPACED = re.compile(r"(?<![^\W_])[^\W_@$*](?:[ ._\-][^\W_@$*]|[ ._\-][@$*]){2,}(?![^\W_])")
# a word with stars or symbols standing in for letters: "f***", "f**k", "b!tch", "a**hole"
_MASKED = re.compile(r"(?<![^\W_])[a-z][a-z]*[*#!%@$][a-z*#!%@$]*(?![^\W_])")


def _sizes_by_prefix() -> dict[str, tuple[int, ...]]:
    """Map the first three letters a list word can be spelled with to its lengths (with a plural "s")."""
    sizes: dict[str, set[int]] = {}
    for word in _CHECKED:
        if len(word) < 3 or any(c in _SEPARATORS or c.isspace() for c in word):
            continue  # spelled-out letters never hold a gap between words
        for prefix in product(*(CHARS_MAPPING.get(c, (c,)) for c in word[:3])):
            sizes.setdefault("".join(prefix), set()).update((len(word), len(word) + 1))
    return {prefix: tuple(sorted(found, reverse=True)) for prefix, found in sizes.items()}


#: "f u c k" is tried only at letters that can begin a word, and only at that word's lengths: a long
#: run of single letters ("u u u u ...") costs one look-up a letter
_SIZES_BY_PREFIX = _sizes_by_prefix()
_BY_SHAPE: dict[tuple[str, int], list[str]] = {}
for _word in _CHECKED:
    if _word.isalpha():
        _BY_SHAPE.setdefault((_word[0], len(_word)), []).append(_word)


class Covering:
    """Spans of the text, asked whether one of them covers a stretch (in logarithmic time, for long texts)."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        spans = sorted(spans)
        self._starts = [a for a, _ in spans]
        self._reach = list(accumulate((b for _, b in spans), max))  # the furthest end among spans so far

    def covers(self, start: int, end: int) -> bool:
        """Tell whether one span holds text[start:end]."""
        i = bisect_right(self._starts, start) - 1
        return i >= 0 and self._reach[i] >= end


@dataclass(frozen=True)
class SchoolMatchers:
    """A school's word lists, compiled."""

    block: re.Pattern | None
    flag: re.Pattern | None
    allow: re.Pattern | None


def compile_lists(block: tuple[str, ...], flag: tuple[str, ...], allow: tuple[str, ...]) -> SchoolMatchers:
    """Compile a school's block, flag and allow lists."""
    # allow covers plurals because the list matcher adds them ("bastards")
    return SchoolMatchers(phrase_regex(block), phrase_regex(flag), phrase_regex(allow, plural=True))


NO_SCHOOL_LISTS = SchoolMatchers(None, None, None)


def find(text: str, school: SchoolMatchers = NO_SCHOOL_LISTS) -> list[Hit]:
    """Return profanity hits: the list with variants, spaced-out letters, masks, then the school's lists."""
    text = lower(text)
    hits: list[Hit] = []
    for match in _PROFANITY.finditer(text):
        masked = any(c in "*#!%" for c in match.group())
        hits.append(("profanity-mask" if masked else "profanity", "profanity", *match.span()))
    hits += _embedded(text)
    hits += [("profanity-mask", "profanity", *m.span()) for m in _AIMED.finditer(text)]
    hits += _spaced(text) + _masked(text)
    allowed = list(m.span() for p in (_DEFAULT_ALLOW, school.allow) if p is not None for m in p.finditer(text))
    if allowed:
        cover = Covering(allowed)
        hits = [h for h in hits if not cover.covers(h[2], h[3])]
    for rule, pattern in (("school-block", school.block), ("school-flag", school.flag)):
        if pattern is not None:
            hits += [(rule, "profanity", *m.span()) for m in pattern.finditer(text)]
    return hits


def _embedded(text: str) -> list[Hit]:
    hits: list[Hit] = []
    words: list[tuple[int, int]] | None = None  # runs of word characters, found once and only if needed
    for match in _ROOTS.finditer(text):
        if words is None:
            words = [w.span() for w in _ALNUM_RUN.finditer(text)]
            starts = [a for a, _ in words]
        start, end = match.span()
        # the word the root sits in: word characters on both sides ("clusterfuck", "sh*tty")
        i = bisect_right(starts, start - 1) - 1
        if i >= 0 and words[i][0] < start <= words[i][1]:
            start = words[i][0]
        i = bisect_right(starts, end) - 1
        if i >= 0 and words[i][0] <= end < words[i][1]:
            end = words[i][1]
        word, root_at = text[start:end], match.start() - start
        if match.group().startswith("sh") and (word[:root_at] not in _SHIT_PREFIXES
                                               or word[root_at + 4:] in ("ake", "take")):
            continue
        if not hits or hits[-1][2:] != (start, end):  # "shitshitshit" is one word, one hit
            hits.append(("profanity", "profanity", start, end))
    return hits


def _spaced(text: str) -> list[Hit]:
    hits: list[Hit] = []
    for match in _SPACED.finditer(text):
        letters = [(i, c) for i, c in enumerate(match.group(), match.start()) if c not in _SEPARATORS]
        spelled = "".join(c for _, c in letters)
        i = 0
        while i < len(letters) - 2:
            # the longest run from here that spells a list word
            size = next((n for n in _SIZES_BY_PREFIX.get(spelled[i:i + 3], ()) if n <= len(letters) - i
                         and _PROFANITY.fullmatch(spelled[i:i + n])), 0)  # sliced: no letter behind
            if size:
                hits.append(("profanity", "profanity", letters[i][0], letters[i + size - 1][0] + 1))
            i += size or 1
    return hits


def _masked(text: str) -> list[Hit]:
    hits: list[Hit] = []
    for match in _MASKED.finditer(text):
        token = match.group().rstrip("!@$")  # a trailing "!" ends the sentence, it hides no letter
        if match.start() and text[match.start() - 1] in "*_":
            token = token.rstrip("*_")  # Markdown emphasis, "**damn**", closes with the stars it opened with
        if len(token) < 2 or not any(c in _MASKS for c in token):
            continue
        for word in _BY_SHAPE.get((token[0], len(token)), ()):
            if all(t == w or t in _MASKS for t, w in zip(token, word, strict=True)):
                hits.append(("profanity-mask", "profanity", match.start(), match.start() + len(token)))
                break
    return hits
