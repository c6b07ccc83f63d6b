"""The Nu HTML checker (``tests/vnu.py``) finds no error on the reader pages."""

import shutil

import pytest

from articles.corrections import Correction
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_reader_pictures import front_page  # noqa: F401 (fixture)
from tests.factories import make_author, make_comment
from tests.vnu import vnu_command, vnu_errors

pytestmark = pytest.mark.django_db


def test_reader_pages_have_no_html_errors(client, front_page):  # noqa: F811
    command = vnu_command()
    story = {s.language: s for s in front_page}
    make_comment(story["ar"])
    author = make_author(name_ar="ليلى حداد", name_en="Layla Haddad", slug="layla")
    for s in story.values():
        s.tags.add("لبنان")
        s.authors.add(author)
    tag = story["ar"].tags.get()
    for s in story.values():  # a corrected story and the corrections pages
        Correction.objects.create(article=s, text="ورد خطأ في الاسم، والصحيح «ليلى حداد».")
    folder = ARTIFACTS / "vnu"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    pages = {}
    for lang in ("ar", "en"):
        pages |= {
            f"home-{lang}": f"/{lang}/",
            f"story-{lang}": story[lang].get_absolute_url(),
            f"section-{lang}": f"/{lang}/section/politics/",
            f"archive-{lang}": f"/{lang}/archive/",
            f"tag-{lang}": f"/{lang}/tag/{tag.slug}/",
            f"author-{lang}": f"/{lang}/author/layla/",
            f"search-{lang}": f"/{lang}/search/?q=port+المرفأ",
            f"404-{lang}": f"/{lang}/news/no-such-story/",
            f"corrections-{lang}": f"/{lang}/corrections/",
        }
    files = []
    for name, path in pages.items():
        response = client.get(path)
        assert response.status_code in (200, 404), path
        target = folder / f"{name}.html"
        target.write_bytes(response.content)
        files.append(str(target))
    assert len(files) == 18
    assert vnu_errors(command, files) == []
