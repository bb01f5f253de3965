"""Django's admin app with Signpost's admin site as the default `admin.site` (tracker.config.admin_site), named here because
a module of tracker.admin would load every model admin while the site is being made (the package registers them)."""

from django.contrib.admin.apps import AdminConfig


class SignpostAdminConfig(AdminConfig):
    default_site = "tracker.config.admin_site.SignpostAdminSite"
