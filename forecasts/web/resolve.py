"""The resolve page: reached by a signed-in curator, or through the one-click link in a due-for-resolution reminder
(tracker.resolution.links: a path segment, valid for one use; the first form posted through it grants this browser
session the right to resolve the question as the link's curator for an hour)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from forecasts.web.forms import ResolveForm
from tracker.accounts.permissions import user_can_curate
from tracker.lib.forms import add_service_errors
from tracker.models import Question
from tracker.questions import lifecycle
from tracker.questions.selectors import access_question
from tracker.resolution.links import LinkRefused, resolve_grant_user, resolve_link_use, resolve_link_user

TEMPLATE = "web/question_resolve.html"


def _question(slug: str) -> Question:
    question = Question.objects.filter(slug=slug).first()
    if question is None:
        raise Http404("No such question.")
    return question


def _refused(request, error: LinkRefused):
    return render(request, TEMPLATE, {"question": None, "link_error": True, "link_used": error.used}, status=403)


def question_resolve_link(request, slug: str, token: str):
    """The link from a reminder: GET shows the page (nothing is spent, so mail scanners that open links do no
    harm); the first POST spends the link and resolves."""
    question = _question(slug)
    try:
        if request.method == "POST":
            resolver = resolve_link_use(token=token, question=question, session=request.session)
        else:
            resolver = resolve_link_user(token=token, question=question)
    except LinkRefused as error:
        return _refused(request, error)
    # Until the link is spent the form posts back to it; after, to the page this session may now use.
    action = request.path if request.method == "GET" else reverse("question-resolve", args=[question.slug])
    return _resolve_page(request, question, resolver, action=action)


def question_resolve(request, slug: str):
    """The resolve page for a signed-in curator, or for this session's curator after a link was used in it."""
    question = _question(slug)
    resolver = resolve_grant_user(session=request.session, question=question)
    if resolver is None and request.user.is_authenticated:
        resolver = request.user
    if resolver is None:
        return render(request, TEMPLATE, {"question": None, "sign_in": True}, status=403)
    return _resolve_page(request, question, resolver, action=request.path)


def _resolve_page(request, question: Question, resolver, *, action: str):
    question = access_question(resolver, question.pk)  # 404 for a team question the resolver cannot see
    context = {"question": question, "resolver": resolver, "action": action}
    if not user_can_curate(user=resolver, question=question):
        return render(request, TEMPLATE, {**context, "not_curator": True}, status=403)
    if question.status not in (Question.Status.OPEN, Question.Status.CLOSED):
        return render(request, TEMPLATE, {**context, "settled": True})
    form = ResolveForm(request.POST or None, question=question)
    if request.method == "POST" and form.is_valid():
        try:
            lifecycle.question_resolve(
                question=question,
                outcome=form.outcome_value(),
                resolved_by=resolver,
                notes=form.cleaned_data["notes"],
                effective_close_at=form.cleaned_data["effective_close_at"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as error:
            return render(request, TEMPLATE, {**context, "not_curator": True, "why": error}, status=403)
        else:
            return redirect("question-detail", slug=question.slug)
    status = 400 if request.method == "POST" else 200
    return render(request, TEMPLATE, {**context, "form": form}, status=status)
