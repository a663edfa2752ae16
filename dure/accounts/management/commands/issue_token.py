from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dure.accounts.models import User
from dure.accounts.services import token_issue


class Command(BaseCommand):
    help = "Create a personal API token for a user and print it (the last line is the token)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--name", default="command line")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(email__iexact=options["email"]).first()
        if user is None:
            raise CommandError(f"No user with the email address {options['email']}.")
        self.stdout.write(token_issue(user=user, name=options["name"]))
