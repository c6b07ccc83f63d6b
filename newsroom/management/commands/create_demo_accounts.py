"""Demo staff accounts for a local run: an editor, a moderator and a writer.

Each gets a fresh random password, printed once. The command refuses to run
unless DEBUG is on, so these accounts never exist in production. Accounts that
already exist are left alone (their password is not printed again) unless
``--reset`` asks for new passwords.
"""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from newsroom import roles

ACCOUNTS = [
    ("editor", roles.EDITORS),
    ("moderator", roles.MODERATORS),
    ("writer", roles.WRITERS),
]


class Command(BaseCommand):
    help = "Create demo editor, moderator and writer accounts (DEBUG only); print passwords once."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Give existing demo accounts new passwords and print them.",
        )

    @transaction.atomic
    def handle(self, *args, reset=False, **options):
        if not settings.DEBUG:
            raise CommandError(
                "create_demo_accounts runs only with DEBUG=1: demo accounts must never "
                "exist in production."
            )
        roles.sync_roles()
        User = get_user_model()
        lines = []
        for username, role in ACCOUNTS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={"email": f"{username}@example.org", "is_staff": True},
            )
            user.groups.add(Group.objects.get(name=role))
            if not (created or reset):
                lines.append(f"  {username:<10} ({role}): exists, password unchanged")
                continue
            password = secrets.token_urlsafe(12)
            user.set_password(password)
            user.is_staff = True
            user.is_active = True
            user.save()
            lines.append(f"  {username:<10} ({role}): {password}")
        self.stdout.write("Demo accounts (log in at /ar/admin/ or /en/admin/):")
        self.stdout.write("\n".join(lines))
