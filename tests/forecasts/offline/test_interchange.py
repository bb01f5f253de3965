"""The interchange format: validation naming the record, standing rules, and scoring without a database."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from forecasts.engine.interchange import InterchangeError, parse
from forecasts.offline.batch_scoring import score_document
from forecasts.offline.progress import ProgressBar


def question(**overrides):
    base = {
        "id": "q1",
        "type": "binary",
        "opens_at": "2025-01-01T00:00:00Z",
        "scheduled_close_at": "2025-01-06T00:00:00Z",
        "actual_close_at": "2025-01-06T00:00:00Z",
        "resolution": "yes",
    }
    return base | overrides


def forecast(**overrides):
    return {
        "question": "q1",
        "user": "u1",
        "at": "2025-01-01T00:00:00Z",
        "probability": 0.9,
        "withdrawn_at": None,
    } | overrides


@pytest.mark.parametrize(
    ("questions", "forecasts", "message"),
    [
        (
            [question()],
            [forecast(probability=1.2)],
            "forecasts[0] (question q1, user u1): probability: Probability must be between 0.001 and 0.999; got 1.2.",
        ),
        ([question()], [forecast(question="q9")], "forecasts[0]: unknown question 'q9'."),
        (
            [question()],
            [forecast(at="yesterday")],
            "forecasts[0] (question q1, user u1) at: 'yesterday' is not an ISO-8601 time.",
        ),
        ([question()], [forecast(at="2025-01-02T00:00:00")], "has no time zone"),
        (
            [question(type="multiple_choice", options=["a", "b"], resolution="a")],
            [forecast(probability=None, probabilities={"a": 0.5, "b": 0.4})],
            "forecasts[0] (question q1, user u1): probability: a multiple-choice forecast takes probabilities per option.",
        ),
        (
            [question(type="multiple_choice", options=["a", "b"], resolution="a")],
            [{k: v for k, v in forecast(probabilities={"a": 0.5, "b": 0.4}).items() if k != "probability"}],
            "Probabilities must sum to 1; they sum to 0.9.",
        ),
        (
            [question(resolution="maybe")],
            [],
            "questions[0] (q1): resolution must be one of yes, no, annulled or null, got 'maybe'.",
        ),
        (
            [question(scheduled_close_at="2024-12-01T00:00:00Z")],
            [],
            "questions[0] (q1): scheduled_close_at must be after opens_at.",
        ),
        ([question(), question()], [], "questions[1] (q1): the id is used twice."),
        ([question(actual_close_at=None)], [], "questions[0] (q1): a resolved question needs actual_close_at."),
        ([question()], [forecast(withdrawn_at="2024-12-31T00:00:00Z")], "withdrawn_at is before at."),
    ],
)
def test_invalid_input_names_the_record(questions, forecasts, message):
    with pytest.raises(InterchangeError) as caught:
        parse({"questions": questions, "forecasts": forecasts})
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_withdrawal_ends_only_its_own_forecast():
    [parsed] = parse(
        {
            "questions": [question()],
            "forecasts": [
                forecast(at="2025-01-01T00:00:00Z", withdrawn_at="2025-01-04T00:00:00Z"),  # superseded first
                forecast(at="2025-01-02T00:00:00Z", probability=0.6),
            ],
        }
    )
    assert [(user, vector is None) for user, _, vector in parsed.events] == [("u1", False), ("u1", False)]


def test_scores_vectors_through_the_format():
    document = {
        "questions": [question()],
        "forecasts": [
            forecast(user="alex", probability=0.8),
            forecast(user="bailey", probability=0.6, withdrawn_at="2025-01-04T00:00:00Z"),
            forecast(user="cedar", probability=0.2, at="2025-01-02T00:00:00Z"),
        ],
    }
    result = score_document(document)
    peers = {row["user"]: round(row["peer"], 1) for row in result["scores"]}
    assert peers == {"alex": 94.7, "bailey": 10.5, "cedar": -105.1}
    community = [round(point["recency_weighted_median"] * 100) for point in result["community"]]
    assert community == [70, 60, 50]
    assert result["crowd"][0]["user"] == "crowd"


def test_annulled_questions_have_null_scores_and_unresolved_have_none():
    document = {
        "questions": [question(resolution="annulled"), question(id="q2", resolution=None, actual_close_at=None)],
        "forecasts": [forecast(), forecast(question="q2")],
    }
    result = score_document(document)
    assert result["scores"] == [
        dict.fromkeys(["final_brier", "daily_brier", "relative_brier", "log", "baseline", "peer", "coverage"])
        | {"question": "q1", "user": "u1"}
    ]
    assert [row["question"] for row in result["crowd"]] == ["q1"]
    assert {point["question"] for point in result["community"]} == {"q1", "q2"}


def test_a_lone_forecaster_has_null_relative_brier():
    result = score_document({"questions": [question()], "forecasts": [forecast()]})
    row = result["scores"][0]
    assert row["relative_brier"] is None
    assert row["peer"] == 0.0
    assert row["baseline"] == pytest.approx(100 * math.log2(1.8))


def test_multiple_choice_community_is_keyed_by_option():
    document = {
        "questions": [question(type="multiple_choice", options=["a", "b", "c"], resolution="c")],
        "forecasts": [
            {
                "question": "q1",
                "user": "u1",
                "at": "2025-01-01T00:00:00Z",
                "probabilities": {"a": 0.15, "b": 0.45, "c": 0.4},
            }
        ],
    }
    result = score_document(document, methods=("mean",))
    assert result["community"][0] == {
        "question": "q1",
        "at": "2025-01-01T00:00:00Z",
        "mean": pytest.approx({"a": 0.15, "b": 0.45, "c": 0.4}),
    }
    assert result["scores"][0]["final_brier"] == pytest.approx(0.15**2 + 0.45**2 + 0.6**2)


def test_progress_bar_draws_on_one_line(capsys):
    import sys

    bar = ProgressBar("Scoring", sys.stderr, width=10)
    for done in range(1, 5):
        bar(done, 4)
    err = capsys.readouterr().err
    assert err.endswith("[##########] 4/4 (100%)\n")
    assert err.count("\r") == 4


def many_questions(count=40):
    questions = [question(id=f"q{i}", resolution=("yes", "no", "annulled", None)[i % 4]) for i in range(count)]
    for entry in questions:
        if entry["resolution"] is None:
            entry["actual_close_at"] = None
    forecasts = [
        forecast(
            question=f"q{i % count}",
            user=f"u{i % 7}",
            at=f"2025-01-0{1 + i % 5}T0{i % 9}:00:00Z",
            probability=0.05 + (i % 90) / 100,
        )
        for i in range(count * 9)
    ]
    return {"questions": questions, "forecasts": forecasts}


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_json_path_equals_the_dict_path_whatever_the_jobs(jobs):
    import json

    from forecasts.offline.batch_scoring import score_document_json

    document = many_questions()
    assert json.loads(score_document_json(document, jobs=jobs)) == json.loads(json.dumps(score_document(document)))


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_first_error_in_file_order_wins_whatever_the_jobs(jobs):
    from forecasts.offline.batch_scoring import score_document_json

    document = many_questions()
    document["forecasts"][300]["probability"] = 1.5
    document["forecasts"][17]["at"] = "not a time"
    document["forecasts"][200]["question"] = "nowhere"
    with pytest.raises(InterchangeError, match=r"^forecasts\[17\] "):
        score_document_json(document, jobs=jobs)
    with pytest.raises(InterchangeError, match=r"^forecasts\[17\] "):
        parse(document)


@given(st.lists(st.floats(min_value=-2_208_988_800, max_value=4_102_444_800, allow_nan=False), max_size=20))
def test_the_vectorised_time_format_equals_isoformat(seconds):
    from forecasts.engine.interchange import format_time, format_times

    assert format_times(seconds) == [format_time(value) for value in seconds]


def test_the_vectorised_time_format_on_edges():
    from forecasts.engine.interchange import format_time, format_times

    edges = [0.0, 1735689600.0, 1735689599.9999995, 1735689600.0000005, 1735689600.5, 86399.999999, -0.5, -86400.25]
    assert format_times(edges) == [format_time(value) for value in edges]


@given(st.lists(st.one_of(st.floats(allow_nan=True), st.floats(0, 1), st.floats(-200, 200)), max_size=30))
def test_float_texts_are_what_json_dumps_writes(values):
    import json

    from forecasts.offline.batch_scoring import float_texts

    assert float_texts(values) == [json.dumps(value) for value in values]


NUMERIC = {"min": 0, "max": 100, "open_lower_bound": False, "open_upper_bound": True, "zero_point": None}
EVEN_OPEN = [round(0.95 * i / 200, 10) for i in range(201)]  # even inside the range, 5% above it


def cdf_forecast(**overrides):
    base = {k: v for k, v in forecast().items() if k != "probability"}
    return base | {"cdf": EVEN_OPEN} | overrides


@pytest.mark.parametrize(
    ("questions", "forecasts", "message"),
    [
        ([question(type="numeric", resolution=50)], [], "a numeric question needs a range object."),
        ([question(type="numeric", resolution=50, range=NUMERIC | {"max": -1})], [], "range.max must be above"),
        ([question(type="numeric", resolution=-5, range=NUMERIC)], [], "beyond a closed bound"),
        ([question(type="numeric", resolution="many", range=NUMERIC)], [], "resolution: expected a number"),
        ([question(type="numeric", resolution=50, range=NUMERIC)], [cdf_forecast(cdf=[0.5] * 201)], "rise by at least"),
        ([question(type="numeric", resolution=50, range=NUMERIC)], [forecast()], "a numeric or date forecast is a cdf"),
        (
            [question(type="date", resolution="2025-02-01", range=NUMERIC | {"min": "2025-01-01T00:00:00Z"})],
            [],
            "range.max: expected an ISO-8601 time, got 100.",
        ),
    ],
)
def test_invalid_distributions_are_refused_naming_the_record(questions, forecasts, message):
    with pytest.raises(InterchangeError) as caught:
        parse({"questions": questions, "forecasts": forecasts})
    assert message in str(caught.value)


def test_a_numeric_question_is_scored_through_the_format():
    document = {
        "questions": [question(type="numeric", resolution=50, range=NUMERIC)],
        "forecasts": [
            cdf_forecast(user="even"),
            cdf_forecast(user="late", at="2025-01-07T00:00:00Z"),
        ],
    }
    result = score_document(document)
    rows = {row["user"]: row for row in result["scores"]}
    # An even forecast on a range open above: the outcome's bucket holds 0.95/200 against the baseline's 0.95/200.
    assert rows["even"]["baseline"] == pytest.approx(0.0, abs=1e-9)
    assert rows["even"]["coverage"] == pytest.approx(1.0)
    assert rows["even"]["final_brier"] is None
    assert rows["late"]["crps"] is None  # forecast after the close: nothing scored
    assert result["community"][0]["cdf"] == pytest.approx(EVEN_OPEN)
    assert result["crowd"][0]["crps"] == pytest.approx(rows["even"]["crps"])
