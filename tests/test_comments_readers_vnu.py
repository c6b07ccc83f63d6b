"""The Nu HTML checker finds no error on the readers' own pages: confirm, edit, the window
closed, "my comments" (asking and the list), unsubscribe, and a thread with a removed comment.

Skipped like ``tests/test_reader_vnu.py`` when Java or vnu.jar is missing (unless REQUIRE_VNU=1).
"""

import shutil

import pytest
from django.utils import translation

from comments.confirmation import confirm_url
from comments.editing import edit_url, remove_by_author
from comments.mine import mine_url
from comments.replies import unsubscribe_url
from tests.browser.conftest import ARTIFACTS
from tests.factories import make_article, make_comment
from tests.vnu import vnu_command, vnu_errors

pytestmark = pytest.mark.django_db

ME = "layla@example.org"


def test_readers_pages_have_no_html_errors(client):
    command = vnu_command()
    article = make_article()
    answered = make_comment(article, email=ME)
    make_comment(article, parent=answered)
    waiting = make_comment(article, email=ME, status="pending")
    folder = ARTIFACTS / "vnu-readers"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    pages = {}
    for lang in ("ar", "en"):
        with translation.override(lang):
            pages |= {
                f"confirm-{lang}": confirm_url(ME, lang),
                f"edit-{lang}": edit_url(waiting),
                f"ask-{lang}": "/" + lang + "/comments/mine/",
                f"mine-{lang}": mine_url(ME),
                f"unsubscribe-{lang}": unsubscribe_url(ME, lang),
            }
    remove_by_author(answered)
    pages["removed-story"] = article.get_absolute_url()
    files = []
    for name, path in pages.items():
        response = client.get(path)
        assert response.status_code == 200, path
        target = folder / f"{name}.html"
        target.write_bytes(response.content)
        files.append(str(target))
    assert vnu_errors(command, files) == []
