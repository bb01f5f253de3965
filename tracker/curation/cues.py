"""How strongly a sentence forecasts: weighted cues ("will", "is expected to", "plans to", "could") less the cues of
advice, questions and hedges about the past; and, for sentences that do not forecast in words, how much they still
imply a trackable claim. Pure Python (standard library only); extraction.py asks it of every sentence."""

import re

from tracker.curation.verb_forms import SCHEDULED_PRESENT, STARTS_OR_ENDS

# Forecasting phrasings the score counts and the drafter builds a title after (drafting.py's _MODAL), written once.
# A day close at hand: "heads to the White House today", "faces a showdown with parliament on Saturday".
DATED_SOON = r"\b(?:on\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|today|tonight|tomorrow)\b"
# "70 percent to 80 percent ", "a 70 to 80 percent ", "40% ": a percentage or a range of them, before its noun (written
# once: the cue, the event's question and the subject's frame read it alike)
PERCENTAGE = r"(?:\d+\s*(?:percent\s+|per\s+cent\s+|%\s*)?(?:to|-)\s*)?\d+\s*(?:percent|per\s+cent|%)\s+"
# "Inheritance tax … and capital gains tax … have been touted as the two most likely to see a rise": the things touted
# act (written once: the cue and the drafter's verb)
TOUTED_AS_LIKELY = r"(?:has|have|had)\s+been\s+(?:touted|tipped|seen|viewed)\s+as\s+(?:the\s+)?(?:(?:one|two|three)\s+)?(?:most\s+)?likely\s+to"
# "Voters are heading to the polls on Friday", "Ms Reeves is meanwhile convening the first meeting … on Friday": the
# present progressive of a plan with its day (written once: the cue and the drafter's verb)
PLAN_UNDER_WAY = (
    r"(?:(?:meanwhile|also|now)\s+)?(?:heading|arriving|travel(?:l)?ing|flying|visiting|meeting|holding|hosting|leaving|"
    r"departing|returning|convening|chairing|addressing|attending|foregoing|forgoing|skipping|standing\s+down)\b"
    r"(?=[^.]*\b(?:on\s+(?:both\s+)?(?:monday|tuesday|wednesday|"
    r"thursday|friday|saturday|sunday)|today|tonight|tomorrow|this\s+(?:week|weekend)|next\s+week)\b)"
)
# "Voting takes place Thursday", "the summit opens Monday": a present-tense schedule dated by the day right after it
SCHEDULED_DATED = (
    r"\b" + SCHEDULED_PRESENT + r"(?:\s+place)?\b"
    # ("opens at 8 a.m. ET on Sunday": an hour's full stops end no sentence)
    r"(?=(?:[^.]|(?<=\d\s[ap])\.|(?<=\d[ap])\.|(?<=[ap]\.m)\.)*"
    + DATED_SOON
    + r"|\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b)"
)
# After "is expected" or "is due" with no verb, what says when: "The congress is expected in the coming weeks",
# "Landfall is expected late Wednesday night", "TTD achievement is expected between Sept. 10-20"
DUE_WHEN = (
    r"(?:in|on|by|at|before|within|next|later|soon|this|as\s+(?:early|soon)\s+as|early|late|between|around|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|tonight|today|tomorrow)\b"
)
# "The congress is expected in the coming weeks", "flooding is anticipated tonight": the event said to come, its time
# next (DUE_WHEN); no verb follows
EXPECTED_WHEN = r"(?:is|are)\s+(?:expected|due|anticipated)(?=\s+" + DUE_WHEN + r")"
# A month and a day just ahead ("Jan. 19", "October 28"), spelled as news does
MONTH_NAME = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
MONTH_DAY_AHEAD = MONTH_NAME + r"\s+\d"
# "Pre-orders for the headset begin Jan. 19", "the truce ends Feb. 2": a present-tense schedule with its date (not
# "to begin", "will begin")
SCHEDULED_ON_DATE = (
    r"(?<!\bto\s)(?<!\bwill\s)(?<!\bcould\s)(?<!\bmay\s)(?<!\bwould\s)(?<!\bmight\s)"
    r"\b" + STARTS_OR_ENDS + r"\s+(?=(?:on\s+)?" + MONTH_DAY_AHEAD + r")"
)
# "the retail launch was said to be in early 2024": a reported expectation with its time
SAID_TO_BE = r"(?:is|are|was|were)\s+(?:said|reported|rumou?red|tipped)\s+to(?=\s+be\s+(?:in|on|by|due|set|slated)\b)"
# "officials overseeing plans to rescue …": after a participle that governs it, "plans" is a noun
NOUN_PLANS = (
    r"(?<!overseeing\s)(?<!discussing\s)(?<!reviewing\s)(?<!announcing\s)(?<!unveiling\s)(?<!outlining\s)"
    r"(?<!approving\s)(?<!finalising\s)(?<!finalizing\s)(?<!drawing\sup\s)\bplans?"
)
# "the launch event is rumored to take place on September 12", "pre-orders are said to begin on September 15": a
# reported plan ("is said to have", "is said to be" report a state, SAID_TO_BE a dated one)
RUMORED_TO = r"(?:is|are)\s+(?:(?:widely|also|now)\s+)?(?:rumou?red|said|reported|tipped)\s+to(?!\s+(?:have|be)\b)"
# "That looks set to change on Jan. 13"
# ("The justices seemed likely to uphold the law": an impression of a ruling still to come)
LOOKS_SET_TO = r"(?:looks?|seems?|appears?|seemed|looked|appeared)\s+(?:set|likely|poised|certain|sure|bound)\s+to"
# "The government is still on a path to shut down at 12:01 a.m. Sunday", "is currently on track to", "is on course to"
ON_COURSE_TO = (
    r"(?:is|are)\s+(?:(?:still|now|firmly|well|currently|squarely|clearly)\s+)?on\s+(?:a\s+)?(?:path|track|course)\s+to"
)
# "Crews on track to open a 3rd, deeper channel …": a headline's subject, then no verb
HEADLINE_ON_TRACK = r"^(?:[\w’'.-]+\s+){1,4}?(?=on\s+(?:track|course)\s+to\s)"
# "SpaceX is pushing hard [to launch …]"
PUSHING = r"(?:is|are)\s+(?:pushing|working|racing|scrambling|striving|rushing)(?:\s+hard)?"
# "the BOJ is also seen by analysts as [scrapping …]": the gerund follows
SEEN_AS = r"(?:is|are)\s+(?:(?:also|widely)\s+)?seen\s+(?:by\s+(?:[\w-]+\s+){1,3})?as(?=\s+\w+ing\b)"
# "The February launch … is on track": the event itself is forecast ("is on track to" takes a verb, ON_COURSE_TO)
ON_TRACK = r"(?:is|are)\s+(?:still\s+|now\s+)?on\s+(?:track|schedule)\b(?!\s+to\b)"
# "Take-Two confirmed that GTA 6 was on track for a release in 2025": reported, the tense shifts back
# (not "repairs were on schedule for the bridge to reopen": ON_SCHEDULE_FOR, whose act is the bridge's)
ON_TRACK_REPORTED = (
    r"(?:was|were)\s+(?:still\s+|now\s+)?on\s+(?:track|schedule)(?=\s+for\s)"
    r"(?!\s+for\s+(?:[\w’'-]+\s+){1,6}?to\s+(?-i:[a-z]))"
)
# "A Boeing strike is looking more likely", "Approval is considered certain": the event itself is forecast
# ("The city's victory already appeared certain", "the July vote is considered a formality")
LIKELY_EVENT = (
    r"(?:(?:(?:already|now|still)\s+)?(?:looks?|seems?|appears?|looked|seemed|appeared|becomes?|grows?|"
    r"(?:is|are)\s+(?:(?:still|now|also)\s+)?(?:looking|considered(?:\s+to\s+be)?|seen\s+as|becoming|growing))\s+"
    r"(?:(?:more\s+and\s+more|more|increasingly|very|highly|almost|all\s+but)\s+)?"
    r"(?:likely|certain|inevitable|imminent|possible|a\s+(?:formality|foregone\s+conclusion))\b(?!\s+(?:to|that)\b)|"
    # ("an eruption is still considered to be possible", "an imminent fissure eruption cannot be ruled out")
    r"(?:cannot|can['’]t|could\s+not|couldn['’]t)\s+be\s+(?:ruled\s+out|excluded)\b|"
    # ("A new cathedral museum is also on the way": it is coming; not "on the way to Paris")
    r"(?:is|are)\s+(?:also\s+|now\s+|already\s+)?on\s+the\s+way\b(?!\s+(?:to|from|out|back|home|in|up|down)\b)|"
    # ("heavy rain is forecast for the coming days": weather and the like, said to come)
    r"(?:is|are)\s+(?:forecast|predicted)(?=\s+(?:for|in|on|over|this|next|later)\b))"
)
# "Up to 18 inches of rain is possible from Tampa to Orlando": the event itself may come ("it is possible that …",
# "is possible to …" and "as soon as possible" ask for more)
# ("cloud cover is highly probable from Texas through the Mississippi Valley")
POSSIBLE = r"(?:(?:highly|very)\s+)?(?:possible|probable)\b(?!\s+(?:to|that|if|because|for|when|only)\b)"
# "restoration plans were on schedule for the cathedral to reopen …": what is on schedule is the act after "to"
ON_SCHEDULE_FOR = r"on\s+(?:schedule|track|course)\s+for(?=\s+(?:[\w’'-]+\s+){1,6}?to\s+(?-i:[a-z]))"
# "X is scheduled for Feb. 22", "the event is set for Aug. 21-31", "Liftoff is now targeted for Dec. 24": a date to come
# ("The date for the partial reopening … has been confirmed as 8 December 2024": the event on that date)
SET_FOR = (
    r"(?:\b(?:is|are)|(?<=\w)['’]s)\s+(?:now\s+)?(?:scheduled|set|slated|planned|targeted)\s+for|"
    r"\b(?:has|have)\s+been\s+(?:confirmed|set|fixed)\s+(?:as|for)(?=\s+(?:\d|" + MONTH_NAME + r"))"
)
# "We look forward to closing the transaction", "remain committed to reaching an agreement": an intention whose
# gerund is the act (followed by the gerund)
# ("the company is reportedly close to rolling out an automatic fix": the act at hand)
# ("The US is just hours away from witnessing …": the act at hand, dated by how near it is)
GERUND_INTENT = (
    r"(?:(?:look(?:s|ing)?\s+forward|(?:remains?|is|are|stays?)\s+(?:fully\s+|firmly\s+)?committed|"
    r"(?:is|are)\s+(?:(?:reportedly|now|very|so|also)\s+)?(?:close|near))\s+to|"
    r"(?:is|are)\s+(?:just\s+|only\s+|mere\s+)?(?:hours|days|weeks)\s+away\s+from|"
    r"(?:plans?|planning)\s+on)"  # ("Apple plans on adding …")
)
# "Japan is making final arrangements to begin discharging …": a plan under way, the verb after "to"
# ("SpaceX is making another attempt to get Polaris Dawn … off the ground this week")
MAKING_ARRANGEMENTS = (
    r"(?:is|are)\s+making\s+(?:(?:final|last-minute)\s+(?:arrangements|preparations)|arrangements|preparations|"
    r"(?:another|a\s+(?:new|fresh|second|third|final)|an?)\s+(?:attempt|bid|push|effort))\s+to"
)
# "Ship Stuck in Suez Canal Risks Blocking Key Trade Route": a danger told as the subject's own act (follows a gerund;
# not "the risks facing")
RISKS = r"(?<!\bthe\s)\brisks(?=\s+(?!facing\b|posed\b|involved\b|ahead\b)\w+ing\b)"
# "Elon Musk has until Oct. 28 to close his acquisition": a term granted, the verb after it
UNTIL_TO = r"\b(?:has|have)\s+until\s+[^,;]{3,30}?\s+to(?=\s+(?-i:[a-z]))"
# "the flight has only a "slim chance" of taking off": the gerund is the event
CHANCE_OF = (
    r"(?:has|have|had|stands?)\s+(?:only\s+|just\s+|still\s+)?(?:a|an)\s+[\"“]?(?:[\w-]+\s+){0,2}?chance[\"”]?\s+of"
    r"(?=\s+\w+ing\b)"
)
# "he is required by law to write …"
REQUIRED_TO = r"(?:is|are)\s+(?:required|obliged)(?:\s+by\s+law)?\s+to"
# "must return to their factories by Tuesday", "must take place no later than Oct. 20": an obligation with its date
# is a deadline to track, not advice (follows "must")
BY_A_DATE = (
    r"(?=\s+(?:[\w’'-]+\s+){1,8}?(?:by|no\s+later\s+than|not\s+later\s+than)\s+(?:monday|tuesday|wednesday|thursday|"
    r"friday|saturday|sunday|tomorrow|the\s+end\b|" + MONTH_DAY_AHEAD + r"|\d))"
)

# "a Tesla vehicle will, for the first time, "fully drive itself …"": an aside between the modal and its verb
WILL_WITH_ASIDE = r"will,\s+[^,]{3,40},"
WILL_ASIDE = r"\b" + WILL_WITH_ASIDE + r"\s+[\"“]?(?-i:[a-z])\w+"
# "Tesla Inc. is targeting June 12 to launch its robotaxi service": a plan with its date before the verb
TARGETING_TO = r"(?:is|are)\s+(?:now\s+)?targeting\s+(?:[\w.,]+\s+){1,4}?to(?=\s+(?-i:[a-z]))"
_W = r"(?:\w+[\w’'-]*\s+){0,3}?"
POSITIVE = [
    (
        2.0,
        r"\bwill\s+[\"“'‘]?(?!be\s+(?:key|crucial|important|essential|vital)\b)\w+|" + WILL_ASIDE,
    ),  # ('will "reflect …')
    (
        2.0,
        r"(?:\b(?:is|are|am|was|were)|(?<=\w)['’](?:s|re|m))\s+[\"“'‘]?(?:(?:widely|also|now|not|most|highly|currently|still|tentatively|already|all|"
        r"reportedly|again|then|later|first)[\"”'’]?\s+)?(?:expected|likely|set|poised|due|slated|projected|assumed|anticipated|"
        r"scheduled|going|"
        r"predicted|forecast|"
        r"certain|sure|bound|ready|prepared|willing)[\"”]?\s+to\b",
    ),
    (
        1.8,
        r"\b(?:could|may(?!\s+\d)|might)\s+(?:also\s+|further\s+|significantly\s+|even\s+|well\s+|not\s+only\s+)?(?!be\s+(?!willing\b)\w+ing\b|have\s+\w+(?:ed|en)\b)\w+",
    ),
    # ("adding that it was unlikely that the G7 would reach …": reported speech keeps the forecast)
    (
        1.6,
        r"\bwill\s+likely\b|\b(?:is|are)\s+(?:highly\s+|very\s+)?(?:likely|unlikely)\b|\bunlikely\s+to\b|"
        r"\b" + LIKELY_EVENT + r"|"
        r"\b(?:was|were)\s+(?:highly\s+|very\s+)?(?:likely|unlikely)\s+that\b(?=[^.]*\bwould\b)",
    ),
    (
        1.4,
        r"\b(?:is|are)\s+(?:also\s+|still\s+|now\s+)?" + POSSIBLE,
    ),
    # "The congress is expected in the coming weeks", "The EU expects to get the signal at the summit".
    (
        2.0,
        r"\b" + EXPECTED_WHEN + r"|\bexpects?\s+to\b|"
        # ("He said he expected to initially run 10 or so taxis": reported, the tense shifts back)
        r"\b(?:he|she|they|we|I)\s+expected\s+to\b|\b" + TARGETING_TO,
    ),
    # "Voters are heading to the polls on Friday": the present progressive of a plan with its day
    (
        2.0,
        r"\b(?:is|are)\s+" + PLAN_UNDER_WAY + r"|\b" + TOUTED_AS_LIKELY,
    ),
    # "McCarthy heads to the White House today": a trip in the present tense with its day
    (
        2.0,
        SCHEDULED_DATED,
    ),
    (1.5, r"\b(?:" + NOUN_PLANS + r"|planned|intends?|aims?|threatens?|vows?|pledges?|promises?|hopes?)\s+to\b"),
    # "That looks set to change on Jan. 13", "Lai is favored to defeat …", "the Bank is pencilling in a rise"
    (
        2.0,
        r"\b" + LOOKS_SET_TO + r"\b|\b" + ON_COURSE_TO + r"\b|" + HEADLINE_ON_TRACK + r"|"
        r"\b(?:is|are)\s+(?:(?:heavily|widely|strongly|currently|now)\s+)?favou?red\s+to\b",
    ),
    (1.5, r"\b(?:is|are)\s+(?:[a-z]+ly\s+)?(?:pencil(?:l)?ing\s+in|projecting|forecasting)\b"),
    # "the BOJ is also seen by analysts as scrapping …", "he is required by law to write …"
    (
        1.5,
        r"\b" + SEEN_AS + r"\s+\w+ing\b|\b" + REQUIRED_TO + r"\b",
    ),
    # "Lawmakers are to deliver their remarks …", "The president is to visit Seoul": an arrangement to come
    (1.2, r"\b(?:is|are)\s+to\s+(?!blame\b)(?-i:[a-z])\w+"),
    # "SpaceX is pushing hard to launch … this week": an effort under way towards a dated act
    (1.5, r"\b" + PUSHING + r"\s+to\s+(?-i:[a-z])"),
    # "he wants to discuss on May 9 …": a wish with its day is a plan
    (
        1.5,
        r"\bwants?\s+to\s+\w+\s+on\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|[A-Z][a-z]{2,8}\.?\s+\d)",
    ),
    # ("… a session is scheduled.")
    (2.0, SET_FOR + r"\b|\b(?:is|are)\s+scheduled\s*[.!]?\s*$"),
    # "drills to come", "the punishment may be yet to come"
    (1.0, r"\b(?:yet\s+)?to\s+come\b"),
    # "The diplomats have to come to a framework … by the end of this month": an obligation with a date
    (0.6, r"\b(?:have|has)\s+to\s+\w+"),
    # "Spain announced that it wouldn't be able to reach the target"
    (2.0, r"\b(?:won['’]t|wouldn['’]t|will\s+not|would\s+not)\s+\w+"),
    # "we can receive the first fighters by the end of this year": ability with a date is a forecast
    (0.6, r"\bcan\s+(?!be\s+(?:seen|used|found|said)\b)\w+"),
    # "unveiled a plan Thursday to double …"
    (1.5, r"\b(?:a|the|its|his|her|their)\s+plans?\s+(?:\w+\s+){0,2}to\b"),
    # "Xi's expected visit to Serbia next week is seen as …": the visit to come is the forecast.
    (
        2.0,
        r"['’]s\s+(?:expected|planned|anticipated|upcoming|proposed|scheduled)\s+(?:(?:state|official)\s+)?(?:visit|trip)\s+to\b",
    ),
    # Plans and decisions in other words: "is considering sending", "the plan is to", "decided to", "pledging to".
    (
        1.5,
        r"\b(?:is|are)\s+(?:(?:[a-z]+ly|also|now|still)\s+)?(?:considering|weighing|planning|preparing)\b|\bplan\s+is\s+to\b|"
        r"\b(?:decided|proposed|proposes?|agreed|pledging|planning|intending|vowing|threatening|aiming|preparing|readying|hoping|looking|"
        r"promised|pledged|vowed|threatened)\s+to\b(?!\s+(?:a|an|the|its|their|his|her|this|these|that)\s)",
    ),
    (
        1.2,
        r"\b(?:predict(?:s|ed)?|forecasts?|anticipat(?:es?|ed)|expects?|warns?|warned)\b|(?:are|is|am|['’]re)\s+expecting\b",
    ),
    # "92 of 101 expect a 25-basis-point cut", "strongly points to a cut", "pricing in over 100 basis points of
    # cuts": an event foreseen as a noun, whoever foresees it
    (
        1.5,
        r"\b(?:expect(?:s|ed)?|predict(?:s|ed)?|anticipat(?:es?|ed)|points?\s+to|pricing\s+in)\s+"
        r"(?:an?|another|several|over|more\s+than|at\s+least)\s+(?!(?:lot|bit|number|while|few)\b)",
    ),
    # "There is an increasing risk of damaging winds …": the event, said to threaten
    (
        1.5,
        # ("There is a chance of rain during the … opening ceremony")
        r"\bthere\s+is\s+an?\s+(?:(?:increasing|growing|rising|high|significant|real|slight|small)\s+)?(?:risk|threat|likelihood|chance)\s+of\b|"
        r"\bthere(?:\s+is|['’]s)\s+an?\s+"
        + PERCENTAGE
        + r"chance\b",  # ("there is a 70 percent to 80 percent chance of …")
    ),
    (
        1.0,
        r"\bcan\s+(?:lead|result|generate|trigger|rejuvenate|provoke|cause|escalate|bolster|undermine|shift|reshape)\b",
    ),
    (1.0, r"\bwould\s+\w+"),
    (2.0, r"\bmust" + BY_A_DATE),
    # "so Musk can close the deal by October 28", "has until Oct. 28 to close": ability or a term, with its date
    (1.5, r"\bcan" + BY_A_DATE + r"|" + UNTIL_TO),
    (1.5, r"\b" + CHANCE_OF),
    (
        1.5,
        r"\b"
        + GERUND_INTENT
        + r"\s+\w+ing\b|\b"
        + MAKING_ARRANGEMENTS
        + r"\b|"
        + RISKS
        + r"|\b"
        + ON_TRACK
        + r"|\bthat\s+(?:[\w’'.()-]+\s+){1,6}?"
        + ON_TRACK_REPORTED
        + r"|\b"
        + ON_SCHEDULE_FOR,
    ),
    (2.0, SCHEDULED_ON_DATE + r"|\b" + SAID_TO_BE + r"|\b" + RUMORED_TO),
    # "an election must be held within 60 days, likely in early June": an obligation with its likely date
    (1.5, r"\bmust\s+be\s+\w+\b(?=[^.;]*,\s+(?:most\s+|very\s+)?likely\s+(?:in|by|on|before|around)\b)"),
    (
        0.8,
        r"\b(?:in the coming (?:days|weeks|months|years)|next (?:week|month|year)|for years to come|in the future|"
        r"moving forward|by (?:19|20)\d\d|by the end of (?:this|next) (?:year|month))\b",
    ),
    (0.5, r"\b(?:risk of|prospect of|potential(?:ly)?|possibility)\b"),
    (0.5, r"^(?:if|should|unless)\b|\bif\s+(?:this|these|the)\b"),
]
NEGATIVE = [
    # Advice, not a forecast.
    # "Countries should …" advises; "Should X happen, …" and ", should X happen" are conditions, not advice.
    # ("needs to be approved by parliament" is a step to come, and "arguing that the priority should …" reports)
    (
        1.6,
        r"(?<=[A-Za-z’']\s)(?<!that\s)(?<!\bthe\s)(?:should|must(?!"
        + BY_A_DATE
        + r")|ought to|(?<!\bwill\s)(?<!\bwould\s)need to|needs to)\s+"
        r"(?!be\s+(?:\w+ed|held|made|done|built|paid|sent|given|taken|shown|won)\b)\w+",
    ),
    (
        1.0,
        r"\b(?:it is|it's)\s+(?:crucial|essential|important|vital|key|clear)\b|(?<!to\s)\bcalls?\s+for\b|\brequires?\b",
    ),
    # A question inside the sentence: "how X could", "whether Y will".
    # ("in what would be the first hike in 17 years" describes the news; it asks nothing; "Biden will meet his
    # Cabinet next week to discuss how the government will operate" forecasts in its main clause, before the question)
    (
        2.2,
        r"^(?:(?!\b(?:will|shall|would|could|may|might)\b).)*?"
        r"(?<!\bin\s)(?<!\bof\s)(?<!\bto\s)\b(?:how|whether|what)\s+" + _W + r"(?:will|could|may|might|would)\b",
    ),
    # Hedges about the past or the present.
    (1.5, r"\b(?:may|might|could)\s+have\s+\w+(?:ed|en)\b"),
    (1.2, r"\b(?:may|might|could)\s+be\s+(?!willing\b)\w+ing\b"),
]
_POSITIVE = [(weight, re.compile(pattern, re.I)) for weight, pattern in POSITIVE]
_NEGATIVE = [(weight, re.compile(pattern, re.I)) for weight, pattern in NEGATIVE]


# Statements a question can be built on without forecasting in words: inferences ("signals", "implies"), trends
# ("escalating", "not sustainable"), reported facts ("confirmed", "according to"), advice whose uptake can be
# tracked ("should"). A second, low-confidence tier that curators see apart from the forecasts.
IMPLICIT = [
    (
        1.0,
        r"\b(?:signal(?:s|led|ling)?|impl(?:y|ies|ied)|indicat(?:es|ing)|suggests?|underlines?|underscores?|"
        r"highlights?|raises\s+(?:questions|concerns|fears)|points?\s+to|means?\s+that)\b",
    ),
    (
        0.8,
        r"\b(?:continu(?:es|ing)|escalat\w+|tighten\w*|deepen\w*|deeper|strengthen\w*|growing|mounting|rising|"
        r"intensif\w+|(?:not|un)\s*sustainable|benefits?\s+from|gains?)\b",
    ),
    (0.7, r"\b(?:confirmed|reported(?:ly)?|according\s+to|estimates?|acknowledged|observed)\b"),
    (0.7, r"\b(?:should|must|ought\s+to|needs?\s+to)\b"),
    (0.4, r"\b(?:at\s+least|more\s+than|over|up\s+to)\s+\d[\d,]*\b"),
]
IMPLICIT_THRESHOLD = 0.7
_IMPLICIT = [(weight, re.compile(pattern, re.I)) for weight, pattern in IMPLICIT]


def _cues(patterns, sentence: str) -> tuple[float, list[str]]:
    """The summed weight of the patterns found in the sentence (each counts once), and the words they matched."""
    score, cues = 0.0, []
    for weight, pattern in patterns:
        found = pattern.search(sentence)
        if found:
            score += weight
            cues.append(found.group(0).lower())
    return score, cues


def implicit_score(sentence: str) -> tuple[float, list[str]]:
    """How much a sentence that does not forecast still carries a trackable claim, and the cues found."""
    score, cues = _cues(_IMPLICIT, sentence)
    if sentence.rstrip().endswith("?"):
        score = 0.0
    return score, cues


# "…, arguing that the priority should be …": advice someone gave, which the article reports, not gives.
# ("The hurricane center said Beryl should continue moving …": a forecaster's "should" is the forecast's)
_REPORTED_BEFORE = re.compile(
    r"\b(?:arguing|saying|said|says|argue|argued|insisting|insisted)\s+that\b[^,.;]{0,50}$|"
    r"\b(?:center|centre|forecasters?|meteorologists?|service)\s+(?:said|says)\s+[^,.;]{0,40}$",
    re.I,
)


# "NASA hopes the two will operate at the same time, but first the telescope needs to launch": the advice-like cue
# stands in a clause of its own after a forecast, which it does not unsay.
# ("Authorities caution the storm path could change and Texans should stay vigilant": advice to a named subject)
_BUT_AFTER_FORECAST = re.compile(
    r"\b(?:will|is\s+expected\s+to|are\s+expected\s+to)\s+\w+[^;]*,\s+but\s|"
    r"\b(?:will|could|may|might)\s+\w+[^;,]*\s+and\s+(?-i:[A-Z])\w+(?:\s+[a-z]+)?\s+$",
    re.I,
)


def forecast_score(sentence: str) -> tuple[float, list[str]]:
    """How strongly a sentence forecasts, and the cues found (each pattern counts once)."""
    score, cues = _cues(_POSITIVE, sentence)
    for weight, pattern in _NEGATIVE:
        found = pattern.search(sentence)
        if (
            found
            and not _REPORTED_BEFORE.search(sentence[: found.start()])
            and not _BUT_AFTER_FORECAST.search(sentence[: found.start()])
        ):
            score -= weight
    if sentence.rstrip().endswith("?"):
        score -= 3
    return score, cues
