"""Settings of the outside services Signpost can talk to: single sign-on, the Slack app and the language-model
drafter. Each is off until configured; docs/operations.md lists every variable. Star-imported by settings.py."""

import environ
from django.core.exceptions import ImproperlyConfigured

env = environ.Env()
IS_PRODUCTION = env.str("DJANGO_ENV", default="development") == "production"

# Single sign-on (docs/operations.md, "Single sign-on"): off until a client id and the provider's endpoints are set.
SIGNPOST_OIDC_NAME = env.str("SIGNPOST_OIDC_NAME", default="your organisation")
OIDC_RP_CLIENT_ID = env.str("SIGNPOST_OIDC_CLIENT_ID", default="")
OIDC_RP_CLIENT_SECRET = env.str("SIGNPOST_OIDC_CLIENT_SECRET", default="")
OIDC_OP_AUTHORIZATION_ENDPOINT = env.str("SIGNPOST_OIDC_AUTHORIZATION_URL", default="")
OIDC_OP_TOKEN_ENDPOINT = env.str("SIGNPOST_OIDC_TOKEN_URL", default="")
OIDC_OP_USER_ENDPOINT = env.str("SIGNPOST_OIDC_USERINFO_URL", default="")
OIDC_OP_JWKS_ENDPOINT = env.str("SIGNPOST_OIDC_JWKS_URL", default="") or None
OIDC_RP_SIGN_ALGO = env.str("SIGNPOST_OIDC_SIGN_ALGO", default="RS256" if OIDC_OP_JWKS_ENDPOINT else "HS256")
OIDC_RP_SCOPES, OIDC_USE_PKCE, OIDC_AUTHENTICATION_CALLBACK_URL = "openid email profile", True, "sso-callback"
OIDC_TIMEOUT = env.float("SIGNPOST_OIDC_TIMEOUT", default=5.0)  # each call to the provider, in seconds
LOGIN_REDIRECT_URL_FAILURE = "/accounts/login/?sso=failed"
SIGNPOST_OIDC_TEAM_DOMAINS = env.str("SIGNPOST_OIDC_TEAM_DOMAINS", default="")

# The optional language-model drafter (docs/claim-extraction.md): an OpenAI-compatible chat-completions endpoint
# (llama.cpp's server, Ollama, vLLM or a hosted service) that redrafts each claim the rules drafted; off while the URL
# is empty. The operator chooses the address, so any host and port are allowed (a model on this machine too); each
# call has its own deadline, and at most SIGNPOST_DRAFTER_CONCURRENCY calls run at once across all workers.
SIGNPOST_DRAFTER_URL = env.str("SIGNPOST_DRAFTER_URL", default="").rstrip("/")
SIGNPOST_DRAFTER_MODEL = env.str("SIGNPOST_DRAFTER_MODEL", default="")
SIGNPOST_DRAFTER_API_KEY = env.str("SIGNPOST_DRAFTER_API_KEY", default="")
SIGNPOST_DRAFTER_TIMEOUT = env.float("SIGNPOST_DRAFTER_TIMEOUT", default=60.0)
SIGNPOST_DRAFTER_CONCURRENCY = env.int("SIGNPOST_DRAFTER_CONCURRENCY", default=2)
if SIGNPOST_DRAFTER_URL and not SIGNPOST_DRAFTER_MODEL:
    raise ImproperlyConfigured("SIGNPOST_DRAFTER_MODEL must name the model when SIGNPOST_DRAFTER_URL is set.")

# The Slack app (docs/slack.md): off until the app's client id, client secret and signing secret are set. Requests
# from Slack are verified with the signing secret; bot tokens are stored encrypted with SIGNPOST_SLACK_TOKEN_KEY (a
# Fernet key; derived from DJANGO_SECRET_KEY when empty). The API and authorize addresses are Slack's own unless a
# developer points them at a stand-in; each call to Slack has SIGNPOST_SLACK_TIMEOUT seconds in all.
SIGNPOST_SLACK_CLIENT_ID = env.str("SIGNPOST_SLACK_CLIENT_ID", default="")
SIGNPOST_SLACK_CLIENT_SECRET = env.str("SIGNPOST_SLACK_CLIENT_SECRET", default="")
SIGNPOST_SLACK_SIGNING_SECRET = env.str("SIGNPOST_SLACK_SIGNING_SECRET", default="")
SIGNPOST_SLACK_TOKEN_KEY = env.str("SIGNPOST_SLACK_TOKEN_KEY", default="")
SIGNPOST_SLACK_API_URL = env.str("SIGNPOST_SLACK_API_URL", default="https://slack.com/api/")
SIGNPOST_SLACK_AUTHORIZE_URL = env.str("SIGNPOST_SLACK_AUTHORIZE_URL", default="https://slack.com/oauth/v2/authorize")
SIGNPOST_SLACK_TIMEOUT = env.float("SIGNPOST_SLACK_TIMEOUT", default=5.0)
if IS_PRODUCTION and SIGNPOST_SLACK_CLIENT_ID and not SIGNPOST_SLACK_TOKEN_KEY:
    raise ImproperlyConfigured("SIGNPOST_SLACK_TOKEN_KEY must be set when the Slack app is on in production.")
