"""The resolve page that due-for-resolution reminders link to."""

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render

from forecasts.web.forms import ResolveForm
from tracker.accounts.permissions import user_can_curate
from tracker.lib.forms import add_service_errors
from tracker.models import (
    Question,
    User,
)
from tracker.questions import lifecycle
from tracker.questions.selectors import access_question
from tracker.resolution.links import resolve_token_user


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
        return render(request, "web/question_resolve.html", {"question": None, "link_error": True}, status=403)
    question = access_question(resolver, question.pk)  # 404 for a team question the resolver cannot see
    context = {"question": question, "resolver": resolver, "token": token}
    if not user_can_curate(user=resolver, question=question):
        return render(request, "web/question_resolve.html", {**context, "not_curator": True}, status=403)
    if question.status not in (Question.Status.OPEN, Question.Status.CLOSED):
        return render(request, "web/question_resolve.html", {**context, "settled": True})
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
            return render(
                request, "web/question_resolve.html", {**context, "not_curator": True, "why": error}, status=403
            )
        else:
            return redirect("question-detail", slug=question.slug)
    status = 400 if request.method == "POST" else 200
    return render(request, "web/question_resolve.html", {**context, "form": form}, status=status)
