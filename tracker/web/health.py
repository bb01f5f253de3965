"""Health endpoints: /healthz (the web process and its database) and /health/ (the whole system, JSON)."""

from django.db import connection
from django.http import JsonResponse

from tracker.ops.health import health_report


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": connection.vendor})


def health(request):
    report = health_report()
    return JsonResponse(report, status=200 if report["status"] == "ok" else 503)
