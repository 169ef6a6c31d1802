"""Attacks that need no "you" beside an insult: groups, ableist and dehumanising words, contempt, harm, families.

Each row is one kind of the usual taxonomy of incivility, written for the shape the kind takes, not for a
sentence: an insult standing alone, a noun phrase about a classmate, sarcasm that ends in an insult;
contempt for a classmate's work or ability; sweeping statements about a group; wishing harm or failure;
attacks on someone's family. What stays civil: the same words about an idea, a rule, a book's character or
a historical figure, and words quoted to disagree with them (see board/norms/context.py).
Every pattern runs on lower-cased text, with bounded repetitions only: the check stays linear.
"""
from __future__ import annotations

import re

from board.norms.civility import (
    _A,
    _ADJECTIVES,
    _HE_IS,
    _I_WILL,
    _NOUNS,
    _PERSON_ADJECTIVES,
    _SO,
    _THEY_ARE,
    _VOCATIVE,
    _YOU,
    _YOU_ARE,
    _YOUR,
    _compile,
    named_matches,
)
from board.norms.profanity import _alternation


def _words(text: str) -> str:
    """Turn a space-separated list into one regex, as a trie: shared beginnings are read once."""
    return _alternation([[r"\s+" if c == "_" else re.escape(c) for c in word] for word in set(text.split())])

# -- vocabulary -------------------------------------------------------------------

_DEHUMANISING = _words("""animal animals ape apes pig pigs dog dogs cow cows rat rats snake snakes vermin
    parasite parasites cockroach cockroaches caveman cavemen subhuman goblin donkey beast savage savages monkey monkeys gorilla baboon worm
    worms scum swine vegetable zombie""")
_ABLEIST = _words("""retard retards retarded autistic autist spastic spaz spazz mongoloid lunatic maniac psycho
    psychopath mental mentally_ill special_needs schizo""")
# names for a person: what a sentence about a classmate is about
_INSULT_NOUNS = _words("""idiot idiots moron morons loser losers clown clowns fool fools dummy imbecile jerk
    weirdo freak creep bozo dork muppet nitwit halfwit dimwit numbskull airhead bonehead dunce coward hypocrite
    liar crybaby brat doofus dumbass tool snob fake disgrace potato know-it-all know_it_all try_hard tryhard
    suck_up teacher's_pet nerd baby joke scumbag pest leech simp incel failure embarrassment reject poser
    wannabe pleb noob numpty plonker prat twit git dweeb nutcase nutter donut karen goldfish snitch cheat cheater fraud faker show_off
    show-off drama_queen attention_seeker dumbo""")
# nouns that name nothing but a person: "that idiot" is about someone, "that joke" or "this dog" is not
_ONLY_PEOPLE = _words("""idiot idiots moron morons loser losers clown clowns fool fools dummy imbecile jerk weirdo
    freak creep bozo dork muppet nitwit halfwit dimwit numbskull airhead bonehead dunce coward hypocrite liar crybaby
    brat doofus dumbass snob scumbag simp incel poser wannabe numpty plonker prat twit git dweeb nutcase nutter
    know-it-all know_it_all try_hard tryhard suck_up teacher's_pet snitch cheater fraud show_off drama_queen
    attention_seeker retard spaz""")
_STANDALONE = _words("""idiot moron loser clown fool dummy imbecile jerk weirdo freak bozo dork muppet nitwit
    halfwit dimwit numbskull dunce dumbass stupid dumb brainless clueless pathetic idiotic moronic braindead
    retard pathetic embarrassing cringe""")
_GROUP_PEOPLE = _words("""girls boys women men guys immigrants refugees foreigners migrants muslims jews
    christians catholics hindus sikhs atheists arabs asians africans mexicans gypsies gays blacks whites
    feminists english french germans italians russians ukrainians americans brits irish scots indians
    pakistanis nigerians somalis syrians turks romanians albanians latinos hispanics natives buddhists mormons
    southerners northerners boomers""")
_GROUP_ADJ = _words("""black white asian chinese indian african arab mexican polish muslim jewish christian
    catholic hindu religious gay lesbian trans disabled blind deaf fat poor rich old country city foreign
    immigrant rural ghetto russian ukrainian american english scottish irish pakistani nigerian somali syrian
    turkish romanian albanian italian french german japanese korean latino hispanic native buddhist mormon
    autistic southern northern posh""")
#: what a person is called with "what a ... kid", "you're a sad little person"
_BAD = _words("""sad pathetic stupid dumb ugly annoying weird little small tiny miserable horrible awful terrible
    disgusting useless brainless clueless lazy""")
_PERSON = r"(?:person|human|man|boy|girl|kid|child|thing|creature|being)"
#: what a classmate made: "this essay is hideous" (an argument or an idea may be called weak, and that is civil)
_THEIR_WORK = _words("""post posts comment comments reply take answer response essay poster drawing presentation project
    writing paragraph poem story speech song video slides""")
#: "go back to ..." said as an order or a wish for others, not of one's own plans ("I want to go back", "we go back")
_NOT_MINE = r"(?<!\bto\sgo)(?<!\bi\sgo)(?<!\bwe\sgo)(?<!\bcan\sgo)(?<!\bll\sgo)(?<!\bd\sgo)"
#: one member of a group, for "every muslim is ...", "you're a girl, so ..."
_ONE_OF_GROUP = _words("""girl boy woman man immigrant refugee foreigner migrant muslim jew christian catholic hindu
    sikh atheist arab asian african mexican gypsy gay feminist""")
_GROUP = (rf"(?:(?:all|most|these|those|the)\s+)?(?:{_GROUP_PEOPLE}|{_GROUP_ADJ}\s+(?:people|kids|folk|folks"
          r"|guys|girls|boys|men|women|families|students)|people\s+(?:from|in|on)\s+(?:(?:the|that|this)\s+)?\w+"
          r"(?:\s+(?:side|area|estate|part\s+of\s+town))?"
          r"|(?:kids|everyone|anyone)\s+(?:from|in|on)\s+(?:the|that|this|those)\s+\w+(?:\s+(?:park|estate|side|area"
          r"|projects|school|street))?|people\s+with\s+\w+)")
_TRAITS = _words("""lazy criminals criminal thieves thief terrorists terrorist animals parasites trash garbage pigs
    weird backwards backward brainwashed useless dumb stupid evil gross disgusting inferior violent savages
    robots dirty smelly ugly liars hypocrites spoiled spoilt a_burden mentally_ill sick illegal rapists
    idiots morons losers cheaters greedy the_same all_the_same dangerous rude loud aggressive weak uneducated
    primitive uncivilised uncivilized barbaric thick untrustworthy leeches scroungers freeloaders cheap dramatic
    emotional hysterical bossy whiny entitled arrogant snobs snobby stuck_up racist sexist annoying thugs judgemental
    judgmental inbred nerds geeks crazy insane nuts mental psychos drug_dealers
    dealers gangsters murderers illegals""")
_ABILITY = _words("""do think lead drive play spell read write understand argue count be_trusted sit_still
    learn swim dance cook code fight speak_english""")
_WORK = _words("""post posts comment comments reply take answer essay poster drawing presentation project work
    writing paragraph idea ideas argument opinion opinions point whole_project slides poem story speech song
    video drawings comments""")
_WORTHLESS = _words("""garbage trash rubbish worthless pointless embarrassing useless pathetic a_joke ugly
    awful terrible a_waste cringe laughable stupid dumb idiotic so_bad the_worst""")
_FAMILY = _words("""mom mum mam mama momma mommy mummy mother dad daddy father parents parent family brother
    sister grandma granny grandpa nan auntie aunt uncle cousin""")
_FAMILY_BAD = _words("""fat ugly poor stupid dumb a_joke a_drunk drunk trash a_loser losers idiots ashamed
    disappointed embarrassed a_slut slut a_whore whore crazy weird a_mess""")
_FAIL = _words("""fail fails flunk flunks lose loses die dies choke chokes trip trips fall falls cry cries
    break disappear rot suffer burn drown starve get_hit get_hurt get_sick get_expelled get_kicked
    get_suspended get_detention get_beat get_beaten get_dumped get_fired get_run_over get_what lose_everything
    never_get never_pass never_make never_win never_find breaks burns burn_down burns_down explodes crashes sinks
    get_cancer get_bullied get_lost get_caught get_grounded get_banned get_rejected get_a_zero get_an_f get_zero
    get_laughed_at step_on_a_lego never_come_back never_be_happy gets_stolen get_stolen gets_broken gets_hacked
    gets_lost runs_away run_away gets_hit have_a_terrible have_a_horrible have_an_awful have_a_bad have_a_miserable
    have_the_worst get_in_trouble get_punished get_told_off get_yelled_at""")
#: the insult ends the clause, or a filler word follows it ("idiot lol")
_AFTER = r"(?=\s*(?:[.!?,]|$|(?:lol|lmao|haha|bro|tbh|fr|smh|honestly|ngl)\b))"
_SHOULD = rf"(?:should(?:\s*n{_A}t|\s+not)?|need\s+to|needs\s+to|must|deserves?\s+to)"
# the present tense: "girls couldn't vote until 1918" is history, not a claim about girls
_CANT = rf"(?:can{_A}t|cant|cannot|can\s+not|do\s*n{_A}t|dont)"

# -- rows ---------------------------------------------------------------------------

_NAME_CALLING = [
    # the insult as a sentence of its own: "idiot.", "ugh, stupid.", "total moron"; or called out: "hey loser"
    # (one row for every shape that starts a sentence: such rows are tried at every character)
    ("attack-standalone", r"(?:^|[.!?]\s*)(?=[a-z])(?:(?:(?:ugh|lol|lmao|wow|omg|bruh|bro|honestly|seriously|so)\s*,?\s+)"
                          r"{0,2}(?:(?:what|such)\s+an?\s+|an?\s+)?(?:(?:total|absolute|complete|utter|massive"
                          rf"|stupid|dumb|little)\s+){{0,2}}{_STANDALONE}{_AFTER}"
                          rf"|(?:hey|yo|oi|listen|look|bye|hi|sup)\s*,?\s+(?:{_VOCATIVE}|{_ONLY_PEOPLE})\b)"),
    # a name for a person closing a clause or standing alone: "nice one, idiot", "sit down, clown", "stupid kid."
    ("attack-standalone", rf"(?:^|[.!?,]\s*)(?=[a-z])(?:(?:you\s+)?(?:(?:absolute|complete|total|stupid|dumb|little|fat"
                          rf"|ugly)\s+){{0,2}}(?:{_VOCATIVE}|{_ONLY_PEOPLE}|nerd|goblin){_AFTER}"
                          r"|(?:(?:ugh|lol|lmao|wow|omg|bruh|bro|ok|okay)\s*,?\s+){0,2}(?:you\s+)?(?:stupid|dumb|useless"
                          r"|brainless|annoying|ugly|pathetic|clueless|weird|fat)\s+(?:little\s+)?(?:kid|boy|girl|guy"
                          rf"|child|person|baby|nerd|thing|loser){_AFTER})"),
    # a noun phrase about the person: "the kid who wrote this is a total dumbass", "mia is literally a clown"
    ("attack-insult", r"\b(?:this|that|the|some)\s+(?:guy|kid|girl|boy|dude|person|student|one)(?:\s+who"
                      rf"(?:\s+\w+){{1,4}}?)?\s+is{_SO}\s+(?:{_INSULT_NOUNS}|{_ADJECTIVES})\b"),
    ("attack-insult", rf"\b(?:is|was)(?:\s+(?:literally|actually|just|such|so|really|lowkey)){{1,3}}\s+"
                      rf"(?:an?\s+)?(?:(?:total|complete|absolute|massive|huge)\s+)?{_VOCATIVE}\b"),
    # one row for every name after "you're (so) ...": each row that starts with it is tried at every "you're"
    ("attack-insult", rf"\b{_YOU_ARE}{_SO}\s+(?:(?:[a-z]+\s+)?{_INSULT_NOUNS}\b|[a-z]+\s+and\s+{_PERSON_ADJECTIVES}\b|(?:thick|hopeless|dim|gormless|brainless"
                      rf"|clueless)\b|(?:{_BAD}\s+){{1,2}}{_PERSON}\b|(?:child|toddler|kindergartner|baby"
                      rf"|five\s*-?\s*year\s*-?\s*old|slow|dense){_AFTER})"),
    ("attack-insult", rf"\b(?:{_INSULT_NOUNS}|{_STANDALONE})\s+(?:behaviou?r|energy|move)\b"),
    ("attack-insult", rf"\b{_HE_IS}{_SO}\s+(?:{_INSULT_NOUNS}|{_DEHUMANISING})\b"),
    ("attack-insult", r"\b(?:dumb|thick|stupid)\s+as\s+(?:a\s+)?(?:rock|rocks|brick|bricks|box\s+of\s+rocks"
                      r"|a\s+doorknob|two\s+short\s+planks)\b"),
    ("attack-insult", rf"\b(?:what\s+an?|such\s+an?|you|u)\s+(?:(?:little|stupid|dumb|lying|brainless|ugly"
                      rf"|absolute)\s+){{0,2}}(?:{_INSULT_NOUNS}|{_DEHUMANISING}|{_ABLEIST})(?!\s+(?:who|that|of"
                      r"|and\s+i))\b"),
    ("attack-insult", rf"\b(?:this|that|the\s+class)\s+(?:(?:little|stupid|dumb|lying|brainless|ugly|absolute)\s+)"
                      rf"{{0,2}}{_ONLY_PEOPLE}(?!\s+(?:who|that|of|and\s+i))\b"),
    ("attack-insult", rf"\bstop\s+(?:being|acting)\s+(?:(?:so|such|like)\s+)?(?:an?\s+)?(?:{_INSULT_NOUNS}"
                      rf"|{_ADJECTIVES}|{_ABLEIST}|{_DEHUMANISING}|weird)\b"),
    ("attack-insult", r"\b(?:someone|somebody|anyone|people|ppl|a\s+person)\s+(?:this|that|so)\s+(?:dumb|stupid"
                      r"|slow|clueless|ignorant|annoying|brainless)\b"),
    ("attack-insult", rf"\b(?:why|how)\s+(?:are|r)\s+{_YOU}\s+(?:so|this|that)\s+(?:{_ADJECTIVES}|weird|slow"
                      r"|bad\s+at\s+everything)\b"),
    ("attack-insult", rf"\b{_YOUR}\s+brain\s+(?:is|must\s+be)\s+(?:the\s+size|tiny|empty|smaller|broken)\b"
                      r"|\bbrain\s+(?:of\s+an?|the\s+size\s+of\s+an?)\s+\w+"),
    ("attack-insult", rf"\b{_YOU}\s+(?:act|acting|behave|talk|write|argue)\s+like\s+an?\s+(?:\d+\s*-?\s*year\s*-?\s*old"
                      rf"|baby|toddler|little\s+kid|{_INSULT_NOUNS}|{_DEHUMANISING})\b"),
    ("attack-insult", rf"\b{_YOU_ARE}\s+(?:a|such\s+a)\s+(?:(?:complete|total|huge)\s+)?waste\s+of\b"),
    ("attack-sarcasm", r"\b(?:smart|clever|genius|brilliant|funny|helpful)\s*,?\s+not(?=\s*(?:[.!?]|$))"
                       r"|\b(?:another|yet\s+another)\s+(?:brilliant|smart|great)\s+(?:idea|take|move)\s+from\b"),
    ("attack-insult", rf"\bdropped\s+on\s+(?:{_YOUR}|his|her)\s+head\b"),
    ("attack-insult", r"\btypical\s+\w+\s*,\s+(?:\w+\s+)?as\s+(?:always|usual)\b"),
    ("attack-insult", r"\bwaste\s+of\s+(?:oxygen|air|space|skin)\b"),
    # sarcasm that turns into an insult
    ("attack-sarcasm", r"\b(?:ok|okay|sure|yeah\s+right|wow|oh\s+wow|nice\s+(?:job|one|try)|congrats|great\s+job"
                       r"|well\s+done|yes|alright)\s*,?\s+(?:buddy|pal|genius|einstein|professor|sherlock"
                       r"|karen|smartypants|smarty\s+pants|mr\.?\s+know\s*-?\s*it\s*-?\s*all|big\s+brain|captain"
                       r"\s+obvious)\b"),
    ("attack-sarcasm", r"\b(?:another|such\s+a|what\s+a)\s+genius\s+(?:idea|move|take)\s+from\b"),
    ("attack-sarcasm", rf"\b(?:because|cause|cuz|coz)\s+{_YOU_ARE}\s+so\s+(?:smart|clever|perfect|right)\b"),
    ("attack-sarcasm", r"\b(?:keep\s+telling\s+yourself|bless\s+(?:your|ur)\s+(?:heart|soul)|said\s+no\s+one"
                       r"|look\s+who\s+finally\s+has)\b"),
    ("attack-sarcasm", rf"\b(?:bro|he|she|this\s+guy|this\s+kid|u|you)\s+thinks?\s+(?:{_HE_IS}|{_YOU_ARE}|they{_A}re"
                       r"|hes|shes)\s+(?:so\s+)?(?:smart|funny|cool|clever|special|him|her)\b"),
    ("attack-sarcasm", rf"\b{_YOU_ARE}(?:\s+(?:such|a|an|the|just)){{0,2}}\s+(?:human\s+version\s+of|walking)\b"),
    # a group of classmates called names: "you guys are idiots", "ur all morons", "they're all clowns"
    ("attack-insult", rf"\b(?:you\s+(?:guys|all|lot|two|both)|y{_A}all|yall|ya{_A}ll|{_YOU_ARE}\s+(?:all|both)"
                      rf"|{_THEY_ARE}\s+(?:all|both))(?:\s+(?:are|r))?{_SO}\s+(?:{_INSULT_NOUNS}|{_DEHUMANISING})\b"),
    ("attack-insult", rf"\b(?:you\s+(?:guys|all|lot|two|both)|y{_A}all|yall|ya{_A}ll)\s+(?:are|r){_SO}"
                      rf"\s+{_PERSON_ADJECTIVES}\b"),
    ("attack-insult", rf"\b(?:{_VOCATIVE}|{_ONLY_PEOPLE}|{_DEHUMANISING}|trash|poop|garbage|l)\s+emojis?\s+"
                      r"(?:for|to|at)\s+(?:you|u|him|her|them)\b"),
    ("attack-insult", rf"\b(?:what|such)\s+an?\s+(?:{_BAD}\s+){{1,2}}{_PERSON}\b"),
    ("attack-insult", rf"\b(?:{_VOCATIVE}|{_ONLY_PEOPLE})\s*,?\s+(?:all|every\s+one|each|the\s+lot)\s+of\s+(?:you|u"
                      r"|ya|them)\b"),
    ("attack-insult", r"\bas\s+(?:dumb|stupid|thick|ugly|annoying|useless|slow)\s+as\s+(?:you|u|him|her|he|she|they)"
                      r"\b(?!\s*(?:'d|would|might|think|thought|imagine|expect|say|claim))"),
    ("attack-insult", rf"\bhow\s+(?:{_PERSON_ADJECTIVES}|slow|dense)\s+(?:you|u|he|she|they)\s+(?:are|is|r|really)\b"),
    # looks and voice: "your face is so ugly"
    ("attack-insult", rf"\b{_YOUR}\s+(?:face|voice|hair|laugh|body|nose|teeth|clothes|outfit|shoes|handwriting)\s+"
                      r"(?:is|looks|sounds|are|r)(?:\s+(?:so|really|super|literally|kinda|actually)){0,2}\s+(?:ugly|gross"
                      r"|disgusting|annoying|weird|fat|stupid|dumb|hideous|horrible|nasty)\b"),
    ("attack-insult", rf"\bwhat\s+(?:kind|sort|type)\s+of\s+(?:an?\s+)?(?:{_VOCATIVE}|{_ONLY_PEOPLE})\b"),
    ("attack-insult", rf"\b(?:{_VOCATIVE}|{_ONLY_PEOPLE})\s+like\s+(?:you|u|him|her|them)\b"),
    # questions about someone's mind: "is he stupid", "how can you be so dumb", "were you born this dumb"
    ("attack-insult", rf"\b(?:bro|bruh|dude|this\s+dude|homie|blud|buddy|mans)\s+(?:is|be)(?:\s+(?:so|such|really"
                      rf"|lowkey|actually|literally|a|an|the)){{0,3}}\s+(?:{_PERSON_ADJECTIVES}|{_ONLY_PEOPLE}|slow)\b"),
    ("attack-insult", rf"\b(?:is|was)\s+(?:he|she)\s+(?:(?:really|actually|just|that|this|so)\s+)?"
                      rf"(?:{_PERSON_ADJECTIVES}|slow|blind|an?\s+{_VOCATIVE})\b"),
    ("attack-insult", rf"\bhow\s+(?:can|could|do|did|does|is|are|r)\s+(?:you|u|he|she|someone|anyone|anybody)\s+(?:even\s+)?"
                      rf"(?:be\s+)?(?:so|this|that)\s+(?:{_PERSON_ADJECTIVES}|slow|thick|dense|ignorant|(?:bad|terrible|awful"
                      r"|useless)\s+at)\b"),
    ("attack-insult", rf"\b(?:were|are|r)\s+{_YOU}\s+(?:born|always|really|seriously|actually|just)\s+(?:this|that|so)"
                      rf"\s+(?:{_PERSON_ADJECTIVES}|slow|thick|dense)\b"),
    # a superlative about a person: "the dumbest kid in our class"
    ("attack-insult", r"\b(?:dumbest|stupidest|ugliest|weirdest|laziest|most\s+(?:annoying|useless|clueless|pathetic"
                      r"|stupid|irritating|brainless|boring))\s+(?:kid|kids|person|people|guy|girl|boy|human|student"
                      r"|member|partner|one)\b"),
    ("attack-insult", rf"\b{_YOU_ARE}\s+(?:(?:literally|actually|honestly|just|truly|seriously)\s+)?the\s+worst{_AFTER}"),
    ("attack-insult", rf"\b(?:you|u|he|she|y{_A}all|yall|you\s+guys|you\s+all)\s+(?:(?:really|just|so|literally"
                      r"|actually|honestly)\s+)?sucks?\b(?!\s+(?:it\s+up|up|in)\b)"),
    ("attack-insult", rf"\b{_YOU}\s+(?:sound|look|seem|act)\s+(?:(?:so|really|kinda|very|pretty|super)\s+)?"
                      rf"(?:{_PERSON_ADJECTIVES}|ignorant|dense)\b"),
    # the family of idioms for "stupid" and "vain"
    ("attack-insult", r"\bnot\s+the\s+(?:sharpest|brightest)\s+(?:tool|knife|crayon|bulb|pencil|cookie)\b"
                      r"|\blights\s+are\s+on\s+but\b|\b(?:zero|one|0|1|2|three|negative|less\s+than\s+\w+)\s+brain"
                      r"\s+cells?\b|\bfull\s+of\s+(?:himself|herself|yourself|urself|themselves)\b"),
    ("attack-insult", rf"\b(?:{_YOU_ARE}|{_HE_IS})\s+not\s+(?:very|too|that|exactly|the\s+most)\s+(?:bright|smart|clever"
                      r"|intelligent)\b"),
    ("attack-insult", r"\bimagine\s+being\s+(?:that|this|so)\s+(?:dumb|stupid|slow|bad|clueless|annoying|ugly)\b"),
    # sarcasm that names the person: "thanks for nothing", "mr perfect has spoken", "the class clown strikes again"
    ("attack-sarcasm", r"\b(?:thanks|thank\s+you|thx|ty|cheers)\s*,?\s+(?:for\s+nothing|captain\s+obvious|sherlock"
                       r"|einstein|genius|professor)\b"),
    ("attack-sarcasm", r"\b(?:mr|mister|miss|ms|little\s+miss|little\s+mr|professor|captain)\.?\s+[\w-]+(?:\s+[\w-]+)?"
                       r"\s+(?:has\s+spoken|strikes\s+again|is\s+at\s+it\s+again)\b"),
    ("attack-sarcasm", rf"\b(?:{_INSULT_NOUNS}|class\s+\w+|genius|expert)\s+(?:strikes\s+again|has\s+spoken"
                       r"|is\s+at\s+it\s+again)\b"),
]

_CONTEMPT = [
    # for the person: their ability, their worth
    ("attack-contempt", rf"\b(?:can|do|did|could)\s+{_YOU}\s+even\s+(?:read|think|spell|count|write|understand"
                        rf"|comprehend|try|listen|speak|know\s+how|know\s+what\s+{_YOU})\b"),
    ("attack-contempt", rf"\bhow\s+(?:are|r|did|do)\s+{_YOU}\s+even\b"),
    ("attack-contempt", rf"\beverything\s+{_YOU}\s+(?:say|said|write|wrote|post|posted|do|think)\s+is(?:\s+(?:so|just"
                        rf"|always)){{0,2}}\s+{_WORTHLESS}\b"),
    ("attack-contempt", rf"\b{_YOU}\s+never\s+(?:have|say|write|post)\s+anything\s+(?:smart|useful|good|important"
                        r"|interesting|worth)\b"),
    ("attack-contempt", rf"\bnobody\s+wants\s+to\s+(?:read|hear|see)\s+{_YOUR}\b"),
    ("attack-contempt", rf"\b(?:are|r)\s+{_YOU}\s+even\s+(?:capable|trying|able|serious|listening|human)\b"),
    ("attack-contempt", rf"\b(?:do|did)\s+{_YOU}\s+(?:even\s+)?have\s+a\s+brain\b|\bdid\s+{_YOUR}\s+brain\b"),
    ("attack-contempt", rf"\bhow\s+did\s+{_YOU}\s+(?:even\s+)?(?:pass|get\s+into|make\s+it|graduate)\b"),
    ("attack-contempt", rf"\b{_YOU}\s+(?:clearly|obviously|literally)\s+{_CANT}\s+(?:even\s+)?(?:read|think|write"
                        r"|count|spell)\b"),
    ("attack-contempt", rf"\b{_YOU}\s+(?:could\s*n{_A}t|couldnt|could\s+not|can{_A}t|cant)\s+\w+(?:\s+\w+){{0,3}}"
                        r"\s+if\s+(?:your|ur)\s+life\s+depended\b"),
    ("attack-contempt", r"\b(?:a|any|my\s+little)\s+(?:\w+\s+)?(?:grader|toddler|baby|kindergartner|sister|brother"
                        r"|dog|cat)\s+(?:could\s+)?(?:do|does|write|writes|draw|draws|make|makes)\s+better\s+than"
                        r"\s+(?:this|that|you|u)\b"),
    ("attack-contempt", r"\blooks?\s+like\s+(?:a|an)\s+(?:toddler|baby|kindergartner|\w+\s+grader|child|little\s+kid"
                        r"|monkey|\d+\s*-?\s*year\s*-?\s*old)\s+(?:made|drew"
                        r"|wrote|did)\b"),
    ("attack-contempt", rf"\b(?:with|had)\s+{_YOUR}\s+eyes\s+closed\b"),
    ("attack-contempt", rf"\b(?:{_YOU_ARE}|{_YOU})\s+(?:not\s+)?(?:even\s+)?worth\s+(?:nothing|less|replying"
                        r"|it|my\s+time|anything)\b|\bworth\s+less\s+than\s+nothing\b"),
    ("attack-contempt", rf"\b{_YOU}\s+(?:bring|contribute|add|offer)\s+(?:(?:literally|absolutely|just)\s+)?nothing\b"),
    # the person's mind, in the shapes that carry contempt: "clearly didn't read", "not smart enough",
    # "never have a good idea", "no idea what you're talking about", "why would anyone listen to you"
    ("attack-contempt", rf"\b{_YOU}\s+(?:clearly|obviously|literally)\s+(?:did\s*n{_A}t|didnt|did\s+not|do\s*n{_A}t"
                        r"|dont|never)\s+(?:even\s+)?(?:read|understand|listen|think|try|pay\s+attention)\b"),
    ("attack-contempt", rf"\b(?:{_YOU_ARE}|{_HE_IS})\s+not\s+(?:\w+\s+)?(?:smart|clever|bright|intelligent)\s+enough\b"),
    ("attack-contempt", rf"\b{_YOU}\s+(?:(?:literally|just|honestly)\s+)?never\s+(?:have|had|say|said|make|made|post"
                        r"|come\s+up\s+with)\s+(?:a|any|one)\s+(?:good|smart|useful|original|decent|single)\b"),
    ("attack-contempt", rf"\b{_YOU}\s+(?:(?:have|got)\s+no\s+(?:idea|clue)|(?:\w+\s+)?never\s+know)\s+what\s+{_YOU_ARE}"
                        r"\s+(?:talking|on)\s+about\b"),
    ("attack-contempt", rf"\b{_YOU}\s+{_CANT}\s+even\s+do\s+(?:basic|simple|easy|the\s+easiest)\b"),
    ("attack-contempt", rf"\bwhy\s+would\s+(?:anyone|anybody|we|i)\s+(?:listen\s+to|care\s+about|believe|trust|read)"
                        rf"\s+(?:{_YOU}\b|anything\s+{_YOU})|\bwhy\s+(?:are|r)\s+{_YOU}\s+(?:always\s+)?like\s+this\b"),
    ("attack-contempt", rf"\bso\s+(?:\w+\s+){{1,2}}?(?:it{_A}s|its)\s+(?:actually\s+|honestly\s+|kinda\s+)?"
                        r"(?:embarrassing|pathetic|cringe)\b"),
    ("attack-contempt", rf"\b{_YOU}\s+(?:have|got)\s+nothing\s+(?:smart|useful|good|important|interesting)\b"),
    ("attack-contempt", rf"\b(?:can|do)\s+{_YOU}\s+ever\s+(?:say|do|write)\s+anything\b"),
    ("attack-contempt", rf"\b(?:nobody|no\s+one|noone)\s+(?:will\s+ever|ever|will)\s+(?:take\s+{_YOU}\s+seriously"
                        rf"|(?:like|listen\s+to|want)\s+{_YOU})\b|\bnobody\s+needs\s+{_YOUR}\b"),
    ("attack-contempt", rf"\b{_YOU}\s+(?:ruin|ruined|wreck|spoil)\s+(?:every|everything)\b"),
    ("attack-contempt", rf"\b{_YOU_ARE}\s+the\s+reason\s+(?:our|we|my|the\s+group|this)\b"),
    ("attack-contempt", rf"\b(?:i{_A}m|im|i\s+am)\s+(?:so\s+)?embarrassed\s+for\s+{_YOU}\b"),
    ("attack-contempt", rf"\bwaste\s+of\s+(?:everyone|everybody|our|my)(?:{_A}s)?\s+time\s+(?:you\s+are|u\s+r)\b"),
    ("attack-contempt", r"\b(?:garbage|trash|rubbish|stupid|dumb|pointless|worthless|useless|pathetic)\b"
                        r"[^.!?\n]{0,30}?\band\s+so\s+(?:are\s+you|is\s+(?:he|she)|r\s+u)\b"),
    # for the work: calling it worthless, demanding it be removed
    ("attack-demean", rf"\b{_YOUR}\s+(?:whole\s+)?{_WORK}\s+(?:is|are|was|r|looks|sounds)(?:\s+(?:always|so|just"
                      rf"|literally|pure|total|complete)){{0,2}}\s+{_WORTHLESS}\b"),
    ("attack-demean", rf"\b(?:this|that)\s+{_THEIR_WORK}\s+(?:is|was|looks)(?:\s+(?:so|just|pure|total|honestly"
                      rf"|literally)){{0,2}}\s+(?:{_WORTHLESS}|hideous|disgusting|unreadable|a\s+disaster|a\s+mess"
                      r"|an?\s+(?:complete|total|absolute|utter)\s+(?:waste|joke|mess|disaster))\b"),
    ("attack-demean", rf"\b(?:delete|remove)\s+(?:this|that|{_YOUR})\s+(?:post|comment|reply|account|take)\b"
                      rf"|\b(?:delete|remove)\s+it\s*,|\bdelete\s+(?:this|that|it)(?=\s*(?:[.!?]|$))|\bshould\s+be\s+(?:deleted|removed)\b"),
    ("attack-demean", r"\bnever\s+(?:post|speak|talk|comment|write)\s+(?:again|anything|ever)\b|\bget\s+(?:this|that)\s+(?:trash|garbage|rubbish"
                      r"|junk)\s+off\b|\bthrow\s+it\s+(?:away|out)\b"),
    ("attack-demean", r"\b(?:want|give\s+me)\s+my\s+(?:time|\d+\s+\w+|life)\s+back\b"),
    ("attack-demean", r"\bwho\s+(?:even\s+)?let\s+(?:you|u|him|her)\s+post\b"),
    ("attack-demean", rf"\b(?:is\s+this\s+supposed\s+to\s+be|call\s+(?:this|that))\s+(?:an?\s+)?(?:{_WORK}"
                      r"|point)\b"),
    ("attack-demean", r"\b(?:copy|copied|get|got|steal|stole)\s+(?:this|that|it)\s+from\s+an?\s+(?:toddler|baby"
                      r"|kindergartner|\w+\s+grader|monkey)\b"),
    ("attack-contempt", rf"\b{_YOU}\s+(?:should|need\s+to)\s+(?:just\s+)?(?:quit|give\s+up)\s+(?:art|school|writing"
                        r"|trying|posting|drawing|singing|music|talking|this\s+class|now|already|forever)\b"),
    ("attack-contempt", rf"\b{_YOUR}\s+(?:opinions?|vote|words|ideas?|point|posts?|input)\s+(?:means?|matters?"
                        r"|counts?|is\s+worth)\s+(?:nothing|zero|less)\b"),
    ("attack-contempt", rf"\b{_YOU}\s+(?:do\s*n{_A}t|dont|do\s+not)\s+know\s+anything\s+about\s+anything\b"
                        rf"|\b{_YOU}\s+know\s+nothing{_AFTER}|\b{_YOU_ARE}\s+never\s+(?:right|correct|useful|helpful"
                        r"|funny)\b"),
    # for the person's mind and worth: "you can't do anything right", "you're nothing", "you'll never amount to"
    ("attack-contempt", rf"\b(?:{_YOU}\s+(?:{_CANT}|never|could\s*n{_A}t|couldnt)|(?:can{_A}t|cant)\s+{_YOU})\s+"
                        r"(?:even\s+|ever\s+)?(?:do|get|say|write)"
                        r"\s+anything\s+right\b"),
    ("attack-contempt", rf"\b{_YOU}\s+{_CANT}\s+even\s+(?:spell|count|write\s+(?:a|one|properly|your)|read\s+(?:properly"
                        r"|a\s+(?:chart|graph|map|sentence|book))|form\s+a\s+sentence|string\s+a\s+sentence"
                        rf"|think\s+straight|tie\s+{_YOUR}\s+shoes)\b"),
    ("attack-contempt", rf"\b{_YOU_ARE}\s+(?:(?:just|literally|honestly|really)\s+)?(?:a\s+nobody|nothing|a\s+nothing"
                        r"|no\s*one|irrelevant)(?=\s*(?:[.!?,]|$|lol|to\s+(?:me|us|anyone|anybody|everyone)|here"
                        r"|in\s+this))"),
    ("attack-contempt", rf"\b(?:{_YOU}(?:{_A}ll|\s+will)?|ull|{_YOU_ARE})\s+never\s+(?:(?:going\s+to|gonna)\s+)?"
                        r"(?:amount\s+to|be\s+(?:good|anything|anybody|somebody|someone|smart|successful|popular"
                        r"|liked|loved)|make\s+it|get\s+anywhere|succeed|have\s+(?:any\s+)?friends)\b"),
    ("attack-contempt", rf"\b(?:{_YOU_ARE}|{_HE_IS}|{_THEY_ARE})\s+(?:(?:way|just|clearly|obviously|probably)\s+)?too"
                        r"\s+(?:dumb|stupid|slow|thick|dense|ignorant|clueless|simple)\s+to\b"),
    ("attack-contempt", rf"\b{_YOU}\s+(?:would\s*n{_A}t|wouldnt|would\s+not|could\s*n{_A}t|couldnt|will\s+never"
                        rf"|wo\s*n{_A}t|wont|{_CANT})\s+(?:even\s+)?understand(?=\s*(?:[.!?,]|$|anyway|lol))"),
    ("attack-contempt", rf"\b(?:did|do|can|could|have)\s+{_YOU}\s+even\s+(?:go\s+to|attend|look|study|pay\s+attention"
                        r"|open|check|finish|pass|learn|own\s+a)\b"),
    ("attack-contempt", rf"\bdo\s+{_YOU}\s+even\s+know\s+what\s+(?:an?|the\s+word)\s+\w+\s+(?:is|means)\b"),
    ("attack-contempt", rf"\bwhy\s+(?:are|r)\s+{_YOU}\s+even\s+(?:here|in\s+(?:this|our|the)|allowed|posting|talking"
                        rf"|speaking|trying|alive)\b|\bwhy\s+(?:do|does|did)\s+{_YOU}\s+even\s+(?:bother|try|post"
                        rf"|talk|speak|come|open\s+{_YOUR}\s+mouth|exist)\b"),
    ("attack-contempt", rf"\b(?:is|does)\s+{_YOUR}\s+brain\s+(?:even\s+)?(?:switched|turned|work|working|function)"),
    ("attack-contempt", rf"\bcan{_A}t\s+believe\s+{_YOU}\s+(?:actually|seriously|really|just)\s+(?:posted|wrote|said"
                        r"|think|thought|believe)\b"),
    ("attack-contempt", rf"\b{_YOU}\s+(?:should|must)\s+be\s+(?:so\s+|really\s+)?(?:ashamed|embarrassed)\b"),
    ("attack-contempt", rf"\b(?:nobody|no\s+one|noone)\s+(?:even\s+|actually\s+|ever\s+)?(?:(?:likes|listens\s+to"
                        rf"|invited|wants|needs|respects)\s+{_YOU}\b|(?:reads|listens\s+to|respects)\s+{_YOUR}\s+"
                        r"(?:posts?|comments?|opinions?|ideas?|takes?|replies|stuff|work|essays?))"),
    ("attack-insult", rf"\b(?:{_YOU}|he|she)\s+(?:must|have\s+to|gotta|has\s+to)\s+be\s+(?:(?:so|really|pretty|very"
                      rf"|actually)\s+)?(?:{_PERSON_ADJECTIVES}|slow|blind|an?\s+{_VOCATIVE})\b"),
    ("attack-contempt", rf"\bwho\s+taught\s+{_YOU}\s+(?:how\s+)?to\s+(?:write|read|spell|think|argue|type)\b"),
    ("attack-contempt", rf"\bdo\s*n{_A}t\s+quit\s+{_YOUR}\s+day\s+job\b|\bdont\s+quit\s+{_YOUR}\s+day\s+job\b"),
    ("attack-contempt", rf"\bgo{_NOT_MINE}\s+back\s+to\s+(?:kindergarten"
                        r"|preschool|pre-?k|nursery|daycare|primary\s+school|elementary|first\s+grade|year\s+(?:one|1))\b"),
    ("attack-contempt", r"\b(?:a|an|my|any|even\s+a|even\s+my)\s+(?:\w+\s+)?(?:monkey|chimp|dog|cat|baby|toddler"
                        r"|grader|potato|rock|kindergartner|preschooler|sister|brother|\w+\s*-?\s*year\s*-?\s*old)\s+(?:could|can"
                        r"|would|will)\s+(?:\w+\s+){0,3}?(?:better|smarter)\b"),
    ("attack-contempt", rf"\bwhat(?:{_A}s|s|\s+is)\s+(?:the\s+\w+\s+)?wrong\s+with\s+{_YOU}\b"
                        rf"|\bwhat(?:{_A}s|s|\s+is)\s+(?:the\s+\w+\s+)?{_YOUR}\s+problem(?=\s*(?:[.?!,]|$|bro|dude|man|lol|seriously))"
                        rf"|\bwhat\s+(?:the\s+\w+\s+)?is\s+{_YOUR}\s+problem(?=\s*(?:[.?!,]|$|bro|dude|man|lol|seriously))"),
    # for the work: the worst thing anyone has read, a joke of a post, a sad attempt
    ("attack-demean", r"\b(?:worst|dumbest|stupidest|lamest|cringiest|most\s+(?:pathetic|embarrassing|useless|boring))"
                      rf"\s+{_WORK}\s+(?:i{_A}ve|ive|i\s+have|ever|of\s+all)\b"),
    ("attack-demean", rf"\b{_YOUR}\s+(?:whole\s+)?{_WORK}\s+(?:is|are|was|r|looks|sounds|reads)(?:\s+(?:always|so"
                      r"|just|literally|pure|total|complete|honestly)){0,2}\s+(?:\w+\s+and\s+)?(?:a\s+disaster"
                      r"|a\s+mess|a\s+train\s*wreck|painful|unreadable|nonsense|horrible|the\s+dumbest|the\s+stupidest"
                      r"|cringey|cringy|childish|lame|a\s+waste|stupid|dumb|trash|garbage|rubbish|pointless|worthless|useless"
                      r"|pathetic|a\s+joke|awful|terrible|embarrassing)\b"),
    ("attack-demean", rf"\b(?:what|such)\s+a\s+(?:joke|waste|mess|disaster|train\s*wreck)\s+of\s+an?\s+(?:{_WORK}"
                      rf"|person|human|student)\b|\bexcuse\s+for\s+an?\s+(?:{_WORK}|person|human|student)\b"),
    ("attack-demean", r"\b(?:embarrassing|pathetic|sad|lazy|lame|cringe|cringey|laughable)\s+(?:effort|attempt"
                      r"|excuse)\b"),
    ("attack-demean", r"\b(?:garbage|trash|rubbish|stupid|dumb|pointless|worthless|useless|pathetic|cringe|boring)\b"
                      r"[^.!?\n]{0,30}?\b(?:just\s+)?like\s+(?:everything|anything|all)\s+(?:else\s+)?(?:you|u)\s+"
                      r"(?:say|said|post|posted|write|wrote|do|make|made)\b"),
    ("attack-demean", r"\b(?:embarrassing|cringe|cringey|trash|garbage|rubbish|pathetic|stupid|dumb|pointless)\b"
                      r"[^.!?\n]{0,30}?\b(?:take\s+(?:it|this|that)\s+down|delete\s+(?:it|this|that))\b"
                      rf"|\btake\s+(?:it|this|that)\s+down\s*,?\s+(?:it{_A}s|its|this\s+is|that{_A}s)\s+(?:so\s+)?"
                      r"(?:embarrassing|cringe|cringey|trash|garbage|rubbish|pathetic|stupid|dumb|pointless)\b"),
]

_IDENTITY = [
    # one row, so that the long list of groups is tried once at each word
    ("identity-generalise", rf"\b{_GROUP}\s+(?:(?:are|r|is)(?:\s+(?:all|always|just|so|such|really|basically"
                            rf"|literally|born|naturally)){{0,2}}\s+(?:an?\s+)?{_TRAITS}\b"
                            r"|(?:are|r)\s+(?:too|so)\s+\w+\s+(?:to|for)\b"
                            rf"|{_CANT}\s+(?:even\s+)?{_ABILITY}\b"
                            rf"|{_SHOULD}\s+(?:stay\s+out|be\s+(?:banned|allowed|kicked|sent|deported|locked)"
                            r"|go\s+(?:back|home)|get\s+out|not\s+be|stay\s+(?:home|in)|leave|be\s+in)\b"
                            r"|(?:only|always|just)\s+(?:care|come|want|think|play|cry|steal|take|eat|complain)\b"
                            r"|(?:ruin|ruins|steal|eat\s+dogs|smell|stink|take\s+our)\b"
                            r"|(?:are|r)(?:\s+(?:all|just|always)){1,2}\s+like\s+that\b"
                            rf"|(?:do\s*n{_A}t|dont|do\s+not)\s+belong\b|think\s+they{_A}re\s+(?:better|superior)\b"
                            # "... are poor because they're lazy": a group's lot put down to a trait
                            rf"|[^.!?\n]{{0,40}}?\bbecause\s+they{_A}re\s+(?:all\s+|just\s+)?{_TRAITS}\b"
                            # bad at, worse than, running everything, having no morals, belonging somewhere, what
                            # they "should not" do (but "should not have to" defends them)
                            rf"|(?:are|r)(?:\s+(?:all|always|just|so|really|naturally)){{0,2}}\s+"
                            r"(?:(?:bad|terrible|useless|hopeless|rubbish|awful|trash|worse)\s+at|dumber|stupider"
                            r"|lazier|weaker|worse|inferior|uglier|smellier|dirtier|less\s+(?:intelligent|smart|capable))\b"
                            r"|(?:run|control|own)\s+(?:everything|the\s+(?:world|media|banks|government|country))"
                            r"|(?:all\s+)?look\s+(?:all\s+)?(?:the\s+same|alike)\b"
                            r"|(?:are|r)\s+(?:ruining|stealing|taking\s+(?:over|our)|destroying|invading|flooding|infesting)\b"
                            rf"|(?:are\s*n{_A}t|arent|are\s+not)\s+(?:real|human|normal|people|welcome)\b"
                            r"|(?:have|got)\s+no\s+(?:morals|brains?|manners|culture|shame|respect|class|souls?)\b"
                            r"|(?:slow|drag|bring)\s+(?:everyone|everybody|us|the\s+(?:class|team|rest))\s+down\b"
                            r"|belong\s+(?:in|at)\s+(?:the\s+)?(?:kitchen|home|cages?|zoo|jail|prison|trash|gutter)\b"
                            r"|(?:(?:are|r)\s+)?only\s+good\s+for\b"
                            rf"|(?:should\s*n{_A}t|shouldnt|should\s+not|should\s+never|must\s+not|must\s+never)\s+"
                            r"(?!have\s+to|need\s+to|be\s+(?!allowed)|feel|worry|suffer|fear|pay|lose|get\s+(?:less"
                            r"|blamed|bullied|hurt)|face|wait|miss|go\s+hungry|struggle|die|live\s+in)[a-z]+)"),
    ("identity-generalise", r"\b(?:people|kids|girls|boys|women|men)\s+who\s+(?:\w+\s+){1,3}?(?:are|r)"
                            rf"(?:\s+(?:all|always|just|so)){{0,2}}\s+(?:an?\s+)?{_TRAITS}\b"),
    ("identity-generalise", rf"\bonly\s+{_GROUP}\s+(?:care|like|would|cry|do|think|play|wear|want|(?:are|r)\s+"
                            r"(?:good|smart|able|capable|any\s+good))\b"),
    ("identity-generalise", rf"\b(?:these|those)\s+people\s+(?:are|r)\s+(?:just\s+)?(?:{_DEHUMANISING}"
                            r"|trash|garbage)\b"),
    # addressing someone as a member of a disparaged group
    ("identity-address", r"\b(?:you|your)\s+(?:people|kind)\b(?!\s+(?:who|that|are\s+(?:right|welcome)))"),
    ("identity-address", r"\bpeople\s+like\s+(?:you|u)\s+(?:from|always|never|are|should|can)\b"),
    ("identity-address", r"\btypical\s+(?:boy|girl|woman|man|foreigner|immigrant|muslim|jew|christian|american"
                         r"|country\s+kid|city\s+kid|\w+\s+kid)\b"),
    ("identity-address", r"\bof\s+course\s+(?:a|an|the)\s+(?:\w+\s+)?(?:girl|boy|woman|foreigner|immigrant"
                         r"|muslim|jew|christian|gay|kid\s+from|\w+\s+kid)\b"),
    ("identity-address", r"\b(?:like|as)\s+a\s+girl\b"),
    ("identity-address", rf"\b(?:{_YOU_ARE}|{_HE_IS})\s+(?:just\s+)?(?:a|an)?\s*(?:girl|foreigner|immigrant|gay"
                         r"|black|muslim|jew|from\s+(?:the\s+)?\w+)\s*,?\s+so\b"),
    ("identity-address", rf"\b(?:{_HE_IS}|{_YOU_ARE})\s+(?:gay|black|muslim|jewish|a\s+girl|disabled|foreign)"
                         r"\s*,?\s+so\s+(?:obviously|of\s+course|naturally)\b"),
    ("identity-address", rf"\b(?:because|cause|cuz|coz|bc)\s+{_YOU_ARE}\s+(?:a\s+|an\s+)?(?:girl|boy|gay|black"
                         r"|muslim|jewish|foreign|foreigner|immigrant|poor|disabled|autistic|deaf|blind|fat|christian"
                         r"|from\s+\w+)\b"),
    ("identity-address", rf"\bonly\s+got\s+in\s+because\s+(?:{_HE_IS}|{_YOU_ARE})\b"),
    ("identity-address", r"\bwhat\s+do\s+you\s+expect\s+from\s+(?:someone|a\s+kid|people|them)\s+from\b"),
    ("identity-address", r"\bgo\s+back\s+(?:to\s+)?where\s+(?:they|she|he)\s+(?:belong|came\s+from)\b"),
    ("identity-address", rf"\b{_YOUR}\s+kind\b|\bonly\s+an?\s+(?:fag|faggot|dyke|tranny)\b"),
    ("identity-generalise", rf"\b(?:every|each)\s+(?:single\s+)?{_ONE_OF_GROUP}\s+(?:is|was)(?:\s+(?:a|an|just|so"
                            rf"|always)){{0,2}}\s+(?:{_TRAITS}|terrorist|thief|criminal|liar)\b"),
    # addressing someone as a member of a disparaged group
    ("identity-address", rf"\b{_YOU_ARE}\s+(?:so\s+|such\s+an?\s+|probably\s+(?:an?\s+)?|an?\s+|a\s+total\s+)?"
                         rf"(?:gay|homo|fag|faggot|illegal|terrorist|lesbian|tranny){_AFTER}"),
    ("identity-address", rf"\b(?:{_HE_IS}|{_YOU_ARE})\s+(?:so|such\s+a)\s+(?:gay|girl|homo)\b"),
    ("identity-address", r"\b(?:stop|quit)\s+(?:being|acting)\s+(?:so|such|like)\s+(?:an?\s+)?(?:girl|gay|girly"
                         r"|woman)\b"),
    ("identity-address", r"\b(?:ok|okay|shut\s+up|bye|sure|cry|go\s+away)\s*,?\s+(?:gay|girly|little)\s+(?:boy|boi"
                         r"|girl)\b"),
    ("identity-address", rf"\b(?:{_HE_IS}|{_YOU_ARE}|{_THEY_ARE})\s+(?:{_GROUP_ADJ}|an?\s+{_ONE_OF_GROUP})\s*,?\s+"
                         rf"(?:so\s+(?:{_HE_IS}|{_YOU_ARE}|{_THEY_ARE}|of\s+course|obviously|naturally|no\s+wonder)"
                         rf"|(?:so\s+)?(?:he|she|you|u|they)\s+(?:{_CANT}|can\s+never|wo\s*n{_A}t|wont|will\s+never"
                         rf"|could\s*n{_A}t|couldnt|should\s*n{_A}t|shouldnt)\b)"),
    ("identity-address", rf"\bonly\s+(?:\w+\s+){{0,4}}?because\s+(?:{_YOU_ARE}|{_HE_IS}|{_THEY_ARE})\s+(?:an?\s+)?"
                         rf"(?:{_GROUP_ADJ}|{_ONE_OF_GROUP})\b|\bno\s+{_GROUP}\s+allowed\b"),
    ("identity-address", rf"\bwhat\s+(?:else\s+)?(?:do|would|did|can|could)\s+(?:you|u|we|ya)\s+expect\s+from\s+"
                         rf"(?:an?\s+(?:{_ONE_OF_GROUP}|\w+\s+(?:kid|girl|boy|person))|someone\s+(?:from|like)"
                         r"|people\s+(?:from|like)|them|those\s+people)\b"),
    ("identity-address", rf"\bgo{_NOT_MINE}\s+back\s+to\s+(?:africa|asia|mexico|china|india|pakistan|poland|syria|iraq|iran|afghanistan"
                         r"|somalia|nigeria|morocco|turkey|romania|russia|ukraine|bangladesh|jamaica|the\s+(?:desert"
                         rf"|jungle|middle\s+east|third\s+world)|{_YOUR}\s+(?:own\s+)?(?:country|home\s*land|village"
                         r"|tribe))\b"),
]

_ABLEIST_ROWS = [
    ("attack-ableist", rf"\b(?:{_YOU_ARE}|{_HE_IS}){_SO}\s+(?:{_ABLEIST}|{_DEHUMANISING}|like\s+an?\s+(?:wild\s+)?"
                       rf"{_DEHUMANISING})\b"),
    ("attack-ableist", rf"\b(?:are|r)\s+{_YOU}\s+(?:autistic|retarded|mental|deaf|insane|crazy|high|special)\b"),
    ("attack-ableist", r"\bwhat\s+are\s+(?:you|u)\s*,?\s+(?:blind|deaf|stupid|dumb|retarded|special|crazy|insane|mental|five"
                       r"|brain\s*-?\s*dead)\b"),
    ("attack-ableist", r"\bbelong\s+in\s+(?:a|an|the)\s+(?:mental|special|psych|zoo|cage|asylum|loony)\w*"
                       r"|\bback\s+to\s+the\s+zoo\b|\btake\s+(?:your|ur)\s+(?:meds|pills)\b"),
    ("attack-ableist", rf"\b(?:so|such\s+an?|most|that{_A}s|thats|how)\s+(?:autistic|retarded|spastic|mongoloid)"
                       r"\b"),
    ("attack-ableist", rf"\b{_YOU}\s+sound\s+like\s+{_YOU}\s+have\s+(?:brain\s+damage|issues|problems)\b"),
    ("attack-ableist", rf"\b(?:{_THEY_ARE}|(?:these|those)\s+people\s+are)\s+(?:(?:just|all|literally|nothing\s+but"
                       rf"|like)\s+){{0,2}}{_DEHUMANISING}{_AFTER}"),
    ("attack-ableist", rf"\b(?:go\s+back\s+to|belong\s+in|ride|get\s+back\s+on|should\s+be\s+in)\s+(?:{_YOUR}|the|a)\s+"
                       r"special\s+(?:ed\s+)?(?:class|school|bus|needs|unit)\b"),
    ("attack-ableist", rf"\b(?:acting|act|acts|sound|sounding|talk|talking|being\s+(?:so|such\s+an?))\s+(?:(?:so|kinda"
                       rf"|really|like\s+an?)\s+)?(?:{_ABLEIST}|spastic|retarded|brain\s*-?\s*dead)\b"),
    ("attack-ableist", rf"\b(?:{_YOU_ARE}|{_HE_IS}|{_THEY_ARE})(?:\s+(?:literally|actually|clinically|so|completely"
                       r"|totally|clearly|just|straight\s+up)){0,2}\s+(?:insane|crazy|nuts|mental|deranged|unhinged"
                       r"|psycho|a\s+psycho|a\s+nutcase|a\s+lunatic|a\s+maniac)(?=\s*(?:[.?]|$|,\s*(?:do\s*n'?t|dont|ignore"
                       r"|get\s+help|seriously|stop)|(?:lol|bro|if|to\s+think|for\s+thinking)\b))"),
    ("attack-ableist", r"\b(?:this|that|the)\s+(?:guy|kid|girl|boy|dude|person|student|one)\s+is(?:\s+(?:a|an|such"
                       rf"|literally|just|like)){{1,2}}\s+(?:{_DEHUMANISING}|{_ABLEIST})\b"),
]

_HARM = [
    ("threat-wish", r"\b(?:hope|wish|pray)\s+(?:that\s+)?(?:you|u|ya|your\s+\w+|ur\s+\w+)\s+(?:\w+\s+){0,2}?"
                    rf"{_FAIL}\b"),
    ("threat-wish", r"\bhope\s+(?:it|that)\s+hurts\b|\bhope\s+something\s+(?:bad|terrible|awful|horrible)\b"),
    ("threat-wish", rf"\blaugh\s+(?:so\s+hard\s+)?(?:if|when)\s+{_YOU}\s+(?:get|got|fail|failed|lose|lost|die|died|fall|fell"
                    r"|trip|tripped|cry|cried)\b"),
    ("threat-wish", rf"\b(?:better|happier|nicer)\s+(?:off\s+)?without\s+{_YOU}\b"),
    ("threat-wish", rf"\b(?:nobody|no\s+one)\s+would\s+(?:miss|care\s+about|notice)\s+{_YOU}\b"),
    ("threat-wish", r"\bdo\s+(?:us|everyone|everybody|the\s+world)\s+a\s+favou?r\s+and\s+(?:disappear|leave"
                    r"|quit|die|vanish)\b|\bjust\s+(?:disappear|die|vanish)\b"),
    ("threat-wish", rf"\b{_YOU}\s+{_SHOULD}\s+(?:just\s+)?(?:give\s+up\s+on\s+life|disappear|die|be\s+(?:kicked"
                    r"|expelled|thrown|locked|punished|alone)|get\s+(?:hurt|beat|punched|expelled|kicked|hit))\b"),
    ("threat-wish", rf"\b{_YOU}\s+deserve\s+(?:to\s+(?:be\s+(?:alone|hated|bullied|punished|hurt|expelled|kicked|ignored"
                    r"|miserable|left\s+out|forgotten|laughed\s+at|dead)|get\s+(?:hurt|beat|beaten|punched|hit|bullied"
                    r"|expelled|kicked|nothing)|suffer|die|fail|lose|cry|rot)|everything\s+bad|all\s+the\s+(?:hate|bad)"
                    rf"|what{_A}s\s+coming|no\s+friends)\b"),
    ("threat-wish", rf"\b(?:someone|somebody|they)\s+(?:should|needs\s+to|need\s+to|oughta|ought\s+to)\s+(?:punch"
                    rf"|hit|slap|smack|beat|shut|teach|hurt|kick|stab)\s+{_YOU}\b|\bteach\s+{_YOU}\s+a\s+lesson\b"),
    ("threat-wish", r"\bgo\s+jump\s+off\s+(?:a|the)\s+(?:bridge|cliff|roof|building)\b|\bkarma\s*(?:'s|is)\s+(?:gonna|going\s+to)\s+get\b"),
    ("threat-wish", rf"\bhope\s+(?:nobody|no\s+one)\s+(?:ever\s+)?(?:talks\s+to|likes|helps|invites|sits\s+with"
                    rf"|wants)\s+{_YOU}\b"),
    ("threat-wish", rf"\bwish\s+{_YOU}(?:{_A}d|\s+would|\s+could)\s+(?:just\s+)?(?:move|leave|go\s+away|disappear|die"
                    r"|quit|vanish)\b"),
    ("threat-wish", r"\b(?:rot|burn)\s+in\s+hell\b"),
    ("threat-wish", rf"\bmay\s+{_YOUR}\s+\w+\s+(?:die|fail|break|burn|rot)\b"),
    # threats without "I'll hurt you": on a life, on things, on what others will do
    ("threat", rf"\b(?:make|ruin|wreck)\s+{_YOUR}\s+life\s+(?:hell|miserable|a\s+living\s+hell)\b"),
    ("threat", rf"\b(?:gonna|going\s+to|will|ll)\s+get\s+{_YOU}(?=\s+(?:at|after|tomorrow|later|back|for\s+this"
               r"|when|in)\b)"),
    ("threat", r"\b(?:keep\s+talking|say\s+(?:that|it)\s+again|do\s+(?:that|it)\s+again|try\s+me)\s+and\s+(?:see"
               r"|you|u)\b"),
    ("threat", rf"\bone\s+more\s+(?:word|time|comment)\s+and\s+{_YOU_ARE}\b"),
    ("threat", rf"\b{_YOU_ARE}\s+(?:going\s+to|gonna)\s+get\s+it\b"),
    ("threat", rf"\b(?:i{_A}ll|ill|i\s+will|imma|i{_A}m\s+gonna|im\s+gonna)\s+(?:smash|break|ruin|destroy|wreck"
               rf"|steal|trash)\s+(?:{_YOU}\b(?!\s+(?:at|in|on)\b)|{_YOUR}\s+(?:phone|stuff|things|bike|locker|life|face|head))"),
    ("threat", rf"\bget\s+my\s+\w+\s+to\s+(?:deal\s+with|beat|hurt|get|jump|find)\s+{_YOU}\b"),
    ("threat", rf"\b(?:post|share|leak|send)\s+{_YOUR}\s+(?:pictures|pics|photos|nudes|address|secrets"
               r"|messages)\b"),
    ("threat", r"\bsleep\s+with\s+(?:the|your|ur)\s+lights\s+on\b"),
    ("threat", rf"\bmake\s+sure\s+(?:everyone|everybody|nobody|no\s+one)\s+(?:hates|ignores|likes|talks\s+to)"
               rf"\s+{_YOU}\b"),
    # wishes without "hope you fail": dead, never born, everyone turning on them, nobody caring
    ("threat-wish", rf"\bwish\s+(?:you|u|he|she)(?:{_A}d|\s+were|\s+was|\s+had|\s+would(?:\s+have)?|\s+could)\s+"
                    r"(?:just\s+)?(?:dead|gone|never\s+(?:been\s+born|born|existed|joined|come|met|showed|shown|started"
                    r"|came)|not\s+(?:here|in\s+(?:this|our)|alive|born)|in\s+(?:another|a\s+different)\s+(?:class"
                    r"|school|group))\b"),
    ("threat-wish", r"\b(?:hope|wish|pray)\s+(?:that\s+)?(?:everyone|everybody|the\s+whole\s+(?:class|school)|nobody"
                    r"|no\s+one)\s+(?:\w+\s+)?(?:ignores|hates|laughs\s+at|forgets|leaves|talks\s+to|likes|helps|invites"
                    rf"|sits\s+with|wants|picks|bullies)\s+(?:about\s+)?{_YOU}\b"),
    ("threat-wish", rf"\b(?:nobody|no\s+one|noone)\s+(?:would|will)\s+(?:care|notice|miss\s+{_YOU}|cry)\s+if\s+"
                    rf"(?:{_YOU}\b|{_YOU_ARE})"),
    ("threat", r"\bwatch\s+out\s+(?:tomorrow|at\s+(?:recess|lunch|break)|after\s+school|on\s+monday)\b"),
    ("threat", rf"\b(?:you{_A}ll|you\s+will|u\s+will|ull)\s+regret\s+(?:saying|posting|writing|doing)\b"),
    ("threat", rf"\b(?:you|u|ya|you{_A}d|you\s+had|ud)\s+(?:better|betta|best)\s+(?:be\s+careful|run|hide)"
               r"(?=\s*(?:[.!?,]|$))"),
    ("threat", r"\b(?:say|do|post|write|try)\s+(?:that|it|this)\s+(?:one\s+more\s+time|again)\s*,?\s*(?:i\s+dare"
               rf"\s+{_YOU}|see\s+what\s+happens|i\s+swear)\b"),
    ("threat", rf"\b{_I_WILL}\s+(?:tell|show|send|post|share|leak|screenshot)\s+(?:everyone|everybody|the\s+whole"
               rf"\s+(?:class|school|grade)|all\s+\w+)\s+(?:about\s+)?{_YOUR}\s+(?:secrets?|messages|texts|pictures"
               r"|pics|photos|crush|diary|chats?|dms|search\s+history)\b"),
    ("threat", rf"\b{_YOU}\s+(?:wo\s*n{_A}t|will\s+not|wont|will\s+never|never)\s+see\s+(?:it|me|this)\s+coming\b"
               rf"|\bget\s+{_YOU}\s+back\s+for\s+(?:this|that|it)\b|\bsee\s+who{_A}s\s+(?:laughing|smiling)\b"),
]

_FAMILY_ROWS = [
    ("attack-family", rf"\b{_YOUR}\s+(?:whole\s+)?{_FAMILY}(?:{_A}s|\s+(?:is|are|was|were|r))(?:\s+(?:so|such"
                      rf"|probably|just|a|an|total|really|also|too|all|both)){{0,3}}\s+(?:{_FAMILY_BAD}|{_NOUNS}"
                      rf"|{_ADJECTIVES}|{_TRAITS})\b"),
    ("attack-family", rf"\b{_YOUR}\s+{_FAMILY}\s+(?:must|should|would)\s+be\s+(?:so\s+)?(?:ashamed|disappointed"
                      r"|embarrassed)\b"),
    ("attack-family", rf"\b{_YOUR}\s+{_FAMILY}\s+(?:did\s*n{_A}t|didnt|does\s*n{_A}t|doesnt|do\s*n{_A}t|dont"
                      rf"|never)\s+(?:even\s+)?(?:raise|love|like|want|talk\s+to|care\s+about)\s+{_YOU}\b"),
    ("attack-family", rf"\b{_YOUR}\s+{_FAMILY}\s+(?:hates|left|leaves|dresses)\s+{_YOU}\b"
                      rf"|\b{_YOUR}\s+{_FAMILY}\s+left\s+because\b"),
    ("attack-family", r"\byo\s+(?:mama|momma|mamma|mom)\b|\b(?:go\s+)?(?:cry|run)\s+(?:to|home\s+to)\s+(?:your"
                      r"|ur)\s+(?:mommy|mummy|mama|daddy|mom|mum)\b"),
    ("attack-family", r"\bat\s+least\s+my\s+(?:parents|mom|mum|dad|family)\s+(?:has|have|is|are|can)\b"),
    ("attack-family", rf"\b(?:even\s+)?{_YOUR}\s+(?:own\s+)?(?:{_FAMILY}|dog|cat|pet)\s+(?:(?:must|probably|secretly"
                      rf"|all|even|clearly|obviously)\s+)?(?:hates?|can{_A}t\s+stand|regrets?|(?:is|are)\s+ashamed\s+of"
                      rf"|(?:does|do)\s*n{_A}t\s+(?:like|love|want)|ignores?)\s+{_YOU}\b"),
    ("attack-family", rf"\bno\s+wonder\s+{_YOUR}\s+{_FAMILY}\b|\baborted\s+{_YOU}\b"
                      rf"|\b{_YOUR}\s+{_FAMILY}\s+left\s+for\s+a\s+reason\b"),
    ("attack-family", rf"\b(?:(?:does|do)\s+{_YOUR}\s+{_FAMILY}\s+(?:even\s+)?have|{_YOUR}\s+{_FAMILY}\s+(?:does\s*n{_A}t"
                      rf"|doesnt|do\s*n{_A}t|dont|never)\s+(?:even\s+)?(?:have|has))\s+(?:a\s+job|jobs|money|friends)\b"),
    ("attack-family", rf"\b(?:does|do|did)\s+{_YOUR}\s+{_FAMILY}\s+know\s+(?:{_YOU_ARE}|how\s+(?:dumb|stupid|annoying"
                      r"|bad|weird))"),
    ("attack-family", rf"\b{_YOUR}\s+{_FAMILY}\s+(?:(?:probably|also|obviously|clearly|prob|must)\s+)?(?:{_CANT}"
                      rf"|could\s*n{_A}t|couldnt|never\s+learned\s+to)\s+(?:even\s+)?(?:read|write|spell|count|speak)\b"),
    ("attack-family", rf"\b{_YOUR}\s+{_FAMILY}\s+(?:raised|made|created|gave\s+birth\s+to|birthed)\s+(?:an?\s+|such"
                      rf"\s+an?\s+)?(?:(?:absolute|total|complete)\s+)?(?:{_INSULT_NOUNS}|{_DEHUMANISING}|{_ABLEIST})"),
    ("attack-family", rf"\b(?:ask|get|call|tell|go\s+(?:ask|tell|get|call|run\s+to))\s+{_YOUR}\s+(?:mommy|mummy|mama"
                      rf"|momma|daddy)\b|\bruns\s+in\s+{_YOUR}\s+family\b|\b(?:must|probably)\s+runs?\s+in\s+the"
                      r"\s+family\b|\bruns\s+in\s+the\s+family\s*,?\s*(?:huh|i\s+guess|lol|clearly|obviously)\b"),
]

_SHUTDOWN = [
    ("shutdown-go-away", r"\bgo\s+to\s+hell\b|\bf+\s*off\b"),
    ("shutdown-go-away", r"\bf[cku*#@]{1,4}\s*off\b|\bsuck\s+it(?!\s+up)\b"),
]

_CATEGORY = {"attack": "personal_attack", "identity": "identity_attack", "threat": "threat", "shutdown": "shutdown"}
_ALL = _SHUTDOWN + _NAME_CALLING + _CONTEMPT + _IDENTITY + _ABLEIST_ROWS + _HARM + _FAMILY_ROWS
# A row that starts with a word ("dropped on your head") is its own pattern, without its leading "\b": the
# regex engine then jumps from one place where that word is to the next, far faster than trying every row
# at every word; the word boundary is checked by hand. The other rows run as one pattern per category.
def _branches(source: str) -> list[str]:
    """Split a row at its top-level "|" into rows of their own."""
    parts, depth, start, i = [], 0, 0, 0
    while i < len(source):
        c = source[i]
        if c == "\\":
            i += 1
        elif c in "([":
            depth += 1
        elif c in ")]":
            depth -= 1
        elif c == "|" and depth == 0:
            parts.append(source[start:i])
            start = i + 1
        i += 1
    return [*parts, source[start:]]


def _expanded(source: str, depth: int = 3) -> list[str]:
    """Turn "\\b(?:you|u) are" into "\\byou are" and "\\bu are": rows that start with a word."""
    if depth == 0 or not source.startswith(r"\b(?:"):
        return [source]
    level, i = 0, 2
    while i < len(source):
        c = source[i]
        if c == "\\":
            i += 1
        elif c in "([":
            level += 1
        elif c in ")]":
            level -= 1
            if level == 0:
                break
        i += 1
    inner, rest = source[5:i], source[i + 1:]
    if rest[:1] in ("?", "*", "+", "{") or "(?>" in inner:
        return [source]
    return [row for branch in _branches(inner) for row in _expanded(r"\b" + branch + rest, depth - 1)]


def _literal(source: str) -> bool:
    """Tell whether a row starts with a plain letter."""
    return bool(re.match(r"\\b[a-z](?![?*+{])", source)) and len(_branches(source)) == 1


def _by_first_letter(rows: list[str]) -> str:
    """Join rows that start with a word into one pattern that reads their first words as a trie.

    The regex engine rejects an alternative that starts with the wrong letter without entering it, so
    each place in the text costs a handful of letter comparisons, not one try per row; and the many rows
    that start with the same word ("you ...") read that word once, then try only what follows it.
    """
    words = []
    for source in rows:
        tokens, at = [], 2
        while token := _PLAIN_TOKEN.match(source, at):
            tokens.append(token.group())
            at = token.end()
        words.append([*tokens, source[at:] or "(?:)"])
    return r"\b" + _alternation(words)


#: a piece of a row that matches one way only: a letter, an apostrophe or a space (not followed by a quantifier)
_PLAIN_TOKEN = re.compile(r"(?:[a-z']|\\s[+*]?|\\b)(?![?*+{])")


_SPLIT = [(rule, row) for rule, source in _ALL for part in _branches(source) for row in _expanded(part)]
_PATTERNS = []
for _category in dict.fromkeys(_CATEGORY.values()):
    _rows = [(rule, source) for rule, source in _SPLIT if _CATEGORY[rule.split("-")[0]] == _category]
    _named = [(rule, re.compile(source, re.M)) for rule, source in _rows]
    _PATTERNS.append((_category, re.compile(_by_first_letter([s for _, s in _rows if _literal(s)]), re.M), _named))
    if _other := [row for row in _rows if not _literal(row[1])]:
        _PATTERNS.append((_category, _compile(_other), _named))


def find(lowered: str) -> list[tuple[str, str, int, int]]:
    """Return (rule, category, start, end) for every row's matches in lower-cased, squeezed text."""
    return [(rule, category, start, end)
            for category, pattern, rules in _PATTERNS
            for rule, start, end in named_matches(pattern, rules, lowered)]
