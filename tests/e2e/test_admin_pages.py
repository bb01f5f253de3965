"""The admin is held to the pages' checks (issue #28, 7): every admin page a team's curator and a team's admin
reach (each scoped list, an add page and one of their objects' change pages) passes axe-core with no serious or
critical finding and logs no console error, at desktop width and, for the pages a curator works in, on a phone."""

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.e2e.conftest import DESKTOP, PHONE, accessible, log_in, new_page
from tracker.admin.scoping import TeamScopedAdmin
from tracker.models import Question

pytestmark = [pytest.mark.e2e]


def _admin_pages(request_user_team_slug: str) -> list[str]:
    pages = ["/admin/"]
    for model, model_admin in admin.site._registry.items():
        if not isinstance(model_admin, TeamScopedAdmin):
            continue
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        pages.append(reverse(f"{name}_changelist"))
        if "add" in model_admin.curator_may:
            pages.append(reverse(f"{name}_add"))
        owned = model._default_manager.filter(**{f"{model_admin.team_path}__slug": request_user_team_slug}).first()
        if owned is not None:
            pages.append(reverse(f"{name}_change", args=[owned.pk]))
    return pages


@pytest.mark.parametrize("username", ["demo-curator", "demo-lead"])
def test_every_admin_page_a_team_reaches_passes_axe_with_a_quiet_console(browser, live_server, story, username):
    page = new_page(browser, live_server, DESKTOP)
    log_in(page, username)
    checked = 0
    for path in _admin_pages("korea-desk"):
        response = page.goto(path)
        if response.status == 403:
            page.console.errors.clear()  # the browser logs the refusal it was asked to load
            continue  # a team admin's page (webhooks) for a curator: refused, nothing to check
        assert response.status == 200, path
        accessible(page)
        assert page.console.errors == [], (path, page.console.errors)
        checked += 1
    assert checked >= 20, checked
    page.context.close()


def test_the_admin_question_page_on_a_phone(browser, live_server, story):
    page = new_page(browser, live_server, PHONE)
    log_in(page, "demo-curator")
    question = Question.objects.filter(team__slug="korea-desk", status="open").first()
    for path in ("/admin/", "/admin/tracker/question/", f"/admin/tracker/question/{question.pk}/change/"):
        assert page.goto(path).status == 200
        accessible(page)
    assert page.console.errors == []
    page.context.close()
