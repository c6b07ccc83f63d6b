"""Plain factory functions for tests: small, explicit, no fixtures files."""

import itertools
from datetime import timedelta

from django.contrib.auth.models import Group, User
from django.utils import timezone

from articles.models import Article, Author, Section
from newsroom import roles

_seq = itertools.count(1)


def make_section(**kwargs) -> Section:
    n = next(_seq)
    defaults = {"name_ar": f"سياسة {n}", "name_en": f"Politics {n}", "slug": f"politics-{n}"}
    return Section.objects.create(**{**defaults, **kwargs})


def make_author(**kwargs) -> Author:
    n = next(_seq)
    defaults = {"name_ar": f"ليلى حداد {n}", "name_en": f"Layla Haddad {n}", "slug": f"layla-{n}"}
    return Author.objects.create(**{**defaults, **kwargs})


def make_article(*, tags=(), authors=(), **kwargs) -> Article:
    n = next(_seq)
    defaults = {
        "headline": f"وزير الخارجية يلتقي نظيره الفرنسي في بيروت {n}",
        "standfirst": "لقاء في العاصمة اللبنانية لبحث الملفات الإقليمية.",
        "summary": "لقاء دبلوماسي في بيروت.",
        "body": "<p>التقى وزير الخارجية اليوم نظيره الفرنسي في بيروت.</p>",
        "language": "ar",
        "status": Article.Status.PUBLISHED,
        "published_at": timezone.now() - timedelta(hours=1),
    }
    values = {**defaults, **kwargs}
    if "section" not in values:
        values["section"] = make_section()
    article = Article.objects.create(**values)
    if tags:
        article.tags.add(*tags)
    if authors:
        article.authors.add(*authors)
    return article


def make_user(role: str | None = None, *, superuser: bool = False, **kwargs) -> User:
    n = next(_seq)
    username = kwargs.pop("username", f"{(role or 'user').lower()}{n}")
    if superuser:
        return User.objects.create_superuser(username, f"{username}@example.org", "pw-Xy7!secret")
    user = User.objects.create_user(
        username, f"{username}@example.org", "pw-Xy7!secret", is_staff=role is not None, **kwargs
    )
    if role:
        roles.sync_roles()
        user.groups.add(Group.objects.get(name=role))
    return user
