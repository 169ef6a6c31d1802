"""Privacy: phone numbers, emails, street addresses and social-media accounts, which students keep private."""
from __future__ import annotations

import re

from board.norms.profanity import Covering, lower

#: what every detector returns: (rule, category, start, end)
Hit = tuple[str, str, int, int]

# starts only where the name cannot reach further back: else each "%" of "%a%a%a..." would start a try
_EMAIL = re.compile(r"(?<![\w.%+-])[\w.%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")

# -- phone numbers ----------------------------------------------------------------
# A run of digit groups is a candidate; its shape decides. Years, ranges of
# years, dates, prices, page ranges, measurements and "1,000,000" have shapes
# that no national phone format uses, so they are never reported.
_PHONE = re.compile(
    r"(?<![\w$€£¥+.,/:#-])"          # not inside a word, a price, a decimal or a longer number
    r"(?:(?P<plus>\+)\d{1,3}[ .-]?)?"  # country code
    r"(?:(?P<paren>\(\d{1,5}\))[ .-]?)?"
    r"\d+(?:[ .\-/]\d+)*"
    r"(?![\w%]|[.,]\d)"
)
_GROUPS = re.compile(r"\d+")
_NOT_PHONE_BEFORE = re.compile(r"\b(?:isbn|page|pages|pp|p|no|chapter|ch|vol|verse|id|#)\W{0,3}$")


def _phone_shape(groups: list[str], plus: bool, paren: bool, separators: str) -> bool:
    """Tell whether digit groups (country code and brackets already counted) look like a phone number."""
    digits = sum(map(len, groups))
    sizes = [len(g) for g in groups]
    if plus:
        return 8 <= digits <= 15
    if paren:
        return 7 <= digits <= 12 and len(groups) >= 2
    if sizes in ([3, 3, 4], [3, 4, 4]) or (sizes == [1, 3, 3, 4] and groups[0] == "1"):
        return True
    if sizes == [3, 4]:
        return separators == "-"
    if groups[0].startswith("0") and len(groups) <= 5 and min(sizes) >= 2:
        return 9 <= digits <= 12  # UK 07700 900123, French 06 12 34 56 78, German 030 1234567
    if len(groups) == 1:  # unbroken: 07911123456, 5551234567, but not 4500000000 people
        number = groups[0]
        return 10 <= digits <= 11 and (number[0] == "0" or number[0] != "1" and not number.endswith("000000"))
    return False


def _phones(text: str) -> list[Hit]:
    hits: list[Hit] = []
    for match in _PHONE.finditer(text):
        # no phone number has fewer than seven digits: "1!1!1!..." holds thousands of candidates
        if match.end() - match.start() < 7 or _NOT_PHONE_BEFORE.search(text, max(0, match.start() - 12), match.start()):
            continue
        # no phone format has more than 8 groups: "1 2 3 4 5 6 7 8 9 ..." never needs every prefix tried
        groups = list(_GROUPS.finditer(text, match.start(), match.end()))[:8]
        # try the longest leading part that has a phone's shape: "555-123-4567 2 times"
        for count in range(len(groups), 0, -1):
            kept = groups[:count]
            separators = "".join(text[a.end():b.start()] for a, b in zip(kept, kept[1:], strict=False))
            plus, paren = bool(match.group("plus")), bool(match.group("paren"))
            if _phone_shape([g.group() for g in kept], plus, paren, separators):
                hits.append(("privacy-phone", "privacy", match.start(), kept[-1].end()))
                break
    return hits


# -- street addresses -------------------------------------------------------------
_STREET = (r"(?:street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|place|pl|way"
           r"|terrace|close|crescent|highway|hwy|parkway|pkwy|circle|cir|square|sq)")
# words that sit between a number and "street" in ordinary sentences: "3 blocks down the street"
_NOT_A_NAME = (r"(?:the|a|an|of|to|in|on|at|by|for|from|with|and|or|but|down|up|over|under|around|across"
               r"|along|into|onto|through|near|past|than|then|my|your|his|her|our|their|its|this|that|these"
               r"|those|more|most|other|same|few|many|some|all|each|every|different|miles?|km|kilometers?"
               r"|blocks?|minutes?|hours?|years?|days?|times|people|cars|laps|steps|feet|meters|yards|houses"
               r"|buildings|kids|students|supreme|high|middle|elementary|district|federal|circuit|food"
               r"|parking|one|two|three)")
_NAME_WORD = rf"(?!(?:{_NOT_A_NAME}|{_STREET})\b)[a-z][a-z'.-]*"  # "a 2 lane road" names no street
_ADDRESS = re.compile(
    rf"(?<![\w.,$])\d{{1,5}}[a-z]?\s+(?:{_NAME_WORD}\s+){{1,3}}{_STREET}\b\.?"
    rf"|\b(?:i|we)\s+live\s+(?:on|at)\s+(?:{_NAME_WORD}\s+){{1,3}}{_STREET}\b\.?",
)

# -- social-media accounts --------------------------------------------------------
_PLATFORM = (r"(?:insta(?:gram)?|ig|snap(?:chat)?|sc|tik\s?tok|tt|discord|twitter|x|telegram|whatsapp|kik"
             r"|youtube|yt|twitch|reddit|fb|facebook|steam|xbox|psn|roblox|threads|bereal|spotify)")
_HANDLE = r"@?[\w.#-]*\w"
# (pattern, a character the text must hold for the pattern to be worth running), for lower-cased text
_ACCOUNTS = [
    # "@jake_2011", but not "meet @ 5", "@5pm" or a two-letter "@ss"
    (re.compile(r"(?<![\w@.])@(?!\d{1,2}(?::\d\d)?\s?(?:am|pm)?\b)(?=[\w.]*[a-z_])\w[\w.]{1,28}\w"
                r"(?![\w@])"), "@"),
    # "my insta is jake.b", "my discord: jake#1234", "my username is jake_2011": a name with a digit, "_",
    # "." or "#" in it; the letters before the first of those are read once, never split another way
    (re.compile(rf"\b(?:my|our)\s+(?:{_PLATFORM}|user\s*name|gamertag|ign)(?:\s+(?:user\s*name|handle|name"
                r"|id|tag|account|acc|acct|@))?\s*(?:is|:|=|-)\s*(?:@\w[\w.#-]*|(?:[^\W\d_]|-)*+[\d_.#][\w.#-]*\w"
                rf"|(?<=:)\s*{_HANDLE})"), ""),
    # "follow me on tiktok", "add me on snap: jake_b"
    (re.compile(rf"\b(?:add|follow|dm|message|msg|text|hmu|hit\s+me\s+up|find|friend|sub(?:scribe)?\s+to)\s+"
                rf"(?:me\s+)?(?:on|at)\s+{_PLATFORM}\b(?:\s*[:@-]\s*{_HANDLE})?"), ""),
    (re.compile(rf"\b(?:my|our)\s+{_PLATFORM}\s+(?:is|:)\s+@?\w+(?=\s*(?:[.!,]|$))", re.MULTILINE), ""),
    # "snap me @ jenna.k04"
    (re.compile(rf"\b(?:snap|dm|add|follow|text|message|msg|hmu)\s+me\s+(?:on\s+{_PLATFORM}\s+)?"
                r"@\s?\w[\w.]{1,28}\w"), "@"),
    # discord tag "jake#1234"
    (re.compile(r"\b[a-z][\w.]{1,31}#\d{4}\b"), "#"),
]
# "my insta is full of ads" names no account
_EVERYDAY_AFTER_IS = re.compile(
    r"(?:is|:)\s+@?(?:full|so|really|very|private|public|down|broken|boring|fun|great|good|bad|dead|gone|new"
    r"|old|blocked|banned|the|a|an|not|just|mostly|all|about|where|how|kinda)\b")


def find(text: str) -> list[Hit]:
    """Return privacy hits: emails, phone numbers, street addresses and social-media accounts."""
    text = lower(text)
    # most posts have no "@" or "#": skip the patterns that need one
    emails = [m.span() for m in _EMAIL.finditer(text)] if "@" in text else []
    hits: list[Hit] = [("privacy-email", "privacy", *span) for span in emails]
    in_email = Covering(emails)
    hits += [h for h in _phones(text) if not in_email.covers(h[2], h[2] + 1)]
    hits += [("privacy-address", "privacy", *m.span()) for m in _ADDRESS.finditer(text)]
    for pattern, needs in _ACCOUNTS:
        if needs and needs not in text:
            continue
        for match in pattern.finditer(text):
            if in_email.covers(match.start(), match.start() + 1) or _EVERYDAY_AFTER_IS.search(match.group()):
                continue
            hits.append(("privacy-handle", "privacy", *match.span()))
    return hits
