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
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_fails(client, monkeypatch):
    from newsroom import health

    monkeypatch.setattr(health, "_check_database", lambda: False)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"


@pytest.mark.django_db
def test_healthz_checks_redis_when_configured(client, monkeypatch, caplog):
    from newsroom import health

    monkeypatch.setattr(health, "_check_cache", lambda: False)
    with override_settings(REDIS_URL="redis://127.0.0.1:1/0"):
        response = client.get("/healthz")
    assert response.status_code == 503
    # The public answer names no backend; the log says which one failed.
    assert response.json() == {"status": "unavailable"}
    assert "cache" in caplog.text


@pytest.mark.django_db
def test_favicon_ico_leads_to_the_site_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code in (301, 302)
    assert "favicon" in response["Location"] and response["Location"].endswith(".svg")


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
    assert {"pgdata", "media", "static"} <= set(compose["volumes"])
    assert web["depends_on"]["db"]["condition"] == "service_healthy"


def test_container_and_compose_run_the_scripts_the_smoke_test_runs():
    """tests/browser/test_production_stack.py runs these scripts and this Caddyfile for real."""
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    web, proxy = compose["services"]["web"], compose["services"]["proxy"]
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "RUN scripts/build-static.sh" in dockerfile
    assert "collectstatic" not in dockerfile and "DEBUG=1" not in dockerfile
    assert 'CMD ["scripts/web.sh"]' in dockerfile
    assert " ".join(web["command"]).endswith("scripts/release.sh && exec scripts/web.sh")
    # Only the proxy is published; gunicorn is reached through it.
    assert "ports" not in web
    assert "./deploy/Caddyfile:/etc/caddy/Caddyfile:ro" in proxy["volumes"]
    assert {"80:80", "443:443"} <= set(proxy["ports"])
