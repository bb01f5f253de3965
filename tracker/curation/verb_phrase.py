"""The verb phrase of a drafted question, cleaned: what follows the forecast's verb loses the deadline's words
and what they leave behind ("at the latest", "later"), hedges, negation, a condition (returned, for the flag), the
clause that follows, and, when the title runs long, its trailing adjuncts one by one ("… amid external threats")
but never what a verb still needs ("by attempting [to launch …]"). Pure Python (standard library only)."""

import re

from tracker.curation.calendar_rules import WEEKDAYS
from tracker.curation.subjects import MODIFIER_ENDING
from tracker.curation.verb_forms import base_form

_HEDGES = re.compile(
    r"\b(?:(?:most|very|quite)\s+likely|(?:very|quite)\s+possibly|probably|likely|possibly|perhaps|presumably|potentially|eventually|ultimately|"
    r"tentatively|"
    # ("would effectively shut down" hedges; "manage it more effectively" says how)
    r"(?<!\bmore\s)(?<!\bless\s)(?<!\bmost\s)(?<!\bvery\s)(?<!\bso\s)(?<!\bas\s)effectively|"
    r"certainly|surely|absolutely|definitely|soon|in\s+fact|"
    r"as\s+well|also|further|even|well|still|indeed|then|actually|significantly|increasingly|meanwhile|not\s+only)\b\s*",
    re.I,
)
_NOT_ONLY = re.compile(r"not\s+only\s+", re.I)
_NEGATION = re.compile(r"^(?:not|never|no\s+longer)\s+", re.I)
CLAUSE_END = re.compile(
    r",?\s+(?:in\s+part|partly|largely|mainly|mostly|chiefly|just|only|simply)\s+because\b|"  # the reason goes whole
    r"(?<!\bto)(?<!\bor)\s+(?:a|one|two|three|a\s+few|\d+)\s+(?:hours?|days?|weeks?)\s+after\s|"  # "…, a day after violent clashes …"
    r"\s+and\s+(?:that\s+|(?=(?:if|once|when)\s))|"  # "… on Tuesday and that it is likely …", "… and if approved, …"
    # ("will use the same capsule … but plans to modify …": a second verb phrase of its own)
    r"\s+but\s+(?=(?:plans?|intends?|aims?|hopes?|expects?|wants?|will|would|could|may|might)\s)|"
    # "… would not harm Twitter, the social media giant says it is …": another sayer's clause
    r",\s+(?:the\s+)?(?:[\w’'-]+\s+){0,4}?(?:says|said)\s+(?=(?:it|he|she|they|that|the)\b)|"
    # (", likely attracting old and new fans": a participle's forecast of its own)
    r",?\s*—|,\s+(?:likely\s+|probably\s+)?\w+ing\b(?!\s+(?:or|and)\s|,)|,\s+saying\b|"
    # ("…, weather conditions permitting", "…, there are concerns that …": an absolute phrase, a clause of its own)
    r",\s+(?:[\w-]+\s+){1,3}permitting\b|,\s+there\s+(?:is|are|was|were)\s|"
    # ("to announce which plants will walk out": after a verb of telling, "which" asks, and the question is its object)
    r"(?<!announce)(?<!decide)(?<!determine)(?<!reveal)(?<!disclose)(?<!identify)(?<!choose)(?<!explain)"
    r"\s+which\s+(?=\w+(?:s|ed)\b)|,[\"”]?\s+(?:which|while|where|whereas|who|especially|particularly|reflecting|with|but|as|given|although|though|"
    r"since|because|thereby|further|potentially|possibly|creating|leading|making|raising|adding|signalling|"
    r"signaling|allowing|forcing|prompting|including|such\s+as)\b|;|(?<!\d):(?!\d)|\s[—–-]\s|\s+(?:if|unless|absent|barring|because|although|"
    r"though|whereas|so\s+that|as\s+long\s+as|provided\s+that|once|when|while|since|after|until)\s+|"
    r"\s+and\s+(?:are|is|was|were|have|has|had)\s+|"  # "… in April and are in the process of confirming this"
    # (", in a bid to get more private investment …", '"due to unfavorable weather …')
    r",\s+in\s+(?:a\s+bid|an\s+(?:effort|attempt))\s+to\b|\s+[\"“]?(?:due\s+to|because\s+of|owing\s+to)\s|"
    # ("… painful" in his biggest hint yet taxes will rise", "… VAT but avoided answering whether …")
    r"\s+in\s+(?:his|her|its|their|the|a)\s+(?:\w+\s+)?(?:hint|sign|signal|indication|warning)\b|\s+but\s+(?-i:[a-z]+ed)\s|"
    # ("…, maybe not all the way down to the Gulf Coast", "… in case you missed the show", "…, and that's really …")
    r",\s+(?:maybe|perhaps|possibly|probably)\s+not\b|\s+in\s+case\s+|,\s+and\s+that(?:['’]s|\s+is)\b|"
    # "… with Biden, one day before the summit gets underway": a clause with its own verb dates, the title does
    r"(?:,\s*|\s+)(?:(?:just|only|shortly|right)\s+)?(?:(?:a|one|two|three|a\s+few|\d+)\s+)?(?:(?:hours?|days?|weeks?)\s+)?"
    r"before\s+(?=(?:[\w’'-]+\s+){1,4}"
    r"(?:begins|starts|opens|ends|closes|gets|takes|comes|arrives|leaves|returns|runs|expires|falls|meets|votes|is|are)\b)|"
    r"\s+(?:and|but)\s+(?:could|may|might|will|would|can)\s+(?:also\s+)?(?-i:[a-z])|"  # a second forecast's verb
    # ("I will earn your trust and I will prove …": a second forecast of its own subject)
    r"\s+and\s+(?=(?-i:I|we|he|she|they|it)\s+(?:will|would|could|may|might|can)\b)|"
    r",\s+(?:despite|regardless\s+of|notwithstanding)\s|"  # "…, despite record low unemployment"
    # "… amid market expectations that …", "…, followed by a debate", "… in order to complete …", "… where his
    # opponents are trying …": a clause or purpose of its own
    r"\s+amid\s+(?:[\w-]+\s+){0,2}(?:expectations|hopes|fears|speculation|concerns|reports|signs)\b|"
    # ("… in the US "in order to assess …"", "… in October based on a hint": a reason of its own)
    r",\s+followed\s+by\s|\s+[\"“]?in\s+order\s+to\s|,?\s+based\s+on\s|"
    # ("… tonight, and then turn toward the north on Monday": a second verb phrase; "right up until landfall")
    r",\s+and\s+then\s+(?=(?-i:[a-z])\w+\s)|\s+right\s+up\s+(?=until\b)|"
    r"\s+and\s+(?=(?-i:[A-Z])\w+(?:\s+[a-z]+)?\s+(?:should|must)\b)|\s+in\s+what\s+(?:would|could|will|may|might)\s+be\b|"
    r"\s+where\s+(?=(?:[\w’'-]+\s+){1,4}(?:is|are|was|were|will|has|have)\b)|"
    r",?\s+which\s+(?:will|would|could|may|might)\s|"  # "… the session which will take place at 2:00 pm"
    r",\s+(?:almost|nearly|roughly|about|more\s+than)\s+(?:twice|double|triple|half|a\s+third)\b|"  # "…, almost twice …"
    r"\s+in\s+the\s+hopes?\s+of\s|"  # "haggle over the details in the hope of adopting …": a purpose
    # "… faster than planned and a group of 65 soldiers will complete …": another subject's clause
    r"\s+and\s+(?=(?:a|an|the)\s+(?:[\w’'-]+\s+){0,6}?(?:will|would|could|may|might)\b)|"
    r"\s+with\s+(?=(?:[\w’'.-]+\s+){1,4}(?:set|expected|due|likely|poised)\s+to\b)|"  # "… with Ishiba set to take …"
    # "…, speculation is rising that …": a clause of its own after the comma
    r",\s+(?=(?:[a-z]+\s+){1,2}(?:is|are|was|were)\s+(?:rising|growing|mounting|increasing|spreading)\s+that\b)|"
    r"\s+[\"“]?not\s+to\s+|"  # "decide on an increase 'not to do anyone a favor'": a purpose, not the forecast
    r",\s+for\s+(?:it|they|this|that|he|she|we)\s|"  # "…, for it takes time": a reason
    r"\s+but\s+(?:did|does|do|has|have|had|is|are|was|were)\b|"  # "… later this month but did not give details"
    r"\s+but\s+(?-i:I|we|he|she|they|it)\s|"  # "… will be drawn up but I can't put a timetable on it"
    # ("… may dampen the party vibe but Queensland remains open": another named subject's clause)
    r"\s+but\s+(?-i:[A-Z])[\w’'-]+(?:\s+(?-i:[A-Z])[\w’'-]+)*\s+(?:remains?|is|are|was|were|has|have|will|would|could|may|might)\b|"
    # "…, and Chinese leader Xi Jinping is expected to …": another clause with its own subject and verb
    r",\s+and\s+(?=(?:[\w’'-]+\s+){1,6}?(?:is|are|was|were|will|would|could|may|might|has|have|had)\b|"
    r"(?:we|they|he|she|it|i)\s)",
    re.I,
)
_CONDITION_WORDS = re.compile(r"\s+(?:if|unless|absent|barring|provided\s+that|as\s+long\s+as|once|should)\s+", re.I)
_VAGUE_TIME = re.compile(
    r"\s*,?\s*\b(?:in\s+the\s+(?:near\s+|foreseeable\s+|distant\s+)?future|moving\s+forward|going\s+forward|"
    r"in\s+the\s+(?:long|short|medium)[- ]term|in\s+the\s+years?\s+ahead|over\s+time|"
    r"in\s+the\s+(?:coming|next)\s+(?:few\s+)?(?:days|weeks|months|years)|for\s+years\s+to\s+come|"
    r"(?:(?:very|pretty|quite|fairly)\s+)?soon|"
    r"at\s+some\s+point|sooner\s+or\s+later|at\s+any\s+time|any\s*time|"
    r"in\s+the\s+fullness\s+of\s+time|in\s+due\s+course|at\s+a\s+later\s+(?:date|time|stage))\b",
    re.I,
)
# What a deadline leaves behind when the title states its own: "by the end of April at the latest", "head to Hanoi
# later on Wednesday", "agree to it this time around".
_TIME_LEFTOVER = re.compile(
    r"\s*,?\s*\bat\s+the\s+(?:latest|earliest)\b|\s+this\s+time(?:\s+around)?\b|(?:\s+(?:a|an|one|two|three|four|five|a\s+few|several|\d+)\s+(?:hours?|days?|weeks?|months?|years?))?\s+(?:later|earlier|late|early)\s*$|"
    r"\s+(?:beginning|starting)(?=\s*(?:$|,|\s+and\b))|"  # "offer loans beginning [next year] and …"
    r"\s*[\"“]?as\s+(?:early|soon)\s+as\s*[\"”,]*\s*$|"  # "take place as early as [next week]"
    r"\s+or\s+so\b|"  # "make an announcement [in the next week] or so"
    r"\s+(?:somewhere|sometime)\s*$|"  # "put GTA 6's launch somewhere [between late August and December]"
    r"\s*\((?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\)|"  # "begin around midday [today](Sunday)"
    # ("take place either [on September 12 or …] of this year": the title's date says the year too)
    r"\s+either\s*(?=(?:,?\s+(?:of\s+)?this\s+year)?\s*$)|\s*,?\s+(?:of\s+)?this\s+year\s*$",
    re.I,
)
# Time words a title keeps when its own deadline was read from elsewhere ("meet either or Thursday", "take place
# local time", "hold a summit the following day").
LEFTOVER_TIME = re.compile(
    r"\b(?:the\s+(?:following|next|previous)\s+(?:day|week|month)|local\s+time|either\s+or|between\s+and|"
    r"by\s+the\s+time\b|"  # "be a Category 3 hurricane by the time it reaches shore": a time of its own
    r"afterwards?$|thereafter$|"  # "host a news conference afterwards": after what, the article said before
    r"(?:around|at|about)\s+the\s+same\s+time|"
    r"around\s+the\s+time\s+of|(?:this|next|last)\s+(?:week|month|year)|monday|tuesday|wednesday|thursday|friday|"
    r"(?:right|just|shortly|immediately)\s+(?:before|after)\s+the\s+[\w-]+|"  # "issue bills right before the X-date"
    r"saturday|sunday|tomorrow|tonight|(?:a|one|two|three)\s+days?\s+later|"
    # "conduct experiments through the next 14 days", "make a powered descent around 1745 Hrs IST", "at 4 p.m."
    r"(?:in|within|over|through|during|for)\s+the\s+(?:next|coming)\s+(?:few\s+|several\s+|\d+\s+|[a-z]+\s+)?"
    r"(?:hours|days|weeks|months|years)|\d{1,2}(?:[:.]\d{2})?\s*[ap]\.?m|\d{3,4}\s+hrs|"
    # a span beside the title's date ("issue a ruling two to three weeks", "last for 11 days", "for about a week",
    # "for two weeks before delivering"; not "90 days of …")
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|a\s+few|a\s+couple\s+of|several|\d+)(?:\s+(?:to|or)\s+(?:two|three|four|"
    r"five|six|seven|eight|nine|ten|\d+))?\s+(?:hours|days|weeks|months)(?!\s+(?:of|old|ago)\b)|"
    r"(?:for|over)\s+(?:about\s+|around\s+|nearly\s+|roughly\s+)?(?:a|an|one)\s+(?:hour|day|week|month|year)|"
    r"tak(?:e|es|ing)\s+(?:several\s+|many\s+)?(?:hours|days|weeks|months|years)|"  # "take weeks to get … working"
    # ("be stuck for weeks", "last for decades": on the judged titles, 6 sent back, none passed)
    r"for\s+(?:days|weeks|months|years|decades)|"
    r"(?:in|by|on|before|until|beyond|past)\s+(?:(?:early|mid|late)-?\s*)?(?:january|february|march|april|may|june|july|"
    r"august|september|october|november|december))\b",
    re.I,
)
# A verb phrase ending in one of these stops mid-clause ("provide defensive", "lead to the").
DANGLING = {
    "a", "an", "the", "of", "to", "and", "or", "with", "for", "in", "on", "by", "as", "than", "that", "its", "their",
    "his", "her", "more", "less", "both", "either", "into", "from", "at", "such", "defensive", "foreign", "domestic",
    "military", "economic", "political", "offensive", "new", "further", "greater", "not", "only", "also", "after",
    "before", "soon", "be",
}  # fmt: skip


# "Will the Merge kick in …?": a verb and its particle end the phrase whole
PHRASAL_VERB = re.compile(
    r"(?:^|\s)(?:kick|set|step|give|sink|cave|wind|sign|come|take|break|carry|hold|phase|roll|pull|back|go|move)\s+"
    r"(?:in|off|out|on|down|over|up|back|ahead|through)$",
    re.I,
)

# An hour of the day: "11 a.m.", "9 p.m. EDT", "midnight"
_HOUR = (
    r"(?:\d{1,2}(?::\d\d)?\s*(?:a\.m\.?|p\.m\.?|am\b|pm\b|GMT\b|UTC\b)"
    r"(?:\s+(?:EDT|EST|ET|CT|MT|PT|GMT|UTC|BST|CET|CEST|EET|EEST|MSK|IST|KST|JST|HKT|SGT|AEDT|AEST|PST|PDT|CST|CDT)\b|"
    r"\s+(?:Eastern|Central|Mountain|Pacific|[Ll]ocal)(?:\s+[Ss]tandard)?\s+[Tt]ime\b)?|"  # ("5:30pm Eastern time")
    r"(?:midday|noon|midnight)\b)"
)


def clean_predicate(predicate: str, time_phrase: str) -> tuple[str, str]:
    """(verb phrase, condition dropped) from what follows the modal, without the deadline's `time_phrase` (found by
    its words: cleaning the attribution and an editor's brackets moved it)."""
    # ("get Polaris Dawn - a risky mission that will send … - off the ground": an aside between dashes; "will aim to
    # take off": the act aimed at)
    predicate = re.sub(
        r"^(?:aim|plan|intend|hope|look)\s+to\s+", "", re.sub(r"\s[—–-]\s[^—–]{1,150}?\s[—–-]\s", " ", predicate)
    )
    if time_phrase:
        start = predicate.find(time_phrase)
        end = start + len(time_phrase)
        if start >= 0:
            rest = predicate[max(end, start) :]
            if re.match(r"(?:at|during)\s", predicate[start:end], re.I):
                rest = re.sub(
                    r"^\s*(?:meeting|summit|session|talks|conference|gathering)\b", "", rest
                )  # "at its Oct. 29-30 meeting"
            rest = re.sub(r"^\s*(?:morning|afternoon|evening|night)\b", "", rest)  # "on August 23 evening"
            rest = re.sub(
                r"^\s*\([A-Z][a-z]+\.?\s+\d{1,2}\)|^\s*\(\d{1,2}\s+[A-Z][a-z]+\)", "", rest
            )  # "on Tuesday (November 26)"
            if re.match(r"around\s+the\s+time", predicate[start:end], re.I):
                rest = re.sub(r"^\s*[a-z][\w-]*", "", rest)  # "… of the November 5 election": the event's name too
            if re.match(r"\s*['’]s\s", rest) or re.search(r"['’]s\s*$", predicate[start:end]):
                # "dissent from this month's decision", "host Friday's summit": the thing the date was of
                rest = "the " + re.sub(r"^\s*['’]s\s+", "", rest)
            # ("take place Wednesday, September 18": the weekday goes with its date)
            head = re.sub(r"(?i:\s+(?:" + "|".join(WEEKDAYS) + r"),?\s*)$", " ", predicate[:start])
            if not re.search(r"[\w’'\"”)]", rest) or re.match(r"\W*,", rest):
                # ('be released in the "Fall of Calendar 2025."': the phrase's preposition stood apart from it)
                head = re.sub(r"\s+(?:in|by|for|during|before|until|on|at)\s+(?:the\s+)?[\"“‘']\s*$", "", head)
            predicate = (head + " " + rest).strip()
    predicate = re.sub(r",\s+(?:currently|now|already)\s+[^,]{1,60},", "", predicate)  # "…, currently set at 0.1%,"
    predicate = re.sub(
        r"\s*—[^—]{1,80}—\s*|\s+[-–]\s+(?:(?!\s[-–]\s).){1,80}?\s+[-–]\s+", " ", predicate
    )  # an aside between dashes
    # (not "so that it can eventually join": a purpose, which the shortening handles as one)
    relative = re.split(r"(?<!\bso)\s+(?:that|which|who)\s+\w+\s+(?:will|would|could|may|might|can)\b", predicate)[0]
    # (after a verb of telling, "which" asks: the question is the verb's object)
    if not re.search(r"\b(?:announce|decide|determine|reveal|disclose|identify|choose|explain)$", relative):
        predicate = relative
    not_only = _NOT_ONLY.match(predicate)
    if not_only:  # "not only X but also Y" asks about X and Y
        predicate = re.sub(r"\s+but\s+also\s+", " and ", predicate[not_only.end() :])
    # "prolong the cuts into 2024 and possibly 2025": the question asks what was forecast firmly
    if not re.search(r"\beither\b", predicate, re.I):  # ("either A or potentially B" keeps both)
        predicate = re.sub(r"\s+(?:and|or)\s+(?:possibly|perhaps|maybe|potentially)\s+[^,]*$", "", predicate)
    predicate = _NEGATION.sub("", predicate)
    predicate = _HEDGES.sub("", predicate) if _HEDGES.match(predicate) else predicate
    predicate = re.sub(
        r"^(?:now|later|first|then|subsequently)\s+", "", predicate
    )  # "may now consider", "will later be …"
    # "would then need to be passed": be passed; "will need to convene a session": convene it
    predicate = re.sub(r"^(?:need|have)\s+to\s+(?=(?-i:[a-z]))", "", predicate)
    condition = ""
    # "make his first trip to Asia since taking office": after a first or a superlative, "since" is its measure
    boundary = next(
        (
            found
            for found in CLAUSE_END.finditer(predicate)
            if not (
                re.match(r"\s+since\s", found.group(0), re.I)
                and re.search(r"\b(?:first|last|only|[a-z]{3,}est)\b", predicate[: found.start()], re.I)
                # a short phrase with no verb of its own: not "since the troops arrived …", "since 1953 and might …"
                and re.fullmatch(
                    r"\s*(?:\w+ing\s+)?(?:(?!and\b|or\b)[\w’'-]+(?<!ed)\s*){1,4}", predicate[found.end() :]
                )
            )
            # "come after the ruling on …": what the verb needs, not a clause of its own
            and not (
                re.match(r"\s+after\s", found.group(0), re.I)
                and re.fullmatch(
                    r"(?:come|happen|follow|take\s+place|be\s+(?:held|made|announced))", predicate[: found.start()]
                )
            )
        ),
        None,
    )
    if boundary:
        tail = predicate[boundary.start() :]
        if _CONDITION_WORDS.match(tail):
            condition = tail.strip()
        predicate = predicate[: boundary.start()]
    predicate = _VAGUE_TIME.sub("", predicate)
    # "take over Taiwan, a self-governed democracy claimed by Beijing": the appositive describes, the title names
    # (and "…, the first positive sign in months that …": an appositive that judges the news)
    predicate = re.sub(
        # (", its first since …", ", the nation's first female president")
        r",\s+(?:a|an|(?:the|its|their|his|her)\s+(?:first|latest|biggest|largest|only|clearest|strongest|most|final|last)|"
        r"the\s+[a-z]+['’]s|"
        r"(?-i:[A-Z])[\w-]*(?:\s(?-i:[A-Z])[\w-]*)*['’]s)(?:\s[^,]*)?$",
        "",
        predicate,
    )
    predicate = _TIME_LEFTOVER.sub("", predicate)
    # "deliver its verdict at 11 a.m. [on April 4]": the hour of a day the title states ("hit around midnight",
    # "make landfall sometime between 9 p.m. and midnight [on Wednesday]")
    predicate = re.sub(
        # ("take off … no earlier than 3:38 a.m. ET [Tuesday]")
        r"\s+(?:at|no\s+earlier\s+than|as\s+early\s+as)\s+"
        + _HOUR
        + r"|\s+(?:around|about|near)\s+(?:midday|noon|midnight)\b|"
        r"\s+(?:some\s?time\s+)?between\s+" + _HOUR + r"\s+and\s+" + _HOUR,
        "",
        predicate,
    )
    predicate = re.sub(r"\s*\(\d{1,2}:?\d\d\s*(?:GMT|UTC|ET|EDT|[AP]M)\)", "", predicate)  # "(0900 GMT)"
    # "be held within 60 days, likely [in early June]": the likely date is the title's, the span it bounds goes too
    predicate = re.sub(
        r"(?:\s+within\s+\w+\s+(?:days|weeks|months))?\s*,\s*(?:most\s+|very\s+)?likely\s*$", "", predicate
    )
    predicate = re.sub(r"\s*[\"“”]\s*[\"“”]", "", predicate)  # a quoted time phrase, gone with its words
    # "could be also discussed" (also refers to the article), "continue and eventually lead to"
    predicate = re.sub(r"\s+(?:also|eventually|ultimately)\b", "", predicate)
    if not PHRASAL_VERB.search(predicate.rstrip(" ,")):  # ("kick in [between Sept. 13-16]" keeps its particle)
        predicate = re.sub(r"\s+(?:by|before|until|within|in|on|at)$", "", predicate.rstrip(" ,"))  # its time gone
    predicate = re.sub(r"\s+some\s?time$", "", predicate)  # "pass out of Florida some time [on Thursday]"
    predicate = re.sub(r"\s+as\s+well\s*$", "", predicate)
    predicate = re.sub(r",?\s+to\s+name\s+(?:but\s+|just\s+)?a\s+few\b", "", predicate)  # ("…, to name a few")
    subordinate_as = re.search(r"(?<!\bserve)(?<!\bserves)(?<!\bseen)(?<!\bact)(?<!\bacts)(?<!\bknown)(?<!\bsuch)"
                               r"(?<!\bsame)(?<!\bused)(?<!\bviewed)(?<!\bregarded)(?<!\bemerge)(?<!\bwell)(?<!\bnamed)(?<!\bappointed)(?<!\belected)(?<!\bchosen)\s+as\s+(?!a\b|an\b|well\b)"
                               # ("as the court customarily notifies …" is a clause; "as the new president" a role)
                               r"(?!the\b(?!\s+[a-z]+\s+(?:[a-z]+ly\s+)?(?:is|are|was|were|has|have|will|would|could|may|[a-z]+[^s\s]s)\b))",
                               # ("reach as high as 12 feet", "be seen as far south in the United States as Alabama": a
                               # comparison, no clause; masked, its length kept)
                               re.sub(r"\bas(\s+(?:[a-z]+\s+){1,2}(?:in\s+(?:the\s+)?(?:[A-Z][\w.]*\s+){1,3})?)as\b", r"__\1__", predicate))  # fmt: skip
    if subordinate_as:
        predicate = predicate[: subordinate_as.start()]
    predicate = re.sub(r"\s+", " ", predicate).strip(" ,;:-—–")
    # ("will 'return next February'": the quotation marks close on the verb alone once the date is gone)
    predicate = re.sub(r"^['‘\"“]([\w -]+?)\s*['’\"”]$", r"\1", predicate)
    if not re.search(r"(?:^|\s)['‘]", predicate):
        predicate = re.sub(r"(?<=[a-z])['’]$", "", predicate)  # "is 'likely to see … ever seen'": the quote's end
    # "will be choosing a successor": the future progressive asks whether they choose (an intention stays, flagged)
    predicate = re.sub(
        r"^be\s+(?=(?!(?:planning|preparing|considering|weighing|seeking|mulling|contemplating|going)\b)[a-z]{3,}ing\b)",
        "",
        predicate,
    )
    # "decide on whether to implement a hike or stick to the plan" asks whether they implement it
    predicate = re.sub(r"^decide\s+(?:on\s+)?whether\s+to\s+(.+?)\s+or\s+(?!not\b).*$", r"\1", predicate)
    return base_form(predicate), condition


# The last adjunct of a verb phrase, which a title can lose when it is too long (greedy: the rightmost one).
_TRAILING_PHRASE = re.compile(
    r"^(?P<keep>.*\S)\s+(?:amid|in\s+anticipation\s+of|regarding|following|despite|due\s+to|for\s+dealing\s+with|"
    r"in\s+response\s+to|in\s+order\s+to|against|across|throughout|within|among|along\s+with|as\s+well\s+as|"
    # ("and" before a name is a list of names, not an adjunct: "in Moscow and Kyiv")
    r"alongside|in\s+the\s+wake\s+of|on(?=\s+the\s)|and(?!\s+(?-i:[A-Z]))|to\s+(?!the\b|a\b|an\b|(?-i:[A-Z]))\w+)"
    r"\s+[^,]*$",
    re.I,
)


_CONTROL_VERBS = frozenset(
    [
        "seek",
        "try",
        "attempt",
        "agree",
        "plan",
        "want",
        "need",
        "decide",
        "continue",
        "help",
        "begin",
        "start",
        "fail",
        "refuse",
        "aim",
        "hope",
        "promise",
        "pledge",
        "vow",
        "threaten",
        "prepare",
        "move",
        "wish",
        "intend",
        "expect",
        "ask",
        "urge",
        "allow",
    ]
)


def drop_last_phrase(predicate: str) -> str:
    """The verb phrase without its last adjunct ("… amid external threats"), if three words or more remain and it
    does not end on an adjective ("foreign [and military policy]")."""
    candidate = predicate
    while (match := _TRAILING_PHRASE.match(candidate)) is not None:
        cut = candidate[match.end("keep") :].strip(" ,")
        candidate = match["keep"].strip(" ,")
        if cut.lower().startswith("to ") and re.search(r"\bfrom\s+[^,]+$", candidate, re.I):
            continue  # "a shift from developing a low-cost EV [to focusing on …]": "from" goes with its "to"
        words = candidate.split()
        if len(words) < 3:
            break
        last = words[-1].lower()
        # "seek to highlight … by attempting [to launch …]": the verb needs what was cut
        needs_more = last.endswith("ing") or last in _CONTROL_VERBS
        if not (MODIFIER_ENDING.search(words[-1]) or last in DANGLING or needs_more):
            return candidate
    return predicate


# "is on track for a Fall 2025 release", "is scheduled for a June 5 launch": the noun names the act the title asks
# about (a game or a console does not "take place"; it is released or it launches)
_ACT_OF_EVENT_NOUN = {
    "release": "be released",
    "launch": "launch",
    "debut": "debut",
    "premiere": "premiere",
    "opening": "open",
    "reopening": "reopen",
    "return": "return",
    "arrival": "arrive",
    "completion": "be completed",
    "rollout": "roll out",
}
_FOR_AN_EVENT_NOUN = re.compile(
    r"^(?:for\s+)?(?:a|an|the|its|their|his|her)\s+(?:[\w-]+\s+){0,2}?(?P<noun>" + "|".join(_ACT_OF_EVENT_NOUN) + r")"
    r"(?:\s+(?:window|date))?\b\s*(?P<rest>.*?)[.!]?$",
    re.I,
)


def act_of_event_noun(predicate: str) -> str | None:
    """ "for a release on PS5" -> "be released on PS5" (after "set for", "a release …"); None for any other
    phrase."""
    found = _FOR_AN_EVENT_NOUN.match(predicate.strip())
    if found is None:
        return None
    return " ".join(filter(None, [_ACT_OF_EVENT_NOUN[found["noun"].lower()], found["rest"].strip(" ,")]))


# "will take three months", "would take 6 to 10 hours": the deadline is a span the verb takes
SPAN_TAKEN = re.compile(r"tak(?:e|es|ing)\b", re.I)


def verb_phrase_of(rest: str, time_phrase: str, *, scheduled: bool) -> tuple[str, str]:
    """The verb phrase and its condition, from what follows the forecast's verb."""
    if scheduled:  # "Voting takes place Thursday and covers …": one verb
        rest = re.sub(r"(?<=day)\s+and\s+(?-i:[a-z]+s)\b.*$", "", rest, flags=re.I)
    predicate, condition = clean_predicate(rest, time_phrase)
    if SPAN_TAKEN.match(time_phrase):  # "will take three months to complete": complete by then
        # ("Opening a passageway will take about four weeks": the opening is complete by then)
        predicate = re.sub(r"^to\s+", "", predicate) or "be complete"
    elif predicate == "take" and re.match(
        r"(?:until|till)\b", time_phrase, re.I
    ):  # "is expected to take until late May"
        predicate = "be complete"
    if (predicate == "be" and time_phrase) or predicate == "scheduled":  # "the vote will be March 5", "… is scheduled"
        predicate = "take place"
    return predicate, condition
