import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.test import override_settings

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_root_redirects_to_arabic_by_default(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/ar/"


@pytest.mark.django_db
def test_root_follows_the_browsers_language(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert response["Location"] == "/en/"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("prefix", "lang", "direction"), [("ar", "ar", "rtl"), ("en", "en", "ltr")]
)
def test_home_sets_language_and_direction(client, prefix, lang, direction):
    response = client.get(f"/{prefix}/")
    assert response.status_code == 200
    assert re.search(rf'<html lang="{lang}" dir="{direction}">', response.text)


@pytest.mark.django_db
def test_healthz_reports_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": True}}


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_fails(client, monkeypatch):
    from newsroom import health

    monkeypatch.setattr(health, "_check_database", lambda: False)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"


@pytest.mark.django_db
def test_healthz_checks_redis_when_configured(client, monkeypatch):
    from newsroom import health

    monkeypatch.setattr(health, "_check_cache", lambda: False)
    with override_settings(REDIS_URL="redis://127.0.0.1:1/0"):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"] is False


def _deploy_check(env_extra):
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "newsroom.settings.auto",
        **env_extra,
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = _deploy_check(
        {
            "DEBUG": "0",
            "SECRET_KEY": "k3" * 30 + "Zq!",
            "ALLOWED_HOSTS": "example.org",
            "NEWSROOM_SITE_URL": "https://example.org",
        }
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_a_developers_command_runs_with_nothing_configured():
    """manage.py alone (no DEBUG, no SECRET_KEY) uses the development settings."""
    result = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No changes detected" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = _deploy_check({"DEBUG": "0", "ALLOWED_HOSTS": "example.org"})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_compose_file_describes_the_production_stack():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert {"db", "redis", "web"} <= set(services)
    for name in ("db", "redis", "web"):
        assert "healthcheck" in services[name], name
    web = services["web"]
    assert web["environment"]["DEBUG"] == "0"
    assert "gunicorn" in " ".join(web["command"]) if isinstance(web["command"], list) else True
    assert "migrate" in str(web.get("command", "")) + str(web.get("entrypoint", ""))
    assert {"pgdata", "media"} <= set(compose["volumes"])
    assert web["depends_on"]["db"]["condition"] == "service_healthy"
