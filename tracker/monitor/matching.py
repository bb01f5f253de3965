"""Which of a team's open questions a news article bears on, with no Django: the sentence that bears on each, a
suggested stance, a confidence, why it matched, and whether the sentence reports the question's event as done.

Questions and sentences are compared by their informative words. Known actors are one word whatever they are
called ("Pyongyang", "North Korea"; "the EU", "the European Union"), light stemming joins "sanction"/"sanctions",
and each word weighs by how rare it is among the team's questions, so the words every question of a story shares
("North Korea", "troops") count for little and the words that tell questions apart count for much. A question
matches when a passage of one or two sentences covers enough of its weight and names its subject actor; an
off-topic story covers none. Hand-written rather than BM25 from a library: the question is the short side, and
coverage of the question's words, not a ranking over many documents, is what decides (decision 0008)."""

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from tracker.curation.actors import KNOWN_ACTORS

# A passage must cover this share of a question's word weight, and at least this many of its words, to match.
MATCH_COVERAGE = 0.5
# A passage matching on the title's words alone must cover this much of the title.
TITLE_COVERAGE = 0.7
MIN_SHARED_WORDS = 3
# A passage reporting the event must say more of the question's title, and read as done rather than expected.
EVENT_COVERAGE = 0.6

_STOPWORD_TEXT = """a an the and or but if of to in on at by for from with without into onto over under as is are was were be
    been being has have had do does did will would shall should can could may might must this that these those it
    its their there here they them he she his her we our you your i not no nor than then so such any all each
    every some more most other another new one two three first last next before after during until since about
    against between yes question resolve resolves resolved resolution criteria credible reporting report reports
    reported according official officially announce publicly least end year month week day date time january
    february march april june july august september october november december whether also which who whom what
    when where why how formally finally ever again already still actually jointly"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())
HEDGED = re.compile(
    r"\b(could|may|might|would|considering|consider|considers|plan|plans|planning|expected|expects|expect|likely|"
    r"possible|possibly|if|whether|not|no|never|denied|denies|deny|rejected|refused|weighs|weighing|mulls|"
    r"suspects|suspected|claims|claimed|reportedly|"
    r"proposed|proposes|threatened|threatens|warned|warns|urged|urges|called on|calls on)\b",
    re.I,
)
AGAINST = re.compile(
    r"\b(denied|denies|ruled out|rules out|no plans?|rejected|rejects|refused|refuses|will not|won't|halted|"
    r"suspended|scrapped|dropped|withdrew|withdrawn|postponed|blocked|vetoed)\b",
    re.I,
)
FOR = re.compile(
    r"\b(announced|approved|agreed|signed|imposed|adopted|confirmed|acknowledged|sent|delivered|deployed|launched|"
    r"plans? to|is considering|are considering|prepared to|preparing to|moved to|decided to|pledged|will)\b",
    re.I,
)
# Adjectives name their country too ("North Korean troops", "Russian banks").
ACTORS = {
    **KNOWN_ACTORS,
    "north korean": "North Korea",
    "south korean": "South Korea",
    "russian": "Russia",
    "ukrainian": "Ukraine",
    "chinese": "China",
    "japanese": "Japan",
    "american": "United States",
}
_ACTOR_NAMES = re.compile(
    r"\b(" + "|".join(re.escape(name) for name in sorted(ACTORS, key=len, reverse=True)) + r")(?![\w-])", re.I
)
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’)]))\s+(?=[\"“‘(]?[A-Z0-9])|\n+")


@dataclass(frozen=True)
class QuestionText:
    id: int
    title: str
    criteria: str = ""
    binary: bool = True


@dataclass(frozen=True)
class Match:
    question_id: int
    coverage: float
    quote: str
    stance: str  # supports_yes, supports_no or context (the Evidence stances)
    confidence: float
    reason: str
    reports_event: bool


def _actor_token(name: str) -> str:
    return "@" + re.sub(r"\W+", "_", ACTORS[name.lower()].lower())


def _canonical_actors(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        word = match.group(1)
        if word.lower() in ("eu", "un") and not word.isupper():
            return word
        return f" {_actor_token(word)} "

    return _ACTOR_NAMES.sub(replace, text)


# Words news uses for what questions ask, folded into the question's word (after stemming): "supplying lethal
# arms" says "send lethal weapons"; "confirmed" says "acknowledged".
SAME_MEANING = {
    "supply": "send",
    "provid": "send",
    "deliver": "send",
    "ship": "send",
    "arm": "weapon",
    "confirm": "acknowledg",
    "admit": "acknowledg",
    "condemn": "criticis",
    "denounc": "criticis",
    "fir": "launch",
    "test-fir": "launch",
}


# Past forms no suffix rule reaches: "fought" says "fight".
IRREGULAR = {
    "fought": "fight",
    "sent": "send",
    "sold": "sell",
    "held": "hold",
    "met": "meet",
    "began": "begin",
    "begun": "begin",
    "flew": "fly",
    "flown": "fly",
    "struck": "strike",
    "took": "tak",
    "taken": "tak",
    "won": "win",
    "lost": "los",
    "made": "mak",
    "gave": "giv",
    "given": "giv",
}


def _stem(word: str) -> str:
    if word in IRREGULAR:
        return IRREGULAR[word]
    for suffix, keep in (("ment", ""), ("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""), ("e", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)] + keep
            break
    return SAME_MEANING.get(word, word)


def words(text: str) -> list[str]:
    """The informative words of a text: actors as one token each, the rest lower-cased, stemmed, no stopwords."""
    tokens = re.findall(r"@\w+|[a-z][a-z0-9'-]*[a-z0-9]|[a-z]", _canonical_actors(text).lower())
    return [token if token.startswith("@") else _stem(token) for token in tokens if token not in STOPWORDS]


def sentences(text: str) -> list[str]:
    return [part.strip() for part in _SENTENCE_END.split(text) if len(part.strip()) > 20]


def subject_actor(title: str) -> str | None:
    """The first known actor a question names (its subject, in "Will South Korea send …?"), as a token."""
    found = _ACTOR_NAMES.search(title)
    if found is None or (found.group(1).lower() in ("eu", "un") and not found.group(1).isupper()):
        return None
    return _actor_token(found.group(1))


def _after_subject(title: str) -> list[str]:
    """The plain words of a question's title after its subject actor ("Will Ukraine capture North Korean soldiers":
    captur, soldier)."""
    found = _ACTOR_NAMES.search(title)
    after = title[found.end() :] if found else title
    return [word for word in words(after) if not word.startswith("@") and not word.isdigit() and len(word) > 2]


def question_verb(title: str) -> str:
    """The question's verb ("Will Ukraine capture …": captur), stemmed; empty when it has none after a subject."""
    plain = _after_subject(title)
    return plain[0] if plain else ""


LIGHT_VERBS = frozenset({"conduct", "hold", "make", "take", "carry", "hav", "giv", "get", "put", "reach"})


def telling_word(title: str) -> str:
    """What the question asks about beyond who and where: its verb ("Will Ukraine capture …": captur), or after a
    light verb its object ("Will North Korea conduct a nuclear test": nuclear). Empty when the title has none."""
    plain = _after_subject(title)
    if len(plain) > 1 and plain[0] in LIGHT_VERBS:
        return plain[1]
    return plain[0] if plain else ""


def said_by(sentence_words: list[str], subject: str | None, word: str) -> bool:
    """Whether `word` is in the sentence with the subject named before it (English puts who acts first: in "NATO
    confirms North Korean troops …", North Korea confirms nothing)."""
    if word not in sentence_words:
        return False
    return subject is None or subject in sentence_words[: sentence_words.index(word)]


def _weights(questions: Sequence[QuestionText]) -> dict[int, dict[str, float]]:
    """Each question's words, weighted by rarity among the questions (title words count double criteria's)."""
    bags = {question.id: Counter(words(question.title) * 2 + words(question.criteria)) for question in questions}
    frequency = Counter(word for bag in bags.values() for word in bag)
    total = len(bags)
    return {
        qid: {word: count * math.log(1 + (total + 1) / (frequency[word] + 0.5)) for word, count in bag.items()}
        for qid, bag in bags.items()
    }


PAST = re.compile(r"^[a-z-]+ed$|^(sent|held|met|began|flew|went|came|took|fought|won|lost|made|set)$")


def reports_done(sentence: str, verb: str) -> bool:
    """Whether the sentence reports the question's own verb as done: in a clause, a past form of it ("adopted",
    "fired" for launch, "confirmed" for acknowledge) with no hedge before it in that clause. "Fired a missile, as
    Seoul expects a nuclear test" reports a launch, not a test; "may have launched" reports nothing."""
    for clause in re.split(r"[,;:]|\b(?:as|while|after|but|although|because)\b", sentence):
        for match in re.finditer(r"[A-Za-z][A-Za-z-]*", clause):
            word = match.group(0).lower()
            if PAST.match(word) and _stem(word) == verb and not HEDGED.search(clause[: match.start()]):
                return True
    return False


def stance_of(sentence: str) -> str:
    if AGAINST.search(sentence):
        return "supports_no"
    if FOR.search(sentence):
        return "supports_yes"
    return "context"


def match_article(*, title: str, text: str, questions: Sequence[QuestionText]) -> list[Match]:
    """The questions the article bears on, strongest first, each with its best passage."""
    weights = _weights(questions)
    parts = [title, *sentences(text)]
    ordered = [words(part) for part in parts]
    single = [set(sentence) for sentence in ordered]
    # A passage is a sentence with the one before it ("Seoul is weighing aid. A decision could come by June.").
    passages = [(i, single[i] | (single[i - 1] if i > 1 else set())) for i in range(len(parts))]
    matches = []
    for question in questions:
        weight = weights[question.id]
        total = sum(weight.values())
        subject = subject_actor(question.title)
        if not total:
            continue
        telling = telling_word(question.title)

        title_words = set(words(question.title)) & weight.keys()
        title_total = sum(weight[word] for word in title_words) or 1.0

        def covered(
            found: set[str],
            weight: dict[str, float] = weight,
            total: float = total,
            title_words: set[str] = title_words,
            title_total: float = title_total,
        ) -> tuple[float, float]:
            """(score, share of the whole question): long criteria ("as published in the Official Journal …") must
            not dilute a passage that says most of the title, and saying the title alone asks more of a passage
            than saying the question as a whole; between passages that say the title alike, the one that says
            more of the criteria (a sentence, rather than the headline) wins."""
            whole = sum(weight[word] for word in found & weight.keys()) / total
            title = sum(weight[word] for word in found & title_words) / title_total
            return max(whole, title * MATCH_COVERAGE / TITLE_COVERAGE), whole

        best: tuple[tuple[float, float], int, set[str]] | None = None  # coverage, the quoted sentence, words shared
        for i, found in passages:
            shared = found & weight.keys()
            if (subject is not None and subject not in found) or len(shared) < MIN_SHARED_WORDS:
                continue
            ranked = covered(found)
            nearby = [ordered[i], *([ordered[i - 1]] if i > 1 else [])]
            if telling and not any(said_by(sentence, subject, telling) for sentence in nearby):
                continue
            if best is None or ranked > best[0]:
                # Quote the sentence of the passage that says more of the question.
                quoted = i - 1 if i > 1 and covered(single[i - 1]) > covered(single[i]) else i
                best = (ranked, quoted, shared)
        if best is None or best[0][0] < MATCH_COVERAGE:
            continue
        (coverage, _), quoted, shared = best
        quote = parts[quoted]
        verb = question_verb(question.title)
        passage = " ".join(parts[max(quoted - 1, 1) : quoted + 2])  # the quote with the sentences beside it
        # The event is the title's: long criteria ("as published in the Official Journal …") must not hide it.
        said = sum(weight[word] for word in title_words & shared) / title_total
        whole = sum(weight[word] for word in shared) / total
        done = question.binary and said >= EVENT_COVERAGE and bool(verb) and reports_done(passage, verb)
        stance = stance_of(quote) if question.binary else "context"
        named = sorted(word.lstrip("@").replace("_", " ") for word in shared)
        matches.append(
            Match(
                question_id=question.id,
                coverage=round(coverage, 3),
                quote=quote[:1000],
                stance=stance,
                confidence=round(min(1.0, coverage), 2),
                reason=f"shares {', '.join(named)} ({whole:.0%} of the question's weight, {said:.0%} of its title's)",
                reports_event=done,
            )
        )
    return sorted(matches, key=lambda match: -match.coverage)


def evaluate(labelled: dict[str, list[dict[str, object]]]) -> dict[str, object]:
    """Precision and recall of evidence matches and of reported events on a labelled set (questions, and articles
    with the question ids they bear on and those whose event they report), with every miss named."""
    questions = [QuestionText(int(str(q["id"])), str(q["title"])) for q in labelled["questions"]]
    counts = {"found": 0, "wanted": 0, "right": 0, "events_found": 0, "events_wanted": 0, "events_right": 0}
    misses: list[str] = []
    for article in labelled["articles"]:
        found = match_article(title=str(article["title"]), text=str(article["text"]), questions=questions)
        got, events = {m.question_id for m in found}, {m.question_id for m in found if m.reports_event}
        want, reported = set(article["bears_on"]), set(article["reports"])  # type: ignore[call-overload]
        counts["found"] += len(got)
        counts["wanted"] += len(want)
        counts["right"] += len(got & want)
        counts["events_found"] += len(events)
        counts["events_wanted"] += len(reported)
        counts["events_right"] += len(events & reported)
        if got != want or events != reported:
            misses.append(
                f"{article['id']}: matched {sorted(got)} (want {sorted(want)}), events {sorted(events)} (want {sorted(reported)})"
            )
    return {
        "precision": round(counts["right"] / max(counts["found"], 1), 3),
        "recall": round(counts["right"] / max(counts["wanted"], 1), 3),
        "event_precision": round(counts["events_right"] / max(counts["events_found"], 1), 3),
        "event_recall": round(counts["events_right"] / max(counts["events_wanted"], 1), 3),
        **counts,
        "misses": misses,
    }
