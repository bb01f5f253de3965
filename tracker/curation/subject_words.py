"""The words before a forecast's verb, made into the subject a title names: frames, asides, introductory phrases and
what a clause shares cleared away ("According to …, Seoul, a Western ally, has now agreed to" → "Seoul"), and a
word capitalised only because it opened the sentence put in lower case. Pure Python (standard library only);
drafting.py asks it of every draft."""

import re

from tracker.curation.attribution import REPORTING_THAT
from tracker.curation.cues import MONTH_NAME, PERCENTAGE

_CONNECTORS = re.compile(
    r"^(?:(?:moreover|however|furthermore|additionally|meanwhile|thus|therefore|in turn|in addition(?! to\b)|"
    r"consequently|ultimately|as a result|for example|for instance|in conclusion|in response|in the end|overall|"
    r"in light of [^,]+|as (?!many\b|much\b|few\b|little\b)[^,]+(?=,)|if [^,]+|should [^,]+|once [^,]+|in reaction to [^,]+|from [^,]+ perspective|"
    r"historically|comparatively|similarly|likewise|also|and|but|so|still|yet|now|then|indeed|at\s+some\s+point|"
    r"at\s+any\s+(?:time|moment)|"
    r"there\s+is\s+(?:every|no|little|some|a)\s+(?:expectation|chance|sign|hope|indication)\s+that|"
    r"reports indicate that|it is (?:predicted|expected|likely|possible|anticipated) that|there are fears that|"
    r"it\s+(?:looks|seems)\s+(?:like|as\s+if|that)|it\s+appears\s+(?:that)?|"
    # ("there is potential that …", "odds are we will …", "throughout Friday and Saturday, there is a possibility …")
    # ("there's a 70 to 80 percent chance the area will …")
    r"there(?: is|['’]s) (?:(?:a|some)\s+)?(?:" + PERCENTAGE + r")?(?:(?:good|real|strong|high|small|slim)\s+)?"
    r"(?:risk|chance|possibility|potential)"
    r"(?: that)?|(?:the\s+)?odds\s+are(?:\s+that)?|throughout [^,]+(?=,)|"
    r"there(?: is|['’]s) (?:a\s+)?(?:broad|growing|wide|general)?\s*(?:consensus|agreement|expectation) that|"
    # ("Thankfully, the launch might …", "Ironically, the ban could …": a sentence adverb and its comma)
    r"[a-z]+(?:ately|fully|ically|ously|ively|ingly|edly|ntly|ably|ibly|ckily|cally|rally)(?=\s*,))\b\s*,?\s*)+",
    re.I,
)
# "North Korea has confirmed it will …", "aides confirmed on Monday that he will …": the pronoun opens what was said,
# the forecast itself, not a relative clause.
COMPLEMENT_PRONOUN = re.compile(
    r"\b(?:said|says|confirmed|confirms|announced|announces|believes|believed|warned|warns|added|stated|insisted|"
    r"noted|thinks|thought|expects|expected|hopes|fears|knows|indicated|promised|vowed|pledged|reported|signalled|"
    r"(?<=\bI\s)(?:think|believe|expect|reckon|guess|fear)|"  # ('"I think it's going to absolutely dwarf that"')
    r"signaled|claims|saying|stating|adding|noting|warning|insisting|claiming|betting|"  # ("…, saying that it will …")
    r"(?<=odds\s)are|(?<=expectation\s)is|(?<=consensus\s)is|(?<=assumption\s)is|(?<=belief\s)is|"  # ("the expectation is that it")
    # ("We are very confident that we will release …": what the speaker is sure of)
    r"(?:am|is|are|['’]re|['’]m)\s+(?:very\s+|quite\s+|fully\s+|absolutely\s+)?(?:confident|sure|certain|convinced))"
    r"(?:\s+(?:on\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))?(?:\s+that)?\s+[\"“]?"
    r"(?P<pronoun>it|they|he|she|we)\s*$",
    re.I,
)


# A comma segment that starts with one of these is an aside, not the subject ("…, which has …,").
_ASIDE = re.compile(
    r"^(?:with|which|who|whose|whom|at|across|including|comprising|consisting|containing|featuring|such\s+as|especially|particularly|like|despite|after|amid|"
    r"scheduled|slated|expected|due|planned|designed|set\s+to|(?-i:[a-z]+ed)|held|made|built|led|known|seen|"
    r"written|taken|given|"
    r"notably|mainly|already|once|now|still|for\s+example|for\s+instance|in\s+particular)\b",
    re.I,
)
# A quotation opened before the subject and not closed in it
_OPENED_QUOTE = re.compile(r"^[\"“](?=[^\"”]*$)")
# An opening phrase of time or place before the subject and its commas ("On May 6, …", "In Seoul, …")
_OPENING_TIME_OR_PLACE = re.compile(r"^(?:on|in|by|at|during|after|before|since|from|last|this|next)\b", re.I)
# ("limited", "targeted", "political": a word with an adjective's or a participle's ending)
_ADJECTIVE = r"[a-z]+(?:ed|al|ive|ous|ful|ic|ary|ble|ent|ant|ish|less)"
_ADJECTIVE_OR_MEASURE = r"(?:" + _ADJECTIVE + r"|\d+(?:-[a-z]+)+)"  # ("280-foot-wide")
# A proper name (capitalised words, not an introductory phrase) before an appositive: "South Korea, a Western ally".
_NAME_THEN_APPOSITIVE = re.compile(
    r"^(?!(?:in|on|at|after|before|for|from|by|with|under|during|since|despite|amid|meanwhile|however|last|this|next)\b)"
    r"[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,4}$",
    re.I,
)
PLAN_OF = re.compile(
    r"^(?P<owner>.+?)['’]s?\s+(?:\w+\s+)?(?:plan|aim|goal|intention|objective|priority|task|mission)$|"
    r"^the\s+(?:\w+\s+)?(?:plan|aim|goal|intention|objective|priority)\s+of\s+(?P<of>.+)$",  # ("The key objective of the mission")
    re.I,
)
_IT_IS_LIKELY = re.compile(
    r"^it\s+is\s+(?:\w+\s+)?(?:likely|possible|probable|expected|certain|clear|unlikely)\s+(?:that\s+)?(?=\S)", re.I
)
_RELATIVE_START = re.compile(
    r"^(?:where|when|while|whereby|in\s+which|as(?!\s+(?:many|much|few)\b)|(?:even\s+)?though|although|whereas)\s+",
    re.I,
)


def _what_was_said(subject: str) -> str:
    """'the official said "at some point" the group would …': what was said has a subject of its own; 'said there
    were signs of movement and that "at any time the ship could …"': the second thing said has."""
    said = re.search(
        r"\b(?:said|says|say|hoped|hopes|believes|believed|thinks|thought|fears|feared|expects)\s+"
        r"(?:[\"“][^\"”]{1,40}[\"”]\s+(?:that\s+)?|that\s+|(?=(?:the|its|their|a|an)\s))",
        subject,
    )
    if said and said.end() < len(subject):
        subject = subject[said.end() :]
    second = re.search(r"\b(?:said|says|added|noted)\s.*\band\s+that\s+[\"“]?", subject)
    if second and second.end() < len(subject):
        subject = _CONNECTORS.sub("", subject[second.end() :]).strip(" ,")
    return subject


def _of_its_commas(subject: str) -> str:
    """The subject among the phrases its commas set apart: an introductory phrase, an aside or an appositive goes;
    adjectives in a row and a list stay."""
    segments = [part.strip() for part in re.split(r",(?!\d{3})", subject) if part.strip()]
    if len(segments) > 1:
        kept: list[str] = []
        for segment in segments:
            if (
                kept
                and re.search(
                    r"(?:^|\s)(?:the|those|these|this|that|a|an|its|their|his|her)\s+" + _ADJECTIVE_OR_MEASURE + "$",
                    kept[-1],
                    re.I,
                )
                # (the noun, then at most a place or owner: "20-metre-wide pier at Setubal")
                and re.fullmatch(
                    _ADJECTIVE_OR_MEASURE + r"\s+[a-z]+(?:\s+(?:at|in|on|of|near|off|from)\s+.+)?", segment
                )
            ):
                # "Those limited, targeted strikes", "Opening a 280-foot-wide, 35-foot-deep passageway": adjectives in
                # a row, one noun
                kept[-1] += ", " + segment
                continue
            if _ASIDE.match(segment) and kept:
                break
            kept.append(segment)
        while len(kept) > 1 and _OPENING_TIME_OR_PLACE.match(kept[0]):
            kept = kept[1:]  # "On May 6, King Charles III and Camilla, the Queen Consort, will …": the time goes first
        if len(kept) > 2 and re.search(r"\band\s", kept[-1]) and not any(_ASIDE.match(part) for part in kept[1:]):
            kept = [", ".join(kept)]  # "Heads of state, cabinet members, … and the royal family will": a list
        elif len(kept) > 1 and _NAME_THEN_APPOSITIVE.match(kept[0]) and re.match(r"^(?:a|an|the)\s", kept[-1], re.I):
            kept = kept[:1]  # "Canada, a NATO member, will …": the name, not its description
        elif len(kept) > 1 and not re.match(r"^(?:and|or)\b", kept[-1], re.I):
            kept = kept[-1:]  # an introductory phrase, then the subject
        subject = ", ".join(kept)
    return subject


def clean_subject(subject: str) -> str:
    subject = subject.strip(" ,")
    subject = _OPENED_QUOTE.sub("", subject)  # 'says, "We are on a good path and …'
    subject = re.sub(r"^[*•\s]*(?-i:[A-Z]{3,})(?:\s+(?-i:[A-Z]{2,}))*:\s*", "", subject)  # "* CORRECTION: Earnings"
    subject = re.sub(
        r"^(?-i:[A-Z][a-z]+)(?:\s+(?-i:[a-z]+)){0,2}:\s+(?=(?-i:[A-Z]))", "", subject
    )  # "Coach procession: King …"
    named = re.search(
        r",\s*(?:dubbed|named|called|(?:collectively\s+|together\s+)?known\s+as)\s+"
        r"(?P<name>(?:the\s+)?(?:[A-Z][\w+&-]*\s*){1,6})",
        subject,
    )
    if named:  # "the drills, dubbed the Deterrence Strategy Committee Tabletop Exercise, are …": the name
        return named["name"].strip()
    # "WWDC 2024, kicking off on June 10 from Cupertino, California, [is set to …]": a participle's aside after the
    # subject, whose own commas would otherwise leave "California"
    # (a name only: "He also attacked his opponents, saying …" is a clause of its own)
    aside = re.match(
        r"^(?P<head>(?:the\s+)?[A-Z0-9(][\w’'.()-]*(?:\s+[A-Z0-9(][\w’'.()-]*){0,5}),\s+"
        r"(?!(?:according|including|starting|beginning)\b)[a-z]+ing\b.*$",
        subject,
    )
    if aside:
        subject = aside["head"]
    said = COMPLEMENT_PRONOUN.search(subject)
    if said:  # "North Korea has confirmed it": the pronoun, which the sentence's names then resolve
        return said["pronoun"]
    # (an aside between dashes, as typed: "the restoration of the original channel - measuring 700 feet wide -")
    subject = re.sub(r"—[^—]{1,80}—|\s[–-]\s[^–]{1,80}?\s[–-](?:\s|$)", " ", subject)
    # "Salvors continue to clear wreckage … - this work is now expected to": the clause after a lone dash
    subject = re.sub(r"^.+\s[—–-]\s(?=(?:[\w’'-]+\s+){0,5}[\w’'-]+$)", "", subject)
    embedded = list(REPORTING_THAT.finditer(subject))
    if embedded:
        subject = subject[embedded[-1].end() :]
    # "the launch date was discussed internally but [could still change]": one subject, two verbs
    subject = re.sub(r"^(.{3,80}?)\s+(?:was|were|is|are|has|have|had)\s+[^,]{1,60}?\s+but\s*$", r"\1", subject)
    # "Oasis fans on tenterhooks for tickets as reunion tour sales [set to go live]": a headline's "as" clause forecasts
    subject = re.sub(
        # ("Americans as far south as Alabama [could be treated]": a comparison, no clause)
        r"^[^,]{3,80}?\s+(?<!\bwell\s)(?<!\bsuch\s)(?<!\bsouth\s)(?<!\bnorth\s)(?<!\beast\s)(?<!\bwest\s)"
        r"as\s+(?!(?:well|many|much|soon|early|long|far|a|an)\b)(?=[^,]+\s[^,]+$)",
        "",
        subject,
    )
    # "Britain, by voting for the Labor Party, [will risk …]": a gerund's aside between the subject and its verb
    subject = re.sub(r",\s*(?:by|in|after|while|through)\s+\w+ing\b[^,]{0,80},?\s*[\"“]?\s*$", "", subject)
    purpose = list(re.finditer(r"\bso\s+(?:that\s+)?(?=(?-i:[A-Z]))", subject, re.I))
    if purpose:  # "Twitter lawsuit halted so Elon Musk can close …": the purpose clause's subject acts
        subject = subject[purpose[-1].end() :]
    amid = list(re.finditer(r"\b(?:amid|after|following)\s+(?:media\s+)?reports\s+(?:that\s+)?", subject, re.I))
    if amid:  # "…, saying the ties were strong amid reports President Putin will visit": the reports' subject
        subject = subject[amid[-1].end() :]
    subject = _CONNECTORS.sub("", subject).strip(" ,")
    subject = re.sub(
        r"^(?-i:Update|UPDATE)\b(?:[^:]|:\d){0,30}?:\s+", "", subject
    )  # ("Update 10:18 p.m. EDT: SpaceX is …")
    # ("Elon Musk's rocket manufacturing company SpaceX": the name after its description)
    subject = re.sub(
        r"^.+\b(?:company|firm|maker|manufacturer|startup|carrier|group)\s+(?=(?-i:[A-Z])[\w.-]+(?:\s+(?-i:[A-Z])[\w.-]+){0,2}$)",
        "",
        subject,
    )
    subject = re.sub(r"\s+(?:has|have|had)\s+no$", "", subject)  # ("Apple has no [plans to introduce …]")
    # "Given the latest figures, the Bank is likely to …": an opening phrase closed by its comma
    # ("Starting next week, the parliament's attention will …": a time that opens the sentence is the title's date)
    subject = re.sub(
        # ("In addition to the rate cut, the meeting will …")
        r"^(?:given|despite|amid|among|following|unlike|after|before|during|starting|beginning|from|under|with|without|"
        r"in\s+addition\s+to|besides|apart\s+from|aside\s+from|along\s+with)\s+"
        r"[^,]{2,80},\s*(?=\S)",
        "",
        subject,
        flags=re.I,
    )
    subject = _what_was_said(subject)
    # ("Tomorrow morning we expect to …": the time that opens the sentence is the title's date)
    subject = re.sub(
        r"^(?:tomorrow|today|tonight|this|next)(?:\s+(?:morning|afternoon|evening|night|week))?\s+(?=(?:we|they|he|she|it|i)$)",
        "",
        subject,
        flags=re.I,
    )
    subject = re.sub(r"^[\"“][^\"”]{1,40}[\"”]\s+", "", subject)  # '"at some point" the delegates'
    # "…, and that the announcement will …", "posted on X that that Apple could …" (a name after it)
    subject = re.sub(r"^that\s+(?=\S+\s|(?-i:[A-Z]))", "", subject)
    # "Merz says he's confident NATO members will …": what the speaker is sure of
    # ("ESA is proud that Webb will launch …": what the speaker is proud of)
    subject = re.sub(
        r"^.*\b(?:confident|convinced|certain|sure|optimistic|hopeful|proud|pleased|glad|delighted)\s+(?:that\s+)?",
        "",
        subject,
    )
    # "Either the companies make progress, or more locals will …": the clause after "or"
    subject = re.sub(r"^either\s.+,\s*or\s+", "", subject, flags=re.I)
    # "…, meaning the bill is certain to …", "That means the window will …": what the verb introduces is the subject
    subject = re.sub(
        r"^.*?\b(?:meaning|suggesting|signalling|signaling|indicating|(?:that|this|which)\s+means)\s+(?:that\s+)?",
        "",
        subject,
        flags=re.I,
    )
    subject = re.sub(r"^(?:at\s+least\s+)?(?:some|part|many|most)\s+of\s+(?=the\s)", "", subject, flags=re.I)
    subject = re.sub(r"^the\s+(?:date|day)\s+(?:for|of)\s+(?=the\s)", "", subject, flags=re.I)  # "The date for the …"
    subject = _IT_IS_LIKELY.sub("", subject)  # "It is highly likely there will be …": there will be
    # "Pyongyang has accelerated its programme and [could announce …]": the subject is the first clause's
    # (before the commas are read: "The larger group, OPEC+, is cutting … and [is set to …]").
    shared = re.match(
        r"^(?P<subject>.+?)\s+(?:has|have|had|is|are|was|were|(?-i:[a-z]{3,}ed)|began|held|met|made|took|sent|gave|"
        r"came|went|left|told|said|won|became|rose|fell|grew|struck|hit|lost)\s+\w+.*\s+and$",
        subject,
    )
    if shared:
        subject = shared["subject"]
    # "The rally has drawn attention as Kim could also announce …": the "as" clause has its own subject.
    as_clause = re.match(
        r"^(?:.+?\s(?:has|have|had|is|are|was|were|began|came|went|grew|rose|fell|got|made|took|held|"
        r"(?-i:[a-z]{3,}ed))|(?:during|at|in|after|before|amid|on))\b"
        r"(?:\s.*?)?(?<!\bknown)(?<!\bsuch)\s+as\s+"
        r"(?P<subject>(?:the\s|(?:he|she|it|they)$|(?-i:[A-Z])).*)$",
        subject,
    )
    if as_clause:
        subject = as_clause["subject"]
    subject = re.sub(r",\s*\d{1,3}(?:,|$)", "", subject)  # "Ishiba, 68, will …"
    subject = re.sub(
        r"^[Tt]he\s+(?=(?:NATO|OPEC\+?|IAEA|ASEAN)\b)", "", subject
    )  # "The NATO will …": a name takes no article
    subject = re.sub(
        r"\s+(?:himself|herself|itself|themselves)$", "", subject
    )  # "President Zelensky himself is set to"
    # "on May 6 some 70 soldiers will begin …": the date is the title's, the subject what follows it
    subject = re.sub(r"^(?:on|by|in)\s+(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8})\s*,?\s+", "", subject)
    # "the city of Anchorage, Alaska": a place and its state, not a description and a name (the state goes)
    subject = re.sub(r"\b(of\s+[A-Z][a-z]+),\s+[A-Z][a-z]+$", r"\1", subject)
    subject = _of_its_commas(subject)
    subject = re.sub(r"^(?:and|but|yet|so|or)\s+", "", subject)  # "…, but any effort to …": the clause after the join
    subject = _RELATIVE_START.sub("", subject)
    subject = re.sub(r"\s+(?:unveiled|announced|presented|outlined|laid\s+out|set\s+out|adopted)$", "", subject)
    subject = subject.strip(" ,")
    # "Russia had promised to", "the minister also pledged to", "Seoul has now agreed to", "X also [vowed]"
    subject = re.sub(
        r"(?:\s+(?:had|has|have|is|are|was|were|now|also|still|already|reportedly|apparently|allegedly|seemingly|then|too|"
        r"strongly))+$",
        "",
        subject,
    )
    subject = _OPENED_QUOTE.sub("", subject)  # ('adding that "dredgers will …': what the frame left)
    return re.sub(r"\s+", " ", subject).strip(" ,")


# ("the list of cases on which the court plans to rule …": a relative clause with its own subject)
_NUMBER_WORD = re.compile(
    r"(?:Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten|Eleven|Twelve|Several|Dozens|Hundreds|Another|Further|More)"
)


# Adjectives that open a sentence's subject and no name ("Heavy rain", "Strong wind gusts", "Further talks"): on the
# judged titles, every "Will Heavy rain …" was sent back.
_PLAIN_ADJECTIVES = {
    "heavy", "strong", "severe", "light", "high", "low", "large", "small", "major", "minor", "further", "additional",
    "significant", "widespread", "extensive", "fresh", "renewed", "higher", "lower", "stronger", "heavier",
}  # fmt: skip


def sentence_case(subject: str, proper_nouns: frozenset[str], common_words: frozenset[str] = frozenset()) -> str:
    """ "Indirect talks between Iran and …" → "indirect talks …": a word capitalised only because it opened the
    sentence, told by the text writing it in lower case elsewhere ("Rescue efforts", "Runoffs") or by an ending names
    seldom have ("-al", "-ct", "-ous", "-ive", "-ion" …). A name the text capitalises elsewhere, a title before a
    name ("Governor Ada Obi"), a possessive or a nationality ("Iranian negotiators") stays."""
    words = subject.split()
    first = words[0] if words else ""
    if _NUMBER_WORD.fullmatch(first) or (first == "One" and len(words) > 1 and words[1] == "of"):
        return first.lower() + subject[len(first) :]  # "Eight OPEC+ countries" opened the sentence
    opened = first[:1].isupper() and first[1:].islower() and first not in proper_nouns
    if not opened or (len(words) > 1 and not words[1][:1].islower()):
        return subject
    lower = first.lower()
    bare = lower.rstrip(",;:")  # ("Ministers, ambassadors and …": the list's comma is no part of the word)
    # ("Pre-orders": a hyphenated word is told by its head, which the text writes in lower case)
    if {bare, bare.removesuffix("s"), bare + "s", bare.rsplit("-", 1)[-1] if "-" in bare else ""} & common_words:
        return lower + subject[len(first) :]
    if bare in _PLAIN_ADJECTIVES:  # "Heavy rain will …", "Strong wind gusts …" (never a name before a lower-case word)
        return lower + subject[len(first) :]
    if (
        # (alone, only an abstract noun's ending tells it from a name: "Consumption will …", not "Hungary will …")
        (len(words) > 1 or re.search(r"(?:tion|sion|ment|ness|ity|ance|ence)$", first))
        and not re.search(r"(?:an|ese|ish|ch|i|ic|['’]s)$", first)
        # (and plural nouns of people: "Delegates from 190 nations", "Economists")
        and re.search(
            r"(?:al|ct|ous|ive|ed|ing|ful|less|ary|ions?|ents?|ants?|ure|ity|ies|ates|ives|ors|ists|ers|able|ible)$",
            first,
        )
    ):
        return lower + subject[len(first) :]
    return subject


def without_its_month(subject: str, time_phrase: str) -> str:
    """ "the engagements in June [are expected to go ahead]": the month is the title's date, not part of the subject."""
    if re.fullmatch(r"in\s+" + MONTH_NAME + r"(?:\s+\d{4})?", time_phrase, re.I):
        return subject.replace(f" {time_phrase}", "")
    return subject


# Acronyms read as words take no "the" whatever a writer puts before them ("The NATO will …")
_SAID_AS_WORDS = {"NATO", "NASA", "OPEC", "ASEAN", "FIFA", "UEFA", "UNESCO", "UNICEF", "ISRO", "CERN", "NAFTA"}


# "the FAA said", "the FAA's review", "the FAA, which …": an acronym the text writes after "the" (NASA and NATO it
# does not; "the NASA press release" puts it before a noun, which says nothing of the name itself)
def with_its_article(title: str, actor: str, text: str) -> str:
    """ "Will FAA approve …?" → "Will the FAA approve …?" when the article writes "the FAA" (the title's actor is
    the name alone: "Fed officials" take none)."""
    # (a short name too: "the Fed's", "the Fed will")
    acronym = re.match(r"Will\s+(?P<name>[A-Z]{2,6}|[A-Z][a-z]{2,5})\b(?!['’]s\b)(?=\s+[a-z])", title)
    if acronym is None or acronym["name"] in _SAID_AS_WORDS or actor != acronym["name"]:
        return title
    name = re.escape(acronym["name"])
    verb = r"(?:said|says|has|have|had|is|was|will|would|could|may|might|can|[a-z]+ed)\b"
    if re.search(rf"\b[Tt]he\s+{name}(?:['’]s\b|\s+(?:[a-z]+ly\s+)?{verb}|\s*[,.;)])", text):
        return f"Will the {acronym['name']}{title[acronym.end() :]}"
    return title
