"""Checks on a drafted question as a reader of the tracker meets it: alone, without the article it came from.

The other checks look at how a draft was made (a pronoun read from afar, a clause cut short); these look only at the
finished subject and verb phrase, so they also catch what the making got wrong in a way no rule foresaw. Each was
chosen on the titles judged on real news before it (bench/real_news*/judgments.json) and kept only where it marked
titles the judge sent back for an edit and almost none the judge passed; the figures, and what they did on sets
judged afterwards, are in docs/claim-extraction.md.
Pure Python (standard library only).
"""

import re

from tracker.curation.subjects import FLAG_REFERS_BACK

FLAG_NAMES_NO_ONE = (
    "The question names no one and no place (“{subject}”): say whose or where, so that it reads without the article."
)
FLAG_HEDGE_LEFT = "“{words}” is the article's hedge or attribution, left in: ask about the event itself."
FLAG_WORDY = "The question runs to {count} words: keep the words that decide how it resolves, drop the rest."
FLAG_RUN_TOGETHER = "Two sentences run together at “{join}”: keep the one the question asks."
FLAG_CLAUSE_INSIDE = "The question holds a clause of its own (“{words}”): ask one thing, and ask it plainly."
FLAG_STARTS_MID_PHRASE = (
    "The question starts mid-phrase (“{words}”): the sentence's subject came before it; name who acts."
)
FLAG_FIRST_PERSON = "“{word}” speaks as the one quoted: say whose it is."
FLAG_ATTEMPT = "“{words}” asks about an attempt, which is hard to settle: ask whether it succeeds."

# Over this many words (besides "Will" and the date) a question is not taken in at a glance: of the judged real-news
# titles longer than this, 88 were sent back for an edit and none passed.
MAX_TITLE_WORDS = 20

# A capital after the first word, or a first word that keeps its capital (the title's subject is sentence-cased, so
# a capital there is a name): "the Bank of Japan", "Kishida", "the U.S.". Articles open a title with a capital only
# when a sentence did, which sentence-casing leaves alone.
# ("the new iPhone 15": a name whose capital comes second)
_NAME = re.compile(r"(?<![\w’'-])(?!(?:The|A|An)\b)[A-Z]|\b(?-i:[a-z])[A-Z]\w")

# Words that belong to the article's voice, not to the event: a hedge ("likely", "reportedly") or an attribution
# ("said", "according to"). "than expected" is a measure and stays ("faster than expected"), and so does a hedge on
# one item of a list ("defensive, and possibly offensive, weapons").
_HEDGE = re.compile(
    r"\b(?<!\band\s)(?<!\bor\s)(?:(?:un)?likely|reportedly|probably|possibly|perhaps|allegedly|supposedly|"
    r"said|says|told|according\s+to|explained|(?<!than\s)expected\s+to|hop(?:es|ed|ing)\s+(?:that|to)|"
    r"anticipated?\s+that|believes?\s+that|be\s+(?:possible|in\s+play))\b",
    re.I,
)

# "later .A media outlet", "end of.Prior": a full stop with a sentence going on after it, at a missing or misplaced
# space ("U.S." and "U.N.'s" have a capital before their stops; "Sen. Schumer" has its space).
_RUN_TOGETHER = re.compile(r"(?:\s\.\s?|[a-z]{2}\.)[A-Z]\w*")
# A modal inside the question ("discuss how the government will operate", "on what could seal a deal"): a clause of
# its own, which the question then also asks. Lower case only: "by 31 May" is a date.
# ("against his will", "political will": the noun)
_CLAUSE_INSIDE = re.compile(
    r"\b(?:\w+\s+){0,2}(?<!\bhis\s)(?<!\bher\s)(?<!\btheir\s)(?<!\bits\s)(?<!\bown\s)(?<!\bpolitical\s)"
    r"(?-i:will|would|could|can|may|might|should|must|shall)\b"
)
# "Will but it be postponed", "Will well as hundreds of Machinists vote": a joining word where the subject should be
# (on the judged titles: 5 sent back for an edit, none passed)
# ("Will Upon receiving the instructions the FAA conduct …": an opening phrase left before the subject; 2 sent back,
# none passed)
_MID_PHRASE_START = re.compile(
    r"^(?:(?:as\s+)?well\s+as|such\s+as|including|and|or|but|nor|plus|upon|after|before|while|when|despite|following|"
    r"during|amid|although|though|because|since|unless)\b",
    re.I,
)
# "try to pass a bill": whether someone tries is seldom on the record; whether they pass it is.
# ("keep trying to communicate", "seeking to highlight": on the judged titles, 7 sent back, none passed)
_ATTEMPT = re.compile(
    r"\b(?:try|tries|trying|attempt|attempts|attempting|seek|seeks|seeking|strive|strives|striving|endeavou?r)\s+to\b",
    re.I,
)
# "announce groundbreaking advancements", "put on a fantastic light display", "one of the most highly anticipated
# events", "be painful": a judgement no record settles (on the judged titles, 36 with these words sent back, none passed)
_JUDGEMENT = re.compile(
    r"\b(?:groundbreaking|unique|innovative|transformative|impressive|fantastic|spectacular|magnificent|remarkable|"
    r"dramatic|enormous|huge|massive|historic|memorable|crucial|important|prominent|fairly|painful|difficult|tough|"
    r"one\s+of\s+the\s+most)\b",
    re.I,
)
FLAG_JUDGEMENT = "“{words}” is a judgement, not a measure: say what would count as it."
# "Will the FAA make a decision …?", "Will NASA decide …?": on what, and which way, the question does not say
_UNSAID_DECISION = re.compile(r"^(?:decide|make\s+(?:a|an|its|their)\s+(?:[\w-]+\s+)?(?:decision|determination))$")
FLAG_UNSAID_DECISION = "“{words}” says not what is decided: name the decision and the outcome that resolves it."


# "the first of our 737-9 MAX": the quoted speaker's own word (on the judged titles, 15 sent back, none passed; "US" is
# a country)
_FIRST_PERSON = re.compile(r"\b(?-i:our|us|my|me|your)\b")  # ("your wait": the reader addressed)


# "Up to 5,000 troops will gather": as the subject, a ceiling is met by any number ("will send up to 30,000" reads as
# the plan's size, and curators keep it).
_CEILING = re.compile(r"^(?:up\s+to|as\s+many\s+as)\s+(?:[\d,.]+|[a-z-]+)(?:\s+(?:thousand|million|hundred))?", re.I)
FLAG_CEILING = "“{amount}” is a ceiling, which any smaller number meets: ask whether at least a number is reached."


def title_form_flags(subject: str, predicate: str, *, subject_flagged: bool = False) -> list[str]:
    """What a reader of the question alone would stumble on; `subject_flagged` when a flag already says the subject
    names no one (one flag per defect)."""
    flags = []
    question = f"{subject} {predicate}".strip()
    if not subject_flagged and not _NAME.search(question):
        flags.append(FLAG_NAMES_NO_ONE.format(subject=subject))
    # (the subject, or what there will be: "Will there be up to 18 inches of rain …")
    ceiling = _CEILING.match(re.sub(r"^there\s+be\s+", "", question))
    if ceiling:
        flags.append(FLAG_CEILING.format(amount=ceiling.group(0)))
    mid_phrase = _MID_PHRASE_START.match(question)
    if mid_phrase:
        flags.append(FLAG_STARTS_MID_PHRASE.format(words=" ".join(question.split()[:3])))
    hedge = _HEDGE.search(question)
    if hedge:
        flags.append(FLAG_HEDGE_LEFT.format(words=hedge.group(0)))
    inside = _CLAUSE_INSIDE.search(question)
    if inside:
        flags.append(FLAG_CLAUSE_INSIDE.format(words=inside.group(0)))
    first_person = _FIRST_PERSON.search(predicate if subject_flagged else question)
    if first_person:
        flags.append(FLAG_FIRST_PERSON.format(word=first_person.group(0)))
    attempt = _ATTEMPT.search(question)
    if attempt:
        flags.append(FLAG_ATTEMPT.format(words=attempt.group(0)))
    judgement = _JUDGEMENT.search(question)
    if judgement:
        flags.append(FLAG_JUDGEMENT.format(words=judgement.group(0)))
    decision = _UNSAID_DECISION.match(predicate)
    if decision:
        flags.append(FLAG_UNSAID_DECISION.format(words=decision.group(0)))
    run_together = _RUN_TOGETHER.search(question)
    if run_together:
        flags.append(FLAG_RUN_TOGETHER.format(join=run_together.group(0).strip()))
    count = len(question.split())
    if count > MAX_TITLE_WORDS:
        flags.append(FLAG_WORDY.format(count=count))
    return flags


# "“the mission” stands for something …" after shortening cut "… concerns associated with the mission": the flag
# quotes words the title no longer holds
# (read from the flag's own wording, so that the two cannot drift apart)
_QUOTED_BACK_REFERENCE = re.compile(
    "^" + re.escape(FLAG_REFERS_BACK).replace(re.escape("{phrase}"), "(?P<words>[^”]+)") + "$"
)


def flags_on_the_title(flags: list[str], title: str) -> list[str]:
    """The flags without those that point at words the shortened title lost ("try … again" quotes two places)."""
    return [
        flag
        for flag in flags
        if not (
            (quoted := _QUOTED_BACK_REFERENCE.match(flag))
            and any(words.lower() not in title.lower() for words in quoted["words"].split(" … "))
        )
    ]
