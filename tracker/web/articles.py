"""Article pages: the article with its predictions highlighted, import, and curators' decisions on claims."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_POST

from tracker.accounts.permissions import user_is_a_curator
from tracker.accounts.requests import PageRequest, SignedInRequest
from tracker.curation import services
from tracker.curation.article_text import highlight_segments
from tracker.curation.forms import ArticleImportForm
from tracker.curation.models import ClaimSuggestion
from tracker.curation.selectors import access_source, public_source_list
from tracker.curation.similar import similar_questions_warning
from tracker.questions.selectors import question_list
from tracker.web.forms import SuggestionDecisionForm

FEED_ENTRIES = 50


def articles_feed(request: PageRequest):
    """The articles anyone may read (shared by every team, or the seed's), newest first, as an Atom feed: a team's
    story monitor can follow it, as the demo's does. Links start with SIGNPOST_SITE_URL, as emailed links do."""
    site = settings.SITE_URL or request.build_absolute_uri("/").rstrip("/")
    feed = Atom1Feed(
        title="Signpost: public articles",
        link=site + "/",
        description="Articles shared by every team on this Signpost instance.",
        feed_url=site + reverse("articles-feed"),
        language="en",
    )
    for article in public_source_list()[:FEED_ENTRIES]:
        feed.add_item(
            title=article.title,
            link=site + reverse("source-detail", args=[article.slug]),
            description=article.text[:500],
            pubdate=article.published_at or article.created_at,
            updateddate=article.published_at or article.created_at,
            unique_id=site + reverse("source-detail", args=[article.slug]),
            author_name=article.publisher or None,
        )
    return HttpResponse(feed.writeString("utf-8"), content_type=f"{feed.content_type}")


def source_detail(request: PageRequest, slug: str):
    source = access_source(request.user, slug)
    derived = list(question_list(user=request.user).filter(origin_source=source))
    spans = [
        (q.origin_quote_start, q.origin_quote_start + len(q.origin_quote), {"question": q})
        for q in derived
        if q.origin_quote_start is not None and q.origin_quote
    ]
    curator = services.user_can_decide_claims(user=request.user, source=source)
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
def article_import(request: SignedInRequest):
    """Curators paste or upload an article; its claims become suggestions shown on the article page."""
    if not user_is_a_curator(user=request.user):
        raise PermissionDenied("Only curators can import articles.")
    form = ArticleImportForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            source, suggestions = services.article_import(imported_by=request.user, **form.import_arguments())
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, error.messages[0] if hasattr(error, "messages") else str(error))
        else:
            messages.success(request, f"Imported “{source.title}”: {len(suggestions)} claim(s) proposed.")
            return redirect("source-detail", slug=source.slug)
    return render(request, "tracker/article_import.html", {"form": form}, status=400 if form.errors else 200)


@login_required
@require_POST
def suggestion_decide(request: SignedInRequest, pk: int):
    """Accept (a draft question, public or for one of the curator's teams) or reject a suggestion."""
    suggestion = ClaimSuggestion.objects.select_related("source__team").filter(pk=pk).first()
    if suggestion is None or not services.user_can_decide_claims(user=request.user, source=suggestion.source):
        raise Http404("No such suggestion.")
    form = SuggestionDecisionForm(request.POST, user=request.user)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors.as_text())
        if form.cleaned_data["decision"] == "reject":
            services.suggestion_reject(suggestion=suggestion, actor=request.user, reason=form.cleaned_data["reason"])
            messages.success(request, "Rejected: it will not be proposed again for this article.")
        else:
            _, question = services.suggestion_accept(
                suggestion=suggestion, actor=request.user, **form.accept_arguments()
            )
            messages.success(request, f"Draft created: {question.title}. Check it here, then open or schedule it.")
            if warning := similar_questions_warning(question):
                messages.warning(request, warning)
            return redirect("question-edit", slug=question.slug)  # the editor (forecasts.web.editor)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except PermissionDenied as error:
        messages.error(request, str(error))
    return redirect(f"{reverse('source-detail', kwargs={'slug': suggestion.source.slug})}#suggestion-{suggestion.pk}")
