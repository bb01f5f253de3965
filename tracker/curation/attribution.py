"""Who said it, taken out of a forecasting sentence: the dateline, the quotation marks, and the attribution
before, inside or after the claim ("According to …,", "Analysts believe …", "…, a presidential official said on
June 20, after …"). A question asks about the event, never about who predicted it. Pure Python (standard library
only)."""

import re

# "SEOUL —", "TOKYO, Dec 22 —", "MOSCOW (UrduPoint News / Sputnik - 28th June, 2023)"
DATELINE = re.compile(
    # ("LONDON/DUBAI", "LONDON, Aug 31, 2024 (BSS/AFP) -")
    r"^\s*[A-Z][A-Z .'’/-]{2,}(?:,\s*[A-Z][\w .'’-]*(?:,\s*\d{4})?)?\s*(?:\([^)]{1,40}\)\s*)?[—–-]{1,2}\s*|"
    r"^\s*[A-Z][A-Z .'’-]{2,}\s*\([^)]{1,80}\)\s*|"
    r"^\s*\([A-Z][A-Z .'’/-]{2,}\)\s*[—–-]{1,2}\s*|"  # "(NEW YORK) -"
    r"^\s*[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?\s*:\s+(?=[A-Z])|"  # "London: Prime Minister …"
    r"^\s*[A-Z][A-Z'’-]{2,}(?:\s+[A-Z][A-Z'’-]+)?\s*:\s+(?=[A-Z])|"  # "FRANCE: According to …", "PARIS: As the world …"
    # "Kyiv, Ukraine, (UrduPoint / Pakistan Point News - 29th Mar, 2023 ) :": a place, its agency, a colon or dash
    r"^\s*[A-Z][\w .'’-]*(?:,\s*[A-Z][\w .'’-]*)*,?\s*\([^)]{1,80}\)\s*[:—–-]{1,2}\s*"  # ("(Jiji Press)--")
)
WRAPPER = re.compile(r"^\s*(?:[\"“‘']|\.{3}|…)+|(?:[\"”’']|\.{3}|…)+\s*$")
REPORTING_VERBS = (
    r"said|says|say|told\s+[\w\s’'-]{1,80}?|tells?\s+[\w\s’'-]{1,40}?|warned|warns?|added|noted|"
    r"argued|argues?|wrote|reported|reports(?=\s*[.!]?\s*$|\s+that\b)|report(?=\s+(?:that|the|a|an)\b)|believes?|believed|thinks?|thought|predicted|predicts?|"
    r"claimed|claims?(?=\s+(?:that|the|a|an|it|its|he|she|they|there|this)\b)|cautioned|cautions?|insisted|insists?|stressed|said\s+on\s+\w+|mentioned|mentions|confirms|revealed|reveals|"
    r"announces|teased|hinted|promised|explains|explained|explain(?=\s*[.!]?\s*$)|add(?=\s*[.!]?\s*$)|"  # (", Chow and Bush add.")
    r"shows?(?=\s+(?:that|the|a|an)\s)|showed(?=\s+(?:that|the|a|an)\s)|"  # ("A map from the center shows the aurora may …")
    r"estimated|suggested|suggests?|feared|acknowledged|conceded|announced|stated|(?<!member\s)states(?=\s+that\s+(?:the|a|an|it|he|she|they|there|this|(?-i:[A-Z]))\b|:)|asserted|asserts?|maintained|ruled|affirmed|declared|"
    r"doubts?|doubted|worry|worries|worried|fears?|hopes?|hoped|expects?|expected|reckons?|assumes?|assumed|"
    r"speculates?|speculated|estimates?|predict|believe|(?:was|were)\s+quoted(?:\s+as\s+saying)?|anticipates?|"
    r"projects?\s+that|projected\s+that"  # ("The Coast Guard projects that the supply will run out …")
)
# "…, one researcher warned." / "… — analysts say." / "…, according to the defence ministry."
TRAILING_ATTRIBUTION = re.compile(
    # ("…, opinion polls show.": a finding reported, at the end only; "will show" at the start is a forecast)
    # ("…, where a ruling is expected at the end of July": after "is" the verb is a passive, nobody's saying)
    r"(?:,[\"”’']?|\s[—–-])\s*(?:according\s+to\s+[^,;]+|(?:[\w’'.()+-]+\s+){0,12}?"
    r"(?<!\bis\s)(?<!\bare\s)(?<!\bwas\s)(?<!\bwere\s)(?<!\bbe\s)(?<!\bbeen\s)(?:"
    + REPORTING_VERBS
    + r"|shows?|showed)"
    # ("…, Apple said in a news release Monday (Jan. 8).": a place, a day and its bracketed date)
    # ("…, Bastian said in a video message to employees on Monday.")
    r"(?:\s+(?:on|in|at)\s+[\w\s]{1,40}?)?(?:\s+(?:on\s+)?(?:late|early|last)?\s*\w+day)?(?:\s+\([^()]{1,20}\))?)\s*[.!]?\s*$",
    re.I,
)
# "… in Austin, Texas according to a Bloomberg report citing …": the comma left out ("according to plan" says how)
# ("…, per Bloomberg.": the source in one word)
TRAILING_ACCORDING = re.compile(
    r"\s+according\s+to\s+(?:a|an|the|(?-i:[A-Z]))(?!\s*(?:plan|schedule)\b)[^,;]+$|"
    r",\s*per\s+(?:the\s+)?(?-i:[A-Z])[\w.’'-]*(?:\s+(?-i:[A-Z])[\w.’'-]*){0,3}\s*[.!]?\s*$"
)
# "…, said the daily." / "…, added the minister.": the verb before its subject, at the sentence's end
INVERTED_ATTRIBUTION = re.compile(
    # ("…, reports Gizmodo (which has a link to …).": the source's bracketed aside goes with it)
    r",\s*(?:said|says|added|adds|reported|reports|wrote|noted)\s+(?:the\s+)?(?:[\w’'.-]+\s+){0,6}[\w’'.-]+"
    r"(?:\s*\([^()]{1,120}\))?\s*[.!]?\s*$"
)
# "According to the ministry, …" / "The official said (that) …" / "Analysts believe …"
LEADING_ACCORDING = re.compile(r"^\s*according\s+to\s+[^,]{1,80},\s*", re.I)
# "Hurricane Milton, according to the National Hurricane Center (NHC), is expected to …": the source between commas
# ("Intuitive Machines, as part of NASA's … initiative, is readying to …": the programme it acts in, likewise)
# ("The new date, SpaceX said, will allow …": the sayer between commas)
ASIDE_BEFORE_VERB = re.compile(
    r",\s*(?:(?:according\s+to|as\s+part\s+of)\s+[^,]{1,80},\s*(?=[a-z])|(?:(?-i:[A-Z])[\w’'.-]*\s+){1,3}(?:said|says|added|noted),\s*"
    r"(?=(?:will|would|could|may|might|can|is|are|was|were|has|have)\b))",  # (the sayer only before the verb)
    re.I,
)
# Before the claim, whom someone told is a short object ("told the court the next hearing would …": "the court"),
# not whatever words precede the claim's verb
_LEADING_VERBS = REPORTING_VERBS.replace(
    r"told\s+[\w\s’'-]{1,80}?",
    r"told\s+(?:(?:the|a|an|his|her|their|its)\s+(?:[\w’'-]+\s+){0,2}?)?[\w’'-]+(?:\s+(?-i:[A-Z])[\w’'-]+)*",
)
LEADING_ATTRIBUTION = re.compile(
    # "X are expected to …" and "X, who are speculated to have …" are not frames: "to" follows.
    # ("The expected vote …": after an article the participle describes a noun; nobody expects anything)
    r"^\s*(?:(?:[\w’'.,-]+\s+){1,14}?)(?<!\bthe\s)(?<!\ba\s)(?<!\ban\s)(?<!\bits\s)(?<!\bhis\s)(?<!\bher\s)"
    r"(?<!\btheir\s)(?<!\bthose\s)(?<!\bthese\s)(?<!\bour\s)(?:"
    + _LEADING_VERBS
    + r")(?!\s+to\b)"  # ("those estimates")
    # ("promised on the RMC morning show, \"The rain will not …\"": where it was said, then the quotation)
    r"(?:\s+(?:on|in)\s+\w+|\s+on\s+the\s+(?:[\w-]+\s+){0,3}(?:show|programme|program|podcast|radio)(?=,)|"
    r"\s+(?:late\s+|early\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"today|yesterday))?(?:,|:\s*[\"“]?)?\s*(?<=\s|\"|“)(?:that\s+)?",  # ('Bach said: "The members …')
    re.I,
)


# "…, state media reported Wednesday, after a launch …" and "…,” a joint letter by … says": what follows the
# attribution is another clause, or the attribution itself.
# When it was said: "on Tuesday", "late Friday", "on June 20", "on 20 June", "on Oct. 22", "last week".
SAID_WHEN = (
    r"(?:\s+(?:late\s+|early\s+)?(?:on\s+)?(?i:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|"
    r"\s+on\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2}\b|\s+on\s+\d{1,2}\s+[A-Z][a-z]{2,8}\b|\s+(?:last|this)\s+(?:week|month))?"
)
# "…, two OPEC+ sources said as the group seeks to …": the attribution, then a clause of the sayers' reasons.
SAID_AS = re.compile(
    r",\s*(?:[\w’'.()+-]+\s+){0,8}?(?:said|says|told\s+\w+|added|adds|reported)(?:\s+(?:as|amid|while|after)\s+|,\s*citing\s+)"
    r".*$",  # ("…, the paper adds, citing a US official")
    re.I,
)
MID_ATTRIBUTION = re.compile(
    # (", the company said on X on Wednesday, a day later …": where it was said, then when)
    r",\s*(?:[\w’'.()-]+\s+){0,8}?(?:said|reported|told\s+\w+|added|noted|announced)(?:\s+on\s+(?:(?-i:X)|social\s+media))?"
    + SAID_WHEN
    + r"\s*,.*$",
    re.I,
)
# "…, Kyrylo Budanov, head of the intelligence agency (HUR), told the War Zone on Oct. 22.": a name, its
# appositive, the reporting verb, when; the appositive's commas are what the other patterns stop at.
APPOSITIVE_ATTRIBUTION = re.compile(
    r",\s*(?:[A-Z][\w’'.-]*\s+){0,3}[A-Z][\w’'.-]*,\s*[^,]{3,120},\s*(?:said|says|told\s+[\w\s’'-]{1,60}?|added|"
    r"noted|warned|announced|wrote)" + SAID_WHEN + r"\s*[.!]?\s*$"
)
# "… a hung parliament, opinion polls show, unless …": a finding's source between commas; what follows stays.
FINDING_BETWEEN_COMMAS = re.compile(
    r",\s*(?:[\w’'-]+\s+){0,3}?(?:polls?|surveys?|data|figures|studies|study)\s+"
    r"(?:show|shows|showed|suggest|suggests|indicate|indicates)\s*(?=,)",
    re.I,
)
QUOTE_THEN_ATTRIBUTION = re.compile(r",[\"”’]\s+.*\b(?:says|said|told|added|wrote|reported|writes|quoted)\b.*$", re.I)


# What an editor put into a quotation: "[North Korea] will test", "(South Korea) will continue to provide … (to
# Ukraine)". The words stay, the marks go; "(TEL)", an acronym, keeps its brackets.
EDITORIAL_BRACKETS = re.compile(
    r"\[([^\]]{1,60})\]|^\(([^)]{1,60})\)|\(((?:to|in|on|at|for|from|with|of|by)\s[^)]{1,40})\)"
)


_EXPECT_OBJECT_TO = re.compile(r"\b(?:expects?|expected|predicts?|forecasts?|anticipates?)\s*$", re.I)


ASSUMED_THAT = re.compile(
    r"(?:^|,\s*)it\s+(?:can|could|may|must|should|is\s+to)\s+be\s+(?:\w+ly\s+)?(?:assumed|said|expected|predicted|"
    r"concluded|argued|stated|noted|stressed|recalled)\s+that\s+",
    re.I,
)


def strip_attribution(text: str, forecast_verb: re.Pattern) -> str:
    """The sentence without its dateline, quotation marks and attribution ("…, the official said", "According to
    …,", "Analysts believe …"); a leading frame goes only when `forecast_verb` follows it."""
    text = text.replace("''", '"')  # two apostrophes for a quotation mark
    text = text.replace(" -- ", " — ")  # two hyphens for a dash
    text = QUOTE_THEN_ATTRIBUTION.sub("", text)
    text = APPOSITIVE_ATTRIBUTION.sub("", text)
    text = FINDING_BETWEEN_COMMAS.sub("", text)
    text = ASIDE_BEFORE_VERB.sub(" ", text)  # (before MID_ATTRIBUTION, which would cut all after ", SpaceX said,")
    text = MID_ATTRIBUTION.sub("", text)
    text = SAID_AS.sub("", text)
    text = DATELINE.sub("", text)
    text = INVERTED_ATTRIBUTION.sub("", TRAILING_ACCORDING.sub("", TRAILING_ATTRIBUTION.sub("", text))).strip()
    text = WRAPPER.sub("", text).strip()
    assumed = list(ASSUMED_THAT.finditer(text))
    if assumed:  # "Taking into account …, it can be safely assumed that X will …": X will …
        text = text[assumed[-1].end() :]
    text = EDITORIAL_BRACKETS.sub(lambda bracket: next(words for words in bracket.groups() if words), text)
    text = LEADING_ACCORDING.sub("", text)
    leading = LEADING_ATTRIBUTION.match(text)
    if (
        leading
        and _EXPECT_OBJECT_TO.search(text[: leading.end()])
        and re.match(r"[^,;.]{1,60}?\s+to\s+(?-i:[a-z])", text[leading.end() :])
    ):
        leading = None  # "Markets expect the BOJ to raise …": who is expected to act follows, the drafter reads it
    modal = forecast_verb.search(text[leading.end() :]) if leading else None
    # Not when a "that" still follows: "told reporters on the sidelines … that sanctions may …" is cut there later.
    # (nor when the verb comes straight after: "Musk announced plans to launch …" is Musk's plan, no frame)
    if (
        leading
        and modal
        and modal.start() > 0
        and not re.search(r"\bthat\s", text[leading.end() : leading.end() + modal.start()])
    ):
        text = text[leading.end() :]
        if sum(text.count(mark) for mark in '"“”') % 2:  # ('It added, " The revised period will …': unclosed)
            text = re.sub(r'^\s*["“]\s*', "", text)
    return text.strip().rstrip(".!").strip()


REPORTING_THAT = re.compile(
    r"\b(?:" + REPORTING_VERBS + r"|indicates?|indicated|means?|meant|shows?|showed|signals?|signif\w+|suggests?|"
    r"suggesting|indicating|warning|saying|stating|noting|adding|meaning|showing|arguing|hoping|conceding|admitting|speculating|"
    r"announcing|confirming|considers?|considered|hinting|(?<=\bhas\s)decided|(?<=\bhave\s)decided|"
    r"acknowledging|claiming|insisting|predicting|forecasts?|reports?|posted|tweeted|"  # ("posted on X that")
    r"(?:informed|notified|assured)(?:\s+by(?:\s+[\w’'-]+){1,4}?)?|"
    # "notified lawmakers on Monday that", "warned Congress that": the verb's object before "that"
    # ("has reaffirmed its investors that", "quoted several publishers including Take-Two Interactive that")
    r"(?:notified|informed|assured|reminded|briefed|warned|told|reaffirmed|quoted)(?:\s+(?!that\b)[\w’'-]+){1,5}?|"
    r"is|was|are|were|clear|likely|possible|probable|predicted|expected|concerns?|hopes?|risk|chance|possibility|"
    r"likelihood|sign|evidence|fact|intelligence|information|indications?|determined|learned|concluded|"
    r"confidence|optimism|belief|assurances?|speculation|expectations?|rising|growing|mounting|rife|"
    r"statements?|promises?|predictions?|pledges?|"  # ("in line with Musk's latest promise that a handful of …")
    r"(?<=\bno\s)question|(?<=\bno\s)doubt|(?<=\blittle\s)doubt|"  # ("There's almost no question that the Fed is …")
    r"anticipates?|anticipated|(?<=\bit\s)(?:seems|seemed|appears|appeared)|"  # ("it seems that X intend to …")
    r"confirmed|assess|assessed|understand|know|known)"
    # "said last week that", "warned in a letter that", "said earlier this year that"
    # ("says on its website that", "announced on social media on Monday that": where, then when)
    r"(?:\s+on\s+(?:its|their|his|her)\s+(?:website|blog|account)|\s+on\s+social\s+media|\s+on\s+(?-i:X))?"
    r"(?:\s+(?:earlier|later)\s+(?:this|last)\s+\w+|\s+(?:last|this|earlier|late)\s+\w+|\s+on\s+\w+(?:\s+(?:morning|afternoon|evening|night))?|"
    r"\s+in\s+(?:a|an|her|his|its|their)\s+(?:[\w.:-]+\s+){0,3}[\w-]+)?"
    r"\s+that\s+",  # ("said in an 11 a.m. advisory that")
    re.I,
)
