"""Forms of the web UI. They parse and label input; the services decide what is allowed."""

from datetime import UTC, datetime

from django import forms
from django.db.models import Q

from tracker.accounts.permissions import has_global_rights, teams_curated
from tracker.lib.forms import TimeField, comma_list, lines_of
from tracker.models import Evidence, Question, QuestionLink, Scenario, Team


class EvidenceForm(forms.Form):
    title = forms.CharField(max_length=400)
    url = forms.URLField(max_length=1000, assume_scheme="https", label="URL")
    stance = forms.ChoiceField()
    option = forms.ChoiceField(required=False, label="Option it supports")
    publisher = forms.CharField(max_length=200, required=False)
    quote = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, label="Quote (verbatim)")

    def __init__(self, *args, question: Question, **kwargs):
        super().__init__(*args, **kwargs)
        self.question = question
        if question.type == Question.Type.BINARY:
            stances = [Evidence.Stance.SUPPORTS_YES, Evidence.Stance.SUPPORTS_NO, Evidence.Stance.CONTEXT]
            del self.fields["option"]
        else:
            stances = [Evidence.Stance.SUPPORTS_OPTION, Evidence.Stance.CONTEXT]
            self.fields["option"].choices = [("", "—")] + [(o.label, o.label) for o in question.options.all()]
        self.fields["stance"].choices = [(stance.value, stance.label) for stance in stances]

    def arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "url": data["url"],
            "stance": data["stance"],
            "option": data.get("option") or None,
            "publisher": data.get("publisher", ""),
            "quote": data.get("quote", ""),
        }


class ResolveForm(forms.Form):
    outcome = forms.ChoiceField(widget=forms.RadioSelect, label="Outcome")
    notes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        label="Resolution notes",
        help_text="What happened and where it is reported; forecasters see this with their scores.",
    )
    effective_close_at = TimeField(
        required=False,
        label="Retroactive close",
        help_text="Optional: when the answer became known, if before the close, e.g. 2026-03-14 09:00.",
    )

    def __init__(self, *args, question: Question, **kwargs):
        super().__init__(*args, **kwargs)
        if question.is_continuous:
            is_date = question.type == Question.Type.DATE
            self.fields["outcome"] = forms.CharField(
                max_length=40,
                label="The outcome: a date (YYYY-MM-DD, UTC)"
                if is_date
                else f"The outcome ({question.unit or 'a number'})",
                help_text='Beyond the range only where that end is open; a figure given as "more than N" is N unless '
                "the criteria say otherwise.",
            )
        elif question.is_binary:
            self.fields["outcome"].choices = Question.BinaryOutcome.choices
        else:
            self.fields["outcome"].choices = [(str(option.pk), option.label) for option in question.options.all()]
        self.question = question

    def outcome_value(self):
        value = self.cleaned_data["outcome"]
        if self.question.is_continuous:
            return value.strip().replace(",", "")
        return value if self.question.is_binary else self.question.options.get(pk=int(value))


LOCAL_TIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class QuestionEditorForm(forms.Form):
    """The web editor of a question: create (every field) or edit (the fields the question's state allows; the
    others are shown disabled). Times are in the reader's time zone and stored in UTC."""

    title = forms.CharField(max_length=400)
    type = forms.ChoiceField(choices=Question.Type.choices, initial=Question.Type.BINARY)
    options = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="Multiple choice only: one option per line, in order (fixed once created).",
    )
    range_min = forms.CharField(
        required=False,
        max_length=40,
        label="Range: lowest value",
        help_text="Numeric and date questions: a number, or a date as YYYY-MM-DD (UTC) for a date question.",
    )
    range_max = forms.CharField(required=False, max_length=40, label="Range: highest value")
    open_lower_bound = forms.BooleanField(required=False, label="The outcome may fall below the range")
    open_upper_bound = forms.BooleanField(required=False, label="The outcome may fall above the range")
    zero_point = forms.CharField(
        required=False,
        max_length=40,
        label="Logarithmic scale from",
        help_text="Numeric only, optional: for a range spanning orders of magnitude, the value the scale's "
        "logarithm counts from (usually 0); below the range's lowest value.",
    )
    unit = forms.CharField(required=False, max_length=40, help_text="Numeric only: what is counted (troops, USD).")
    team = forms.ModelChoiceField(queryset=Team.objects.none(), required=False, empty_label="No team (public)")
    visibility = forms.ChoiceField(choices=Question.Visibility.choices, initial=Question.Visibility.TEAM)
    scenario = forms.ModelChoiceField(queryset=Scenario.objects.none(), required=False, empty_label="None")
    tags = forms.CharField(max_length=300, required=False, help_text="Comma-separated.")
    background = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    resolution_criteria = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}))
    fine_print = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    opens_at = TimeField(widget=LOCAL_TIME, label="Opens")
    scheduled_close_at = TimeField(widget=LOCAL_TIME, label="Closes")
    resolve_by = TimeField(widget=LOCAL_TIME, label="Resolve by")
    hide_crowd_until_forecast = forms.BooleanField(
        required=False, label="Hide the community forecast until the reader has forecast"
    )
    clarification = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="Needed when an open question's wording or dates change: forecasters are notified of it.",
    )

    QUESTION_FIELDS = (
        "title", "team", "visibility", "scenario", "background", "resolution_criteria", "fine_print", "opens_at",
        "scheduled_close_at", "resolve_by", "hide_crowd_until_forecast",
    )  # fmt: skip

    RANGE_FIELDS = ("range_min", "range_max", "open_lower_bound", "open_upper_bound", "zero_point", "unit")

    def __init__(self, *args, user, question: Question | None = None, editable: set[str] | None = None, **kwargs):
        if question is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                **{name: getattr(question, name) for name in self.QUESTION_FIELDS},
                **_range_initial(question),
                "type": question.type,
                "options": "\n".join(option.label for option in question.options.all()),
                "tags": ", ".join(tag.name for tag in question.tags.all()),
            }
        super().__init__(*args, **kwargs)
        self.question = question
        teams = teams_curated(user).order_by("name")
        self.fields["team"].queryset = teams
        if not has_global_rights(user):
            self.fields["team"].required = True
            self.fields["team"].empty_label = None
        self.fields["scenario"].queryset = Scenario.objects.filter(
            Q(team=None) | Q(team__in=teams), status=Scenario.Status.ACTIVE
        ).order_by("title")
        if question is None:
            del self.fields["clarification"]
            return
        self.fields["type"].disabled = self.fields["options"].disabled = True
        for name in self.RANGE_FIELDS:
            if not question.is_continuous:
                del self.fields[name]
            elif name not in (editable or set()):
                self.fields[name].disabled = True
        for name in self.QUESTION_FIELDS:
            if name not in editable:
                self.fields[name].disabled = True
        if "title" not in editable:
            self.fields["tags"].disabled = True
        if question.status not in (Question.Status.OPEN, Question.Status.CLOSED):
            del self.fields["clarification"]

    @property
    def option_labels(self) -> list[str]:
        return lines_of(self.cleaned_data.get("options", ""))

    @property
    def tag_names(self) -> list[str]:
        return comma_list(self.cleaned_data.get("tags", ""))

    def changed_fields(self) -> dict:
        """The fields the curator changed. A time input shows minutes, so a stored time with seconds that comes
        back in the same minute is unchanged (saving the form untouched must not move a date)."""
        changed = {}
        for name in (*self.QUESTION_FIELDS, *self.RANGE_FIELDS):
            if name not in self.fields:
                continue
            if name not in self.changed_data or self.fields[name].disabled:
                continue
            value, before = self.cleaned_data[name], self.initial.get(name)
            if isinstance(self.fields[name], TimeField) and value and before and _minute(value) == _minute(before):
                continue
            changed[name] = value
        return changed


def _range_initial(question: Question) -> dict:
    """A numeric or date question's range as the editor's inputs show it (a date question's ends as dates)."""
    if not question.is_continuous:
        return {}
    initial = {name: getattr(question, name) for name in QuestionEditorForm.RANGE_FIELDS}
    for name in ("range_min", "range_max", "zero_point"):
        value = initial[name]
        if value is None:
            initial[name] = ""
        elif question.type == Question.Type.DATE:
            initial[name] = datetime.fromtimestamp(value, tz=UTC).date().isoformat()
        else:
            initial[name] = f"{value:g}"
    return initial


def _minute(moment):
    return moment.replace(second=0, microsecond=0)


class QuestionLinkForm(forms.Form):
    kind = forms.ChoiceField(choices=QuestionLink.Kind.choices)
    related = forms.ModelChoiceField(queryset=Question.objects.none(), label="Related question")
    child = forms.ModelChoiceField(
        queryset=Question.objects.none(), required=False, label="Child question (conditionals only)"
    )

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["related"].queryset = questions
        self.fields["child"].queryset = questions


class ReasonForm(forms.Form):
    """Annul or unresolve: the reason forecasters read."""

    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, label="Reason")


class ProposalDecisionForm(forms.Form):
    proposal = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(choices=[("approve", "Approve"), ("reject", "Reject")])
    reason = forms.CharField(
        max_length=300, required=False, label="Reason", help_text="Needed to reject; the proposer sees it."
    )
    effective_close_at = TimeField(
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        label="Retroactive close",
        help_text="Optional: when the answer became known, if before the close.",
    )
