"""Who a drafted question is about: a pronoun or "the plan" read as the actor it stands for, "this alliance" named
from what the article said before, and the words that point back at the article ("these developments", "the
package", "both sides"), each left unnamed with a flag rather than guessed. Pure Python (standard library only)."""

import re

from tracker.curation.actors import (
    COMMON_SUBJECTS,
    LOWER_FIRST,
    NEEDS_THE,
    STORM_TITLES,
    looks_like_person,
    personal_name,
)
from tracker.curation.headlines import without_headline_case
from tracker.curation.pronouns import resolve_pronoun

FLAG_PRONOUN = "The subject “{subject}” could not be resolved to a named actor: name who acts."
FLAG_VAGUE_SUBJECT = "The subject “{subject}” refers back to an earlier sentence: name what it is."
FLAG_REFERS_BACK = "“{phrase}” stands for something the article told earlier: name it in the question."
FLAG_NO_ACTOR = "“{subject}” names no one: say whose it is."
FLAG_NO_AGENT = "“{subject} {verb}” says not by whom: name who acts."
FLAG_PROCESS = "“{process}” is a step on the way, settled when it is announced: ask about the outcome."
FLAG_READ_FROM_AFAR = "“{pronoun}” was read as “{actor}” from an earlier sentence: check who or what acts."

_DEMONSTRATIVE = re.compile(r"^(?:this|these|those|that|such)\s+(?P<noun>.+)$", re.I)
# A subject must begin like a noun phrase, not like a clause fragment.
_NOT_A_SUBJECT_START = re.compile(
    r"^(?:as(?!\s+many\b)|to|with|and|or|but|of|in|on|for|from|by|at|which|who|whom|whose|if|because|than|how|why|what|"
    r"during|after|before|since|until|when|while|where|"
    r"whether|particularly|especially|regarding|result|results|lead|leads)\b",
    re.I,
)


_FUNCTION_WORDS = {"as", "in", "for", "on", "at", "by", "with", "from", "while", "when", "if", "and", "but", "after"}


def _name_demonstrative(subject: str, earlier_text: str) -> str | None:
    """ "These battle-hardened soldiers" → "North Korean soldiers": the nearest earlier mention of the same noun
    that names whose it is (capitalised words before it); None when the text gives no such mention."""
    demonstrative = _DEMONSTRATIVE.match(subject)
    if demonstrative is None:
        return None
    phrase = demonstrative["noun"]
    noun = re.split(r"\s+(?:in|of|on|for|with|to|from|between|against|by|at)\s+", phrase)[0].split()[-1]
    if not noun.isalpha() or len(noun) < 4:
        return None
    mentions = re.findall(
        r"((?:[A-Z][\w’'-]*\s+){1,3}(?:[a-z][\w-]*\s+)?)" + re.escape(noun) + r"\b", earlier_text[-1500:]
    )
    for mention in reversed(mentions):
        words = mention.split()
        while words and (words[0] in LOWER_FIRST or words[0].lower() in _FUNCTION_WORDS):
            words = words[1:]
        if words and words[0][:1].isupper():
            return " ".join([*words, noun])
    return None


# "the embattled president", "the top court", "the court's": a definite description, named when the article named
# one thing with that noun before ("President Yoon Suk Yeol", "the Constitutional Court"). Not when a modifier sets it
# apart from what was named ("the other court", "the opposition party", "the new president").
_DEFINITE = re.compile(r"^the\s+(?P<mods>(?:[a-z][\w-]*\s+){0,2})(?P<head>[a-z]{4,})(?P<owner>['’]s\b)?", re.I)
_SETS_APART = re.compile(
    r"\b(?:other|another|new|former|previous|next|last|first|second|third|rival|opposition|ruling|lower|upper|"
    r"foreign|local|regional|state|federal|provincial|appeals?|higher|district|two|both|three)\b",
    re.I,
)


def _name_definite(subject: str, earlier_text: str) -> str | None:
    """ "the embattled president" → "President Yoon Suk Yeol", "the top court's justices" → "the Constitutional
    Court's justices": the one name the article gave before with the description's noun as its head (an
    institution's last word, a title's first); None when it gave none, or two different ones."""
    definite = _DEFINITE.match(subject)
    if definite is None or _SETS_APART.search(definite["mods"]):
        return None
    head = definite["head"].lower()
    if head in _NOT_NAMED_HEADS or (head.endswith("s") and not head.endswith("ss")):
        return None  # ("the hearings": a plural names no one thing)
    if head in _STORM_WORDS and not definite["mods"].strip():  # "the storm" after "Hurricane Milton"
        # (not the "National Hurricane Center")
        storms = set(re.findall(r"(?<!National\s)\b" + _STORM + r"[A-Z][a-z]+\b(?!\s+[A-Z])", earlier_text))
        return storms.pop() + (definite["owner"] or "") + subject[definite.end() :] if len(storms) == 1 else None
    title = head.capitalize()
    found = re.findall(
        r"((?:[A-Z][\w’'-]*\s+){0,3}" + title + r"\b(?:\s+of\s+(?:the\s+)?[A-Z][\w-]+|(?:\s+[A-Z][\w’'-]+){1,3})?)",
        without_headline_case(earlier_text),
    )
    names = set()
    for name in found:
        words = [word for word in re.sub(r"['’]s$", "", name).split() if word not in ("The", "A", "An")]
        if len(words) > 1:
            names.add(" ".join(words))
    # ("President Yoon" and "President Yoon Suk Yeol" are one name, said short and long)
    names = {name for name in names if not any(other.startswith(name + " ") for other in names)}
    if len(names) != 1:
        return None
    [name] = names
    # ("the defence minister" is not "Prime Minister X": a modifier that is no mere epithet must be in the name)
    if any(mod not in _EPITHETS and mod not in name.lower().split() for mod in definite["mods"].lower().split()):
        return None
    # a person ("Prime Minister Han Duck-soo") or an owned body ("Russia's Defence Ministry") takes no article
    article = "" if (not name.endswith(title) and " of " not in name) or re.search(r"['’]s\s", name) else "the "
    return article + name + (definite["owner"] or "") + subject[definite.end() :]


# Modifiers that describe without telling one bearer of a name from another ("the embattled president").
_EPITHETS = {
    "top", "embattled", "beleaguered", "central", "main", "powerful", "influential", "veteran", "outgoing",
    "incumbent", "impeached", "suspended", "besieged", "country's", "nation's",
}  # fmt: skip
# Heads that name a time, a quantity or an event rather than an actor ("the ruling", "the decision").
_NOT_NAMED_HEADS = {"ruling", "decision", "vote", "meeting", "summit", "talks", "deal", "year", "week", "month", "time"}


# An adjective ending ("military", "Korean", "armed"): a shortened verb phrase does not end on one, and "this
# military involvement" keeps its noun. (Not -ing: at the end of a phrase that is usually a noun, "the training".)
MODIFIER_ENDING = re.compile(r"(?:al|ic|ive|ous|ern|ary|ful|less|ian|ese|ed)$", re.I)
# Words after "this"/"these" that make a time, not a reference ("this year" is replaced by the deadline anyway).
_TIME_NOUNS = r"(?:year|month|week|weekend|winter|spring|summer|autumn|fall|quarter|decade|century|time|moment)s?\b"
_POINTING_WORDS = re.compile(
    r"\b(?:this|these|those|(?:any\s+)?such)\s+(?!"
    + _TIME_NOUNS
    + r"|as\b)(?P<first>[a-z][\w-]*)(?P<rest>\s+[a-z][\w-]*)?",
    re.I,
)
_UNNAMED_SIDES = re.compile(
    r"\b(?:both|the two|either|each|the other)\s+(?:sides?|parties|countries|nations|leaders|governments)\b", re.I
)
_UNNAMED_BODY = re.compile(
    r"^the\s+(?:(?:interior|foreign|defen[cs]e|finance|health|justice|economy)\s+ministry|government|ministry|authorities|company|administration|regime|officials?|state|country|bloc|"
    r"alliance|coalition|agency|president|leadership|republic|nation|kingdom|military|army|navy|forces|troops|group|"
    r"soldiers|parliament|leader|junta|party)$",
    re.I,
)
# "Allies are to discuss …", "members will decide …", "the talks will resume": whose, the article said before.
_UNNAMED_GROUP = re.compile(
    r"^(?:the\s+)?(?:allies|members|partners|leaders|officials|lawmakers|ministers|analysts|experts|delegates|"
    r"diplomats|negotiators|talks|negotiations|heads\s+of\s+state(?:\s+and\s+government)?|"
    r"(?:a\s+(?:number|majority|minority|handful)|most|many|some)\s+of\s+(?:the\s+)?(?-i:[a-z][a-z\s-]*)|"
    r"(?:world|global|western|foreign)\s+(?:leaders|powers|governments))$|"
    r"^(?:some|several|many|other|few)\s+[a-z]+s$|"  # "some countries will deliver": which ones?
    r"^the\s+(?:two|three|pair|both)$|"  # "the two met in Seoul … and will strengthen …"
    r"^the\s+(?:two|three|four)\s+[\w\s’'-]+$",  # "the two Patriot systems": which two, the article said
    re.I,
)
# "the South Korean delegation will be led by …": to what?
# ("the American technology giant": a company's epithet, named before)
_UNNAMED_PARTY = re.compile(
    r"^the\s+(?:[\w-]+\s+){0,2}(?:delegation|team|mission|side)$|"
    r"^the\s+(?:[\w-]+\s+){1,3}(?:giant|firm|titan|behemoth|conglomerate|carmaker|automaker|chipmaker|retailer)$"
)
# "The meeting will take place on Wednesday": which meeting, the article said before.
_UNNAMED_EVENT = re.compile(
    # ("the July vote", "the Sunday meeting": a month or a day says when, not which)
    r"^the\s+(?:(?:January|February|March|April|May|June|July|August|September|October|November|December|Monday|"
    r"Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\s+)?(?:meeting|summit|visit|trip|deal|agreement|launch|test|vote|plan|report|package|decision|move|"
    r"proposal|bill|treaty|pact|conference|event|operation|offensive|deployment|exercises?|drills?|trials?|"
    r"ceremony|session|upper\s+house|lower\s+house|(?:next|first|last|final)\s+step|"
    r"(?:final|preliminary|official|full|first)?\s*(?:results?|outcome|verdict|ruling|runoff))$",  # "the final results"
    re.I,
)
# "send weapons in response", "set it off": words that lean on the sentence before.
_LEANS_BACK = re.compile(
    r"\b(?:in\s+(?:response|retaliation)(?!\s+(?:to|for)\b)|in\s+return(?!\s+for\b)|in\s+turn|as\s+a\s+result|"
    # ("the fourth country to land on the moon", "the largest city" describe; "the Asian country" points back)
    r"follow\s+suit|the\s+(?!(?:first|second|third|fourth|fifth|sixth|last|only|\w+est)\s)"
    r"(?:[A-Z]\w+\s+)?(?:city|capital|country|port|town|island)\b(?!\s+of\b))|\b(?:set|carry|call|put|"
    r"turn|take|give|launch|fire|test|approve|sign|ratify|reject|do)\s+(?:it|them|this|that)\b|\bwith\s+(?:it|them)\b|"
    r"\b(?:it|them)$|\b(?-i:him)\b",  # ("need help from … to pass it": what is "it"? "declare him …": who?)
    re.I,
)
_POSSESSIVE_START = re.compile(r"^(?:their|its|his|her|our)\s+\S+", re.I)
# "the fifth test flight of its Starship rocket": whose? (in the subject, where nothing before names the owner)
_POSSESSIVE_IN_SUBJECT = re.compile(r"^(?:the|a|an)\s+[^,]*?\bof\s+(?:its|their)\s+(?!kind\b)[\w-]+", re.I)
_TIME_SUBJECT = re.compile(r"^the\s+(?:coming|next|following)\s+(?:days|weeks|months|years)\b", re.I)
# ("the latest postponement", "the current wording": one of a series the article told; on the judged titles, 6 sent
# back for an edit, none passed)
_UPCOMING = re.compile(
    r"\bthe\s+(?:upcoming|forthcoming|planned|proposed|expected|scheduled|coming|follow-up|(?<!\bat\sthe\s)latest|recent|"
    r"previous|current|"
    r"(?:much[- ]|highly\s+|long[- ])?"
    r"(?:anticipated|awaited))\s+(?!" + _TIME_NOUNS + r"|"
    r"(?:days|weeks|months|years)\b)(?!(?-i:[a-z]+[A-Z]))[a-z][\w-]*",  # ("the upcoming iOS 18" names it)
    re.I,
)
# "A satellite launch will happen": an event with nobody's name on it.
_NOBODYS_EVENT = re.compile(
    r"^(?:a|an)\s+(?:[a-z][\w-]*\s+){0,3}[a-z][\w-]*$|^(?:[Tt]he\s+)?[A-Za-z][a-z]+(?:tion|ment|sion|ance|ence)\s+of\s+[a-z][\w\s-]*$"
)
_EVENT_PREDICATE = re.compile(r"^(?:happen|take\s+place|occur|come|go\s+ahead|be\s+held)\b")
# "Three more satellites will be launched": a passive without its agent, and a subject that names nobody.
# ("the northern lights be seen as far south as …": a thing seen, felt or heard somewhere needs no one named; "another
# rate cut could be seen early next year" does)
_PASSIVE = re.compile(
    r"^be\s+(?!(?:seen|spotted|observed|felt|heard|detected|sighted)\s+(?:as\s+far|from|over|across|in|on|throughout)\b)"
    r"(?P<participle>[a-z]+(?:ed|en|wn|ne|nt|ilt|ld|de|ck))\b"
    r"(?!.*\bby\s+[A-Z])"
)
# "review the possibility of supplying weapons": a step whose announcement is the news itself.
_PROCESS = re.compile(
    r"^(?:review|consider|study|examine|explore|weigh|discuss|look\s+into)\s+(?:the\s+)?"
    r"(?:possibility|option|idea|prospect)\s+of\b|"
    # "be planning a missile test": an intention nobody can observe, not the act
    r"^be\s+(?:planning|preparing|considering|weighing|seeking|mulling|contemplating)\b|"
    r"^be\s+(?:yet\s+)?to\s+come\b",  # "the punishment may be yet to come": which, and when?
    re.I,
)
# Capitalised at the start of a sentence, not because they name anyone.
_COUNTING_WORDS = re.compile(
    r"^(?:the|a|an|some|several|many|more|new|further|additional|other|another|all|most|few|specific|certain|various|"
    r"\d[\d,.]*|one|two|three|four|"
    r"five|six|seven|eight|nine|ten|dozens|hundreds|thousands)\b",
    re.I,
)


def _names_someone(subject: str) -> bool:
    """Whether a subject names an actor: a capitalised word that is not just the sentence's first, or a possessive."""
    words = subject.split()
    if re.search(r"['’]s\b", subject) or any(word[:1].isupper() for word in words[1:]):
        return True
    return bool(words) and words[0][:1].isupper() and not _COUNTING_WORDS.match(words[0])


_AGAIN = re.compile(r"\b(?:again|once more)\b", re.I)
# ("the northern lights", "the aurora", "the sun": one of a kind, which no earlier sentence needs to name)
_ONE_OF_A_KIND = r"(?!(?:northern|southern)\s+lights$|auroras?$|aurora\s+(?:borealis|australis)$|sun$|moon$|sky$)"
_DEFINITE_COMMON = re.compile(
    r"^the\s+" + _ONE_OF_A_KIND + r"(?P<words>(?:[a-z][\w-]*\s+){0,2})(?P<head>[a-z][\w-]{3,})$"
)
# "block the sale", "sign the contract": a verb phrase that ends in a bare definite object presupposes a thing the
# article named before ("the sale of 40 Patriot interceptors"), which the question alone does not.
_BARE_DEFINITE_OBJECT = re.compile(
    r"^[a-z][\w-]*(?:\s+(?:up|down|off|out|back|over))?\s+(?P<object>the\s+[a-z][\w-]{2,})$"
)


# What follows a definite object and says which one it is ("the deal with Iran", "the vote on the budget"; "on behalf
# of" says nothing of the object)
_SAYS_WHICH = r"\s+(?:to|with|between|for|of|that)\b|\s+on\s+(?!behalf\b)"


# "sign the agreement on behalf of the government": an event the article named before, whatever follows it
_EVENT_OBJECT = re.compile(
    r"^[a-z][\w-]*\s+(?P<object>the\s+(?:agreement|deal|accord|treaty|pact|plan|proposal|bill|package|ceasefire|truce|"
    r"talks|meeting|summit|session|conference|agenda))\b(?!" + _SAYS_WHICH + r")"
)


# "close the transaction at $54.20", "purchase the company", "vote on the offer": a deal, a firm or a law the
# article named before, anywhere in the verb phrase (on the judged titles: 11 sent back for an edit, none passed)
_THING_TOLD_BEFORE = re.compile(
    r"\b(?P<object>the\s+(?:transaction|sale|purchase|acquisition|merger|takeover|contract|offer|company|law|legislation|"
    r"measure|motion|reform|programme|program|project|"
    r"landing|launch|mission|flight))\b(?!" + _SAYS_WHICH + r"|['’])"  # ("livestream the landing attempt")
)


# "join the board in time for the meeting": which meeting, the article said before
_EVENT_AT_END = re.compile(
    # ("during the elaborate ceremony": a word that describes it says not which)
    r"\b(?:for|at|before|after|during|from|ahead\s+of|on|over)\s+(?P<object>the\s+(?:(?-i:[a-z])[\w-]+\s+)?"
    r"(?:meeting|summit|talks|vote|visit|session|"
    r"runoff|conference|decision|ceremony|election|agenda|draft(?:\s+(?:text|details|deal|agreement))?))$"
)


# "be affected by the strike", "release the second trailer for the game": the verb phrase's last thing, a common
# noun the article used before, is that thing; the question does not say which
# ("reopen to the public": nobody in particular)
_LAST_DEFINITE = re.compile(
    r"\b(?:by|for|of|to|from|with|against|over|after)\s+"
    r"(?P<object>the\s+(?!(?:public|world|press|media|market|markets|economy)$)(?P<head>[a-z][\w-]{2,}))$"
)


def _object_told_before(predicate: str, earlier_text: str) -> re.Match | None:
    last = _LAST_DEFINITE.search(predicate)
    return last if last and re.search(rf"\b{re.escape(last['head'])}\b", earlier_text, re.I) else None


def _refers_back(subject: str, predicate: str, earlier_text: str) -> str | None:
    """The words of a title that point at something told earlier and so leave the question unreadable on its own:
    "this conflict", "these developments", "their involvement", "both sides", "the government" (whose?), "try
    again", a subject that is a time ("the coming months see …"), a verb phrase ending in a bare definite object
    ("block the sale"), or "the package" when the article named the package before. None when the title stands on
    its own as far as these rules see."""
    for text in (subject, predicate):
        pointing = _POINTING_WORDS.search(text)
        if pointing:
            # "this conflict", but "this military involvement": a modifier takes its noun along.
            # ("this ongoing conflict" too: before a noun, an -ing word modifies it.)
            first = pointing["first"]
            modified = pointing["rest"] and (MODIFIER_ENDING.search(first) or first.lower().endswith("ing"))
            return pointing.group(0) if modified else pointing.group(0)[: pointing.end("first") - pointing.start()]
    # "a majority of the bank's policy committee", "the Bank's latest forecasts": which bank?
    owner = _UNNAMED_OWNER.search(subject) or _UNNAMED_OWNER.search(predicate)
    if owner:
        return owner.group(0)
    sides = _UNNAMED_SIDES.search(subject)
    if sides:  # "the talks between the two sides"
        return sides.group(0)
    for pattern in (
        _POSSESSIVE_START,
        _POSSESSIVE_IN_SUBJECT,
        _UNNAMED_BODY,
        _UNNAMED_GROUP,
        _UNNAMED_PARTY,
        _UNNAMED_EVENT,
        _TIME_SUBJECT,
    ):
        found = pattern.match(subject)
        if found:
            return found.group(0)
    leans = _LEANS_BACK.search(predicate)
    if leans:
        return leans.group(0)
    upcoming = _UPCOMING.search(subject) or _UPCOMING.search(predicate)
    if upcoming:
        return upcoming.group(0)  # "at the upcoming summit": which one, the article said before
    again = _AGAIN.search(predicate)
    if again:
        return f"{predicate.split()[0]} … {again.group(0)}"
    bare = (
        _BARE_DEFINITE_OBJECT.match(predicate)
        or _EVENT_OBJECT.match(predicate)
        or _EVENT_AT_END.search(predicate)
        or _EVENT_AT_END.search(subject)  # "another topic on the agenda will be …"
        or _THING_TOLD_BEFORE.search(predicate)
        or _object_told_before(predicate, earlier_text)
    )
    if bare:
        return bare["object"]
    definite = _DEFINITE_COMMON.match(subject)
    stem = definite["head"].removesuffix("s") if definite else ""
    if definite and re.search(rf"\b{re.escape(stem)}s?\b", earlier_text, re.I):
        return subject  # "the package" after "a new sanctions package": the earlier naming is what the title needs
    if definite and not definite["words"]:
        return subject  # "the swap would take place": which one, the article told before, whatever it called it
    owned = _OF_THE_THING.search(subject)
    if owned:
        return owned["thing"]  # "the restoration of the agreement"
    if _BARE_PLURAL.match(subject):
        return subject  # "prices are likely to stay volatile": which prices?
    return None


# A possessive or an institution the article named in full before ("the bank's", "the Bank's", "the Bank will"), but
# not "the Bank of England" nor "the Kremlin's", which name it.
_UNNAMED_OWNER = re.compile(
    r"\bthe\s+(?:(?!(?:world|moon|sun|earth|year|week|month|day|decade|century)['’])[a-z]{3,}['’]s\b|"
    r"(?:Bank|Court|Fund|Committee|Commission|Council|Ministry|Agency|Government|Party|Parliament|Assembly|Union)"
    r"(?:['’]s\b|(?!['’\w]|\s+(?:of\s+)?(?-i:[A-Z]))))"
)
_OF_THE_THING = re.compile(r"\bof\s+(?P<thing>the\s+[a-z][\w-]{3,})$")
# "prices", "preliminary results": which ones?
_BARE_PLURAL = re.compile(
    r"^(?!auroras$)[a-z][a-z-]{2,}s$|^(?i:final|preliminary|official|full|first)\s+(?:results|returns|figures)$|"
    # ("parliamentary commissions", "senior officials": whose? "battle-experienced soldiers" describe enough)
    r"^[A-Za-z][a-z-]+\s+(?:officials|commissions|committees|lawmakers|authorities|ministers|leaders|parties)$|"
    r"^(?:inflation|unemployment|growth|demand|output|investment|consumption)$|"  # whose?
    # ("heavy rain will spread …", "storm surge could penetrate …", "more people will experience …": which storm's?)
    r"^(?i:(?:[\w-]+\s+){0,2}(?:rain|rainfall|snow|snowfall|surge|winds|flooding)|(?:more|many|most|some)\s+people)$|"
    r"^(?i:(?:[a-z]+\s+)?(?:rates|prices|costs|yields|wages)|(?:the\s+)?(?:rates?|levels?)\s+of\s+[a-z]+)$"
)


_INSTITUTION = re.compile(
    r"^(?:[A-Z][\w-]*\s+){0,3}(?:Court|Assembly|Ministry|Agency|Council|Commission|Parliament|Senate|Committee|"
    r"Bank|Fund|Organi[sz]ation|Union|Navy|Army|Administration|Reserve|House|Authority|Office|Board)"
    r"(?:\s+of\s+(?:[A-Z][\w-]*\s*){1,3})?$"
)
_PLAN_SUBJECT = re.compile(r"^(?:the|its|their)\s+(?:plan|aim|goal|intention|idea)$", re.I)


def _opened_last_sentence(name: str, earlier_text: str) -> bool:
    """Whether the sentence before opens with `name` as its subject (after "The", an adjective or a title)."""
    last = re.split(r"(?<=[.!?])\s+", earlier_text.strip())[-1] if earlier_text.strip() else ""
    head = " ".join(last.split()[:6])
    return bool(re.match(r"^(?:[A-Z][\w’'.-]*\s+){0,4}" + re.escape(name.split()[-1]), head)) or head.startswith(name)


def _full_name(surname: str, earlier_mentions: list[list[str]]) -> str | None:
    """ "Fain could identify …" after "UAW President Shawn Fain": the person (or the storm) as the article first
    named them in full, so the question stands without the article."""
    if not re.fullmatch(r"[A-Z][a-z’'-]+", surname):
        return None
    full = [m for names in earlier_mentions for m in names if m.split()[-1] == surname and looks_like_person(m)]
    if full:
        return personal_name(max(full, key=len))
    # ("Milton is expected to pass out of Florida" after "Hurricane Milton": the storm as first named)
    storm = [m for names in earlier_mentions for m in names if re.fullmatch(_STORM + re.escape(surname), m)]
    return storm[0] if storm else None


_STORM = r"(?:" + STORM_TITLES + r")\s+"
_STORM_WORDS = {"storm", "hurricane", "typhoon", "cyclone"}


def name_subject(
    subject: str, predicate: str, *, named_before: list[str], earlier_mentions: list[list[str]], earlier_text: str
) -> tuple[str, str | None]:
    """(the subject as the title names it, the flag when it is left unnamed or uncertain: at most one)."""
    said_subject = subject
    north_or_south = re.fullmatch(r"(?:the\s+)?(North|South)", subject, re.I)
    if north_or_south and f"{north_or_south[1].title()} Korea" in earlier_text + " ".join(named_before):
        subject = f"{north_or_south[1].title()} Korea"  # "the North" in news of the Koreas
    if _PLAN_SUBJECT.match(subject):
        subject = "it"  # "The plan is to deploy …": whose plan is told before
    resolved = resolve_pronoun(subject, predicate, named_before, earlier_mentions)
    if subject.lower() == "there" and predicate.startswith("be "):
        resolved = "there"  # "Will there be a seventh nuclear test?" asks about the event itself
    from_afar = (
        resolved is not None
        and subject.lower() in ("it", "they", "he", "she")
        and resolved not in named_before
        # "They" read from another sentence is a guess at who is meant, however near the name.
        and (
            len(predicate.split()) <= 3
            or subject.lower() == "they"
            or not any(resolved in names for names in earlier_mentions[:1])
            # "It will also go towards …" after "The 8.7 trillion yen approved … will help …": a pronoun goes on
            # with the last sentence's subject, and when that subject was not the name, the name is a guess.
            or not _opened_last_sentence(resolved, earlier_text)
        )
    )
    # "The Kremlin announced they will meet": "they" may be the speaker or the parties it spoke of.
    from_afar = from_afar or (subject.lower() == "they" and resolved is not None and " and " not in resolved)
    unnamed = None
    if resolved is None or not subject or _NOT_A_SUBJECT_START.match(subject):
        unnamed = FLAG_PRONOUN.format(subject=said_subject or "(none)")
        # (an unresolved "I" stays a capital)
        resolved = (subject[:1].lower() + subject[1:]) if subject and subject.split()[0] != "I" else subject or "this"
    elif resolved == subject and _DEMONSTRATIVE.match(subject):
        named = _name_demonstrative(subject, earlier_text)
        if named is None:
            unnamed = FLAG_VAGUE_SUBJECT.format(subject=subject)
        else:
            resolved = named
    elif resolved == subject and (definite := _name_definite(subject, earlier_text)):
        resolved = definite
    elif resolved == subject and (full := _full_name(subject, earlier_mentions)):
        resolved = full
    # ("The Supreme Court said it will …": the name a pronoun stands for, with the article it had)
    # ("Bank of England expected to …": headlinese dropped it)
    institution = _INSTITUTION.match(resolved) and not re.match(r"(?:the|a|an)\s", resolved, re.I)
    subject = f"the {resolved}" if resolved in NEEDS_THE or institution else resolved
    first, *rest = subject.split()
    # ("New England", "Global Times": a capital after it makes a name)
    if first in LOWER_FIRST or (first.lower() in COMMON_SUBJECTS and not (rest and rest[0][:1].isupper())):
        subject = subject[0].lower() + subject[1:]
    if unnamed is None:
        pointing = _refers_back(subject, predicate, earlier_text)
        unnamed = FLAG_REFERS_BACK.format(phrase=pointing) if pointing else None
    if unnamed is None and _NOBODYS_EVENT.match(subject) and _EVENT_PREDICATE.match(predicate):
        unnamed = FLAG_NO_ACTOR.format(subject=subject)
    passive = _PASSIVE.match(predicate)
    if unnamed is None and passive and not _names_someone(subject):
        unnamed = FLAG_NO_AGENT.format(subject=subject, verb=f"be {passive['participle']}")
    process = _PROCESS.match(predicate)
    if unnamed is None and process:
        unnamed = FLAG_PROCESS.format(process=process.group(0))
    if unnamed is None and from_afar:
        unnamed = FLAG_READ_FROM_AFAR.format(pronoun=said_subject, actor=resolved)
    return subject, unnamed
