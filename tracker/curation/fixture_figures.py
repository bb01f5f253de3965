"""How the extractor does on the project's hand-written fixtures: precision and recall of the claims found in
the seed articles, and the quality of the drafts (deadlines right, titles needing no edit, edits flagged). Pure
Python; bench/extraction.py prints these figures and tests hold them. Real news is judged in real_news.py."""

from datetime import date
from typing import Any

from tracker.curation.extraction import extract_claims


def evaluate(labelled: dict[str, list[str]], texts: dict[str, str]) -> dict:
    """Precision and recall against hand-labelled claims (a phrase from each claim sentence): a suggestion is
    right when its sentence contains a labelled phrase; a claim is found when some suggestion contains it."""
    per_article: dict[str, dict[str, Any]] = {}
    totals: dict[str, float] = {"suggestions": 0, "correct": 0, "claims": 0, "found": 0}
    for name, phrases in sorted(labelled.items()):
        suggestions = extract_claims(texts[name])
        correct = [s for s in suggestions if any(phrase in s.quote for phrase in phrases)]
        found = [phrase for phrase in phrases if any(phrase in s.quote for s in suggestions)]
        per_article[name] = {
            "suggestions": len(suggestions),
            "correct": len(correct),
            "claims": len(phrases),
            "found": len(found),
            "missed": [phrase for phrase in phrases if phrase not in found],
            "extra": [s.quote for s in suggestions if s not in correct],
        }
        for key in totals:
            totals[key] += per_article[name][key]
    totals["precision"] = round(totals["correct"] / totals["suggestions"], 3) if totals["suggestions"] else 0.0
    totals["recall"] = round(totals["found"] / totals["claims"], 3) if totals["claims"] else 0.0
    return {"overall": totals, "articles": per_article}


def evaluate_drafts(articles: list[dict], texts: dict[str, str]) -> dict:
    """Deadline accuracy and the share of titles that need no edit, against a fixture of claims with the deadline
    and the titles a curator would publish. Each claim is matched to the suggestion whose sentence contains its
    phrase; a claim with no suggestion counts as a miss of both."""
    per_article: dict[str, dict[str, Any]] = {}
    totals: dict[str, float] = {"claims": 0, "deadlines_right": 0, "titles_unedited": 0, "edits_flagged": 0}
    totals["clean_flagged"] = 0
    found_total = 0
    confident = {"drafts": 0, "unedited": 0}  # drafts at a confidence of 0.5 or more
    for article in articles:
        name = article["name"]
        suggestions = extract_claims(texts[name], published=date.fromisoformat(article["published"]))
        report: dict[str, Any] = {
            "claims": 0,
            "deadlines_right": 0,
            "titles_unedited": 0,
            "edits_flagged": 0,
            "clean_flagged": 0,
            "deadline_misses": [],
            "title_misses": [],
        }
        for claim in article["claims"]:
            found = next((s for s in suggestions if claim["phrase"] in s.quote), None)
            report["claims"] += 1
            if found is not None and found.deadline.isoformat() == claim["deadline"]:
                report["deadlines_right"] += 1
            else:
                got = found.deadline.isoformat() if found else None
                report["deadline_misses"].append({"phrase": claim["phrase"], "expected": claim["deadline"], "got": got})
            unedited = found is not None and found.title in claim["titles"]
            if found is not None:
                found_total += 1
                flagged_key = "clean_flagged" if unedited else "edits_flagged"
                report[flagged_key] += bool(found.flags)
                confident["drafts"] += found.confidence >= 0.5
                confident["unedited"] += unedited and found.confidence >= 0.5
            if unedited:
                report["titles_unedited"] += 1
            else:
                report["title_misses"].append(
                    {
                        "got": found.title if found else None,
                        "flags": found.flags if found else [],
                        "wanted": claim["titles"],
                    }
                )
        per_article[name] = report
        for key in totals:
            totals[key] += report[key]
    claims = totals["claims"] or 1
    totals["deadline_accuracy"] = round(totals["deadlines_right"] / claims, 3)
    totals["titles_needing_no_edit"] = round(totals["titles_unedited"] / claims, 3)
    # Whether the confidence tells the truth: a title that needs an edit should carry a flag (and so a confidence
    # under 0.5), one that needs none should not.
    needing_edit = found_total - totals["titles_unedited"]
    totals["needing_edit_flagged"] = round(totals["edits_flagged"] / needing_edit, 3) if needing_edit else 1.0
    totals["unedited_flagged"] = (
        round(totals["clean_flagged"] / totals["titles_unedited"], 3) if totals["titles_unedited"] else 0.0
    )
    totals["confident_drafts_needing_no_edit"] = (
        round(confident["unedited"] / confident["drafts"], 3) if confident["drafts"] else 0.0
    )
    return {"overall": totals, "articles": per_article}
