"""How a question looks in Slack (Block Kit): its title as a link, the community's number when the reader may see
it, its close date, and, while it is open, a field to forecast from the message. Read for a given reader through
the one visibility rule (question_rows): an unlinked Slack user reads as an anonymous visitor."""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser

from forecasts.engine.charts import percent_text
from forecasts.models import AggregateForecast
from forecasts.selectors.community import question_rows
from forecasts.selectors.distribution import summarize
from tracker.accounts.models import AnyUser
from tracker.models import Question

FORECAST_ACTION = "forecast_input"
PICK_ACTION = "pick_question"


def question_url(question: Question) -> str:
    return settings.SITE_URL + question.get_absolute_url()


def crowd_text(question: Question, community: AggregateForecast | None, *, hidden: bool) -> str:
    """The community forecast in words: "Community 62% (5 forecasters)", or why there is no number."""
    if hidden:
        return "Community forecast hidden until you forecast."
    values = community.values if community is not None else None
    if community is None or not values:
        return "No forecasts yet."
    count = f"{community.forecaster_count} forecaster{'s' if community.forecaster_count != 1 else ''}"
    if question.is_binary:
        return f"Community {percent_text(values[1])} ({count})"
    if question.is_continuous:
        summary = summarize(question, values)
        return f"Community median {summary.median_text}, 80% between {summary.interval_text} ({count})"
    labels = list(question.options.order_by("position").values_list("label", flat=True))
    best = max(range(len(labels)), key=lambda index: values[index])
    return f"Most likely: {labels[best]} {percent_text(values[best])} ({count})"


def forecast_hint(question: Question) -> str:
    if question.is_binary:
        return "Your forecast, e.g. 30%"
    if question.is_continuous:
        return (
            "Low, median, high, e.g. 2000 3000 4500"
            if question.type == Question.Type.NUMERIC
            else ("Low, median, high dates, e.g. 2027-01-01 2027-03-01 2027-06-01")
        )
    return "An option and its chance, e.g. Option A 40%"


def question_blocks(question: Question, *, reader: AnyUser | None, forecastable: bool = True) -> list[dict]:
    """The card of one question as `reader` may see it (None: an anonymous reader)."""
    reader = reader or AnonymousUser()
    row = question_rows(user=reader, questions=[question])[0]
    status = question.get_status_display().lower()
    facts = f"{crowd_text(question, row.community, hidden=row.crowd_hidden)} · {status}"
    facts += f" · closes {question.scheduled_close_at:%-d %b %Y} (UTC)"
    if question.quick:
        facts += " · quick question"
    blocks: list[dict] = [
        {
            "type": "section",
            "text": {"type": "mrkdwn", "text": f"*<{question_url(question)}|{_escape(question.title)}>*\n{facts}"},
        }
    ]
    if forecastable and question.status == Question.Status.OPEN:
        blocks.append(
            {
                "type": "input",
                "block_id": f"forecast:{question.pk}",
                "dispatch_action": True,
                "label": {"type": "plain_text", "text": "Forecast"},
                "element": {
                    "type": "plain_text_input",
                    "action_id": FORECAST_ACTION,
                    "placeholder": {"type": "plain_text", "text": forecast_hint(question)},
                },
            }
        )
        if question.is_binary:
            blocks.append(
                {
                    "type": "actions",
                    "block_id": f"quick:{question.pk}",
                    "elements": [
                        {
                            "type": "button",
                            "action_id": f"{FORECAST_ACTION}_{value}",
                            "text": {"type": "plain_text", "text": f"{value}%"},
                            "value": f"{value}%",
                        }
                        for value in (10, 25, 50, 75, 90)
                    ],
                }
            )
    return blocks


def _escape(text: str) -> str:
    """Slack's mrkdwn escapes: &, < and > only."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def question_picker(questions: list[Question]) -> list[dict]:
    """An ephemeral list of open questions to pick one to forecast (Slack shows at most 100 options)."""
    if not questions:
        return [{"type": "section", "text": {"type": "mrkdwn", "text": "No open questions to forecast right now."}}]
    options = [
        {"text": {"type": "plain_text", "text": question.title[:75]}, "value": str(question.pk)}
        for question in questions[:100]
    ]
    return [
        {
            "type": "section",
            "block_id": "pick",
            "text": {"type": "mrkdwn", "text": "Which question?"},
            "accessory": {
                "type": "static_select",
                "action_id": PICK_ACTION,
                "placeholder": {"type": "plain_text", "text": "Pick a question"},
                "options": options,
            },
        }
    ]
