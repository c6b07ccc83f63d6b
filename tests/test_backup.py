"""make backup / make restore: back up, wipe, restore, and find everything again (PostgreSQL)."""

import os
import subprocess
from pathlib import Path

import pytest
from django.db import connection

from articles.models import Article
from tests.factories import make_article, make_author

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.postgres


def database_url() -> str:
    s = connection.settings_dict
    user = s.get("USER") or "postgres"
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    host = s.get("HOST") or "127.0.0.1"
    port = s.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{s['NAME']}"


def run(script, env, *args):
    return subprocess.run(
        [str(ROOT / "scripts" / script), *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.django_db(transaction=True)
def test_backup_wipe_restore_round_trip(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("backup and restore use pg_dump/pg_restore: run with a PostgreSQL DATABASE_URL")
    author = make_author(bio_ar="كاتبة من دمشق")
    story = make_article(
        headline="انقطاع الكهرباء في حلب لليوم الثالث",
        body='<p dir="rtl">عاد التيار إلى <strong>بعض الأحياء</strong> مساء الثلاثاء.</p>',
        tags=["حلب", "كهرباء"],
        authors=[author],
    )
    for _ in range(4):
        make_article()
    media = tmp_path / "media"
    (media / "leads").mkdir(parents=True)
    (media / "leads" / "photo.jpg").write_bytes(b"\xff\xd8 not really a jpeg \xff\xd9")
    env = {
        "DATABASE_URL": database_url(),
        "MEDIA_ROOT": str(media),
        "BACKUP_ROOT": str(tmp_path / "backups"),
    }
    before = {
        "articles": Article.objects.count(),
        "tags": story.tags.count(),
        "history": Article.history.count(),
    }

    backup = run("backup.sh", env)
    assert backup.returncode == 0, backup.stderr
    folder = Path(backup.stdout.strip().splitlines()[-1])
    assert (folder / "db.dump").stat().st_size > 0
    assert "db.dump" in (folder / "MANIFEST").read_text()

    # Disaster: every story gone, the media folder emptied.
    Article.objects.all().delete()
    (media / "leads" / "photo.jpg").unlink()
    assert Article.objects.count() == 0

    connection.close()
    restore = run("restore.sh", env, str(folder), "--yes")
    assert restore.returncode == 0, restore.stderr

    restored = Article.objects.get(pk=story.pk)
    assert Article.objects.count() == before["articles"]
    assert restored.headline == story.headline
    assert restored.body == story.body
    assert sorted(restored.tags.names()) == sorted(["حلب", "كهرباء"])
    assert list(restored.authors.values_list("bio_ar", flat=True)) == ["كاتبة من دمشق"]
    assert Article.history.count() == before["history"]
    assert (media / "leads" / "photo.jpg").read_bytes() == b"\xff\xd8 not really a jpeg \xff\xd9"


def test_restore_refuses_a_tampered_backup(tmp_path):
    folder = tmp_path / "backups" / "20260101T000000Z"
    folder.mkdir(parents=True)
    (folder / "db.dump").write_bytes(b"dump")
    (folder / "media.tar.gz").write_bytes(b"tar")
    (folder / "MANIFEST").write_text(f"{'0' * 64}  db.dump\n{'0' * 64}  media.tar.gz\n")
    result = run(
        "restore.sh",
        {"DATABASE_URL": "postgres://postgres@127.0.0.1:1/none", "MEDIA_ROOT": str(tmp_path / "m")},
        str(folder),
        "--yes",
    )
    assert result.returncode == 3
    assert "checksums" in result.stderr
    assert not (tmp_path / "m").exists()


def test_backup_refuses_sqlite(tmp_path):
    result = run(
        "backup.sh", {"DATABASE_URL": "sqlite:///db.sqlite3", "BACKUP_ROOT": str(tmp_path)}
    )
    assert result.returncode == 2
    assert "PostgreSQL" in result.stderr
