"""The admin, scoped to teams: a team curator (or team admin) sees and changes only what their teams own.

Each model admin that curators use names the path from its model to the owning team (`team_path`) and what a
curator may do there (`curator_may`); everything else in the admin stays for superusers (Django's own permission
checks, which a curator without model permissions never passes). The scope applies to the change list, every object
URL (another team's object is a 404, as it would be on the site), history, bulk actions (they act on the scoped
list), exports (they export the scoped selection), autocomplete (Django asks the related admin's queryset), and the
choices of every foreign key on a form."""

from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path, unquote
from django.db import models
from django.http import Http404, HttpRequest
from django.utils import timezone

from tracker.accounts.models import Team
from tracker.accounts.permissions import administered_team_ids, curated_team_ids

VIEW, ADD, CHANGE, DELETE = "view", "add", "change", "delete"


def admin_team_ids(request: HttpRequest, *, admins_only: bool = False) -> set[int] | None:
    """The teams whose objects the request's user reaches in the admin; None means every object (superusers).
    Read once per request."""
    user = request.user
    if user.is_superuser:
        return None
    key = "_signpost_admin_teams_admin" if admins_only else "_signpost_admin_teams"
    if not hasattr(request, key):
        setattr(request, key, administered_team_ids(user) if admins_only else curated_team_ids(user))
    return getattr(request, key)


class TeamScopedAdmin:
    """Mixed into a ModelAdmin before admin.ModelAdmin."""

    team_path: str = "team"
    curator_may: frozenset[str] = frozenset({VIEW})
    admins_only: bool = False  # team admins only (integrations), not curators
    # Shared rows (no owning team) a curator may pick on forms but not edit here, e.g. public scenarios.
    shared_choices: bool = False

    def team_ids(self, request: HttpRequest) -> set[int] | None:
        return admin_team_ids(request, admins_only=self.admins_only)

    def scope(self, request: HttpRequest, queryset):
        team_ids = self.team_ids(request)
        if team_ids is None:
            return queryset
        return queryset.filter(**{f"{self.team_path}__in": team_ids})

    def get_queryset(self, request: HttpRequest):
        return self.scope(request, super().get_queryset(request))

    def choices(self, request: HttpRequest):
        """What a form on another admin page may point to: the scope, plus shared rows where they are allowed."""
        queryset = self.model._default_manager.all()
        team_ids = self.team_ids(request)
        if team_ids is None:
            return queryset
        owned = {f"{self.team_path}__in": team_ids}
        if self.shared_choices:
            return queryset.filter(**owned) | queryset.filter(**{f"{self.team_path}__isnull": True})
        return queryset.filter(**owned)

    def in_scope(self, request: HttpRequest, obj) -> bool:
        if obj is None or obj.pk is None or self.team_ids(request) is None:
            return True
        return self.scope(request, self.model._default_manager.filter(pk=obj.pk)).exists()

    def _curator_may(self, request: HttpRequest, action: str, obj) -> bool:
        return action in self.curator_may and bool(self.team_ids(request)) and self.in_scope(request, obj)

    def has_module_permission(self, request: HttpRequest):
        if request.user.is_superuser:
            return super().has_module_permission(request)
        return bool(self.team_ids(request))

    def has_view_permission(self, request: HttpRequest, obj=None):
        if request.user.is_superuser:
            return super().has_view_permission(request, obj)
        return self._curator_may(request, VIEW, obj) or self._curator_may(request, CHANGE, obj)

    def has_add_permission(self, request: HttpRequest, *args):
        if request.user.is_superuser:
            return super().has_add_permission(request, *args)
        return self._curator_may(request, ADD, None)

    def has_change_permission(self, request: HttpRequest, obj=None):
        if request.user.is_superuser:
            return super().has_change_permission(request, obj)
        return self._curator_may(request, CHANGE, obj)

    def has_delete_permission(self, request: HttpRequest, obj=None):
        if request.user.is_superuser:
            return super().has_delete_permission(request, obj)
        return self._curator_may(request, DELETE, obj)

    def _require_in_scope(self, request: HttpRequest, object_id) -> None:
        if self.team_ids(request) is None:
            return
        if not self.get_queryset(request).filter(pk=unquote(object_id)).exists():
            raise Http404(f"No {self.model._meta.verbose_name} with that id in your teams.")

    def change_view(self, request: HttpRequest, object_id, form_url="", extra_context=None):
        self._require_in_scope(request, object_id)
        return super().change_view(request, object_id, form_url, extra_context)

    def delete_view(self, request: HttpRequest, object_id, extra_context=None):
        self._require_in_scope(request, object_id)
        return super().delete_view(request, object_id, extra_context)

    def history_view(self, request: HttpRequest, object_id, extra_context=None):
        self._require_in_scope(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request: HttpRequest, object_id, version_id, extra_context=None):
        self._require_in_scope(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context)

    class Media:
        # Accessibility repairs of the admin's own widgets (see the files); no inline code, so the CSP holds.
        css = {"all": ["tracker/admin.css"]}
        js = ["tracker/admin.js"]

    def formfield_for_dbfield(self, db_field, request: HttpRequest, **kwargs):
        return local_time_field(db_field, super().formfield_for_dbfield(db_field, request, **kwargs))

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        narrowed = scoped_choices(self.admin_site, request, db_field.related_model)
        if narrowed is not None:
            kwargs["queryset"] = narrowed
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_list_filter(self, request: HttpRequest):
        """A related-field filter lists every row of the related table; for a curator it lists only the values
        their scoped rows use, so another team's names never show in the sidebar."""
        filters = super().get_list_filter(request)
        if request.user.is_superuser:
            return filters
        return [
            (item, admin.RelatedOnlyFieldListFilter) if isinstance(item, str) and self._is_relation(item) else item
            for item in filters
        ]

    def _is_relation(self, path: str) -> bool:
        """Whether a list-filter path ends at a related model, directly ("scenario") or across relations
        ("question__scenario")."""
        return bool(get_fields_from_path(self.model, path)[-1].is_relation)


def scoped_choices(admin_site, request: HttpRequest, model):
    """For a non-superuser: the rows of `model` a form may offer (None: leave Django's default)."""
    if request.user.is_superuser:
        return None
    if model is Team:
        return Team.objects.filter(pk__in=admin_team_ids(request) or ())
    related_admin = admin_site._registry.get(model)
    if isinstance(related_admin, TeamScopedAdmin):
        return related_admin.choices(request)
    return None


def local_time_field(db_field, formfield):
    """A time on an admin form is typed in the curator's time zone (the active one): its help says which, and its
    date and time inputs each carry a name (the admin labels only the pair)."""
    if isinstance(db_field, models.DateTimeField) and formfield is not None:
        zone = timezone.get_current_timezone_name()
        formfield.help_text = " ".join(
            part for part in (str(formfield.help_text or ""), f"Typed in {zone}; stored in UTC.") if part
        )
        label = str(formfield.label or db_field.verbose_name).capitalize()
        for widget, part in zip(getattr(formfield.widget, "widgets", ()), ("date", f"time ({zone})"), strict=False):
            widget.attrs["aria-label"] = f"{label}: {part}"
    return formfield


class ScopedInline:
    """Inlines inside a scoped admin: the parent page already checked the object's team, so a curator gets the
    inline actions listed in `curator_may`."""

    curator_may: frozenset[str] = frozenset({VIEW})

    def formfield_for_dbfield(self, db_field, request: HttpRequest, **kwargs):
        return local_time_field(db_field, super().formfield_for_dbfield(db_field, request, **kwargs))

    def _curator_may(self, request: HttpRequest, action: str) -> bool:
        return action in self.curator_may and bool(admin_team_ids(request))

    def has_view_permission(self, request: HttpRequest, obj=None):
        if request.user.is_superuser:
            return super().has_view_permission(request, obj)
        return self._curator_may(request, VIEW) or self._curator_may(request, CHANGE)

    def has_add_permission(self, request: HttpRequest, obj=None):
        if request.user.is_superuser:
            return super().has_add_permission(request, obj)
        return self._curator_may(request, ADD)

    def has_change_permission(self, request: HttpRequest, obj=None):
        if request.user.is_superuser:
            return super().has_change_permission(request, obj)
        return self._curator_may(request, CHANGE)

    def has_delete_permission(self, request: HttpRequest, obj=None):
        if request.user.is_superuser:
            return super().has_delete_permission(request, obj)
        return self._curator_may(request, DELETE)

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        narrowed = scoped_choices(self.admin_site, request, db_field.related_model)
        if narrowed is not None:
            kwargs["queryset"] = narrowed
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
