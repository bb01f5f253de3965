"""What each score means, in words: the page every score name links to (/scores/explained/#<rule>)."""

from django.shortcuts import render

from tracker.accounts.requests import PageRequest

# (anchor, name, what it is, which way is better, what the crowd row means). The formulas are docs/forecasting.md's.
SCORES = [
    (
        "peer",
        "Peer score",
        "How much better your forecasts were than the other forecasters' on the same question, at the same times: "
        "100 × (the log of the probability you gave the outcome − the average of everyone else's), averaged over "
        "the question's whole forecasting window. Time without a forecast of yours counts as 0.",
        "Higher is better. 0 is as good as the others; peer scores of all forecasters add up to 0.",
        "The crowd's row scores the community forecast as if it were one more forecaster.",
    ),
    (
        "global",
        "Global peer",
        "Your total peer score divided by your coverage, but by at least 30 questions' worth of coverage: one lucky "
        "question cannot put a newcomer at the top.",
        "Higher is better.",
        "As for the peer score.",
    ),
    (
        "baseline",
        "Baseline score",
        "How much better your forecasts were than a uniform guess (50% on yes/no, equal odds on each option): "
        "100 × log₂(2p) for yes/no, averaged over the forecasting window; time without a forecast counts as 0.",
        "Higher is better. 0 is the uniform guess; 100 is certainty on the right answer all the time.",
        "The crowd's row scores the community forecast.",
    ),
    (
        "final_brier",
        "Brier (final)",
        "The squared error of the forecast that stood when the question closed, counted on both sides "
        "(yes/no: 2 × (p − outcome)²): from 0 (certain and right) to 2 (certain and wrong).",
        "Lower is better. 0.5 is what always saying 50% earns.",
        "The community forecast at the close, scored the same way.",
    ),
    (
        "daily_brier",
        "Brier (time-averaged)",
        "The Brier score of your standing forecast at every midnight (UTC) the question was open and you had a "
        "forecast, averaged. Days before your first forecast are not counted.",
        "Lower is better.",
        "The community forecast, scored every midnight.",
    ),
    (
        "relative_brier",
        "Relative Brier",
        "Your daily Brier minus the median Brier of everyone forecasting that day, averaged over your days: how much "
        "better than the typical forecaster you were.",
        "Lower is better; below 0 beats the median forecaster.",
        "The crowd's relative Brier is close to 0 by construction: it is compared with the median of the "
        "forecasters it is made of.",
    ),
    (
        "log",
        "Log score",
        "The natural log of the probability your standing forecast gave the outcome, averaged over the time you "
        "had a forecast.",
        "Higher (closer to 0) is better; 0 is certainty on the right answer.",
        "The community forecast, scored the same way.",
    ),
    (
        "crps",
        "CRPS",
        "Numeric and date questions: how far your distribution was from the outcome, over the whole range (the "
        "continuous ranked probability score on the range scaled to 0–1): a forecast close to the outcome and sure "
        "of it scores near 0; one sure of the wrong place scores up to 1. Averaged over the time you had a forecast. "
        "On these questions the peer and baseline scores use the density your distribution gave the outcome.",
        "Lower is better.",
        "The community distribution, scored the same way.",
    ),
    (
        "coverage",
        "Coverage",
        "The share of a question's forecasting window during which you had a forecast standing, from 0 to 1; on a "
        "leaderboard, summed over the questions: 12.5 means as much as twelve and a half questions forecast for "
        "their whole window.",
        "More coverage means the score rests on more of the question.",
        "The community forecast covers the time anyone had a forecast.",
    ),
]


def scores_explained(request: PageRequest):
    return render(request, "web/scores_explained.html", {"scores": SCORES})
