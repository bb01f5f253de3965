"""score_file's columnar pipeline against a reference built question by question from the documented rules.

The reference orders each question's events with the original tuple-based rules, computes every series step by step
(CommunityState) and every score with score_with_crowd, and writes the JSON as the original writer did. The batched,
columnar, multi-process output must equal it byte for byte, whatever the number of processes.
"""

import json
import math
import random
from datetime import UTC, datetime, timedelta

import pytest

from forecasts.engine.aggregation import DEFAULT_METHOD, METHODS
from forecasts.engine.interchange import format_time, parse
from forecasts.engine.scoring import RULES, QuestionWindow, score_with_crowd
from forecasts.engine.series import Event, community_series_all_methods, stepwise_binary_series
from forecasts.offline.batch_scoring import score_document_json

START = datetime(2025, 1, 1, tzinfo=UTC)


def iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def random_document(seed: int) -> dict:
    rng = random.Random(seed)
    questions, forecasts = [], []
    for index in range(rng.randint(3, 12)):
        kind = rng.choice(["binary", "binary", "multiple_choice"])
        options = ["a", "b", "c"] if kind == "multiple_choice" else []
        close = START + timedelta(days=rng.randint(3, 20))
        resolution = rng.choice([None, "annulled", *(options or ["yes", "no"])])
        early = resolution not in (None,) and rng.random() < 0.3
        actual = START + timedelta(days=2) if early else close
        question = {
            "id": f"q{index}",
            "type": kind,
            "opens_at": iso(START),
            "scheduled_close_at": iso(close),
            "actual_close_at": None if resolution is None else iso(actual),
            "resolution": resolution,
        }
        if options:
            question["options"] = options
        questions.append(question)
        # Some questions have more forecasters than a small crowd, so both series paths run.
        crowd = rng.choice([3, 20, 90])
        for _ in range(rng.randint(0, 160)):
            # Whole hours, some before the opening and after the close; repeats make simultaneous events.
            at = START + timedelta(hours=rng.randint(-10, 24 * 22))
            record = {"question": question["id"], "user": f"user{rng.randrange(crowd)}", "at": iso(at)}
            if options:
                weights = [rng.randint(1, 9) for _ in options]
                record["probabilities"] = {o: w / sum(weights) for o, w in zip(options, weights, strict=True)}
            else:
                record["probability"] = rng.choice([0.1, 0.5, 0.73, round(rng.uniform(0.001, 0.999), 3)])
            if rng.random() < 0.15:
                record["withdrawn_at"] = iso(at + timedelta(hours=rng.choice([0, 1, 5, 40])))
            forecasts.append(record)
    rng.shuffle(forecasts)
    return {"questions": questions, "forecasts": forecasts}


def reference_events(document) -> dict[str, list]:
    """Each question's events by the original rules: forecasts by (time, file order); a withdrawal counts if it
    comes before the user's next forecast and sorts (stably, by time) right after its own forecast."""
    kinds = {q["id"]: (q["type"], q.get("options", [])) for q in document["questions"]}
    grouped: dict[str, list] = {q["id"]: [] for q in document["questions"]}
    for raw in document["forecasts"]:
        kind, options = kinds[raw["question"]]
        p = raw.get("probability")
        vector = [1 - p, p] if kind == "binary" else [raw["probabilities"][o] for o in options]
        withdrawn = raw.get("withdrawn_at")
        grouped[raw["question"]].append(
            (
                raw["user"],
                datetime.fromisoformat(raw["at"]).timestamp(),
                vector,
                None if withdrawn is None else datetime.fromisoformat(withdrawn).timestamp(),
            )
        )
    result = {}
    for question_id, records in grouped.items():
        ordered = sorted(enumerate(records), key=lambda item: (item[1][1], item[0]))
        next_at, last_seen = {}, {}
        for position, (_, (user, at, _, _)) in enumerate(ordered):
            if user in last_seen:
                next_at[last_seen[user]] = at
            last_seen[user] = position
        events = []
        for position, (_, (user, at, vector, withdrawn_at)) in enumerate(ordered):
            events.append((user, at, vector))
            if withdrawn_at is not None and withdrawn_at < next_at.get(position, math.inf):
                events.append((user, withdrawn_at, None))
        events.sort(key=lambda event: event[1])
        result[question_id] = events
    return result


def reference_text(document, methods=METHODS) -> str:
    """The output as the original per-question writer produced it."""
    needed = tuple(dict.fromkeys((DEFAULT_METHOD, *methods)))
    events_of = reference_events(document)
    community, scores, crowd = [], [], []
    for raw in document["questions"]:
        events = events_of[raw["id"]]
        opens = datetime.fromisoformat(raw["opens_at"]).timestamp()
        end = datetime.fromisoformat(raw["actual_close_at"] or raw["scheduled_close_at"]).timestamp()
        if raw["type"] == "binary":
            steps = stepwise_binary_series(events, opens_at=opens, closes_at=end, methods=needed)
            rows = [
                {"question": raw["id"], "at": format_time(at)}
                | dict(
                    zip(
                        methods,
                        [None] * len(methods) if v is None else [v[needed.index(m)] for m in methods],
                        strict=True,
                    )
                )
                for at, v in steps
            ]
            crowd_points = [(at, None if v is None else (1 - v[0], v[0])) for at, v in steps]
            if rows:
                community.append(",".join(json.dumps(row) for row in rows))
        else:
            steps = community_series_all_methods(
                [Event(at, user, vector) for user, at, vector in events], opens_at=opens, closes_at=end, methods=needed
            )
            rows = [
                {"question": raw["id"], "at": format_time(at)}
                | {
                    m: None if v[m] is None else dict(zip(raw["options"], map(float, v[m]), strict=True))
                    for m in methods
                }
                for at, v in steps
            ]
            crowd_points = [(at, v[DEFAULT_METHOD]) for at, v in steps]
            if rows:
                community.append(json.dumps(rows)[1:-1])
        if raw["resolution"] is None:
            continue
        users = sorted({user for user, _, _ in events})
        if raw["resolution"] == "annulled":
            empty = dict.fromkeys((*RULES, "coverage"))
            user_rows, crowd_row = [empty] * len(users), empty
        else:
            options = raw.get("options") or ["no", "yes"]
            window = QuestionWindow(
                opens_at=opens,
                scheduled_close_at=datetime.fromisoformat(raw["scheduled_close_at"]).timestamp(),
                actual_close_at=end,
                outcome=options.index(raw["resolution"]),
                option_count=len(options),
            )
            by_user, crowd_row = score_with_crowd(events, crowd_points, window)
            user_rows = [by_user[user] for user in users]
        if users:
            scores.append(
                json.dumps([{"question": raw["id"], "user": u} | row for u, row in zip(users, user_rows, strict=True)])[
                    1:-1
                ]
            )
        crowd.append(json.dumps({"question": raw["id"], "user": "crowd"} | crowd_row))
    return (
        '{"community": ['
        + ",".join(community)
        + '], "scores": ['
        + ",".join(scores)
        + '], "crowd": ['
        + ",".join(crowd)
        + "]}"
    )


@pytest.mark.parametrize("seed", range(12))
def test_events_are_ordered_as_the_original_rules_order_them(seed):
    document = random_document(seed)
    expected = reference_events(document)
    for question in parse(document):
        assert question.events == expected[question.id]


@pytest.mark.parametrize("seed", range(12))
def test_the_output_equals_the_reference_byte_for_byte_whatever_the_jobs(seed):
    document = random_document(seed)
    expected = reference_text(document)
    assert score_document_json(document, jobs=1) == expected
    assert score_document_json(document, jobs=3) == expected


def test_a_subset_of_methods_still_scores_the_crowd_on_the_default():
    document = random_document(5)
    assert score_document_json(document, methods=("mean", "median")) == reference_text(
        document, methods=("mean", "median")
    )
