"""The REST API's conventions, shared by every endpoint, one module per concern: authentication, fields,
parsing, errors, throttling, pagination, idempotency."""
