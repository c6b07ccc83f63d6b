"""Corrections in public: a note the editor adds to a published story, shown at its end, in
its JSON-LD and on the corrections page; minor corrections stay silent."""

import json
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from articles.corrections import Correction
from articles.models import Article
from tests.factories import article_admin_form_data, make_article, make_user
from tests.test_cache_keys import backend, cached, warm  # noqa: F401 - the cache fixture

pytestmark = pytest.mark.django_db

CHANGELIST = "/ar/admin/articles/article/"
NOTE = "ورد في نسخة سابقة أن الاجتماع عقد يوم الاثنين، والصحيح أنه عقد يوم الثلاثاء."


@pytest.fixture
def editor(client):
    client.force_login(make_user("Editors"))
    return client


def save(client, story, **overrides):
    data = article_admin_form_data(story, **overrides)
    return client.post(f"{CHANGELIST}{story.pk}/change/", data)


def json_ld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


def test_a_correction_note_is_published_with_the_change(editor):
    story = make_article(body="<p>عقد الاجتماع يوم الاثنين.</p>")
    response = save(editor, story, body="<p>عقد الاجتماع يوم الثلاثاء.</p>", correction_note=NOTE)
    assert response.status_code == 302
    note = Correction.objects.get(article=story)
    assert note.text == NOTE
    assert note.created_by is not None

    html = Client().get(story.get_absolute_url()).text
    # At the end of the story, after its text, with its time.
    end_of_text = html.index('id="story-text"')
    block = html[html.index('class="corrections"') :]
    assert html.index('class="corrections"') > end_of_text
    assert NOTE in block
    when = timezone.localtime(note.created_at).replace(microsecond=0).isoformat()
    assert f'datetime="{when}"' in block

    data = json_ld(html)
    assert data["correction"] == [
        {"@type": "CorrectionComment", "text": NOTE, "datePublished": when}
    ]


def test_a_story_without_corrections_says_nothing(client):
    story = make_article()
    html = client.get(story.get_absolute_url()).text
    assert 'class="corrections"' not in html
    assert "correction" not in json_ld(html)


def test_a_minor_correction_stays_silent(editor):
    story = make_article(body="<p>نص فيه خطأ مطبعي.</p>")
    response = save(
        editor, story, body="<p>نص بلا خطأ مطبعي.</p>", minor_correction="on", correction_note=NOTE
    )
    assert response.status_code == 200  # the form again, with the reason
    assert "لا يعلن عن التصحيح الطفيف" in response.text
    assert not Correction.objects.exists()
    story.refresh_from_db()
    assert story.body == "<p>نص فيه خطأ مطبعي.</p>"  # nothing saved, nothing lost
    assert NOTE in response.text  # the editor's note is still in the form

    save(editor, story, body="<p>نص بلا خطأ مطبعي.</p>", minor_correction="on")
    assert not Correction.objects.exists()


def test_a_draft_has_no_public_correction(editor):
    draft = make_article(status=Article.Status.DRAFT, published_at=None)
    response = save(editor, draft, correction_note=NOTE)
    assert response.status_code == 200
    assert not Correction.objects.exists()


def test_unpublishing_with_a_note_is_refused(editor):
    story = make_article()
    response = save(editor, story, status=Article.Status.DRAFT, correction_note=NOTE)
    assert response.status_code == 200
    assert not Correction.objects.exists()
    assert Article.objects.get(pk=story.pk).status == Article.Status.PUBLISHED


def test_the_corrections_page_lists_the_latest_in_its_language(client):
    ar = make_article(headline="الحكومة تعلن خطة المرفأ")
    en = make_article(language="en", headline="Cabinet approves the port plan")
    gone = make_article(headline="قصة سحبت من الموقع")
    Correction.objects.create(article=ar, text="تصحيح على قصة عربية")
    Correction.objects.create(article=en, text="An English correction")
    Correction.objects.create(article=gone, text="تصحيح على قصة سحبت")
    Article.objects.filter(pk=gone.pk).update(status=Article.Status.DRAFT)

    arabic = client.get("/ar/corrections/")
    assert arabic.status_code == 200
    assert "تصحيح على قصة عربية" in arabic.text
    assert ar.get_absolute_url() in arabic.text
    assert "An English correction" not in arabic.text
    assert "تصحيح على قصة سحبت" not in arabic.text

    english = client.get("/en/corrections/")
    assert "An English correction" in english.text
    assert "Tuesday" in english.text or "day " in english.text  # English dates
    assert "تصحيح على قصة عربية" not in english.text


def test_the_corrections_page_is_paginated_newest_first(client, django_assert_max_num_queries):
    story = make_article()
    start = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    for n in range(25):
        Correction.objects.create(
            article=story, text=f"تصحيح رقم {n}", created_at=start + timedelta(hours=n)
        )
    with django_assert_max_num_queries(6):
        first = client.get("/ar/corrections/")
    assert first.text.index("تصحيح رقم 24") < first.text.index("تصحيح رقم 23")
    assert "تصحيح رقم 4<" not in first.text
    second = client.get("/ar/corrections/?page=2")
    assert "تصحيح رقم 4<" in second.text and "تصحيح رقم 0<" in second.text
    assert client.get("/ar/corrections/?page=9").status_code == 404
    assert client.get("/ar/corrections/?page=x").status_code == 404


def test_a_correction_refreshes_its_story_and_the_corrections_pages_only(backend):  # noqa: F811
    story, other = make_article(), make_article()
    # (Its card on the Arabic front page follows story:<id>, as every card does.)
    pages = [story.get_absolute_url(), other.get_absolute_url(), "/ar/corrections/", "/en/"]
    warm(*pages)
    keys = set(Client().get("/ar/corrections/")["xkey"].split())
    assert "corrections" in keys and "all" not in keys

    Correction.objects.create(article=story, text=NOTE)

    for url in (story.get_absolute_url(), "/ar/corrections/"):
        page = Client().get(url)
        assert page["X-Page-Cache"] == "miss", url
        assert NOTE in page.text
    for url in (other.get_absolute_url(), "/en/"):
        assert cached(url) == "hit", url


def test_the_note_is_offered_only_on_a_published_story(editor):
    assert "id_correction_note" not in editor.get(f"{CHANGELIST}add/").text
    draft = make_article(status=Article.Status.DRAFT, published_at=None)
    assert "id_correction_note" not in editor.get(f"{CHANGELIST}{draft.pk}/change/").text
    story = make_article()
    Correction.objects.create(article=story, text=NOTE)
    form = editor.get(f"{CHANGELIST}{story.pk}/change/").text
    assert "id_correction_note" in form
    assert NOTE in form  # the corrections already published, read-only


def test_a_correction_note_moves_the_story_s_last_updated(editor, backend):  # noqa: F811
    """A note added without another change still dates the story: readers must not see
    'last updated 17:56' above a correction made at 17:59."""
    story = make_article()
    earlier = timezone.now() - timedelta(minutes=3)
    Article.objects.filter(pk=story.pk).update(updated_at=earlier)
    warm(story.get_absolute_url())

    response = save(editor, story, correction_note=NOTE)
    assert response.status_code == 302
    note = Correction.objects.get(article=story)
    story.refresh_from_db()
    assert story.updated_at == note.created_at

    page = Client().get(story.get_absolute_url())
    assert page["X-Page-Cache"] == "miss"
    when = timezone.localtime(note.created_at).replace(microsecond=0).isoformat()
    updated = page.text[page.text.index('class="story__updated"') :]
    assert updated.index(f'datetime="{when}"') < updated.index("</span>")
