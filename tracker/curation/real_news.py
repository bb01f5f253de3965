"""The figures issue #31 asks of claim extraction on real news a person judged: found, deadlines right, titles a
curator could publish unedited, and drafts needing an edit that carry a flag.

The articles' text stays out of the repository (it is someone else's); a judgment file names each article's
address, publication date and file, and for each prediction the person listed before running the extractor, a key
phrase (a few words of the sentence) and the deadline it sets. Titles are judged after a run: `titles` maps a drafted
title, word for word, to "ok" or "edit", so a changed draft is judged again rather than counted on an old verdict.
Pure Python (standard library only).
"""

from datetime import date

from tracker.curation.extraction import extract_claims


def evaluate_judged(judgments: dict, texts: dict[str, str]) -> dict:
    """Per article and overall; `unjudged` lists the drafted titles that still want a person's verdict."""
    totals = {"predictions": 0, "found": 0, "deadlines_right": 0, "judged": 0, "publishable": 0, "edits": 0}
    totals["edits_flagged"] = totals["publishable_flagged"] = 0
    articles, unjudged = {}, []
    for article in judgments["articles"]:
        published = date.fromisoformat(article["published"])
        claims = extract_claims(texts[article["file"]], published=published, include_implicit=False)
        verdicts = article.get("titles", {})
        rows, drafted = [], set()
        for prediction in article["predictions"]:
            # A draft answers one prediction: a sentence holding two gets the second found only by a second draft.
            # (a clause drafted on its own is the draft of the phrase it holds, before the sentence around it)
            holding = [c for c in claims if prediction["phrase"].lower() in c.quote.lower() and c.start not in drafted]
            claim = max(holding, key=lambda c: c.start, default=None)
            row = {"phrase": prediction["phrase"], "found": claim is not None}
            totals["predictions"] += 1
            if claim is not None:
                drafted.add(claim.start)
                totals["found"] += 1
                right = claim.deadline.isoformat() == prediction["deadline"]
                totals["deadlines_right"] += right
                verdict = verdicts.get(claim.title)
                row |= {"title": claim.title, "deadline_right": right, "flags": claim.flags, "verdict": verdict}
                if verdict is None:
                    unjudged.append(claim.title)
                else:
                    totals["judged"] += 1
                    totals["publishable"] += verdict == "ok"
                    totals["edits"] += verdict == "edit"
                    totals["edits_flagged"] += verdict == "edit" and bool(claim.flags)
                    totals["publishable_flagged"] += verdict == "ok" and bool(claim.flags)  # a false alarm
            rows.append(row)
        articles[article["file"]] = {"url": article["url"], "published": article["published"], "predictions": rows}

    def share(part: int, whole: int) -> float | None:
        return round(part / whole, 3) if whole else None

    overall = {
        **totals,
        "found_share": share(totals["found"], totals["predictions"]),
        "deadline_accuracy": share(totals["deadlines_right"], totals["found"]),
        "titles_publishable": share(totals["publishable"], totals["judged"]),
        "needing_edit_flagged": share(totals["edits_flagged"], totals["edits"]),
    }
    return {"overall": overall, "articles": articles, "unjudged": unjudged}
