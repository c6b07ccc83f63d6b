"""The Nu HTML checker (vnu.jar from npm's ``vnu-jar``) finds no error on the reader pages.

``make test`` fetches the jar into ``.venv/vnu/`` when Java and npm are present. Without it the
test is skipped, unless ``REQUIRE_VNU=1`` (CI), when it fails.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from articles.corrections import Correction
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_reader_pictures import front_page  # noqa: F401 (fixture)
from tests.factories import make_author, make_comment

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[1]
VNU_JAR = Path(os.environ.get("VNU_JAR", ROOT / ".venv" / "vnu" / "vnu.jar"))


def vnu_command() -> list[str]:
    java = shutil.which("java")
    if java is None or not VNU_JAR.exists():
        if os.environ.get("REQUIRE_VNU") == "1":
            pytest.fail(f"REQUIRE_VNU=1 but Java or {VNU_JAR} is missing (make test fetches it)")
        pytest.skip("the Nu HTML checker needs Java and .venv/vnu/vnu.jar")
    return [java, "-Xss2m", "-jar", str(VNU_JAR), "--errors-only", "--format", "json"]


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
    result = subprocess.run(
        [*command, *files], capture_output=True, text=True, timeout=300, check=False
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    errors = [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m.get("type") == "error"
    ]
    assert errors == []
