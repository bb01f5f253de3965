"""Server-rendered pages of the seed story. Views stay thin: a selector reads, a template shows."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from tracker import curation, services, webhooks
from tracker.article_text import highlight_segments
from tracker.forms import (
    ApiTokenForm,
    ArticleImportForm,
    NotificationPreferencesForm,
    ResolveForm,
    SignupForm,
    SuggestionDecisionForm,
    WebhookForm,
    add_service_errors,
)
from tracker.health import health_report
from tracker.models import (
    ApiToken,
    ClaimSuggestion,
    Notification,
    Question,
    Source,
    Team,
    User,
    Webhook,
    WebhookDelivery,
)
from tracker.notifications import (
    notification_list,
    notification_mark_read,
    notification_preferences,
    notification_preferences_set,
    resolve_token_user,
    unsubscribe,
)
from tracker.selectors import (
    access_question,
    question_list,
    scenario_list,
    source_list,
    user_can_admin_team,
    user_can_curate,
    user_is_a_curator,
)
from tracker.tokens import api_token_create, api_token_revoke


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


def source_detail(request, slug: str):
    source = Source.objects.filter(slug=slug).first()
    if source is None:
        raise Http404("No such article.")
    derived = list(question_list(user=request.user, with_evidence_count=False).filter(origin_source=source))
    spans = [
        (q.origin_quote_start, q.origin_quote_start + len(q.origin_quote), {"question": q})
        for q in derived
        if q.origin_quote_start is not None and q.origin_quote
    ]
    curator = user_is_a_curator(user=request.user)
    suggestions = []
    if curator:
        suggestions = list(source.claim_suggestions.filter(state=ClaimSuggestion.State.PROPOSED).order_by("start"))
        spans += [(s.start, s.end, {"suggestion": s}) for s in suggestions]
    paragraphs = [[]]
    for piece, mark in highlight_segments(source.text, spans):
        # Paragraph breaks only fall outside highlights; a highlight is one sentence.
        parts = piece.split("\n") if mark is None else [piece]
        for index, part in enumerate(parts):
            if index:
                paragraphs.append([])
            if part:
                paragraphs[-1].append((part, mark))
    context = {
        "source": source,
        "derived_questions": derived,
        "paragraphs": [paragraph for paragraph in paragraphs if paragraph],
        "suggestions": suggestions,
        "is_curator": curator,
        "curator_teams": list(SuggestionDecisionForm(user=request.user).fields["team"].queryset) if curator else [],
    }
    return render(request, "tracker/source_detail.html", context)


@login_required
def article_import(request):
    """Curators paste or upload an article; its claims become suggestions shown on the article page."""
    if not user_is_a_curator(user=request.user):
        raise PermissionDenied("Only curators can import articles.")
    form = ArticleImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            source, suggestions = curation.article_import(imported_by=request.user, **form.import_arguments())
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, error.messages[0] if hasattr(error, "messages") else str(error))
        else:
            messages.success(request, f"Imported “{source.title}”: {len(suggestions)} claim(s) proposed.")
            return redirect("source-detail", slug=source.slug)
    return render(request, "tracker/article_import.html", {"form": form}, status=400 if form.errors else 200)


@login_required
@require_POST
def suggestion_decide(request, pk: int):
    """Accept (a draft question, public or for one of the curator's teams) or reject a suggestion."""
    suggestion = ClaimSuggestion.objects.select_related("source").filter(pk=pk).first()
    if suggestion is None or not user_is_a_curator(user=request.user):
        raise Http404("No such suggestion.")
    form = SuggestionDecisionForm(request.POST, user=request.user)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors.as_text())
        if form.cleaned_data["decision"] == "reject":
            curation.suggestion_reject(suggestion=suggestion, actor=request.user, reason=form.cleaned_data["reason"])
            messages.success(request, "Rejected: it will not be proposed again for this article.")
        else:
            _, question = curation.suggestion_accept(
                suggestion=suggestion, actor=request.user, **form.accept_arguments()
            )
            messages.success(request, f"Draft created: {question.title}")
            if warning := curation.similar_questions_warning(question):
                messages.warning(request, warning)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except PermissionDenied as error:
        messages.error(request, str(error))
    return redirect(f"{reverse('source-detail', kwargs={'slug': suggestion.source.slug})}#suggestion-{suggestion.pk}")


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


def _resolver(request, question: Question) -> tuple[User | None, str]:
    """Who is resolving: the user a valid signed link was issued to, else the signed-in user; with the token to
    carry through the form."""
    token = request.POST.get("token") or request.GET.get("token") or ""
    if token:
        try:
            return resolve_token_user(token=token, question=question), token
        except signing.BadSignature:
            return None, ""
    return (request.user if request.user.is_authenticated else None), ""


def question_resolve(request, slug: str):
    """The resolve page that due-for-resolution reminders link to, signed for their recipient (one click, no
    sign-in); signed-in curators reach it directly. The service decides what is allowed."""
    question = Question.objects.filter(slug=slug).first()
    if question is None:
        raise Http404("No such question.")
    resolver, token = _resolver(request, question)
    if resolver is None:
        return render(request, "tracker/question_resolve.html", {"question": None, "link_error": True}, status=403)
    question = access_question(resolver, question.pk)  # 404 for a team question the resolver cannot see
    context = {"question": question, "resolver": resolver, "token": token}
    if not user_can_curate(user=resolver, question=question):
        return render(request, "tracker/question_resolve.html", {**context, "not_curator": True}, status=403)
    if question.status not in (Question.Status.OPEN, Question.Status.CLOSED):
        return render(request, "tracker/question_resolve.html", {**context, "settled": True})
    form = ResolveForm(request.POST or None, question=question)
    if request.method == "POST" and form.is_valid():
        try:
            services.question_resolve(
                question=question,
                outcome=form.outcome_value(),
                resolved_by=resolver,
                notes=form.cleaned_data["notes"],
                effective_close_at=form.cleaned_data["effective_close_at"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as error:
            return render(
                request, "tracker/question_resolve.html", {**context, "not_curator": True, "why": error}, status=403
            )
        else:
            return redirect("question-detail", slug=question.slug)
    status = 400 if request.method == "POST" else 200
    return render(request, "tracker/question_resolve.html", {**context, "form": form}, status=status)


NOTIFICATIONS_PER_PAGE = 50


@login_required
def notifications(request):
    page = Paginator(notification_list(user=request.user), NOTIFICATIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "tracker/notifications.html", {"page": page})


@login_required
@require_POST
def notifications_mark_read(request):
    """Mark one notification read (`id`), or all of them."""
    raw_id = request.POST.get("id")
    if raw_id is not None and not raw_id.isdigit():
        messages.error(request, "That is not a notification id.")
        return redirect("notifications")
    changed = notification_mark_read(user=request.user, ids=None if raw_id is None else [int(raw_id)])
    messages.success(request, f"Marked {changed} notification{'s' if changed != 1 else ''} read.")
    return redirect("notifications")


@login_required
def notification_settings(request):
    form = NotificationPreferencesForm(request.POST or None, current=notification_preferences(user=request.user))
    if request.method == "POST":
        if form.is_valid():
            notification_preferences_set(user=request.user, preferences=form.preferences())
            messages.success(request, "Notification settings saved.")
            return redirect("notification-settings")
        return render(request, "tracker/notification_settings.html", {"form": form}, status=400)
    return render(request, "tracker/notification_settings.html", {"form": form})


# --- accounts ---------------------------------------------------------------------------------------------------


def signup(request):
    """Create an account (username, email, password twice), then sign in."""
    if request.user.is_authenticated:
        return redirect("dashboard")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, f"Welcome, {user.username}. Pick a question and make your first forecast.")
        return redirect("dashboard")
    return render(request, "registration/signup.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def api_tokens(request):
    """Create API tokens (the token is shown once, here) and revoke them."""
    created_token = None
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and "revoke" in request.POST:
        token = ApiToken.objects.filter(user=request.user, pk=request.POST.get("revoke") or 0).first()
        if token is None:
            raise Http404("No such token.")
        api_token_revoke(token=token)
        messages.success(request, f"Revoked “{token.name}”: it no longer works.")
        return redirect("api-tokens")
    if request.method == "POST" and form.is_valid():
        try:
            _, created_token = api_token_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
    context = {
        "form": form,
        "created_token": created_token,
        "tokens": ApiToken.objects.filter(user=request.user).order_by("-created_at"),
    }
    return render(request, "tracker/api_tokens.html", context, status=400 if form.errors else 200)


@login_required
def team_webhooks(request):
    """Team admins manage their teams' webhooks: add (the secret is shown once), test, turn off and on, rotate the
    secret, and read the latest deliveries."""
    teams = [team for team in Team.objects.order_by("name") if user_can_admin_team(user=request.user, team=team)]
    if not teams:
        raise PermissionDenied("Only team admins manage webhooks.")
    team_ids = {team.pk for team in teams}
    form = WebhookForm(request.POST or None, teams=teams)
    shown_secret = None
    if request.method == "POST" and "action" in request.POST:
        webhook = Webhook.objects.filter(pk=request.POST.get("webhook") or 0, team_id__in=team_ids).first()
        if webhook is None:
            raise Http404("No such webhook.")
        action = request.POST["action"]
        if action == "test":
            webhooks.webhook_send_test(webhook=webhook, requested_by=request.user)
            messages.success(request, "Test event queued: its delivery appears below within a minute.")
        elif action == "disable":
            webhooks.webhook_disable(webhook=webhook, reason=f"Turned off by {request.user.get_username()}.")
            messages.success(request, "Webhook turned off.")
        elif action == "enable":
            webhooks.webhook_enable(webhook=webhook)
            messages.success(request, "Webhook turned on.")
        elif action == "rotate":
            webhook = webhooks.webhook_rotate_secret(webhook=webhook)
            shown_secret = webhook.secret
            messages.success(request, "New secret below; the old one keeps working for 24 hours.")
        if shown_secret is None:
            return redirect("team-webhooks")
    elif request.method == "POST" and form.is_valid():
        try:
            webhook = webhooks.webhook_create(created_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            shown_secret = webhook.secret
            form = WebhookForm(teams=teams)
            messages.success(request, "Webhook added. Copy its secret now: it is shown only this once.")
    hooks = list(Webhook.objects.filter(team_id__in=team_ids).select_related("team").order_by("team__name", "pk"))
    recent: dict[int, list] = {hook.pk: [] for hook in hooks}
    for delivery in WebhookDelivery.objects.filter(webhook__in=hooks).order_by("-created_at")[:200]:
        if len(recent[delivery.webhook_id]) < 5:
            recent[delivery.webhook_id].append(delivery)
    for hook in hooks:
        hook.recent = recent[hook.pk]
    context = {"form": form, "webhooks": hooks, "shown_secret": shown_secret}
    return render(request, "tracker/team_webhooks.html", context, status=400 if form.errors else 200)
