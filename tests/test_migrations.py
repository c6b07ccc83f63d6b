"""Every migration applies forward, unapplies back to zero, and applies forward again.

Runs in a subprocess against a throwaway database (a temporary SQLite file, and a
fresh PostgreSQL database when DATABASE_URL points at PostgreSQL), so the test
database the rest of the suite uses is never touched.
"""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent

SCRIPT = r"""
import django
django.setup()
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader

call_command("migrate", verbosity=0, interactive=False)
loader = MigrationLoader(connection)
labels = sorted({app for app, _ in loader.graph.leaf_nodes()})
forward = len(loader.applied_migrations)
# Unapply app by app; Django unapplies dependants in other apps first. The
# post_migrate handlers (permissions, roles) expect tables that are going away,
# so they are silenced while going down.
from django.db.models.signals import post_migrate, pre_migrate
saved = (pre_migrate.receivers, post_migrate.receivers)
pre_migrate.receivers, post_migrate.receivers = [], []
pre_migrate.sender_receivers_cache.clear()
post_migrate.sender_receivers_cache.clear()
for label in reversed(labels):
    call_command("migrate", label, "zero", verbosity=0, interactive=False)
pre_migrate.receivers, post_migrate.receivers = saved
pre_migrate.sender_receivers_cache.clear()
post_migrate.sender_receivers_cache.clear()
left = MigrationLoader(connection).applied_migrations
assert not left, f"still applied: {sorted(left)}"
tables = [t for t in connection.introspection.table_names() if t != "django_migrations"]
assert not tables, f"tables left behind: {tables}"
call_command("migrate", verbosity=0, interactive=False)
again = len(MigrationLoader(connection).applied_migrations)
assert again == forward, (forward, again)
print(f"OK {forward} migrations in {len(labels)} apps")
"""


def run_cycle(database_url: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings.test",
        "DATABASE_URL": database_url,
    }
    return subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_migrations_reverse_to_zero_and_forward_again_on_sqlite(tmp_path):
    result = run_cycle(f"sqlite:///{tmp_path / 'migrations.sqlite3'}")
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.startswith("OK ")


@pytest.mark.postgres
def test_migrations_reverse_to_zero_and_forward_again_on_postgresql():
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("set DATABASE_URL to a PostgreSQL server to run this on PostgreSQL")
    import psycopg2

    name = f"newsroom_migrations_{uuid.uuid4().hex[:10]}"
    server = {
        "host": db.get("HOST") or "127.0.0.1",
        "port": db.get("PORT") or 5432,
        "user": db.get("USER") or "postgres",
        "password": db.get("PASSWORD") or None,
        "dbname": "postgres",
    }
    admin = psycopg2.connect(**server)
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        password = f":{server['password']}" if server["password"] else ""
        url = f"postgres://{server['user']}{password}@{server['host']}:{server['port']}/{name}"
        result = run_cycle(url)
        assert result.returncode == 0, result.stderr[-3000:]
        assert result.stdout.startswith("OK ")
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()
