"""Small display helpers for the web UI's templates."""

from django import template

register = template.Library()


@register.filter
def pct(value, digits: int = 0) -> str:
    """0.4 → "40%"; None → "—"."""
    if value is None:
        return "—"
    return f"{float(value) * 100:.{int(digits)}f}%"


@register.filter
def forecast_summary(forecast, question) -> str:
    """A forecast in a few characters: "72%" for binary, "Yes 40% · No 60%"-style for multiple choice."""
    if forecast is None:
        return "—"
    if forecast.probability is not None:
        return pct(forecast.probability)
    labels = [option.label for option in question.options.all()]
    return " · ".join(f"{label} {pct(p)}" for label, p in zip(labels, forecast.probabilities or [], strict=False))


@register.filter
def step_summary(step, question) -> str:
    """The same for a community-forecast step (its `values` are option probabilities, [P(no), P(yes)] for binary)."""
    if step is None or not step.values:
        return "—"
    if question.type == "binary":
        return pct(step.values[1])
    labels = [option.label for option in question.options.all()]
    return " · ".join(f"{label} {pct(p)}" for label, p in zip(labels, step.values, strict=False))
