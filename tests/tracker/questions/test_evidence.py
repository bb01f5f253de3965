import pytest
from django.core.exceptions import ValidationError

from tests.factories import SourceFactory, make_question
from tracker.models import Evidence, Question
from tracker.questions.services.evidence import evidence_add

pytestmark = pytest.mark.django_db


def test_binary_evidence_with_stance_aliases():
    question = make_question()
    evidence = evidence_add(
        question=question, title="Pentagon: 10,000 in Kursk", url="https://example.org/a", stance="yes"
    )
    assert evidence.stance == Evidence.Stance.SUPPORTS_YES


def test_evidence_can_point_to_a_stored_article_instead_of_a_url():
    question = make_question()
    evidence = evidence_add(question=question, title="Analysis", source=SourceFactory())
    assert evidence.url == ""


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"url": ""}, "url", "Evidence needs a URL or a source."),
        ({"stance": "supports_maybe"}, "stance", None),
        ({"stance": "supports_option", "option": "Low"}, "stance", None),
        ({"url": "not a url"}, "url", None),
    ],
)
def test_bad_evidence_on_a_binary_question_is_refused(kwargs, field, message):
    question = make_question()
    arguments = {"question": question, "title": "Report", "url": "https://example.org/r", **kwargs}
    with pytest.raises(ValidationError) as caught:
        evidence_add(**arguments)
    assert field in caught.value.message_dict
    if message:
        assert caught.value.message_dict[field] == [message]
    assert Evidence.objects.count() == 0


def test_multiple_choice_evidence_supports_one_of_its_options():
    question = make_question(type=Question.Type.MULTIPLE_CHOICE, options=["Low", "High"])
    with pytest.raises(ValidationError):
        evidence_add(question=question, title="R", url="https://example.org/r", stance="supports_yes")
    with pytest.raises(ValidationError) as caught:
        evidence_add(
            question=question, title="R", url="https://example.org/r", stance="supports_option", option="Medium"
        )
    assert caught.value.message_dict == {"option": ["The option is not one of this question's options."]}
    with pytest.raises(ValidationError) as caught:
        evidence_add(question=question, title="R", url="https://example.org/r", stance="supports_option")
    assert caught.value.message_dict == {"option": ["Say which option the evidence supports."]}
    evidence = evidence_add(
        question=question, title="R", url="https://example.org/r", stance="supports_option", option="High"
    )
    assert evidence.option.label == "High"
    assert Evidence.objects.count() == 1


def test_an_option_of_another_question_is_refused():
    question = make_question(type=Question.Type.MULTIPLE_CHOICE, options=["Low", "High"])
    other = make_question(type=Question.Type.MULTIPLE_CHOICE, options=["Low", "High"])
    with pytest.raises(ValidationError):
        evidence_add(
            question=question,
            title="R",
            url="https://example.org/r",
            stance="supports_option",
            option=other.options.first(),
        )
