"""A question's discussion on the web: post and reply, permalinks, edit, delete, hide and unhide, follow.

Every form works without JavaScript: a refused comment comes back on the question page with what was typed and the
reason next to the field (status 400); a successful one redirects to its permalink."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from forecasts.models import Comment
from forecasts.selectors.discussion import (
    THREAD_ORDERS,
    access_comment,
    comment_can_edit,
    comment_editable_until,
    comment_position,
    reader_of,
)
from forecasts.services.discussion import (
    comment_create,
    comment_delete,
    comment_edit,
    comment_hide,
    comment_unhide,
    comment_vote_set,
    question_follow_set,
)
from forecasts.web.question import chosen_ids, form_errors_of, question_context
from forecasts.web.question_page import COMMENTS_PER_PAGE
from tracker.accounts.requests import PageRequest, SignedInRequest
from tracker.questions.selectors import access_question_by_slug

COMMENT_FIELDS = ("body", "audience", "team", "parent", "evidence")


def _permalink(comment: Comment) -> str:
    return reverse("comment-permalink", args=[comment.question.slug, comment.pk])


@login_required
@require_POST
def comment_post(request: SignedInRequest, slug: str):
    question = access_question_by_slug(request.user, slug)
    parent = None
    try:
        if request.POST.get("parent"):
            parent = access_comment(request.user, question, chosen_ids([request.POST["parent"]], "parent")[0])
        # "public", or "team:<slug>" (the team that reads it)
        audience, _, team = request.POST.get("audience", "public").partition(":")
        comment = comment_create(
            author=request.user,
            question=question,
            body=request.POST.get("body", ""),
            audience=audience,
            team=team or None,
            parent=parent,
            evidence_ids=chosen_ids(request.POST.getlist("evidence"), "evidence"),
        )
    except (ValidationError, PermissionDenied, Http404) as error:
        if isinstance(error, Http404):
            error = ValidationError({"parent": "The comment you reply to is not there (any more)."})
        errors = (
            form_errors_of(error, fields=COMMENT_FIELDS)
            if isinstance(error, ValidationError)
            else {"form": [str(error)]}
        )
        context = question_context(
            request,
            question,
            comment_errors=errors,
            comment_form_data=request.POST,
            reply_to=parent.pk if parent else None,
        )
        return render(request, "web/question_detail.html", context, status=400)
    messages.success(
        request, "Comment posted." if comment.audience == Comment.Audience.PUBLIC else "Comment posted to your team."
    )
    return redirect(_permalink(comment))


def comment_permalink(request: PageRequest, slug: str, comment_id: int):
    """The page of the thread holding the comment, scrolled to it."""
    question = access_question_by_slug(request.user, slug)
    comment = access_comment(request.user, question, comment_id)
    order = request.GET.get("corder", "oldest")
    order = order if order in THREAD_ORDERS else "oldest"
    position = comment_position(reader=reader_of(user=request.user, question=question), comment=comment, order=order)
    page = position // COMMENTS_PER_PAGE + 1
    query = f"?corder={order}&cpage={page}" if (page > 1 or order != "oldest") else ""
    return redirect(reverse("question-detail", args=[slug]) + query + f"#comment-{comment.pk}")


@login_required
@require_POST
def comment_useful(request: SignedInRequest, slug: str, comment_id: int):
    """Find a comment useful, or no longer; back to it, in the order the reader was reading."""
    question = access_question_by_slug(request.user, slug)
    comment = access_comment(request.user, question, comment_id)
    try:
        comment_vote_set(user=request.user, comment=comment, useful=request.POST.get("useful") != "0")
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    order = request.POST.get("corder", "oldest")
    return redirect(_permalink(comment) + (f"?corder={order}" if order in THREAD_ORDERS and order != "oldest" else ""))


@login_required
def comment_edit_page(request: SignedInRequest, slug: str, comment_id: int):
    question = access_question_by_slug(request.user, slug)
    comment = access_comment(request.user, question, comment_id)
    if comment.author_id != request.user.pk:
        raise Http404("No such comment.")
    errors = {}
    body = comment.body
    if request.method == "POST":
        body = request.POST.get("body", "")
        try:
            comment_edit(user=request.user, comment=comment, body=body)
        except (ValidationError, PermissionDenied) as error:
            errors = (
                form_errors_of(error, fields=("body",))
                if isinstance(error, ValidationError)
                else {"form": [str(error)]}
            )
        else:
            messages.success(request, "Comment updated.")
            return redirect(_permalink(comment))
    context = {
        "question": question,
        "comment": comment,
        "body": body,
        "errors": errors,
        "editable": comment_can_edit(user=request.user, comment=comment),
        "editable_until": comment_editable_until(comment),
    }
    return render(request, "web/comment_edit.html", context, status=400 if errors else 200)


@login_required
@require_POST
def comment_remove(request: SignedInRequest, slug: str, comment_id: int):
    question = access_question_by_slug(request.user, slug)
    comment = access_comment(request.user, question, comment_id)
    try:
        comment_delete(user=request.user, comment=comment)
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Comment deleted.")
    return redirect(_permalink(comment))


@login_required
@require_POST
def comment_moderate(request: SignedInRequest, slug: str, comment_id: int):
    """Curators: hide (with a reason readers see) or unhide."""
    question = access_question_by_slug(request.user, slug)
    comment = access_comment(request.user, question, comment_id)
    try:
        if request.POST.get("action") == "unhide":
            comment_unhide(curator=request.user, comment=comment)
            messages.success(request, "Comment shown again.")
        else:
            comment_hide(curator=request.user, comment=comment, reason=request.POST.get("reason", ""))
            messages.success(request, "Comment hidden.")
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    return redirect(_permalink(comment))


@login_required
@require_POST
def question_follow(request: SignedInRequest, slug: str):
    question = access_question_by_slug(request.user, slug)
    active = request.POST.get("follow") == "1"
    question_follow_set(user=request.user, question=question, active=active)
    messages.success(
        request,
        "You follow this question: new comments reach you as your notification settings say."
        if active
        else "You no longer follow this question.",
    )
    return redirect(reverse("question-detail", args=[slug]) + "#discussion")
