"""Which clause of a sentence a modal belongs to: the main clause forecasts; a relative clause ("…, who may …"), a
subordinate clause not yet closed ("When asked when the next test would …") or an embedded question ("It is unclear
how big the move will be") does not. Pure Python (standard library only)."""

import re

from tracker.curation.subject_words import COMPLEMENT_PRONOUN

_RELATIVE_BEFORE_MODAL = re.compile(
    r"\b(?:who|which|that|whom|whose)\s*$|\b(?:on|in|at|by|for|to|with|from|under)\s+(?:which|whom)\s+(?:[\w’'-]+\s+){1,4}$",
    re.I,
)
# ("skipped his speech as he is expected to …": after a conjunction the pronoun opens a clause, no relative one)
_PRONOUN_AFTER_WORD = re.compile(
    # ("Tomorrow morning we expect …": after a time, the pronoun opens the clause)
    r"(?<![\w’'-])(?!(?:as|because|so|and|but|then|now|yet|or|meaning|morning|afternoon|evening|night|today|tonight|"
    r"tomorrow)\s)[\w’'-]+\s+(?:it|they|he|she|we|you|i)\s*$",
    re.I,
)


def is_main_clause(before: str) -> bool:
    """Whether a modal after `before` belongs to the sentence's main clause: not "…, who may …" nor "the conditions
    they may face" (a pronoun right after a noun, with no comma, starts a relative clause)."""
    return not (
        # ("That looks set to change …": opening the sentence, "that" points back; it introduces nothing)
        (_RELATIVE_BEFORE_MODAL.search(before) and before.strip().lower() != "that")
        or (_PRONOUN_AFTER_WORD.search(before) and not COMPLEMENT_PRONOUN.search(before))
        or _OPEN_SUBORDINATE.match(before)  # "When asked when the next test would …, he warned it could …"
        or re.search(r",\s*(?:who|which)\b[^,]*$", before)  # "Kim and Putin, who are said to have agreed to …"
        or _EMBEDDED_QUESTION.search(before)
    )


# A sentence that opens with a subordinate clause not yet closed by its comma.
_OPEN_SUBORDINATE = re.compile(
    r"^\s*(?:when|whenever|if|unless|once|after|before|while|although|though|until|since)\b[^,]*$", re.I
)


# "It is unclear how big the move will be", "for any hint at how quickly rates are expected to fall", "we don't know
# by how much or at what pace easing will happen": the modal asks, inside a question the sentence only mentions
_EMBEDDED_QUESTION = re.compile(r"\b(?:how|whether|what|why)\b(?:\s+[\w’'-]+){0,6}\s+$", re.I)
