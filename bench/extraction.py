"""Claim extraction against the hand-written list of claims in the seed articles: precision and recall.

python bench/extraction.py          (writes bench/results/extraction.json and prints the figures)
"""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from results_file import write_results  # noqa: E402

from tracker.curation.extraction import evaluate  # noqa: E402

FIXTURE = ROOT / "tests" / "fixtures" / "seed_claims.json"
ARTICLES = ROOT / "seeds" / "articles"


def seed_texts(names) -> dict[str, str]:
    texts = {}
    for name in names:
        with (ARTICLES / name).open(encoding="utf-8", newline="") as file:
            texts[name] = file.read()
    return texts


if __name__ == "__main__":
    labelled = json.loads(FIXTURE.read_text(encoding="utf-8"))["articles"]
    write_results("extraction", {"benchmark": "claim extraction", **evaluate(labelled, seed_texts(labelled))})
