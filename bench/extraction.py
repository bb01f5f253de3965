"""Claim extraction against hand-written fixtures: precision and recall on the seed articles' claims, and the
quality of the drafts (deadline accuracy, titles that need no edit) on the seed articles and six news-style texts.

python bench/extraction.py          (writes bench/results/extraction.json and prints the figures)
python bench/extraction.py --real DIR   (also: the figures on real news in DIR, judged in DIR/judgments.json; the
                                         articles' text stays out of the repository, see docs/claim-extraction.md)
"""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from results_file import write_results  # noqa: E402

from tracker.curation.fixture_figures import evaluate, evaluate_drafts  # noqa: E402
from tracker.curation.real_news import evaluate_judged  # noqa: E402

FIXTURE = ROOT / "tests" / "fixtures" / "seed_claims.json"
DRAFTS = ROOT / "tests" / "fixtures" / "drafting_claims.json"
ARTICLES = ROOT / "seeds" / "articles"


def seed_texts(names) -> dict[str, str]:
    texts = {}
    for name in names:
        with (ARTICLES / name).open(encoding="utf-8", newline="") as file:
            texts[name] = file.read()
    return texts


def draft_texts(articles: list[dict]) -> dict[str, str]:
    """The news-style texts live in the fixture; the seed articles on disk."""
    inline = {article["name"]: article["text"] for article in articles if "text" in article}
    return {**seed_texts([a["name"] for a in articles if "text" not in a]), **inline}


def real_news(folder: Path) -> dict:
    judgments = json.loads((folder / "judgments.json").read_text(encoding="utf-8"))
    texts = {a["file"]: (folder / a["file"]).read_text(encoding="utf-8") for a in judgments["articles"]}
    return evaluate_judged(judgments, texts)


if __name__ == "__main__":
    labelled = json.loads(FIXTURE.read_text(encoding="utf-8"))["articles"]
    drafts = json.loads(DRAFTS.read_text(encoding="utf-8"))["articles"]
    quality = evaluate_drafts(drafts, draft_texts(drafts))
    real = real_news(Path(sys.argv[sys.argv.index("--real") + 1])) if "--real" in sys.argv else None
    write_results(
        "extraction",
        {
            "benchmark": "claim extraction",
            **evaluate(labelled, seed_texts(labelled)),
            "drafts": quality,
            **({"real_news": real} if real else {}),
        },
    )
    if real:
        print(f"real news: {real['overall']}")
        for title in real["unjudged"]:
            print(f"   to judge: {title}")
    overall = quality["overall"]
    print(
        f"deadline accuracy {overall['deadline_accuracy']}, titles needing no edit {overall['titles_needing_no_edit']}, "
        f"titles needing an edit that carry a flag {overall['needing_edit_flagged']}, "
        f"clean titles flagged {overall['unedited_flagged']}, "
        f"drafts at confidence >= 0.5 that need no edit {overall['confident_drafts_needing_no_edit']}"
    )
    for name, report in quality["articles"].items():
        print(
            f"{name}: {report['deadlines_right']}/{report['claims']} deadlines, "
            f"{report['titles_unedited']}/{report['claims']} titles need no edit"
        )
        for miss in report["deadline_misses"]:
            print(f"   deadline: {miss}")
        for miss in report["title_misses"]:
            print(f"   title: {miss['got']}")
