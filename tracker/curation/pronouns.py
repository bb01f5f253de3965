"""A pronoun subject read as the actor it stands for ("Kansai Electric said it would …" → Kansai Electric), or left
unresolved when it stands for an event ("it could lead to …") or nothing the sentences name. Pure Python (standard
library only); subjects.py names the rest."""

import re

from tracker.curation.actors import looks_like_person

PRONOUNS = {"it", "they", "he", "she", "we", "this", "that", "these", "those", "them", "which"}


# "It could lead to …", "this may mean …": the subject is an event told before, not an actor ("it is expected to make
# landfall" is a storm's own act).
_EVENT_VERBS = re.compile(
    r"^(?:lead|result|cause|trigger|mean|serve|be(?!\s+able\b)|have|create|spark|prompt|provoke|fuel|mark|signal|signify|"
    # ("it will make a licensing determination": a body's act, which an event does not do)
    r"affect|add|open|pave|set|make(?!\s+landfall\b)(?!\s+(?:a|an|its|their)\s+(?:[\w-]+\s+)?(?:decision|determination|ruling|"
    r"announcement|choice)\b)|give|help|bring|put|raise|deepen|further|complicate|strain|happen|occur|"
    r"take\s+place)\b",
    re.I,
)


def resolve_pronoun(
    subject: str, predicate: str, before_subject: list[str], earlier_mentions: list[list[str]]
) -> str | None:
    """A pronoun subject as the actor it stands for: a name earlier in the same sentence ("Kansai Electric said it
    would …"), else the first name of the nearest earlier sentence that has one of the right kind (a pronoun in
    subject position usually continues the previous subject). None when it cannot be resolved."""
    lowered = subject.lower()
    words = lowered.split()
    if len(words) > 1 and words[-1] in PRONOUNS | {"them", "i", "you"}:
        return None  # "the conditions they": the modal sits in a relative clause
    if lowered not in ("he", "she", "it", "they"):
        return None if lowered in PRONOUNS or lowered in ("we", "i", "you", "one", "there") else subject
    if lowered in ("it", "they") and _EVENT_VERBS.match(predicate):
        return None  # "it could lead to …": an event told before, not an actor
    person = lowered in ("he", "she")

    # "Scholz asserted that he would …": a surname alone is a person when the article gave the full name before
    surnames = {m.split()[-1] for names in earlier_mentions for m in names if looks_like_person(m)}

    def fits(name: str) -> bool:
        return (looks_like_person(name) or name in surnames) == person

    same_sentence = [name for name in before_subject if fits(name)]
    if same_sentence:
        return same_sentence[-1]
    for names in earlier_mentions[:3]:
        for name in names:
            if fits(name):
                return name
    return None
