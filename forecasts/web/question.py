"""The question page and what is posted to it: forecasts, evidence, resolution proposals."""

import math
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from forecasts.engine.validation import ForecastInputError
from forecasts.selectors.community import community_latest, crowd_visibility, question_rows
from forecasts.selectors.distribution import cdf_of_quantiles
from forecasts.services.forecasting import forecast_reaffirm, forecast_submit, forecast_withdraw
from forecasts.web.distribution_panel import distribution_view, typed_quantiles
from forecasts.web.forms import EvidenceForm
from forecasts.web.question_page import evidence_panel, forecast_panel, question_page
from tracker.accounts.requests import PageRequest, SignedInRequest
from tracker.lib.errors import messages_by_field
from tracker.models import Question
from tracker.questions.selectors import access_question_by_slug
from tracker.questions.services.evidence import evidence_add
from tracker.resolution.services.proposals import proposal_create

PERCENT_RANGE = "between 0.1% and 99.9%, in steps of 0.1"


def _percent(raw: str, field: str, label: str = "Your probability") -> float:
    """A percentage typed in a form as a probability; errors speak in percent, as the form does (the service's
    input rules are the same range, 0.001–0.999)."""
    text = str(raw).strip().rstrip("%").strip().replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        raise ValidationError({field: f"{label}: enter a number {PERCENT_RANGE}."}) from None
    if not math.isfinite(value) or not 0.1 <= value <= 99.9 or abs(value * 10 - round(value * 10)) > 1e-6:
        raise ValidationError({field: f"{label} must be {PERCENT_RANGE}; got {text}%."})
    return round(value, 1) / 100


def _option_percents(request: PageRequest, question) -> list[float]:
    """One percentage per option; they must add up to 100 (nothing is rescaled behind the forecaster's back)."""
    options = list(question.options.all())
    values = [
        _percent(request.POST.get(f"option_{index}", ""), "probabilities", label=option.label)
        for index, option in enumerate(options)
    ]
    total = round(sum(values) * 100, 1)
    if abs(total - 100) > 1e-6:
        raise ValidationError(
            {"probabilities": f"Your probabilities add up to {total:g}%; make them add up to exactly 100%."}
        )
    return values


def chosen_ids(values: list[str], field: str) -> list[int]:
    """Ids chosen in a form (empty choices left out); a value that is not an id is a field error."""
    try:
        return [int(value) for value in values if value.strip()]
    except ValueError:
        raise ValidationError({field: "Choose from the list."}) from None


def form_errors_of(error: ValidationError, fields=()) -> dict[str, list[str]]:
    """Field → messages for the form's `fields`; everything else under "form" (templates cannot read "__all__")."""
    found = messages_by_field(error, whole="form")
    errors: dict[str, list[str]] = {}
    for name, texts in found.items():
        field = name.split("[")[0]  # "probabilities[2]" is about the probabilities inputs
        errors.setdefault(field if field in fields else "form", []).extend(texts)
    return errors


def _read_model_context(read, request: HttpRequest, question, extra: dict) -> dict:
    model = read(
        user=request.user,
        question=question,
        comment_order=request.GET.get("corder", "oldest"),
        comment_page=request.GET.get("cpage", 1),
        chart_range=request.GET.get("range", "all"),
    )
    # The page's links change one parameter (chart range, comment order or page) and keep the others.
    return {"page": model, "query": request.GET.copy(), **extra}


def question_context(request: PageRequest, question, **extra) -> dict:
    return _read_model_context(question_page, request, question, extra)


def panel_context(request: PageRequest, question, **extra) -> dict:
    """What an HTMX save renders: the forecast panel and what it swaps out of band, read without the rest."""
    return _read_model_context(forecast_panel, request, question, extra)


def question_detail(request: PageRequest, slug: str):
    question = access_question_by_slug(request.user, slug)
    return render(request, "web/question_detail.html", question_context(request, question))


@login_required
@require_POST
def question_forecast(request: SignedInRequest, slug: str):
    """Submit a forecast. With HTMX the forecast panel (chart, history, form) comes back in place; without, a
    redirect. A refused forecast keeps what was typed and says why, next to the field."""
    # The question alone for the forecast (as the API reads it); the panel that comes back reads what it shows.
    question = access_question_by_slug(request.user, slug, with_related=False)
    errors: dict[str, list[str]] = {}
    try:
        arguments: dict[str, Any]
        if question.type == Question.Type.BINARY:
            arguments = {"probability": _percent(request.POST.get("probability", ""), "probability")}
        elif question.is_continuous:
            arguments = {"quantiles": typed_quantiles(question, request.POST, timezone.get_current_timezone())}
        else:
            arguments = {"probabilities": _option_percents(request, question)}
        forecast_submit(
            user=request.user,
            question=question,
            rationale=request.POST.get("rationale", "")[:5000],
            share=request.POST.get("share") or None,
            team=request.POST.get("team") or None,
            evidence_ids=chosen_ids(request.POST.getlist("evidence"), "evidence"),
            **arguments,
        )
    except ValidationError as error:
        errors = form_errors_of(error, fields=("probability", "probabilities", "quantiles", "share"))
    except PermissionDenied as error:
        errors = {"form": [str(error)]}
    if request.htmx:
        context = panel_context(request, question, form_errors=errors, form_data=request.POST if errors else None)
        if not errors:
            context["saved"] = True
        return render(request, "web/_forecast_panel.html", context)
    if errors:
        question = access_question_by_slug(request.user, slug)
        context = question_context(request, question, form_errors=errors, form_data=request.POST)
        return render(request, "web/question_detail.html", context, status=400)
    messages.success(request, "Forecast saved.")
    return redirect("question-detail", slug=question.slug)


def question_distribution_preview(request: PageRequest, slug: str):
    """The distribution the typed quantiles make, drawn with the community's (where the reader may see it), as the
    forecast form's live preview: nothing is saved. A value the rules refuse says why instead. Asked as the reader
    types, so the question is read alone (the preview draws nothing of its tags, options or scenario)."""
    question = access_question_by_slug(request.user, slug, with_related=False)
    if not question.is_continuous:
        raise Http404("Only numeric and date questions have distributions.")
    zone = timezone.get_current_timezone()
    try:
        cdf = cdf_of_quantiles(question, typed_quantiles(question, request.GET, zone))
    except ValidationError as error:
        return HttpResponse(format_html('<p class="field-error">{}</p>', " ".join(error.messages)))
    except ForecastInputError as error:
        return HttpResponse(format_html('<p class="field-error">{}</p>', error.message))
    community = None
    if crowd_visibility(user=request.user, questions=[question])(question):
        step = community_latest(question_ids=[question.pk]).get(question.pk)
        community = step.values if step is not None else None
    draft = distribution_view(question=question, community_cdf=community, mine_cdf=cdf)
    summary = draft.mine.text if draft.mine else ""
    # The chart is built by distribution_charts, which escapes every text it draws.
    chart = mark_safe(draft.density_svg)
    return HttpResponse(format_html('<p class="muted">Your draft: {}</p>{}', summary, chart))


@login_required
@require_POST
def question_quick_forecast(request: SignedInRequest, slug: str):
    """A yes/no forecast straight from a list (the question list, the dashboard): the row's cell comes back in place
    (HTMX), or the list again. The same service and rules as the question page."""
    question = access_question_by_slug(request.user, slug, with_related=False)
    probability_typed = request.POST.get("probability", "")
    typed: str | dict[str, str] = probability_typed
    error = ""
    try:
        if question.is_continuous:
            typed = {name: request.POST.get(name, "") for name in ("q10", "q50", "q90")}
            quantiles = typed_quantiles(question, request.POST, timezone.get_current_timezone())
            forecast_submit(user=request.user, question=question, quantiles=quantiles)
        elif question.type != Question.Type.BINARY:
            raise ValidationError({"probabilities": "Forecast a multiple-choice question on its page."})
        else:
            forecast_submit(
                user=request.user, question=question, probability=_percent(probability_typed, "probability")
            )
    except (ValidationError, PermissionDenied) as refused:
        error = " ".join(getattr(refused, "messages", [str(refused)]))
    if request.htmx:
        [row] = question_rows(user=request.user, questions=[question])
        context = {
            "question": question,
            "mine": row.mine,
            "row": row,  # the row's community cell, which the forecast moved, comes back with the form
            "saved": not error,
            "error": error,
            "typed": typed if error else "",
        }
        return render(request, "web/_quick_forecast.html", context, status=200)
    if error:
        messages.error(request, f"{question.title}: {error}")
    else:
        messages.success(request, f"Forecast saved: {question.title}")
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("questions")
    return redirect(target)


def _standing_forecast_action(
    request: SignedInRequest, slug: str, act: Callable[..., object], *, saved: str, done: str
):
    """Reaffirm or withdraw the standing forecast: the panel comes back in place (HTMX) or the page, saying so."""
    question = access_question_by_slug(request.user, slug, with_related=False)
    errors: dict[str, list[str]] = {}
    try:
        act(user=request.user, question=question)
    except (ValidationError, PermissionDenied) as error:
        errors = {"form": getattr(error, "messages", [str(error)])}
    if request.htmx:
        context = panel_context(request, question, form_errors=errors, saved=None if errors else saved)
        return render(request, "web/_forecast_panel.html", context)
    if errors:
        messages.error(request, " ".join(errors["form"]))
    else:
        messages.success(request, done)
    return redirect("question-detail", slug=question.slug)


@login_required
@require_POST
def question_reaffirm(request: SignedInRequest, slug: str):
    """The standing forecast again, dated now."""
    return _standing_forecast_action(
        request, slug, forecast_reaffirm, saved="reaffirmed", done="Forecast reaffirmed: the same forecast, dated now."
    )


@login_required
@require_POST
def question_withdraw(request: SignedInRequest, slug: str):
    """Withdraw the standing forecast."""
    return _standing_forecast_action(
        request, slug, forecast_withdraw, saved="withdrawn", done="Forecast withdrawn; it stays in your history."
    )


@login_required
@require_POST
def question_add_evidence(request: SignedInRequest, slug: str):
    question = access_question_by_slug(request.user, slug)
    form = EvidenceForm(request.POST, question=question)
    errors = {}
    if form.is_valid():
        try:
            evidence_add(question=question, added_by=request.user, **form.arguments())
        except ValidationError as error:
            errors = form_errors_of(error, fields=("url", "option", "stance"))
    else:
        errors = form_errors_of(ValidationError(form.errors), fields=("url", "option", "stance"))
    if request.htmx:
        context = {
            "page": evidence_panel(question=question),
            "evidence_errors": errors,
            "evidence_form": form if errors else None,
        }
        return render(request, "web/_evidence.html", context)
    if errors:
        context = question_context(request, question, evidence_errors=errors, evidence_form=form)
        return render(request, "web/question_detail.html", context, status=400)
    messages.success(request, "Evidence added.")
    return redirect("question-detail", slug=question.slug)


@login_required
@require_POST
def question_propose(request: SignedInRequest, slug: str):
    question = access_question_by_slug(request.user, slug)
    try:
        proposal_create(
            question=question,
            proposed_by=request.user,
            outcome=request.POST.get("outcome", "").strip(),
            evidence_url=request.POST.get("evidence_url", "").strip(),
            note=request.POST.get("note", "")[:2000],
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, "Resolution proposed: the question's curators have been told.")
    return redirect("question-detail", slug=question.slug)
