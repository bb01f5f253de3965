"""The story monitor's matching: precision and recall of evidence proposals and resolution hints on the labelled
set (tests/fixtures/monitor_matching.json), and the time to match one article against a team's questions (the
median and range of several runs over every article, never the best one).

python bench/monitor.py          (writes bench/results/monitor.json and prints the figures)
"""

import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from results_file import write_results  # noqa: E402

from tracker.monitor.matching import QuestionText, evaluate, match_article  # noqa: E402

LABELLED = ROOT / "tests" / "fixtures" / "monitor_matching.json"
RUNS = 7

if __name__ == "__main__":
    labelled = json.loads(LABELLED.read_text(encoding="utf-8"))
    questions = [QuestionText(q["id"], q["title"]) for q in labelled["questions"]]
    per_article = []
    for _ in range(RUNS):
        started = time.perf_counter()
        for article in labelled["articles"]:
            match_article(title=article["title"], text=article["text"], questions=questions)
        per_article.append((time.perf_counter() - started) * 1000 / len(labelled["articles"]))
    write_results(
        "monitor",
        {
            "benchmark": "story monitor matching",
            "articles": len(labelled["articles"]),
            "questions": len(questions),
            **evaluate(labelled),
            "ms_per_article": {
                "median": round(statistics.median(per_article), 3),
                "min": round(min(per_article), 3),
                "max": round(max(per_article), 3),
                "runs": RUNS,
            },
        },
    )
