"""The project's outer shape: the README, the settings table (docs/operations.md), the compose file and the image. (The shape of the code
itself is held by the import-linter contracts in pyproject.toml, which `make test` runs.)"""

import re
from pathlib import Path

import yaml
from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def test_every_environment_variable_is_in_the_settings_table():
    config = ROOT / "tracker" / "config"
    source = "".join((config / name).read_text(encoding="utf-8") for name in ("settings.py", "integrations.py"))
    variables = set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z_]+)"', source))
    assert {"DJANGO_SECRET_KEY", "DATABASE_URL", "REDIS_URL"} <= variables
    operations = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    table_rows = set(re.findall(r"^\|\s*`([A-Z_]+)`\s*\|", operations, flags=re.MULTILINE))
    assert variables - table_rows == set(), "undocumented settings"
    assert table_rows - variables == set(), "docs/operations.md documents settings the code does not read"


def test_readme_starts_with_the_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    head = readme[:1500]
    assert "make run" in head
    assert "make test" in head
    ci_script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci_script


def test_the_docs_state_how_long_a_resolve_link_works():
    from tracker.resolution.services.links import RESOLVE_LINK_MAX_AGE

    operations = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    stated = set(re.findall(r"signed for the recipient \(valid (\d+) days", operations))
    assert stated == {str(RESOLVE_LINK_MAX_AGE // 86400)}


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def test_compose_has_the_services_with_health_checks_and_named_volumes():
    services = compose()["services"]
    assert set(services) == {
        "postgres",
        "redis",
        "web",
        "worker",
        "worker-heavy",
        "worker-outbound",
        "worker-email",
        "worker-monitor",
        "worker-curation",
        "beat",
    }
    for name, service in services.items():
        assert "healthcheck" in service, name
        assert service.get("restart") == "unless-stopped", name
    assert services["postgres"]["image"].startswith("postgres:15")
    assert set(compose()["volumes"]) == {"postgres-data", "redis-data"}
    assert "postgres-data:/var/lib/postgresql/data" in services["postgres"]["volumes"]
    assert "redis-data:/data" in services["redis"]["volumes"]


def test_compose_runs_one_image_as_web_worker_and_exactly_one_beat():
    services = compose()["services"]
    app_services = {name: services[name] for name in ("web", "worker", "worker-heavy", "worker-outbound", "beat")}
    assert {service["image"] for service in app_services.values()} == {"signpost:latest"}
    web_command = app_services["web"]["command"]
    assert "gunicorn tracker.config.wsgi:application" in web_command
    assert "migrate" in web_command
    assert app_services["worker"]["command"][:4] == ["celery", "-A", "tracker", "worker"]
    # Heavy work has workers of its own, so a rescoring never delays reminders.
    assert app_services["worker"]["command"][-2:] == ["-Q", "celery"]
    assert app_services["worker-heavy"]["command"][-2:] == ["-Q", "heavy"]
    # So do calls to the outside world, so a slow receiver never holds the others.
    assert app_services["worker-outbound"]["command"][-2:] == ["-Q", "outbound"]
    assert settings.CELERY_TASK_ROUTES["tracker.deliver_webhook"] == {"queue": settings.CELERY_OUTBOUND_QUEUE}
    assert settings.CELERY_TASK_ROUTES["forecasts.score_question"] == {"queue": settings.CELERY_HEAVY_QUEUE}
    # Every routed queue has workers of its own in the compose file and in `make run`'s one worker.
    queues = {route["queue"] for route in settings.CELERY_TASK_ROUTES.values()}
    served = {services[name]["command"][-1] for name in services if name.startswith("worker")}
    assert queues <= served
    procfile = (ROOT / "Procfile").read_text(encoding="utf-8")
    assert all(queue in procfile.split("-Q ", 1)[1].split()[0].split(",") for queue in queues)
    assert "setup_schedules" in app_services["web"]["command"]
    assert app_services["beat"]["command"][:4] == ["celery", "-A", "tracker", "beat"]
    assert "django_celery_beat.schedulers:DatabaseScheduler" in app_services["beat"]["command"]
    assert app_services["beat"]["deploy"]["replicas"] == 1
    beats = [name for name, service in services.items() if "beat" in str(service.get("command", ""))]
    assert beats == ["beat"]
    for name, service in app_services.items():
        for condition in service["depends_on"].values():
            assert condition == {"condition": "service_healthy"}, name
    middleware = settings.MIDDLEWARE
    assert middleware.index("whitenoise.middleware.WhiteNoiseMiddleware") == 1


def test_compose_takes_every_setting_from_the_environment():
    services = compose()["services"]
    for name in ("web", "worker", "worker-heavy", "worker-outbound", "beat"):
        environment = services[name]["environment"]
        assert environment["DJANGO_ENV"] == "production"
        assert environment["DJANGO_SECRET_KEY"] == "${DJANGO_SECRET_KEY:?set DJANGO_SECRET_KEY}"
        assert environment["DATABASE_URL"].startswith("postgres://")
        assert "@postgres:5432/" in environment["DATABASE_URL"]
        assert environment["REDIS_URL"] == "redis://redis:6379/0"


def test_dockerfile_builds_the_one_image():
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert dockerfile.startswith("# One image")
    assert "FROM python:3.11" in dockerfile
    assert "pip install --no-cache-dir --require-hashes -r requirements.txt" in dockerfile
    assert "requirements-dev" not in dockerfile
    assert "collectstatic" in dockerfile
    assert "USER signpost" in dockerfile


def _locked(path: Path) -> dict[str, list[str]]:
    """{"package==version": [hashes]} of a pip-compile lock file."""
    packages: dict[str, list[str]] = {}
    current = None
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip().rstrip("\\").strip()
        if not line:
            continue
        if line.startswith("--hash="):
            packages[current].append(line.removeprefix("--hash="))
        else:
            assert "==" in line, f"{path.name}: {line} is not pinned"
            current = line.lower()
            packages[current] = []
    return packages


def test_runtime_and_development_requirements_are_locked_with_hashes():
    runtime, development = _locked(ROOT / "requirements.txt"), _locked(ROOT / "requirements-dev.txt")
    for name, packages in (("requirements.txt", runtime), ("requirements-dev.txt", development)):
        assert packages, name
        unhashed = [package for package, hashes in packages.items() if not hashes]
        assert unhashed == [], f"{name}: no hash for {unhashed}"
        assert all(digest.startswith("sha256:") for hashes in packages.values() for digest in hashes)
    # Development has every runtime package, at the same version (it is compiled against the runtime lock) ...
    assert set(runtime) <= set(development)
    # ... and the tools stay out of the runtime lock (the production image installs only that one).
    runtime_names = {pinned.split("==")[0] for pinned in runtime}
    assert not {"pytest", "ruff", "playwright", "schemathesis", "honcho", "pip-tools"} & runtime_names
    assert {"django", "celery", "psycopg", "gunicorn", "django-filter"} <= runtime_names
