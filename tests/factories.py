"""Plain factory functions for tests: small, explicit, no fixtures files."""

import itertools
import time
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


def article_admin_form_data(article: Article | None = None, **overrides) -> dict:
    """POST data for the admin story form: ``article``'s current values, then ``overrides``."""
    data = {
        "language": "ar",
        "headline": "خبر جديد",
        "slug": "",
        "kicker": "",
        "standfirst": "",
        "summary": "",
        "body": "<p>نص الخبر.</p>",
        "lead_image_caption": "",
        "lead_image_credit": "",
        "lead_image_alt": "",
        "section": "",
        "tags": "",
        "translation": "",
        "status": Article.Status.DRAFT,
        "published_at_0": "",
        "published_at_1": "",
        "comments_enabled": "on",
        "comment_mode": "pre",
        # The editorial-notes inline under the form: no new note.
        "notes-TOTAL_FORMS": "0",
        "notes-INITIAL_FORMS": "0",
        "notes-MIN_NUM_FORMS": "0",
        "notes-MAX_NUM_FORMS": "200",
    }
    if article is not None:
        published = timezone.localtime(article.published_at) if article.published_at else None
        data.update(
            {
                "language": article.language,
                "headline": article.headline,
                "slug": article.slug,
                "kicker": article.kicker,
                "standfirst": article.standfirst,
                "summary": article.summary,
                "body": article.body,
                "section": article.section_id,
                "authors": [a.pk for a in article.authors.all()],
                "tags": ", ".join(f'"{t.name}"' for t in article.tags.all()),
                "translation": article.translation_id or "",
                "status": article.status,
                "comment_mode": article.comment_mode,
                "published_at_0": published.strftime("%Y-%m-%d") if published else "",
                "published_at_1": published.strftime("%H:%M:%S") if published else "",
            }
        )
        existing = article.notes.count() if article.pk else 0
        data["notes-TOTAL_FORMS"] = data["notes-INITIAL_FORMS"] = str(existing)
        if not article.comments_enabled:
            del data["comments_enabled"]
    data.update(overrides)
    return data


COMMENT_BODY = "مقال ممتاز، شكراً على التغطية الدقيقة للأحداث في بيروت."


def comment_post_data(**overrides) -> dict:
    """What a reader's browser posts to the comment form: a valid, 30-second-old form.

    Pass a field to change it, or ``None`` to leave it out.
    """
    from comments.tokens import issue_token

    data = {
        "name": "سمير الخوري",
        "email": "samir@example.org",
        "body": COMMENT_BODY,
        "form_token": issue_token(issued_at=time.time() - 30),
        "website": "",
        **overrides,
    }
    return {k: v for k, v in data.items() if v is not None}


def make_comment(article, **kwargs):
    """An approved reader comment on ``article`` (pass ``status=`` for another state)."""
    from comments.models import Comment

    n = next(_seq)
    defaults = {
        "name": f"قارئ {n}",
        "email": f"reader{n}@example.org",
        "body": f"تعليق رقم {n} على الخبر.",
        "status": Comment.Status.APPROVED,
        "ip_address": "192.0.2.1",
    }
    return Comment.objects.create(article=article, **{**defaults, **kwargs})


def confirm_email(email: str):
    """Mark ``email`` as confirmed, as if its owner had opened the confirmation link."""
    from comments.confirmation import confirm

    return confirm(email)


def make_live_story(**kwargs) -> Article:
    """A published story switched to live coverage an hour ago."""
    kwargs.setdefault("live_started_at", timezone.now() - timedelta(minutes=30))
    return make_article(**kwargs)


def make_live_update(article: Article, **kwargs):
    from articles.models import LiveUpdate

    n = next(_seq)
    defaults = {"body": f"<p>تحديث رقم {n}: فرز الأصوات مستمر في بيروت.</p>"}
    return LiveUpdate.objects.create(article=article, **{**defaults, **kwargs})
