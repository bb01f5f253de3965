"""Create a personal API token for a user and print it once (only its hash is stored)."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from tracker.accounts.models import ApiToken, User
from tracker.accounts.tokens import api_token_create


class Command(BaseCommand):
    help = "Create an API token for USERNAME and print it; it cannot be shown again."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="command line", help="What the token is for.")
        parser.add_argument("--scope", choices=ApiToken.Scope.values, default=ApiToken.Scope.READ)

    def handle(self, *args, username, name, scope, **options):
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user named {username!r}.")
        try:
            _, raw = api_token_create(user=user, name=name, scope=scope)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(raw)
