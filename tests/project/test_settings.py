"""Settings: production refuses to start without its secrets and passes Django's deployment checks."""

import os
import subprocess
import sys

from django.conf import settings

ROOT = settings.BASE_DIR
SITE = "https://signpost.example.org"
PRODUCTION_SECRET = "k" * 20 + "-Zq9!x7@Lm3#Vb8$Nc2%Wd6^Fe1&Gh5*Jt4(Ry0)"  # 50+ characters, varied


def run_manage(*args: str, **environment: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "SIGNPOST_"))}
    env.update(environment)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage(
        "check", DJANGO_ENV="production", DJANGO_ALLOWED_HOSTS="signpost.example.org", SIGNPOST_SITE_URL=SITE
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set when DJANGO_ENV=production." in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_manage("check", DJANGO_ENV="production", DJANGO_SECRET_KEY=PRODUCTION_SECRET, SIGNPOST_SITE_URL=SITE)
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS must be set when DJANGO_ENV=production." in result.stderr


def test_production_refuses_to_start_without_the_address_emailed_links_point_to():
    result = run_manage(
        "check",
        DJANGO_ENV="production",
        DJANGO_SECRET_KEY=PRODUCTION_SECRET,
        DJANGO_ALLOWED_HOSTS="signpost.example.org",
    )
    assert result.returncode != 0
    assert "SIGNPOST_SITE_URL must be set when DJANGO_ENV=production" in result.stderr


def test_make_run_on_another_port_emails_links_to_that_port():
    """Emailed links pointed to port 8000 under `make run PORT=8111` (issue #28, 4)."""
    env = {key: value for key, value in os.environ.items() if key != "SIGNPOST_SITE_URL"}
    dry_run = subprocess.run(
        ["make", "-n", "run", "PORT=8111"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    site = 'SIGNPOST_SITE_URL="${SIGNPOST_SITE_URL:-http://127.0.0.1:8111}"'
    lines = dry_run.stdout.splitlines()
    # The seed too: the demo's news source follows this instance's own article feed at that address.
    assert any(site in line and "manage.py seed" in line for line in lines), dry_run.stdout
    server = dry_run.stdout[dry_run.stdout.index("PORT=8111") : dry_run.stdout.index("honcho start")]
    assert site in server, dry_run.stdout
    assert "SIGNPOST_FETCH_ALLOW_PRIVATE_ADDRESSES=true" in dry_run.stdout


def test_an_unknown_environment_name_is_refused():
    result = run_manage("check", DJANGO_ENV="staging")
    assert result.returncode != 0
    assert "DJANGO_ENV must be 'development' or 'production'; got 'staging'." in result.stderr


def test_production_passes_the_deployment_checks():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_ENV="production",
        DJANGO_SECRET_KEY=PRODUCTION_SECRET,
        DJANGO_ALLOWED_HOSTS="signpost.example.org",
        SIGNPOST_SITE_URL=SITE,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_development_defaults_are_local_and_utc():
    assert settings.TIME_ZONE == "UTC"
    assert settings.USE_TZ
    assert settings.CELERY_TASK_SERIALIZER == "json"
    assert settings.CELERY_ACCEPT_CONTENT == ["json"]
    assert settings.CELERY_TASK_TIME_LIMIT > settings.CELERY_TASK_SOFT_TIME_LIMIT > 0
    assert settings.AUTH_USER_MODEL == "tracker.User"
