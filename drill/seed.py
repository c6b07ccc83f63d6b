"""Seed the drill's own database: sections, authors, tagged stories, a moderator.

Run as ``python -m drill.seed N`` with the drill's environment.
"""

import os
import sys
from datetime import timedelta


def main(count: int) -> None:
    import django

    django.setup()
    from django.contrib.auth.models import Group, User
    from django.db import transaction
    from django.utils import timezone

    from articles.models import Article, Author, Section
    from newsroom import roles

    words = [
        *("الحكومة", "البرلمان", "الاقتصاد", "الليرة", "الكهرباء", "المياه", "الجامعة"),
        *("المستشفى", "الطريق", "المطار", "بيروت", "دمشق", "حلب", "طرابلس", "صيدا", "حمص"),
        *("اللاذقية", "زحلة", "الانتخابات", "الموازنة"),
    ]
    tags = ["سوريا", "لبنان", "اقتصاد", "طاقة", "تعليم", "صحة", "Lebanon", "Syria"]
    now = timezone.now()
    with transaction.atomic():
        sections = [
            Section.objects.get_or_create(slug=slug, defaults={"name_ar": ar, "name_en": en})[0]
            for slug, ar, en in (
                ("politics", "سياسة", "Politics"),
                ("economy", "اقتصاد", "Economy"),
                ("culture", "ثقافة", "Culture"),
                ("sport", "رياضة", "Sport"),
            )
        ]
        author = Author.objects.get_or_create(
            slug="drill-desk", defaults={"name_ar": "مكتب التحرير", "name_en": "News desk"}
        )[0]
        for n in range(count):
            language = "en" if n % 5 == 0 else "ar"
            a, b, c = words[n % 20], words[(n * 7) % 20], words[(n * 13) % 20]
            headline = f"Story {n}: {a} and {b}" if language == "en" else f"{a} و{b} في {c} {n}"
            article = Article.objects.create(
                language=language,
                headline=headline,
                standfirst=f"{a} {b} {c}. " * 2,
                summary=f"{a} {b}.",
                body="".join(f"<p>{a} {b} {c} {words[(n + k) % 20]}.</p>" for k in range(12)),
                section=sections[n % 4],
                status=Article.Status.PUBLISHED,
                published_at=now - timedelta(minutes=5 * n + 1),
            )
            article.authors.add(author)
            article.tags.add(*{tags[n % 8], tags[(n * 3) % 8], tags[(n * 5) % 8]})
        roles.sync_roles()
        moderator, _ = User.objects.get_or_create(
            username="drill-moderator",
            defaults={"email": "moderators@drill.invalid", "is_staff": True},
        )
        moderator.groups.add(Group.objects.get(name=roles.MODERATORS))
    paths_file = os.environ.get("DRILL_PATHS_FILE")
    if paths_file:
        import json

        published = Article.objects.published().select_related("section")
        stories = [a.get_absolute_url() for a in published[:200]]
        comment_targets = [a.get_absolute_url() for a in published.filter(language="ar")[:40]]
        listing = ["/ar/", "/en/"] + [s.get_absolute_url() for s in sections]
        with open(paths_file, "w", encoding="utf-8") as handle:
            json.dump({"stories": stories, "listing": listing, "comment": comment_targets}, handle)
    print(f"seeded {count} stories in {os.environ.get('DATABASE_URL', '').rsplit('/', 1)[-1]}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
