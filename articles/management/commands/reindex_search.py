import time

from django.core.management.base import BaseCommand

from articles.search_index import reindex_all


class Command(BaseCommand):
    help = (
        "Rebuild every story's search index (on PostgreSQL with one SQL UPDATE). "
        "Run it after loading stories with bulk inserts, which skip Article.save()."
    )

    def add_arguments(self, parser):
        parser.add_argument("--database", default="default", help="Database alias.")

    def handle(self, *args, database: str, **options):
        started = time.monotonic()
        count = reindex_all(using=database)
        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"Indexed {count} stories in {elapsed:.1f} s."))
