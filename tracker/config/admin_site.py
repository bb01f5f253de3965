"""The admin site at /admin/: superusers see everything; team curators and team admins sign in too and see only
what their teams own (tracker.admin.scoping). Django's per-model permissions and the staff flag are not used for
them: the team roles in tracker.accounts.permissions decide, as everywhere else."""

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from tracker.accounts.permissions import user_may_enter_admin


class CuratorAuthenticationForm(AdminAuthenticationForm):
    def confirm_login_allowed(self, user):
        AuthenticationForm.confirm_login_allowed(self, user)
        if not user_may_enter_admin(user=user):
            raise ValidationError(
                "This account curates no team: the admin panel is for team curators and team admins.",
                code="invalid_login",
            )


class SignpostAdminSite(admin.AdminSite):
    site_header = "Signpost administration"
    site_title = "Signpost admin"
    index_title = "Curation"
    login_form = CuratorAuthenticationForm

    def has_permission(self, request: HttpRequest):
        return user_may_enter_admin(user=request.user)
