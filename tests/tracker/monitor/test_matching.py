"""Matching news to questions, without a database: precision and recall on a labelled set of article-question
pairs (tests/fixtures/monitor_matching.json), resolution hints only for reported events, nothing from off-topic
stories, and properties that hold for any article."""

import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from tracker.monitor.matching import QuestionText, evaluate, match_article, stance_of, subject_actor, words

LABELLED = json.loads((Path(__file__).resolve().parents[2] / "fixtures" / "monitor_matching.json").read_text())
QUESTIONS = [QuestionText(question["id"], question["title"]) for question in LABELLED["questions"]]


def test_evidence_matching_is_precise_and_finds_most_on_the_labelled_set():
    figures = evaluate(LABELLED)
    assert figures["precision"] >= 0.8
    assert figures["recall"] >= 0.8


def test_resolution_hints_come_only_from_reports_of_the_event():
    figures = evaluate(LABELLED)
    assert figures["event_precision"] >= 0.8
    assert figures["event_recall"] >= 0.8


def test_the_figures_count_what_was_found_against_what_was_wanted():
    tiny = {
        "questions": [{"id": 1, "title": "Will North Korea launch an intercontinental ballistic missile by 2027?"}],
        "articles": [
            {"id": "hit", "title": "North Korea fires ICBM",
             "text": "North Korea launched an intercontinental ballistic missile on Thursday, Japan said.",
             "bears_on": [1], "reports": [1]},
            {"id": "miss", "title": "Talks resume", "text": "Diplomats met in Geneva to discuss trade.",
             "bears_on": [1], "reports": []},
        ],
    }  # fmt: skip
    figures = evaluate(tiny)
    assert (figures["precision"], figures["recall"]) == (1.0, 0.5)
    assert (figures["event_precision"], figures["event_recall"]) == (1.0, 1.0)
    assert figures["misses"] == ["miss: matched [] (want [1]), events [] (want [])"]


def test_off_topic_stories_propose_nothing():
    off_topic = [article for article in LABELLED["articles"] if not article["bears_on"]]
    assert len(off_topic) >= 3
    for article in off_topic:
        assert match_article(title=article["title"], text=article["text"], questions=QUESTIONS) == [], article["id"]


def test_a_denial_suggests_no_and_a_plan_suggests_yes():
    assert stance_of("South Korea has no plans to send lethal weapons, the office said.") == "supports_no"
    assert stance_of("South Korea is considering sending artillery shells to Ukraine.") == "supports_yes"
    assert stance_of("Officials met in Seoul on Monday.") == "context"


def test_an_actor_is_one_word_whatever_it_is_called():
    assert set(words("Pyongyang")) == set(words("North Korea")) == {"@north_korea"}
    assert set(words("the EU")) == set(words("the European Union"))
    assert subject_actor("Will the United States impose sanctions?") == "@united_states"
    assert subject_actor("Will it rain?") is None


@given(st.text(max_size=400), st.permutations(QUESTIONS))
def test_any_text_matches_within_bounds_and_the_order_of_questions_changes_nothing(text, shuffled):
    ordered = match_article(title="", text=text, questions=QUESTIONS)
    assert all(0 <= match.coverage <= 1 for match in ordered)
    assert all(match.quote for match in ordered)
    assert {m.question_id for m in ordered} == {
        m.question_id for m in match_article(title="", text=text, questions=shuffled)
    }


ACKNOWLEDGE = QuestionText(
    1,
    "Will North Korea officially acknowledge that its troops fought for Russia in the Ukraine war by June 30, 2025?",
    "YES if KCNA, Rodong Sinmun, the Central Military Commission or another official North Korean organ explicitly "
    "states that Korean People's Army units were sent to take part in combat operations for Russia (e.g. in Kursk). "
    "Vague statements that Pyongyang will honour treaty obligations do not count. NO otherwise.",
)
LETHAL = QuestionText(
    2,
    "Will South Korea supply lethal weapons to Ukraine between November 1, 2026 and June 30, 2027?",
    "YES if the South Korean government announces or confirms a transfer of lethal weapons, including artillery "
    "shells, directly or through a third country, under a contract signed or amended in the window. NO otherwise.",
)


def test_long_criteria_do_not_hide_an_article_that_says_the_title():
    # The criteria's many words would dilute the whole question's coverage under the threshold.
    found = match_article(
        title="North Korea confirms its troops fight for Russia",
        text="Pyongyang's state media praised the soldiers as heroes.",
        questions=[ACKNOWLEDGE, LETHAL],
    )
    assert [match.question_id for match in found] == [1]
    assert "of its title's" in found[0].reason


def test_a_few_of_the_titles_words_are_not_a_match():
    # Saying "South Korea", "send" and "Ukraine" without the weapons is not about supplying weapons.
    found = match_article(
        title="Seoul weighs its options",
        text="South Korea plans to send intelligence officers to Ukraine to observe North Korean tactics.",
        questions=[ACKNOWLEDGE, LETHAL],
    )
    assert found == []


def test_between_a_headline_and_a_sentence_saying_the_title_the_sentence_is_quoted():
    sanctions = QuestionText(
        3,
        "Will the European Union adopt a new sanctions package against Russia by 31 March 2027?",
        "YES if the Council adopts a package of restrictive measures against Russia, as published in the Official "
        "Journal of the European Union, between the open date and the close. NO otherwise.",
    )
    found = match_article(
        title="EU adopts new sanctions package against Russia",
        text="European Union member states adopted a new package of sanctions against Russia on Tuesday, the "
        "Council said. It targets banks and shipping.",
        questions=[sanctions, ACKNOWLEDGE],
    )
    assert [match.question_id for match in found] == [3]
    assert found[0].quote.startswith("European Union member states adopted")
