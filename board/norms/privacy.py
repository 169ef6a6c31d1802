"""Privacy: phone numbers, email addresses, street addresses and social-media accounts a student should keep private."""
from __future__ import annotations

import re

#: what every detector returns: (rule, category, start, end)
Hit = tuple[str, str, int, int]

_EMAIL = re.compile(r"(?<![\w.+-])[\w.%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")

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
_NOT_PHONE_BEFORE = re.compile(r"\b(?:isbn|page|pages|pp|p|no|chapter|ch|vol|verse|id|#)\W{0,3}$", re.IGNORECASE)


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
    if len(groups) == 1:
        number = groups[0]
        return 10 <= digits <= 11 and (number[0] == "0" or number[0] in "23456789" and not number.endswith("000000"))
    return False


def _phones(text: str) -> list[Hit]:
    hits: list[Hit] = []
    for match in _PHONE.finditer(text):
        if _NOT_PHONE_BEFORE.search(text, max(0, match.start() - 12), match.start()):
            continue
        groups = list(_GROUPS.finditer(text, match.start(), match.end()))
        # try the longest leading part that has a phone's shape: "555-123-4567 2 times"
        for count in range(len(groups), 0, -1):
            kept = groups[:count]
            separators = "".join(text[a.end():b.start()] for a, b in zip(kept, kept[1:]))
            if _phone_shape([g.group() for g in kept], bool(match.group("plus")), bool(match.group("paren")),
                            separators):
                hits.append(("privacy-phone", "privacy", match.start(), kept[-1].end()))
                break
    return hits


# -- street addresses -------------------------------------------------------------
_STREET = (r"(?:street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|place|pl|way|terrace|close"
           r"|crescent|highway|hwy|parkway|pkwy|circle|cir|square|sq)")
# words that sit between a number and "street" in ordinary sentences: "3 blocks down the street"
_NOT_A_NAME = (r"(?:the|a|an|of|to|in|on|at|by|for|from|with|and|or|but|down|up|over|under|around|across|along|into"
               r"|onto|through|near|past|than|then|my|your|his|her|our|their|its|this|that|these|those|more|most"
               r"|other|same|few|many|some|all|each|every|different|miles?|km|kilometers?|blocks?|minutes?|hours?"
               r"|years?|days?|times|people|cars|laps|steps|feet|meters|yards|houses|buildings|kids|students"
               r"|supreme|high|middle|elementary|district|federal|circuit|food|parking|one|two|three|way)")
_NAME_WORD = rf"(?!{_NOT_A_NAME}\b)[a-z][a-z'.-]*"
_ADDRESS = re.compile(
    rf"(?<![\w.,$])\d{{1,5}}[a-z]?\s+(?:{_NAME_WORD}\s+){{1,3}}{_STREET}\b\.?"
    rf"|\b(?:i|we)\s+live\s+(?:on|at)\s+(?:{_NAME_WORD}\s+){{1,3}}{_STREET}\b\.?",
    re.IGNORECASE,
)

# -- social-media accounts --------------------------------------------------------
_PLATFORM = (r"(?:insta(?:gram)?|ig|snap(?:chat)?|sc|tik\s?tok|tt|discord|twitter|x|telegram|whatsapp|kik|youtube|yt"
             r"|twitch|reddit|fb|facebook|steam|xbox|psn|roblox|threads|bereal|spotify)")
_HANDLE = r"@?[\w.#-]*\w"
_ACCOUNTS = [
    # "@jake_2011", but not "meet @ 5" or "@5pm"
    re.compile(r"(?<![\w@.])@(?!\d{1,2}(?::\d\d)?\s?(?:am|pm)?\b)(?=[\w.]*[a-z_])\w(?:[\w.]{0,28}\w)?(?![\w@])",
               re.IGNORECASE),
    # "my insta is jake.b", "my discord: jake#1234", "my username is jake_2011"
    re.compile(rf"\b(?:my|our)\s+(?:{_PLATFORM}|user\s*name|gamertag|ign)(?:\s+(?:user\s*name|handle|name|id|tag"
               rf"|account|acc|acct|@))?\s*(?:is|:|=|-)\s*(?:@\w[\w.#-]*|[\w.#-]*[\d_.#][\w.#-]*\w|(?<=:)\s*{_HANDLE})",
               re.IGNORECASE),
    # "follow me on tiktok", "add me on snap: jake_b"
    re.compile(rf"\b(?:add|follow|dm|message|msg|text|hmu|hit\s+me\s+up|find|friend|sub(?:scribe)?\s+to)\s+(?:me\s+)?"
               rf"(?:on|at)\s+{_PLATFORM}\b(?:\s*[:@-]\s*{_HANDLE})?", re.IGNORECASE),
    re.compile(rf"\b(?:my|our)\s+{_PLATFORM}\s+(?:is|:)\s+@?\w+(?=\s*(?:[.!,]|$))", re.IGNORECASE | re.MULTILINE),
    # discord tag "jake#1234"
    re.compile(r"\b[a-z][\w.]{1,31}#\d{4}\b", re.IGNORECASE),
]
_EVERYDAY_AFTER_IS = re.compile(
    r"(?:is|:)\s+@?(?:full|so|really|very|private|public|down|broken|boring|fun|great|good|bad|dead|gone|new|old"
    r"|blocked|banned|the|a|an|not|just|mostly|all|about|where|how|kinda)\b", re.IGNORECASE)


def find(text: str) -> list[Hit]:
    """Return privacy hits: emails, phone numbers, street addresses and social-media accounts."""
    hits: list[Hit] = [("privacy-email", "privacy", *m.span()) for m in _EMAIL.finditer(text)]
    emails = [(h[2], h[3]) for h in hits]
    hits += [h for h in _phones(text) if not any(a <= h[2] < b for a, b in emails)]
    hits += [("privacy-address", "privacy", *m.span()) for m in _ADDRESS.finditer(text)]
    for pattern in _ACCOUNTS:
        for match in pattern.finditer(text):
            if any(a <= match.start() < b for a, b in emails) or _EVERYDAY_AFTER_IS.search(match.group()):
                continue
            hits.append(("privacy-handle", "privacy", *match.span()))
    return hits
