"""Existing questions that look like a new one, so that curators link instead of duplicating."""

import re
from difflib import SequenceMatcher

from django.db.models import QuerySet

from tracker.questions.models import Question

DUPLICATE_THRESHOLD = 0.55


def _similarity(a: str, b: str) -> float:
    words_a, words_b = set(re.findall(r"\w+", a.lower())), set(re.findall(r"\w+", b.lower()))
    jaccard = len(words_a & words_b) / len(words_a | words_b) if words_a | words_b else 0.0
    return max(jaccard, SequenceMatcher(None, a.lower(), b.lower()).ratio())


def similar_questions(
    *,
    title: str,
    criteria: str = "",
    limit: int = 5,
    exclude_id: int | None = None,
    among: QuerySet[Question] | None = None,
) -> list:
    """Existing questions that look like this one (title and criteria), most similar first: link, don't copy.
    `among` narrows the questions compared (a team's own, so that no other team's title is ever named)."""
    scored = []
    candidates = Question.objects.all() if among is None else among
    for question_id, other_title, other_criteria in candidates.exclude(pk=exclude_id).values_list(
        "pk", "title", "resolution_criteria"
    ):
        score = _similarity(title, other_title)
        if criteria:
            score = max(score, 0.7 * score + 0.3 * _similarity(criteria, other_criteria))
        if score >= DUPLICATE_THRESHOLD:
            scored.append((round(score, 3), question_id, other_title))
    scored.sort(reverse=True)
    return scored[:limit]


def similar_questions_warning(question: Question) -> str:
    """The sentence shown after a question is made when others look like it ("" when none do)."""
    similar = similar_questions(title=question.title, criteria=question.resolution_criteria, exclude_id=question.pk)
    if not similar:
        return ""
    names = "; ".join(f"“{title}” ({score:.0%})" for score, _, title in similar)
    return f"Similar existing questions — link instead of duplicating? {names}"
