"""Small display helpers for the web UI's templates."""

from django import template
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from forecasts.engine.charts import percent_text
from forecasts.selectors.discussion import comment_can_edit
from forecasts.selectors.distribution import summarize
from tracker.templatetags.signpost_status import status_badge
from tracker.templatetags.signpost_time import when

register = template.Library()


@register.filter
def pct(value, digits: int = 0) -> str:
    """0.4 → "40%"; None → "—"."""
    if value is None:
        return "—"
    return f"{float(value) * 100:.{int(digits)}f}%"


def pct_tenth(value) -> str:
    """0.725 → "72.5%", 0.72 → "72%": to the 0.1% a forecaster can type; "—" for None."""
    return "—" if value is None else percent_text(float(value))


def forecast_text(question, probability, probabilities) -> str:
    """A forecast in a few characters: "72%" or "0.5%" for yes/no, "Low 20% · High 80%" for multiple choice (option
    order), to the 0.1% forecasts are made in."""
    if question.type == "binary":
        return pct_tenth(probability)
    if question.type in ("numeric", "date"):
        return summarize(question, probabilities, zone=timezone.get_current_timezone()).text if probabilities else "—"
    labels = [option.label for option in question.options.all()]
    return " · ".join(f"{label} {pct_tenth(p)}" for label, p in zip(labels, probabilities or [], strict=False))


@register.filter
def forecast_summary(forecast, question) -> str:
    """A forecaster's forecast as `forecast_text`; "—" for none."""
    return "—" if forecast is None else forecast_text(question, forecast.probability, forecast.probabilities)


@register.filter
def step_summary(step, question) -> str:
    """A community-forecast step as `forecast_text` (its values are option probabilities); "—" for none."""
    if step is None or not step.values:
        return "—"
    return forecast_text(question, step.probability, step.values)


@register.simple_tag
def community_cell(row, oob: bool = False) -> str:
    """A list row's community forecast (a `QuestionRow`): its summary, or why it is not shown. Wrapped in an element
    with the question's id, so that a quick forecast's answer can bring the new value along (`oob`)."""
    if row.crowd_hidden:
        value = mark_safe('<span class="muted">hidden until you forecast</span>')
    else:
        value = step_summary(row.community, row.question)
    swap = mark_safe(' hx-swap-oob="true"') if oob else ""
    return format_html('<span class="community-value" id="community-{}"{}>{}</span>', row.question.pk, swap, value)


# Scores on Metaculus's 100-point scale; the rest (Brier, relative Brier, log) are fractions of one.
SCORE_DECIMALS = {"peer": 1, "baseline": 1, "global": 1}

RULE_LABELS = {
    "peer": "Peer",
    "baseline": "Baseline",
    "final_brier": "Brier (final)",
    "relative_brier": "Relative Brier",
    "log": "Log",
    "daily_brier": "Brier (time-averaged)",
    "crps": "CRPS",
}


@register.filter
def rule_label(rule: str) -> str:
    return RULE_LABELS.get(rule, rule)


@register.filter
def get_index(sequence, index: int):
    """sequence[index], or None past its end."""
    try:
        return sequence[int(index)]
    except (IndexError, TypeError, ValueError):
        return None


@register.filter
def get_item(mapping, key):
    return (mapping or {}).get(key)


@register.filter
def score(value, rule: str = "") -> str:
    """A score to the digits that mean something: the 100-point rules (peer, baseline, global) to one decimal, the
    Brier and log rules (a few tenths) to two. Pages put every digit in the cell's title."""
    if value is None:
        return "—"
    return f"{value:.{SCORE_DECIMALS.get(rule, 2)}f}"


@register.filter
def score_digits(value) -> str:
    """A score to six decimals, trailing zeros dropped, for a cell's title ("0.08", not "0.07999999999999996")."""
    if value is None:
        return ""
    return f"{value:.6f}".rstrip("0").rstrip(".")


@register.filter
def percent_input(value) -> str:
    """0.725 → "72.5", 0.72 → "72" (a percentage input's value, to the 0.1 the inputs accept); empty for None."""
    return "" if value is None else percent_text(float(value)).removesuffix("%")


@register.simple_tag
def option_value(latest, form_data, index: int, count: int) -> str:
    """The percentage an option's input starts at: what was just typed, else the last forecast, else an even split
    (the remainder on the first option, so the inputs add up to 100)."""
    if form_data:
        return form_data.get(f"option_{index}", "")
    if latest is not None and latest.probabilities:
        return percent_input(latest.probabilities[index])
    share = 100 // count
    return str(share + (100 - share * count if index == 0 else 0))


@register.simple_tag
def query_with(query, **changes) -> str:
    """The current query string with some parameters replaced (pagination keeps the filters)."""
    updated = query.copy()
    for name, value in changes.items():
        updated[name] = value
    return updated.urlencode()


@register.simple_tag
def forecast_move(comment, question) -> str:
    """A forecast shared in the thread: "35% → 22%" (from the forecast it replaced), or "22%" for a first one."""
    now = forecast_summary(comment.forecast, question)
    if comment.previous_forecast is None:
        return f"Forecast {now}"
    return f"Moved {forecast_summary(comment.previous_forecast, question)} → {now}"


@register.filter
def editable_by(comment, user) -> bool:
    return comment_can_edit(user=user, comment=comment)


@register.simple_tag
def forecast_change(latest, previous, question) -> str:
    """How the reader's forecast moved since their previous one: "up 7 points" / "down 0.5 points" (binary), or
    the option that moved most (multiple choice); empty when there is nothing to compare."""
    if latest is None or previous is None:
        return ""
    if question.type in ("numeric", "date"):
        zone = timezone.get_current_timezone()
        before = summarize(question, previous.probabilities, zone=zone).median_text
        now = summarize(question, latest.probabilities, zone=zone).median_text
        if before == now:
            return "median unchanged since your previous forecast"
        return f"median {before} → {now} since your previous forecast"
    if question.type == "binary":
        delta = (latest.probability - previous.probability) * 100
        labels = ["Yes"]
        moved = 0
    else:
        deltas = [
            (now - before) * 100 for now, before in zip(latest.probabilities, previous.probabilities, strict=False)
        ]
        moved = max(range(len(deltas)), key=lambda index: abs(deltas[index]))
        delta = deltas[moved]
        labels = [option.label for option in question.options.all()]
    if abs(delta) < 0.05:
        return "unchanged since your previous forecast"
    direction = "up" if delta > 0 else "down"
    what = "" if question.type == "binary" else f"{labels[moved]} "
    points = f"{abs(delta):.1f}".removesuffix(".0")
    return f"{what}{direction} {points} point{'' if points == '1' else 's'} since your previous forecast"


@register.filter
def choices(spec: str) -> list[tuple[str, str]]:
    """ "a:Label A,b:Label B" → [("a", "Label A"), ("b", "Label B")]: a short list of choices written in a template."""
    return [tuple(item.split(":", 1)) for item in spec.split(",")]


_SLUG_MARK = "slug-mark"


def _slug_url(context, name: str, slug: str) -> str:
    """reverse(name, args=[slug]) for a page addressed by a slug, reversed once a page: a list row links two such
    pages, and reverse() costs ~30 µs a call (3 ms of a 50-row page). A slug needs no quoting ([-a-zA-Z0-9_])."""
    shapes = context.render_context.setdefault("slug_urls", {})
    if name not in shapes:
        shapes[name] = reverse(name, args=[_SLUG_MARK]).split(_SLUG_MARK)
    before, after = shapes[name]
    return f"{before}{slug}{after}"


@register.simple_tag(takes_context=True)
def quick_forecast(context, question, mine) -> str:
    """The quick-forecast cell of a list row (the question list, the dashboard, and the cell an HTMX forecast sends
    back): the reader's forecast and, while the question is open, a one-field form. Written in Python rather than
    as an included template: rendered 50 times a page, the include cost ~8 ms of a 40 ms /questions/ page."""
    request = context["request"]
    saved, error, typed = context.get("saved"), context.get("error"), context.get("typed")
    page = context.render_context.setdefault("quick_forecast", {})  # the same for every row of one page
    if not page:
        page.update(csrf=get_token(request), next=request.get_full_path())
    pk = question.pk
    parts = [format_html('<span class="quick-forecast" id="quick-{}">', pk)]
    if mine:
        parts.append(format_html('<span class="quick-mine">{}</span>', forecast_summary(mine, question)))
    if saved:
        parts.append(
            mark_safe('<span class="message-success" role="status" tabindex="-1" data-focus-after-swap>Saved</span>')
        )
    if request.user.is_authenticated and question.status == "open":
        if question.type == "binary":
            url = _slug_url(context, "question-quick-forecast", question.slug)
            invalid = format_html(' aria-invalid="true" aria-describedby="quick-error-{}"', pk) if error else ""
            parts.append(
                format_html(
                    '<form method="post" action="{url}" hx-post="{url}" hx-target="#quick-{pk}" hx-swap="outerHTML"'
                    ' class="quick-form"><input type="hidden" name="csrfmiddlewaretoken" value="{csrf}">'
                    '<input type="hidden" name="next" value="{next}">'
                    '<label class="visually-hidden" for="quick-input-{pk}">Your probability of yes (%) for: {title}'
                    '</label><input id="quick-input-{pk}" name="probability" type="number" min="0.1" max="99.9"'
                    ' step="0.1" inputmode="decimal" required placeholder="%" value="{typed}"{invalid}>'
                    '<button type="submit" class="button-secondary">{verb}</button></form>',
                    url=url,
                    pk=pk,
                    csrf=page["csrf"],
                    next=page["next"],
                    title=question.title,
                    typed=typed or "",
                    invalid=invalid,
                    verb="Update" if mine else "Forecast",
                )
            )
        elif question.type in ("numeric", "date"):
            parts.append(_quick_distribution_form(context, question, page, typed, mine=mine, error=error))
        if error and question.type in ("binary", "numeric", "date"):
            parts.append(
                format_html(
                    '<span class="field-error" id="quick-error-{}" role="alert" tabindex="-1"'
                    " data-focus-after-swap>{}</span>",
                    pk,
                    error,
                )
            )
        if question.type == "multiple_choice" and not mine:
            url = _slug_url(context, "question-detail", question.slug)
            parts.append(format_html('<a href="{}#forecast-panel">Forecast</a>', url))
    parts.append(mark_safe("</span>"))
    return mark_safe("\n".join(parts))  # the line breaks are the spaces between the parts, as they were


# The quick form of a numeric or date question: a median and the range around it (its 10th and 90th percentiles).
QUICK_QUANTILES = (("q50", "Median"), ("q10", "Low (10% below)"), ("q90", "High (10% above)"))


def _quick_distribution_form(context, question, page: dict, typed, *, mine, error) -> SafeString:
    url = _slug_url(context, "question-quick-forecast", question.slug)
    typed = typed if isinstance(typed, dict) else {}
    kind = "date" if question.type == "date" else "number"
    extra = ' step="any" inputmode="decimal"' if kind == "number" else ""
    invalid = format_html(' aria-invalid="true" aria-describedby="quick-error-{}"', question.pk) if error else ""
    inputs = [
        format_html(
            '<label class="visually-hidden" for="quick-{name}-{pk}">{label} for: {title}</label>'
            '<input id="quick-{name}-{pk}" name="{name}" type="{kind}" required placeholder="{short}" value="{value}"'
            "{extra}{invalid}>",
            name=name,
            pk=question.pk,
            label=label,
            title=question.title,
            kind=kind,
            short=label.split(" ")[0].lower(),
            value=typed.get(name, ""),
            extra=mark_safe(extra),
            invalid=invalid,
        )
        for name, label in QUICK_QUANTILES
    ]
    return format_html(
        '<form method="post" action="{url}" hx-post="{url}" hx-target="#quick-{pk}" hx-swap="outerHTML"'
        ' class="quick-form quick-distribution"><input type="hidden" name="csrfmiddlewaretoken" value="{csrf}">'
        '<input type="hidden" name="next" value="{next}">{inputs}'
        '<button type="submit" class="button-secondary">{verb}</button></form>',
        url=url,
        pk=question.pk,
        csrf=page["csrf"],
        next=page["next"],
        inputs=mark_safe("".join(inputs)),
        verb="Update" if mine else "Forecast",
    )


@register.simple_tag(takes_context=True)
def question_list_row(context, row) -> str:
    """One row of the question list (a `QuestionRow` whose question carries `evidence_count`): title and scenario,
    status, community, the reader's quick-forecast cell, close date, evidence count. Written in Python for the
    reason `quick_forecast` is: as template markup with tags in it the 50 rows cost ~9 ms of the page."""
    question = row.question
    scenario = (
        format_html('<br><small class="muted">{}</small>', question.scenario.title) if question.scenario_id else ""
    )
    return format_html(
        '<tr>\n      <td><a href="{url}">{title}</a>{scenario}</td>\n'
        '      <td data-label="Status">{status}</td>\n'
        '      <td data-label="Community">{community}</td>\n'
        '      <td data-label="Mine">{mine}</td>\n'
        '      <td data-label="Closes">{closes}</td>\n'
        '      <td data-label="Evidence">{evidence}</td>\n    </tr>',
        url=_slug_url(context, "question-detail", question.slug),
        title=question.title,
        scenario=scenario,
        status=status_badge(question),
        community=community_cell(row),
        mine=quick_forecast(context, question, row.mine),
        closes=when(question.scheduled_close_at, "Y-m-d"),
        evidence=question.evidence_count,
    )
