"""The article form: what curators paste or upload, checked and decoded (the admin and the web UI share it)."""

from django import forms

from tracker.accounts.models import Team
from tracker.accounts.permissions import has_global_rights, teams_curated
from tracker.lib.forms import TimeField


class ArticleImportForm(forms.Form):
    team = forms.ModelChoiceField(
        queryset=Team.objects.none(),
        required=False,
        empty_label="Shared by every team",
        help_text="The team whose curators curate the article and its claims.",
    )
    title = forms.CharField(max_length=400)
    publisher = forms.CharField(max_length=200, required=False)
    url = forms.URLField(max_length=1000, required=False, assume_scheme="https", label="URL")
    published_at = TimeField(required=False, label="Published", help_text="e.g. 2024-10-28 09:00.")
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 14}), required=False, help_text="Paste the article…")
    file = forms.FileField(required=False, help_text="… or upload a .txt, .html or .md file (UTF-8, ≤ 2 MB).")

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        teams = teams_curated(user)
        self.fields["team"].queryset = teams
        if not has_global_rights(user):
            # A curator's article belongs to one of their teams, so it stays in their reach (the admin is scoped).
            self.fields["team"].required = True
            self.fields["team"].empty_label = None
            self.fields["team"].initial = teams.first()

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload is not None:
            if not upload.name.lower().endswith((".txt", ".html", ".htm", ".md", ".markdown")):
                self.add_error("file", "Upload a .txt, .html or .md file.")
            elif upload.size > 2 * 1024 * 1024:
                self.add_error("file", "The file is larger than 2 MB.")
            else:
                try:
                    cleaned["content"] = upload.read().decode("utf-8")
                except UnicodeDecodeError:
                    self.add_error("file", "The file is not UTF-8 text.")
        elif cleaned.get("text", "").strip():
            cleaned["content"] = cleaned["text"]
        else:
            self.add_error("text", "Paste the article or upload a file.")
        return cleaned

    def import_arguments(self) -> dict:
        data = self.cleaned_data
        upload = data.get("file")
        return {
            "title": data["title"],
            "content": data["content"],
            "filename": upload.name if upload is not None else "",
            "publisher": data["publisher"],
            "url": data["url"],
            "published_at": data["published_at"],
            "team": data.get("team"),
        }
