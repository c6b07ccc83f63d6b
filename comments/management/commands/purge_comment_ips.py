"""Erase commenters' IP addresses after the retention period, keeping a keyed hash.

Run daily from cron: ``python manage.py purge_comment_ips``.
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from comments.models import Comment
from comments.spam import keyed_hash


class Command(BaseCommand):
    help = "Replace the IP addresses of comments older than COMMENTS_IP_RETENTION_DAYS by a hash."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Keep addresses this many days (default: COMMENTS_IP_RETENTION_DAYS).",
        )

    def handle(self, *args, days=None, **options):
        days = settings.COMMENTS_IP_RETENTION_DAYS if days is None else days
        cutoff = timezone.now() - timedelta(days=days)
        old = Comment.objects.filter(created_at__lt=cutoff, ip_address__isnull=False)
        count = 0
        for pk, ip in old.values_list("pk", "ip_address").iterator(chunk_size=500):
            Comment.objects.filter(pk=pk).update(ip_address=None, ip_hash=keyed_hash(ip))
            count += 1
        self.stdout.write(f"Erased the IP address of {count} comment(s) older than {days} days.")
