"""Server-rendered pages of the seed story. Views stay thin: a selector reads, a template shows."""

from django.core import signing
from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import render

from tracker.health import health_report
from tracker.models import Notification, Question, Source, User
from tracker.notifications import unsubscribe
from tracker.selectors import (
    access_question_by_slug,
    question_evidence,
    question_list,
    scenario_list,
    source_list,
)


def home(request):
    scenarios = list(scenario_list(user=request.user))
    status_counts: dict[str, int] = {}
    for scenario in scenarios:
        for question in scenario.visible_questions:
            status_counts[question.status] = status_counts.get(question.status, 0) + 1
    return render(
        request,
        "tracker/home.html",
        {
            "scenarios": scenarios,
            "sources": source_list(),
            "status_counts": [(label, status_counts.get(value, 0)) for value, label in Question.Status.choices],
        },
    )


def question_detail(request, slug: str):
    question = access_question_by_slug(request.user, slug)
    return render(
        request,
        "tracker/question_detail.html",
        {"question": question, "evidence": question_evidence(question=question), "options": question.options.all()},
    )


def source_detail(request, slug: str):
    source = Source.objects.filter(slug=slug).first()
    if source is None:
        raise Http404("No such article.")
    derived = question_list(user=request.user).filter(origin_source=source)
    return render(request, "tracker/source_detail.html", {"source": source, "derived_questions": derived})


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": connection.vendor})


# Other apps add checks here (forecasts registers the oldest undelivered notification) without tracker importing them.
EXTRA_HEALTH_CHECKS: list = []


def health_checks() -> dict:
    return health_report(extra_checks=EXTRA_HEALTH_CHECKS)


def health(request):
    report = health_checks()
    return JsonResponse(report, status=200 if report["status"] == "ok" else 503)


def notification_unsubscribe(request, token: str):
    """One-click unsubscribe from an email's signed link: email for that kind of notification goes off."""
    try:
        user, kind = unsubscribe(token=token)
    except (signing.BadSignature, User.DoesNotExist):
        return render(request, "tracker/unsubscribe.html", {"error": True}, status=400)
    return render(request, "tracker/unsubscribe.html", {"user_name": str(user), "kind": Notification.Kind(kind).label})
