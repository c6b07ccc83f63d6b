"""A demo newsroom: four sections, four authors and a dozen stories (``articles/demo``).

Most stories are in Arabic, three in English; two are the same story in both languages.
One is scheduled for the future and one is a draft. Lead images are drawn with Pillow,
so nothing is downloaded. Other apps add their demo rows on ``demo_loaded``.

Idempotent: a row that exists (matched by its slug) is left exactly as it is, so running
the command again changes nothing, and an editor's changes to a demo story survive
``make run``.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from articles.demo import demo_loaded, lead_image, load_data, story_body
from articles.models import Article, Author, Section
from newsroom.text import arabic_slugify

FIELDS = ("language", "headline", "slug", "kicker", "standfirst", "summary")


class Command(BaseCommand):
    help = "Load the demo newsroom (sections, authors, a dozen stories). Safe to run again."

    @transaction.atomic
    def handle(self, *args, **options):
        data = load_data()
        sections, colours = {}, {}
        for row in data["sections"]:
            colours[row["slug"]] = row.pop("colours")
            sections[row["slug"]], _ = Section.objects.get_or_create(slug=row["slug"], defaults=row)
        authors = {
            row["slug"]: Author.objects.get_or_create(slug=row["slug"], defaults=row)[0]
            for row in data["authors"]
        }

        created, now = 0, timezone.now()
        stories: dict[str, Article] = {}
        for index, story in enumerate(data["stories"]):
            key = story["key"]
            slug = arabic_slugify(story["slug"])
            existing = Article.objects.filter(language=story["language"], slug=slug).first()
            if existing is not None:
                stories[key] = existing
                continue
            hours_ago = story.get("hours_ago")
            article = Article(
                **{field: story[field] for field in FIELDS},
                body=story_body(story),
                section=sections[story["section"]],
                status=story.get("status", Article.Status.PUBLISHED),
                published_at=now - timedelta(hours=hours_ago) if hours_ago is not None else None,
                lead_image_caption=story["caption"],
                lead_image_credit="غرفة الأخبار" if story["language"] == "ar" else "Newsroom",
                lead_image_alt=story["caption"],
            )
            partner = stories.get(story.get("translation_of") or "")
            if partner is not None and partner.translation_id is None:
                article.translation = partner
            picture = lead_image(key, colours[story["section"]], index)
            article.lead_image.save(f"demo-{index + 1:02d}.jpg", picture, save=False)
            article.save()
            article.authors.set([authors[slug] for slug in story["authors"]])
            article.tags.add(*story["tags"])
            stories[key] = article
            created += 1

        for _receiver, message in demo_loaded.send(sender=Article, stories=stories):
            if message:
                self.stdout.write(self.style.SUCCESS(message))
        already = len(data["stories"]) - created
        ready = f"Demo newsroom ready: {created} stories created, {already} already there."
        self.stdout.write(self.style.SUCCESS(ready))
