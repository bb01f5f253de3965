"""Embeds: a public question's chart and numbers as a page for an iframe (light or dark), and the oEmbed answer
that lets other sites discover it. Read as an anonymous reader sees the question, whoever asks: never a private
question, never a crowd hidden until one forecasts. No cookies are read or set (the reader is not looked up), so
the page can be cached and shared."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve, reverse
from django.utils.html import escape
from django.views.decorators.cache import cache_control

from forecasts.engine.charts import percent_text
from forecasts.engine.preview_card import preview_card
from forecasts.selectors.community import crowd_visible
from forecasts.web.question_page import forecast_panel
from tracker.accounts.requests import PageRequest
from tracker.models import Question
from tracker.questions.selectors import access_question_by_slug

EMBED_WIDTH, EMBED_HEIGHT = 640, 420
THEMES = ("light", "dark")


def embeddable_question(slug: str) -> Question:
    """The question if anybody may read it and its crowd is shown to everybody; otherwise Http404, as for a
    question that does not exist."""
    question = access_question_by_slug(AnonymousUser(), slug)
    if question.visibility != Question.Visibility.PUBLIC or question.status == Question.Status.DRAFT:
        raise Http404("No such question.")
    if not crowd_visible(question=question, has_forecast=False):  # as shown to a reader who has not forecast
        raise Http404("No such question.")
    return question


@cache_control(public=True, max_age=300)
def question_embed(request: PageRequest, slug: str) -> HttpResponse:
    question = embeddable_question(slug)
    panel = forecast_panel(user=AnonymousUser(), question=question, evidence=[])
    theme = request.GET.get("theme", "light")
    context = {
        "question": question,
        "panel": panel,
        "theme": theme if theme in THEMES else "light",
        "question_url": settings.SITE_URL + question.get_absolute_url(),
    }
    response = render(request, "web/question_embed.html", context)
    # Framed from anywhere, as an embed is: what xframe_options_exempt and django-csp's csp_replace set (their
    # typed signatures take a view without URL arguments).
    response.xframe_options_exempt = True
    response._csp_replace = {"frame-ancestors": ["*"]}  # type: ignore[attr-defined]
    return response


def _headline(panel) -> str:
    """The community's number in words, as the embed states it."""
    if panel.distribution is not None:
        community = panel.distribution.community
        if community is None:
            return "No forecasts yet"
        return f"Community median {community.median_text} (80% between {community.interval_text})"
    shown = [(label, value) for label, _, value in panel.legend if value is not None]
    if not shown:
        return "No forecasts yet"
    if not panel.options:
        return f"Community forecast {percent_text(shown[0][1])}"
    label, value = max(shown, key=lambda item: item[1])
    label = label if len(label) <= 36 else label[:35].rstrip() + "…"  # the card's line holds about 60 characters
    return f"Most likely: {label} {percent_text(value)} (of {len(panel.options)})"


@cache_control(public=True, max_age=300)
def question_preview(request: PageRequest, slug: str) -> HttpResponse:
    """The link-preview image of a public question (og:image): its title, number and chart as an SVG card; the same
    404 as the embed for anything not embeddable."""
    question = embeddable_question(slug)
    panel = forecast_panel(user=AnonymousUser(), question=question, evidence=[])
    wide_chart = panel.chart_svg.split("</svg>", 1)[0] + "</svg>"  # the page draws it wide, then narrow
    card = preview_card(
        title=question.title,
        headline=_headline(panel),
        footer=f"{question.get_status_display().lower()}, closes {question.scheduled_close_at:%-d %b %Y} (UTC)",
        chart_svg=wide_chart,
    )
    return HttpResponse(card, content_type="image/svg+xml")


@cache_control(public=True, max_age=300)
def oembed(request: PageRequest) -> JsonResponse:
    """oEmbed 1.0 for a public question's address (`?url=…`; JSON only): a 404 for anything else."""
    if request.GET.get("format", "json") != "json":
        return JsonResponse({"error": "Only format=json is offered."}, status=501)
    path = urlsplit(request.GET.get("url", "")).path
    try:
        match = resolve(path)
    except Resolver404:
        raise Http404("Not a question's address.") from None
    if match.url_name != "question-detail":
        raise Http404("Not a question's address.")
    question = embeddable_question(match.kwargs["slug"])
    asked = request.GET.get("maxwidth", "")
    width = min(int(asked), EMBED_WIDTH) if asked.isdigit() and int(asked) > 0 else EMBED_WIDTH
    src = settings.SITE_URL + reverse("question-embed", args=[question.slug])
    return JsonResponse(
        {
            "version": "1.0",
            "type": "rich",
            "provider_name": "Signpost",
            "provider_url": settings.SITE_URL + "/",
            "title": question.title,
            "width": width,
            "height": EMBED_HEIGHT,
            "html": (
                f'<iframe src="{src}" width="{width}" height="{EMBED_HEIGHT}" title="{escape(question.title)}" '
                'loading="lazy" style="border:0"></iframe>'
            ),
        }
    )
