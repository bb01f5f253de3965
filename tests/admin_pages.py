"""Helpers for tests of admin pages."""

from django import forms


def admin_form_data(page) -> dict:
    """What the browser would post back from an admin change page, untouched: the main form's values and every
    inline formset's management and row fields."""
    data = {}
    form = page.context["adminform"].form
    for name, field in form.fields.items():
        value = form[name].value()
        if field.disabled or value is None:
            continue
        if isinstance(field, forms.SplitDateTimeField):
            day, moment = field.widget.decompress(value)
            data[f"{name}_0"], data[f"{name}_1"] = day.isoformat(), moment.isoformat()
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = value
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        for key, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{key}"] = value
        for row in formset.forms:
            for name in row.fields:
                value = row[name].value()
                if value is not None:
                    data[row.add_prefix(name)] = getattr(value, "pk", value)
    return data
