"""The question editor for curators: create a question, edit it within the rules of its state, schedule, open now,
close early, and link it to other questions. Every write is a service call; its refusals are shown on the form."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from forecasts.web.forms import QuestionEditorForm, QuestionLinkForm
from tracker.accounts.permissions import user_can_curate, user_is_a_curator
from tracker.accounts.requests import PageRequest, SignedInRequest
from tracker.curation.similar import similar_questions_warning
from tracker.lib.forms import add_service_errors
from tracker.models import Question, QuestionLink
from tracker.questions.selectors import access_question_by_slug, question_list
from tracker.questions.services import lifecycle
from tracker.questions.services.questions import editable_fields, question_create, question_edit, question_link_create
from tracker.questions.services.quick import question_promote

TEMPLATE = "web/question_edit.html"


def _curated_question(request: PageRequest, slug: str) -> Question:
    question = access_question_by_slug(request.user, slug)  # 404 for what the reader cannot see
    if not user_can_curate(user=request.user, question=question):
        raise PermissionDenied("Only the question's curators can edit it.")
    return question


def _page(
    request: HttpRequest,
    question: Question | None,
    form,
    *,
    link_form=None,
    status: int = 200,
    refusal=None,
    confirm=None,
):
    context = {"question": question, "form": form, "refusal": refusal, "confirm": confirm}
    if question is not None:
        context["link_form"] = link_form or _link_form(request, question)
        context["links"] = QuestionLink.objects.filter(question=question).select_related("related", "child")
        context["lifecycle_actions"] = _lifecycle_actions(question)
    return render(request, TEMPLATE, context, status=status)


def _link_form(request: HttpRequest, question: Question, data=None) -> QuestionLinkForm:
    others = question_list(user=request.user).filter(type=Question.Type.BINARY)
    return QuestionLinkForm(data, questions=others.exclude(pk=question.pk).order_by("title"))


def _lifecycle_actions(question: Question) -> list[tuple[str, str]]:
    """The editor's lifecycle buttons: each saves the form's edits first (nothing typed is lost)."""
    status = question.status
    actions = []
    if status == Question.Status.DRAFT:
        actions.append(("schedule", "Save and schedule (opens at its opening time)"))
    if status in (Question.Status.DRAFT, Question.Status.SCHEDULED):
        actions.append(("open-now", "Save and open now"))
    if status == Question.Status.OPEN:
        actions.append(("close-now", "Save and close now…"))
    if question.quick:
        actions.append(("promote", "Save and promote to a full question"))
    return actions


# Lifecycle steps that end something for every forecaster ask a second time (a step that works without JavaScript).
CONFIRM = {
    "close-now": (
        "Close this question now?",
        "Forecasting ends for everyone at once, before its scheduled close; it then waits for its resolution. "
        "This cannot be undone from the editor.",
        "Yes, save and close now",
    )
}


@login_required
def question_new(request: SignedInRequest):
    if not user_is_a_curator(user=request.user):
        raise PermissionDenied("Only curators create questions.")
    initial = {"team": request.GET.get("team")} if request.GET.get("team") else None
    form = QuestionEditorForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            question = question_create(
                **{name: data[name] for name in QuestionEditorForm.QUESTION_FIELDS},
                **{name: data[name] for name in QuestionEditorForm.RANGE_FIELDS},
                type=data["type"],
                options=form.option_labels or None,
                tags=form.tag_names,
                created_by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as error:
            form.add_error("team", str(error))
        else:
            messages.success(request, "Draft created. Check it, then schedule it or open it now.")
            if warning := similar_questions_warning(question):
                messages.warning(request, warning)
            return redirect("question-edit", slug=question.slug)
    return _page(request, None, form, status=400 if form.errors else 200)


@login_required
def question_edit_page(request: SignedInRequest, slug: str):
    question = _curated_question(request, slug)
    editable = editable_fields(question)
    form = QuestionEditorForm(request.POST or None, user=request.user, question=question, editable=editable)
    step_name = request.POST.get("lifecycle", "") if request.method == "POST" else ""
    if step_name and step_name not in LIFECYCLE:
        return _page(request, question, form, status=400, refusal=["Unknown action."])
    if request.method == "POST" and form.is_valid():
        if step_name in CONFIRM and request.POST.get("confirmed") != step_name:
            # The form comes back as typed, with the question asked again.
            return _page(request, question, form, confirm=(step_name, *CONFIRM[step_name]))
        try:
            with transaction.atomic():  # the edits and the step together, or neither
                question = _save_edits(request, question, form)
                if step_name:
                    change = LIFECYCLE[step_name][0]
                    question = change(question=question, actor=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as error:
            form.add_error("team", str(error))
        else:
            messages.success(request, f"Saved. {LIFECYCLE[step_name][1]}" if step_name else "Saved.")
            return redirect("question-edit", slug=question.slug)
    return _page(request, question, form, status=400 if form.errors else 200)


def _save_edits(request: SignedInRequest, question: Question, form: QuestionEditorForm) -> Question:
    changed = form.changed_fields()
    tags = form.tag_names if "tags" in form.changed_data and not form.fields["tags"].disabled else None
    clarification = form.cleaned_data.get("clarification", "")
    if not changed and tags is None and not clarification:
        return question
    return question_edit(question=question, actor=request.user, clarification=clarification, tags=tags, **changed)


LIFECYCLE = {
    "schedule": (lifecycle.question_schedule, "Scheduled: it opens at its opening time."),
    "open-now": (lifecycle.question_open_now, "Open: forecasters can forecast now."),
    "close-now": (lifecycle.question_close, "Closed: forecasting has ended; the question awaits its resolution."),
    "promote": (
        lambda *, question, actor: question_promote(question=question, curator=actor),
        "Promoted: a full question now, edited like any other.",
    ),
}


@login_required
@require_POST
def question_lifecycle(request: SignedInRequest, slug: str):
    """A lifecycle step without edits (the editor's own buttons post the form with them, to question_edit_page)."""
    question = _curated_question(request, slug)
    action = request.POST.get("action", "")
    step = LIFECYCLE.get(action)
    form = QuestionEditorForm(user=request.user, question=question, editable=editable_fields(question))
    if step is None:
        return _page(request, question, form, status=400, refusal=["Unknown action."])
    if action in CONFIRM and request.POST.get("confirmed") != action:
        return _page(request, question, form, confirm=(action, *CONFIRM[action]))
    change, done = step
    try:
        question = change(question=question, actor=request.user)
    except ValidationError as error:
        return _page(request, question, form, status=400, refusal=error.messages)
    messages.success(request, done)
    return redirect("question-edit", slug=question.slug)


@login_required
@require_POST
def question_link_add(request: SignedInRequest, slug: str):
    question = _curated_question(request, slug)
    link_form = _link_form(request, question, request.POST)
    if link_form.is_valid():
        try:
            question_link_create(question=question, actor=request.user, **link_form.cleaned_data)
        except ValidationError as error:
            add_service_errors(link_form, error)
        else:
            messages.success(request, "Linked.")
            return redirect("question-edit", slug=question.slug)
    form = QuestionEditorForm(user=request.user, question=question, editable=editable_fields(question))
    return _page(request, question, form, link_form=link_form, status=400)
