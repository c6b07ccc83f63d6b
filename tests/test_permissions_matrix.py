"""Who may do what: every role × every sensitive action, checked on the server.

Each cell performs the action through the real URL (admin forms and actions, the
CKEditor upload, the public story URL) and asserts the outcome in the response
status and in the database, not in hidden buttons.
"""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from articles.models import Article
from tests.factories import article_admin_form_data, make_article, make_user

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "reader", "writer", "editor", "moderator", "superuser"]
ALLOWED = {
    # A draft at its real address: desk staff preview it, everyone else gets 404.
    "view draft": {"writer", "editor", "superuser"},
    "edit own draft": {"writer", "editor", "superuser"},
    "edit another's story": {"editor", "superuser"},
    "publish": {"editor", "superuser"},
    "unpublish": {"editor", "superuser"},
    "moderate a comment": {"moderator", "superuser"},
    "edit word lists": {"moderator", "superuser"},
    "upload an image": {"writer", "editor", "superuser"},
    # Commenters' emails and addresses are for moderation only: editors do not see them.
    "see commenter emails and IPs": {"moderator", "superuser"},
    # Pairing a translation changes the other story too: only someone who may edit it.
    "pair a draft with a published story": {"editor", "superuser"},
    # No role reads an unpublished story's headline through the comment queue's filter.
    "read an embargoed headline in the comment queue": set(),
}


def login(client, role):
    if role == "anonymous":
        return None
    if role == "superuser":
        user = make_user(superuser=True)
    else:
        group = {"writer": "Writers", "editor": "Editors", "moderator": "Moderators"}.get(role)
        user = make_user(group)
    client.force_login(user)
    return user


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), (10, 90, 160)).save(buffer, "PNG")
    return buffer.getvalue()


def refused(response) -> bool:
    """The admin refuses with 403, or sends an anonymous visitor to the login page."""
    return response.status_code == 403 or (
        response.status_code == 302 and "/login/" in response["Location"]
    )


def do_view_draft(client, user):
    draft = make_article(status=Article.Status.DRAFT, published_at=None)
    response = client.get(draft.get_absolute_url())
    assert response.status_code in (200, 404)
    return response.status_code == 200


def _edit(client, article):
    data = article_admin_form_data(article, headline="عنوان معدّل", _save="1")
    response = client.post(f"/en/admin/articles/article/{article.pk}/change/", data)
    article.refresh_from_db()
    changed = article.headline == "عنوان معدّل"
    assert changed == (response.status_code == 302 and "/login/" not in response["Location"])
    if not changed:
        assert refused(response) or response.status_code == 200
    return changed


def do_edit_own_draft(client, user):
    draft = make_article(status=Article.Status.DRAFT, published_at=None, created_by=user)
    return _edit(client, draft)


def do_edit_anothers_story(client, user):
    other = make_user("Writers")
    draft = make_article(status=Article.Status.DRAFT, published_at=None, created_by=other)
    return _edit(client, draft)


def _action(client, url, action, pk):
    return client.post(
        url, {"action": action, "_selected_action": [pk], "index": 0, "confirmed": "yes"}
    )


def do_publish(client, user):
    draft = make_article(status=Article.Status.REVIEW, published_at=None, created_by=user)
    response = _action(client, "/en/admin/articles/article/", "publish_now", draft.pk)
    draft.refresh_from_db()
    published = draft.status == Article.Status.PUBLISHED
    if not published:
        assert refused(response) or response.status_code in (200, 302)
    # A direct form POST must not publish either.
    if not published and user is not None:
        data = article_admin_form_data(draft, status=Article.Status.PUBLISHED, _save="1")
        client.post(f"/en/admin/articles/article/{draft.pk}/change/", data)
        draft.refresh_from_db()
        assert draft.status != Article.Status.PUBLISHED
    return published


def do_unpublish(client, user):
    story = make_article(created_by=user)
    _action(client, "/en/admin/articles/article/", "unpublish", story.pk)
    story.refresh_from_db()
    return story.status == Article.Status.UNPUBLISHED


def do_moderate_a_comment(client, user):
    from comments.models import Comment
    from tests.factories import make_comment

    comment = make_comment(make_article(), status=Comment.Status.PENDING)
    _action(client, reverse("admin:comments_comment_changelist"), "approve", comment.pk)
    comment.refresh_from_db()
    return comment.status == Comment.Status.APPROVED


def do_edit_word_lists(client, user):
    from comments.models import Word

    response = client.post(
        reverse("admin:comments_word_add"), {"word": "كلمةمحظورة", "kind": "banned", "active": "on"}
    )
    created = Word.objects.filter(word="كلمةمحظورة").exists()
    if not created:
        assert refused(response), response.status_code
    return created


def do_upload_an_image(client, user):
    response = client.post(
        "/ckeditor5/image_upload/", {"upload": SimpleUploadedFile("a.png", png(), "image/png")}
    )
    assert response.status_code in (200, 302, 403)
    return response.status_code == 200


def do_see_commenter_emails_and_ips(client, user):
    from tests.factories import make_comment

    comment = make_comment(
        make_article(),
        email="secret.reader@example.net",
        ip_address="198.51.100.23",
        status="pending",
    )
    pages = [
        client.get(reverse("admin:comments_comment_changelist")),
        client.get(reverse("admin:comments_comment_change", args=[comment.pk])),
    ]
    shown = [
        r.status_code == 200 and "secret.reader@example.net" in r.text and "198.51.100.23" in r.text
        for r in pages
    ]
    if not any(shown):
        assert all(refused(r) for r in pages), [r.status_code for r in pages]
    # Never on the public page, for anyone.
    public = client.get(comment.article.get_absolute_url())
    assert "secret.reader@example.net" not in public.text
    assert "198.51.100.23" not in public.text
    return all(shown)


def do_pair_a_draft_with_a_published_story(client, user):
    draft = make_article(
        status=Article.Status.DRAFT, published_at=None, created_by=user, language="en"
    )
    published = make_article(headline="خبر منشور لا يملكه", created_by=make_user("Writers"))
    before = published.history.count()
    data = article_admin_form_data(draft, translation=published.pk, _save="1")
    response = client.post(f"/en/admin/articles/article/{draft.pk}/change/", data)
    published.refresh_from_db()
    draft.refresh_from_db()
    paired = published.translation_id == draft.pk
    assert paired == (draft.translation_id == published.pk)
    if paired:
        # Both histories say so, the other story's included.
        assert published.history.count() == before + 1
        assert published.history.first().translation_id == draft.pk
    else:
        assert refused(response) or response.status_code == 200
    return paired


def do_read_an_embargoed_headline_in_the_comment_queue(client, user):
    from datetime import timedelta

    from django.utils import timezone

    from tests.factories import make_comment

    make_comment(make_article(), status="pending")
    draft = make_article(headline="سرّ المسودة", status=Article.Status.DRAFT, published_at=None)
    embargoed = make_article(headline="سرّ الحظر", published_at=timezone.now() + timedelta(hours=5))
    url = reverse("admin:comments_comment_changelist")
    texts = [client.get(url, {"article__id__exact": story.pk}) for story in (draft, embargoed)]
    return any(r.status_code == 200 and "سرّ" in r.text for r in texts)


ACTIONS = {
    "view draft": do_view_draft,
    "edit own draft": do_edit_own_draft,
    "edit another's story": do_edit_anothers_story,
    "publish": do_publish,
    "unpublish": do_unpublish,
    "moderate a comment": do_moderate_a_comment,
    "edit word lists": do_edit_word_lists,
    "upload an image": do_upload_an_image,
    "see commenter emails and IPs": do_see_commenter_emails_and_ips,
    "pair a draft with a published story": do_pair_a_draft_with_a_published_story,
    "read an embargoed headline in the comment queue": (
        do_read_an_embargoed_headline_in_the_comment_queue
    ),
}


@pytest.mark.parametrize("action", list(ACTIONS))
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client, role, action):
    user = login(client, role)
    expected = role in ALLOWED[action]
    assert ACTIONS[action](client, user) is expected, f"{role} / {action}"
