"""CSV and JSON import and export for a model admin (questions, evidence)."""

import json
from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path

from tracker.admin.base import error_text


class TabularImportForm(forms.Form):
    file = forms.FileField(help_text="A .csv or .json file in the export's columns (UTF-8, ≤ 5 MB).")
    dry_run = forms.BooleanField(required=False, initial=True, help_text="Check every row and keep nothing.")


@dataclass(frozen=True)
class RecordFormat:
    """How one kind of record goes out and comes in (the functions of its tracker.curation *_io module)."""

    export: Callable  # a queryset -> flat rows
    import_rows: Callable  # (*, rows, actor, dry_run) -> ImportReport
    to_csv: Callable  # rows -> CSV text
    from_file: Callable  # (content, *, filename) -> rows


class TabularImportExport:
    """Import from and export to CSV or JSON for a model admin (questions, evidence): an "Import" page with a dry
    run that reports every row, and "Export selected as CSV/JSON" actions. `records` does the work."""

    records: RecordFormat
    import_intro = ""
    imported_message = "Imported {count} row(s)."

    def get_urls(self):
        name = f"{self.model._meta.app_label}_{self.model._meta.model_name}_import"
        extra = [path("import/", self.admin_site.admin_view(self.import_view), name=name)]
        return extra + super().get_urls()

    def import_view(self, request: HttpRequest):
        """Upload records; a dry run reports each row; a real import keeps all rows or, on any error, none."""
        form = TabularImportForm(request.POST or None, request.FILES or None)
        report = None
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                if upload.size > 5 * 1024 * 1024:
                    raise ValidationError({"file": "The file is larger than 5 MB."})
                try:
                    content = upload.read().decode("utf-8-sig")
                except UnicodeDecodeError:
                    raise ValidationError({"file": "The file is not UTF-8 text."}) from None
                rows = self.records.from_file(content, filename=upload.name)
                report = self.records.import_rows(rows=rows, actor=request.user, dry_run=form.cleaned_data["dry_run"])
            except ValidationError as error:
                form.add_error(None, error_text(error))
            else:
                if report.applied:
                    self.message_user(request, self.imported_message.format(count=len(report.rows)), messages.SUCCESS)
                elif report.errors:
                    self.message_user(
                        request, f"{report.errors} row(s) refused: nothing was imported.", level=messages.ERROR
                    )
                else:
                    self.message_user(request, f"Dry run: all {len(report.rows)} row(s) would import.", messages.INFO)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Import {self.model._meta.verbose_name_plural}",
            "intro": self.import_intro,
            "form": form,
            "report": report,
            "opts": self.model._meta,
        }
        status = 400 if form.errors or (report is not None and report.errors) else 200
        return TemplateResponse(request, "admin/tracker/import.html", context, status=status)

    @admin.action(description="Export selected as CSV")
    def export_csv(self, request: HttpRequest, queryset):
        rows = self.records.export(queryset)
        response = HttpResponse(self.records.to_csv(rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.model._meta.verbose_name_plural}.csv"'
        return response

    @admin.action(description="Export selected as JSON")
    def export_json(self, request: HttpRequest, queryset):
        rows = self.records.export(queryset)
        response = HttpResponse(json.dumps(rows, indent=1, ensure_ascii=False), content_type="application/json")
        response["Content-Disposition"] = f'attachment; filename="{self.model._meta.verbose_name_plural}.json"'
        return response
