"""Who a sentence names: known actors (countries, capitals, leaders, institutions, by any of their names), runs of
capitalised words, and single names the text capitalises where no sentence begins. Pure Python (standard library
only); drafting and extraction read it."""

import re

# Words that start a sentence in capitals without naming anyone.
LOWER_FIRST = {"The", "This", "These", "That", "Those", "Its", "Their", "Your", "Our", "My", "His", "Her", "Such", "Some", "Many", "Most", "Several",
                "Both", "Each", "Any", "All", "Other", "Countries", "Domestic", "A", "An"}  # fmt: skip

KNOWN_ACTORS = {
    "north korea": "North Korea",
    "pyongyang": "North Korea",
    "kim jong un": "Kim Jong Un",
    "kim jong-un": "Kim Jong Un",
    "south korea": "South Korea",
    "seoul": "South Korea",
    "russia": "Russia",
    "moscow": "Russia",
    "kremlin": "Russia",
    "putin": "Vladimir Putin",
    "ukraine": "Ukraine",
    "kyiv": "Ukraine",
    "zelensky": "Volodymyr Zelensky",
    "china": "China",
    "beijing": "China",
    "japan": "Japan",
    "tokyo": "Japan",
    "united states": "United States",
    "u.s.": "United States",
    "washington": "United States",
    "pentagon": "United States",
    "nato": "NATO",
    "european union": "European Union",
    "eu": "European Union",
    "united nations": "United Nations",
    "un": "United Nations",
    "the west": "Western countries",
    "western": "Western countries",
    "iran": "Iran",
    "israel": "Israel",
}
_ACTOR_PATTERN = re.compile(
    r"\b(" + "|".join(re.escape(name) for name in sorted(KNOWN_ACTORS, key=len, reverse=True)) + r")(?![\w-])",
    re.I,
)
_PROPER_NOUNS = re.compile(r"(?<!^)(?<![.!?]\s)\b([A-Z][a-z]+(?:\s+[A-Z][a-z]+)+)\b")


def _known_actors(sentence: str):
    """(match, actor) for each known actor named in the sentence."""
    for match in _ACTOR_PATTERN.finditer(sentence):
        # "EU" and "UN" only in capitals ("un" is a word in names and other languages).
        if match.group(1).lower() not in ("eu", "un") or match.group(1).isupper():
            yield match, KNOWN_ACTORS[match.group(1).lower()]


def actors(sentence: str) -> list[str]:
    found: list[str] = []
    for _, name in _known_actors(sentence):
        if name not in found:
            found.append(name)
    for match in _PROPER_NOUNS.finditer(sentence):
        name = match.group(1)
        if name not in found and not any(part in name for part in found) and name.lower() not in KNOWN_ACTORS:
            found.append(name)
    return found


# What a storm's name opens with ("Hurricane Milton", "Tropical Storm Debby", "Typhoon Haiyan")
STORM_TITLES = r"Hurricane|Tropical\s+Storm|Typhoon|Cyclone|Storm"
_ORGANISATION_WORDS = re.compile(
    r"\b(?:Electric|Ministry|Authority|Service|Council|Bank|Group|Corporation|Corp|Company|Agency|Institute|Office|"
    r"Party|Forces|Army|Navy|Union|Energy|Power|Motors|Airlines|Commission|Committee|Court|Parliament|Assembly|"
    r"Organization|Organisation|Fund|Association|Industries|Systems|Holdings|Sea|Peninsula|Republic|Kingdom|States|"
    # (and a storm's title: "Hurricane Milton", "Tropical Storm Debby" are no person's names)
    r"Nations|Front|Region|Street|House|Department|Agency|Guard|Reuters|Post|Times|Reserve|Board|Administration|Exchange|"
    r"Machines|Technologies|Labs|Airways|Media|News|" + STORM_TITLES + r")\b"
)
_CALENDAR_WORDS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "christmas", "easter",
    "new year", "new year's day", "new year day", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
    "oct", "nov", "dec",
}  # fmt: skip
_PROPER_NOUNS_ANYWHERE = re.compile(r"\b([A-Z][a-z]+(?:\s+[A-Z][\w-]+)+)\b")
# ("the FAA previously stated it would …": an acronym the text capitalises is a name too, but not a clock's or a
# screen's letters)
_SINGLE_NAME = re.compile(
    r"\b([A-Z][a-z][\w-]+|(?!(?:AM|PM|ET|EDT|EST|CT|CDT|CST|PT|PDT|PST|GMT|UTC|BST|TV|CEO|CFO|AI|OK|ID|US|UK)\b)[A-Z]{2,5})\b(?![.’'-]\w)"
)


# "Collaborating with six other parties, they …": a participle opening the sentence is capitalised like a name.
_OPENING_PARTICIPLE = re.compile(
    r"^[A-Z][a-z]{3,}(?:ing|ed)\s+(?:with|to|for|against|alongside|toward|towards|through|across|along|by|into)\b[^,]*,"
)
# "They", "While" or "However" opening a sentence is capitalised like a name, and would be read as the actor a
# later pronoun stands for.
_SENTENCE_OPENERS = {
    "it", "they", "he", "she", "we", "you", "this", "that", "these", "those", "there", "the", "while", "when",
    "whenever", "if", "as", "after", "before", "although", "though", "since", "but", "and", "however", "meanwhile",
    "once", "until", "unless", "because", "despite", "amid", "following", "with", "without", "during", "under",
    "over", "from", "for", "last", "next", "according", "earlier", "later", "still", "yet", "also", "even", "on",
    "in", "at", "by", "unlike", "like", "besides", "beyond", "against", "toward", "towards", "within", "about",
    "approximately", "around", "nearly", "almost", "some", "many", "most", "several", "then", "now", "so",
}  # fmt: skip


_KNOWN_AS = re.compile(r",\s*(?:collectively\s+|together\s+|jointly\s+)?known\s+as\s+(?P<name>[A-Z][\w+&.-]*)\s*,")
_TITLED = re.compile(r"\b(?:Mr|Mrs|Ms|Dr)\.?\s+[A-Z][\w’'-]+")


def mentions(sentence: str, proper_nouns: frozenset[str] = frozenset()) -> list[str]:
    """The named actors of a sentence in the order they appear: known actors, runs of capitalised words, and
    single names the text capitalises where no sentence begins."""
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for match in _KNOWN_AS.finditer(sentence):
        # "The Organization of … and allies, collectively known as OPEC+, have …": the name the subject goes by,
        # first, as the subject is
        found.append((-1, match["name"]))
        taken.append(match.span("name"))
    for match in _TITLED.finditer(sentence):  # "Mr. Biden": the dot ends no sentence, the title names a person
        found.append((match.start(), match.group(0)))
        taken.append(match.span())
    for match, name in _known_actors(sentence):
        if any(start < match.end() and match.start() < end for start, end in taken):
            continue
        found.append((match.start(), name))
        taken.append(match.span())
    for pattern in (_PROPER_NOUNS_ANYWHERE, _SINGLE_NAME):
        for match in pattern.finditer(sentence):
            if any(start < match.end() and match.start() < end for start, end in taken):
                continue
            name = match.group(1)
            if pattern is _SINGLE_NAME and not (
                name in proper_nouns or (match.start() == 0 and not sentence[match.end() :].startswith(","))
            ):
                continue
            if match.start() == 0 and _OPENING_PARTICIPLE.match(sentence):
                continue  # "Collaborating with six other parties, they …": the sentence opens on a participle
            if name.lower() in _CALENDAR_WORDS or name.lower() in _SENTENCE_OPENERS or name.endswith("ly"):
                continue
            if name in LOWER_FIRST or name.lower() in COMMON_SUBJECTS or name.lower() in KNOWN_ACTORS:
                continue
            first, _, rest = name.partition(" ")
            if rest and first.lower() in _SENTENCE_OPENERS:  # "But Spain announced …": Spain
                name = rest
                if name.lower() in _CALENDAR_WORDS:  # "On Jan. 1, …"
                    continue
            found.append((match.start(), name))
            taken.append(match.span())
    return [name for _, name in sorted(found)]


COMMON_SUBJECTS = {
    "countries", "analysts", "officials", "experts", "unions", "investors", "markets", "prices", "media", "governments",
    "nations", "firms", "companies", "leaders", "lawmakers", "critics", "observers", "diplomats", "troops", "soldiers",
    "forces", "sanctions", "talks", "exports", "imports", "negotiations", "electricity", "demand", "shipments",
    "domestic", "military", "new", "global", "international", "regional", "public", "civilian", "economic",
    "political", "trade", "energy", "food", "grain", "oil", "gas", "inflation", "growth", "tensions", "discussions",
    "alliances", "casualties", "shortages", "protests", "elections", "voters", "residents", "farmers", "workers",
    "polls", "results", "hostages", "prisoners", "ballots", "deliveries", "legislation", "policymakers", "economists",
    "traders", "regulators", "forecasters", "bankers", "scientists", "researchers", "skies", "clouds", "cloudy",
    "sunny", "rainy", "stormy", "windy", "temperatures", "winds", "showers", "thunderstorms", "storms", "auroras", "people",
}  # fmt: skip


def proper_nouns_of(text: str) -> frozenset[str]:
    """Words the text capitalises where a sentence does not begin (nor a label's text: "Report: Arguments …", nor
    after a dateline's agency: "LONDON, Aug 31 (BSS/AFP) - Tickets …")."""
    return frozenset(
        re.findall(r"(?<![.!?:\n]\s)(?<!\n)(?<!^)(?<!\) - )(?<!\) — )(?<!\) – )(?<=\s)([A-Z][\w-]+)", text)
    )  # (nor a line's)


def common_words_of(text: str) -> frozenset[str]:
    """The words the text writes in lower case somewhere ("rescue" in "search-and-rescue"), so that one it
    capitalises only at a sentence's start ("Rescue efforts will …") is told from a name."""
    return frozenset(re.findall(r"(?<![A-Za-z’'])[a-z]{3,}(?![A-Za-z])", text))


_NON_PEOPLE = {
    "North Korea",
    "South Korea",
    "United States",
    "United Nations",
    "European Union",
    "Western countries",
    "Black Sea",
}
NEEDS_THE = {"European Union", "United States", "United Nations", "Pentagon", "Kremlin"}
PEOPLE = {"Kim Jong Un", "Vladimir Putin", "Volodymyr Zelensky"}


# "Prime Minister Anwar Ibrahim", "Russian President Vladimir Putin", "Mr Kim": a title before a name.
_TITLED_NAME = re.compile(
    r"^(?:[A-Z][a-z]+\s+)?(?:President|Prime\s+Minister|(?:Foreign|Defen[cs]e|Finance)\s+Minister|Minister|"
    r"Chancellor|King|Queen|General|Gen\.|Secretary(?:\s+of\s+State)?|Chairman|Leader|Senator|Governor|"
    r"Ambassador|Mr\.?|Mrs\.?|Ms\.?|Dr\.?)\s+(?P<name>(?:[A-Z][\w’'-]+\s*){1,3})$"
)


def personal_name(actor: str) -> str:
    """ "UAW President Shawn Fain" → "Shawn Fain": a title read without its organisation would say another office."""
    titled = _TITLED_NAME.match(actor)
    return titled["name"].strip() if titled else actor


def looks_like_person(actor: str) -> bool:
    if actor in PEOPLE or _TITLED_NAME.match(actor):
        return True
    return len(actor.split()) in (2, 3) and actor not in _NON_PEOPLE and not _ORGANISATION_WORDS.search(actor)
