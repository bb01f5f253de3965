"""Health endpoints: /healthz (the web process and its database) and /health/ (the whole system, JSON)."""

from django.db import connection
from django.http import JsonResponse

from tracker.accounts.requests import PageRequest
from tracker.ops.health import health_report


def healthz(request: PageRequest):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": connection.vendor})


def health(request: PageRequest):
    report = health_report()
    return JsonResponse(report, status=200 if report["status"] == "ok" else 503)
