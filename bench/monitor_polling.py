"""The story monitor's polling: how many sources one worker polls a minute, and the time per new article (fetch,
read with trafilatura, store with its proposed claims, match against the team's questions), on a local news site.
A first round reads every article; a second finds every feed unchanged (a 304). The median and range of several
rounds, never the best one.

Uses DATABASE_URL (a scratch database: it is migrated and flushed) or, without it, a scratch SQLite file.
    python bench/monitor_polling.py [--sources 6] [--runs 3]
"""

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from scratch import fresh_database, use_scratch_database  # noqa: E402

use_scratch_database("bench-monitor")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.utils import timezone  # noqa: E402
from results_file import write_results  # noqa: E402

from tests.tracker.monitor.news_site import news_site, page  # noqa: E402
from tracker.accounts.services import membership_set  # noqa: E402
from tracker.models import Membership, Team, User  # noqa: E402
from tracker.monitor import fetching  # noqa: E402
from tracker.monitor.services import news_source_poll  # noqa: E402
from tracker.questions.services.lifecycle import question_open_now  # noqa: E402
from tracker.questions.services.questions import question_create  # noqa: E402

LABELLED = json.loads((ROOT / "tests" / "fixtures" / "monitor_matching.json").read_text(encoding="utf-8"))


def spread(values: list[float]) -> dict[str, float]:
    return {"median": round(statistics.median(values), 2), "min": round(min(values), 2), "max": round(max(values), 2)}


def world(sources: int, site_url: str):
    from tracker.monitor.models import NewsSource

    fresh_database()
    team = Team.objects.create(name="Bench desk", slug="bench-desk")
    curator = User.objects.create(username="bench-curator")
    membership_set(team=team, user=curator, role=Membership.Role.CURATOR)
    now = timezone.now()
    for question in LABELLED["questions"]:
        draft = question_create(
            title=question["title"], resolution_criteria="YES if it happens.", opens_at=now,
            scheduled_close_at=now + timezone.timedelta(days=200), resolve_by=now + timezone.timedelta(days=230),
            team=team,
        )  # fmt: skip
        question_open_now(question=draft, actor=None)
    return [
        NewsSource.objects.create(team=team, url=f"{site_url}/feed-{n}.xml", kind="feed", added_by=curator).pk
        for n in range(sources)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=6)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    settings.SIGNPOST_FETCH_ALLOW_PRIVATE_ADDRESSES = True
    first_per_minute, per_article, second_per_minute = [], [], []
    articles = copies = 0
    with news_site() as site:
        for n in range(options.sources):  # the same stories under each source's addresses: the first is new, the
            # others are merged into it as wire copies (compared with every article of the last two weeks)
            paths = []
            for article in LABELLED["articles"]:
                path = f"/{n}/{article['id']}"
                text = f"{article['text']} Reported for desk {n} of the benchmark, edition {n * 7 + 3}."
                site.pages[path] = (200, "text/html", page(f"{article['title']} ({n})", text))
                paths.append(path)
            items = "".join(f"<item><title>{p}</title><link>{site.url}{p}</link></item>" for p in paths)
            body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Feed {n}</title>{items}</channel></rss>'
            site.pages[f"/feed-{n}.xml"] = (200, "application/rss+xml", body.encode())
        for _ in range(options.runs):
            ids = world(options.sources, site.url)
            fetching.robots_forget()
            started = time.perf_counter()
            reports = [news_source_poll(source_id=source_id) for source_id in ids]
            seconds = time.perf_counter() - started
            articles = sum(len(report.new_articles) + report.copies for report in reports)
            copies = sum(report.copies for report in reports)
            first_per_minute.append(len(ids) / seconds * 60)
            per_article.append(seconds * 1000 / max(articles, 1))
            started = time.perf_counter()
            for source_id in ids:
                news_source_poll(source_id=source_id)
            second_per_minute.append(len(ids) / (time.perf_counter() - started) * 60)
    write_results(
        "monitor_polling",
        {
            "benchmark": "story monitor polling, one worker, local news site",
            "database": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1],
            "sources": options.sources,
            "articles_per_round": articles,
            "of_which_wire_copies_merged": copies,
            "runs": options.runs,
            "first_round_sources_per_minute": spread(first_per_minute),
            "ms_per_new_article": spread(per_article),
            "unchanged_round_sources_per_minute": spread(second_per_minute),
        },
    )


if __name__ == "__main__":
    main()
