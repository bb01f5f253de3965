"""Django admin for curation, one module per domain. Writes go through the services, so the admin obeys the same
rules as the web UI and the API. Importing the package registers every model admin."""

from tracker.admin import (  # noqa: F401 (registration)
    accounts,
    curation,
    evidence,
    monitor,
    notifications,
    ops,
    questions,
    resolution,
    scenarios,
    slack,
    webhooks,
)
