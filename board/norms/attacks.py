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
    _NOUNS,
    _SO,
    _VOCATIVE,
    _YOU,
    _YOU_ARE,
    _YOUR,
    _compile,
)
from board.norms.profanity import _alternation


def _words(text: str) -> str:
    """Turn a space-separated list into one regex, as a trie: shared beginnings are read once."""
    return _alternation([[r"\s+" if c == "_" else re.escape(c) for c in word] for word in set(text.split())])

# -- vocabulary -------------------------------------------------------------------

_DEHUMANISING = _words("""animal animals ape apes pig pigs dog dogs cow cows rat rats snake snakes vermin
    parasite parasites cockroach cockroaches caveman cavemen subhuman goblin donkey beast savage savages""")
_ABLEIST = _words("""retard retards retarded autistic autist spastic spaz spazz mongoloid lunatic maniac psycho
    psychopath mental mentally_ill special_needs schizo""")
# names for a person: what a sentence about a classmate is about
_INSULT_NOUNS = _words("""idiot idiots moron morons loser losers clown clowns fool fools dummy imbecile jerk
    weirdo freak creep bozo dork muppet nitwit halfwit dimwit numbskull airhead bonehead dunce coward hypocrite
    liar crybaby brat doofus dumbass tool snob fake disgrace potato know-it-all know_it_all try_hard tryhard
    suck_up teacher's_pet nerd baby joke scumbag pest leech simp incel failure embarrassment reject poser
    wannabe pleb noob numpty plonker prat twit git dweeb nutcase nutter donut karen goldfish""")
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
_GROUP = (rf"(?:(?:all|most|these|those|the)\s+)?(?:{_GROUP_PEOPLE}|{_GROUP_ADJ}\s+(?:people|kids|folk|folks"
          r"|guys|girls|boys|men|women|families|students)|people\s+(?:from|in|on)\s+(?:the\s+)?\w+(?:\s+side)?"
          r"|(?:kids|everyone|anyone)\s+(?:from|in|on)\s+(?:the|that)\s+\w+)")
_TRAITS = _words("""lazy criminals criminal thieves thief terrorists terrorist animals parasites trash garbage pigs
    weird backwards backward brainwashed useless dumb stupid evil gross disgusting inferior violent savages
    robots dirty smelly ugly liars hypocrites spoiled spoilt a_burden mentally_ill sick illegal rapists
    idiots morons losers cheaters greedy the_same all_the_same dangerous rude loud aggressive weak uneducated
    primitive uncivilised uncivilized barbaric thick untrustworthy leeches scroungers freeloaders cheap dramatic
    emotional hysterical bossy whiny entitled arrogant snobs snobby stuck_up racist sexist annoying""")
_ABILITY = _words("""do think lead drive play spell read write understand argue count be_trusted sit_still
    learn""")
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
    never_get never_pass never_make never_win never_find""")
_SHOULD = rf"(?:should(?:\s*n{_A}t|\s+not)?|need\s+to|needs\s+to|must|deserves?\s+to)"
# the present tense: "girls couldn't vote until 1918" is history, not a claim about girls
_CANT = rf"(?:can{_A}t|cant|cannot|can\s+not|do\s*n{_A}t|dont)"

# -- rows ---------------------------------------------------------------------------

_NAME_CALLING = [
    # the insult as a sentence of its own: "idiot.", "ugh, stupid.", "total moron"
    ("attack-standalone", r"(?:^|[.!?]\s*|\n\s*)(?:(?:ugh|lol|lmao|wow|omg|bruh|bro|honestly|seriously|so)\s*,?\s+)"
                          r"{0,2}(?:(?:what|such)\s+an?\s+|an?\s+)?(?:(?:total|absolute|complete|utter|massive"
                          rf"|stupid|dumb|little)\s+){{0,2}}{_STANDALONE}(?=\s*(?:[.!?,]|$))"),
    # a noun phrase about the person: "the kid who wrote this is a total dumbass", "mia is literally a clown"
    ("attack-insult", r"\b(?:this|that|the|some)\s+(?:guy|kid|girl|boy|dude|person|student|one)(?:\s+who\s+"
                      rf"(?:\w+\s+){{1,4}}?)?\s+is{_SO}\s+(?:{_INSULT_NOUNS}|{_ADJECTIVES})\b"),
    ("attack-insult", rf"\b(?:is|was)(?:\s+(?:literally|actually|just|such|so|really|lowkey)){{1,3}}\s+"
                      rf"(?:an?\s+)?(?:(?:total|complete|absolute|massive|huge)\s+)?{_VOCATIVE}\b"),
    ("attack-insult", rf"\b{_YOU_ARE}{_SO}\s+(?:{_INSULT_NOUNS})\b"),
    ("attack-insult", rf"\b(?:{_INSULT_NOUNS}|{_STANDALONE})\s+(?:behaviou?r|energy|move)\b"),
    ("attack-insult", rf"\b{_HE_IS}{_SO}\s+(?:{_INSULT_NOUNS}|{_DEHUMANISING})\b"),
    ("attack-insult", r"\b(?:dumb|thick|stupid)\s+as\s+(?:a\s+)?(?:rock|rocks|brick|bricks|box\s+of\s+rocks"
                      r"|a\s+doorknob|two\s+short\s+planks)\b"),
    ("attack-insult", rf"\b(?:this|that|what\s+an?|such\s+an?|you|u|the\s+class)\s+(?:(?:little|stupid|dumb|lying"
                      rf"|brainless|ugly|absolute)\s+){{0,2}}(?:{_INSULT_NOUNS}|{_DEHUMANISING}|{_ABLEIST})(?!\s+(?:who"
                      r"|that|of|and\s+i))\b"),
    ("attack-insult", rf"\bstop\s+(?:being|acting)\s+(?:so|such|like)\s+(?:an?\s+)?(?:{_INSULT_NOUNS}"
                      rf"|{_ADJECTIVES}|{_ABLEIST}|{_DEHUMANISING}|weird)\b"),
    ("attack-insult", r"\b(?:someone|somebody|anyone|people|ppl|a\s+person)\s+(?:this|that|so)\s+(?:dumb|stupid"
                      r"|slow|clueless|ignorant|annoying|brainless)\b"),
    ("attack-insult", rf"\b(?:why|how)\s+(?:are|r)\s+{_YOU}\s+(?:so|this|that)\s+(?:{_ADJECTIVES}|weird|slow"
                      r"|bad\s+at\s+everything)\b"),
    ("attack-insult", rf"\b{_YOUR}\s+brain\s+(?:is|must\s+be)\s+(?:the\s+size|tiny|empty|smaller|broken)\b"
                      r"|\bbrain\s+(?:of\s+an?|the\s+size\s+of\s+an?)\s+\w+"),
    ("attack-insult", rf"\b{_YOU}\s+(?:act|acting|behave|talk|write|argue)\s+like\s+an?\s+(?:\d+\s*-?\s*year\s*-?\s*old"
                      rf"|baby|toddler|little\s+kid|{_INSULT_NOUNS}|{_DEHUMANISING})\b"),
    ("attack-insult", rf"\b{_YOU_ARE}{_SO}\s+(?:thick|hopeless|dim|gormless|brainless|clueless)\b"),
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
    ("attack-contempt", r"\blooks?\s+like\s+(?:a|an)\s+(?:toddler|baby|kindergartner|\w+\s+grader)\s+(?:made|drew"
                        r"|wrote|did)\b"),
    ("attack-contempt", rf"\b(?:with|had)\s+{_YOUR}\s+eyes\s+closed\b"),
    ("attack-contempt", rf"\b(?:{_YOU_ARE}|{_YOU})\s+(?:not\s+)?(?:even\s+)?worth\s+(?:nothing|less|replying"
                        r"|it|my\s+time|anything)\b|\bworth\s+less\s+than\s+nothing\b"),
    ("attack-contempt", rf"\b{_YOU}\s+(?:bring|contribute|add|offer)\s+nothing\b"),
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
    ("attack-demean", r"\b(?:this|that)\s+(?:post|comment|reply|take|answer|response)\s+(?:is|was)(?:\s+(?:so|just"
                      rf"|pure|total)){{0,2}}\s+{_WORTHLESS}\b"),
    ("attack-demean", rf"\b(?:delete|remove)\s+(?:this|that|{_YOUR})\s+(?:post|comment|reply|account|take)\b"
                      rf"|\b(?:delete|remove)\s+it\s*,|\bdelete\s+(?:this|that|it)(?=\s*(?:[.!?]|$))|\bshould\s+be\s+(?:deleted|removed)\b"),
    ("attack-demean", r"\bnever\s+post\s+(?:again|anything)\b|\bget\s+(?:this|that)\s+(?:trash|garbage|rubbish"
                      r"|junk)\s+off\b|\bthrow\s+it\s+(?:away|out)\b"),
    ("attack-demean", r"\b(?:want|give\s+me)\s+my\s+(?:time|\d+\s+\w+|life)\s+back\b"),
    ("attack-demean", r"\bwho\s+(?:even\s+)?let\s+(?:you|u|him|her)\s+post\b"),
    ("attack-demean", r"\b(?:is\s+this\s+supposed\s+to\s+be|call\s+(?:this|that)\s+an?)\s+(?:an?\s+)?(?:argument"
                      r"|essay|answer|point)\b"),
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
                            rf"|[^.!?\n]{{0,40}}?\bbecause\s+they{_A}re\s+(?:all\s+|just\s+)?{_TRAITS}\b)"),
    ("identity-generalise", r"\b(?:people|kids|girls|boys|women|men)\s+who\s+(?:\w+\s+){1,3}?(?:are|r)"
                            rf"(?:\s+(?:all|always|just|so)){{0,2}}\s+(?:an?\s+)?{_TRAITS}\b"),
    ("identity-generalise", rf"\bonly\s+{_GROUP}\s+(?:care|like|would|cry|do|think|play|wear|want)\b"),
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
]

_ABLEIST_ROWS = [
    ("attack-ableist", rf"\b(?:{_YOU_ARE}|{_HE_IS}){_SO}\s+(?:{_ABLEIST}|{_DEHUMANISING}|like\s+an?\s+(?:wild\s+)?"
                       rf"{_DEHUMANISING})\b"),
    ("attack-ableist", rf"\b(?:are|r)\s+{_YOU}\s+(?:autistic|retarded|mental|deaf|insane|crazy|high|special)\b"),
    ("attack-ableist", r"\bwhat\s+are\s+(?:you|u)\s*,?\s+(?:blind|deaf|stupid|dumb|retarded)\b"),
    ("attack-ableist", r"\bbelong\s+in\s+(?:a|an|the)\s+(?:mental|special|psych|zoo|cage|asylum|loony)\w*"
                       r"|\bback\s+to\s+the\s+zoo\b|\btake\s+(?:your|ur)\s+(?:meds|pills)\b"),
    ("attack-ableist", rf"\b(?:so|such\s+an?|most|that{_A}s|thats|how)\s+(?:autistic|retarded|spastic|mongoloid)"
                       r"\b"),
    ("attack-ableist", rf"\b{_YOU}\s+sound\s+like\s+{_YOU}\s+have\s+(?:brain\s+damage|issues|problems)\b"),
]

_HARM = [
    ("threat-wish", r"\b(?:hope|wish|pray)\s+(?:that\s+)?(?:you|u|ya|your\s+\w+|ur\s+\w+)\s+(?:\w+\s+){0,2}?"
                    rf"{_FAIL}\b"),
    ("threat-wish", r"\bhope\s+(?:it|that)\s+hurts\b|\bhope\s+something\s+(?:bad|terrible|awful|horrible)\b"),
    ("threat-wish", rf"\blaugh\s+(?:if|when)\s+{_YOU}\s+(?:get|got|fail|lose|die|fall|trip)\b"),
    ("threat-wish", rf"\b(?:better|happier|nicer)\s+(?:off\s+)?without\s+{_YOU}\b"),
    ("threat-wish", rf"\b(?:nobody|no\s+one)\s+would\s+(?:miss|care\s+about|notice)\s+{_YOU}\b"),
    ("threat-wish", r"\bdo\s+(?:us|everyone|everybody|the\s+world)\s+a\s+favou?r\s+and\s+(?:disappear|leave"
                    r"|quit|die|vanish)\b|\bjust\s+(?:disappear|die|vanish)\b"),
    ("threat-wish", rf"\b{_YOU}\s+{_SHOULD}\s+(?:just\s+)?(?:give\s+up\s+on\s+life|disappear|die|be\s+(?:kicked"
                    r"|expelled|thrown|locked|punished|alone)|get\s+(?:hurt|beat|punched|expelled|kicked|hit))\b"),
    ("threat-wish", rf"\b{_YOU}\s+deserve\s+to\s+(?:be|get|suffer|die|fail|lose|cry)\b"),
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
]

_FAMILY_ROWS = [
    ("attack-family", rf"\b{_YOUR}\s+(?:whole\s+)?{_FAMILY}\s+(?:is|are|was|were|r)(?:\s+(?:so|such|probably"
                      rf"|just|a|an|total|really|also|too)){{0,3}}\s+(?:{_FAMILY_BAD}|{_NOUNS}|{_ADJECTIVES})\b"),
    ("attack-family", rf"\b{_YOUR}\s+{_FAMILY}\s+(?:must|should|would)\s+be\s+(?:so\s+)?(?:ashamed|disappointed"
                      r"|embarrassed)\b"),
    ("attack-family", rf"\b{_YOUR}\s+{_FAMILY}\s+(?:did\s*n{_A}t|didnt|does\s*n{_A}t|doesnt|do\s*n{_A}t|dont"
                      rf"|never)\s+(?:even\s+)?(?:raise|love|like|want|talk\s+to|care\s+about)\s+{_YOU}\b"),
    ("attack-family", rf"\b{_YOUR}\s+{_FAMILY}\s+(?:hates|left|leaves|dresses)\s+{_YOU}\b"
                      rf"|\b{_YOUR}\s+{_FAMILY}\s+left\s+because\b"),
    ("attack-family", r"\byo\s+(?:mama|momma|mamma|mom)\b|\b(?:go\s+)?(?:cry|run)\s+(?:to|home\s+to)\s+(?:your"
                      r"|ur)\s+(?:mommy|mummy|mama|daddy|mom|mum)\b"),
    ("attack-family", r"\bat\s+least\s+my\s+(?:parents|mom|mum|dad|family)\s+(?:has|have|is|are|can)\b"),
]

_SHUTDOWN = [
    ("shutdown-go-away", r"\bgo\s+to\s+hell\b|\bf+\s*off\b"),
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
    """Join rows that start with a letter into one pattern that reads the first letter once.

    The regex engine rejects an alternative that starts with the wrong letter without entering it, so
    each place in the text costs a handful of letter comparisons, not one try per row.
    """
    letters: dict[str, list[str]] = {}
    for source in rows:
        letters.setdefault(source[2], []).append(source[3:])
    return r"\b(?:" + "|".join(f"{c}(?:{'|'.join(tails)})" for c, tails in sorted(letters.items())) + ")"


_SPLIT = [(rule, row) for rule, source in _ALL for part in _branches(source) for row in _expanded(part)]
_PATTERNS = []
for _category in dict.fromkeys(_CATEGORY.values()):
    _rows = [(rule, source) for rule, source in _SPLIT if _CATEGORY[rule.split("-")[0]] == _category]
    _named = [(rule, re.compile(source, re.M)) for rule, source in _rows]
    _PATTERNS.append((_category, re.compile(_by_first_letter([s for _, s in _rows if _literal(s)]), re.M), _named))
    if _other := [row for row in _rows if not _literal(row[1])]:
        _PATTERNS.append((_category, _compile(_other), _named))
_LEADING = re.compile(r"[\s.!?]+")


def find(lowered: str) -> list[tuple[str, str, int, int]]:
    """Return (rule, category, start, end) for every row's matches in lower-cased, squeezed text."""
    hits = []
    for category, pattern, rules in _PATTERNS:
        for match in pattern.finditer(lowered):
            start, end = match.span()
            # name the rule after the fact: matches are rare, and groups would slow every row
            rule = next((r for r, p in rules if p.match(lowered, start)), rules[0][0])
            lead = _LEADING.match(lowered, start, end)  # a standalone insult begins at the sentence break
            hits.append((rule, category, lead.end() if lead else start, end))
    return hits
