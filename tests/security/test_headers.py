"""The security baseline of every response: production settings pass Django's deploy checks, and
real pages (anonymous, logged in, the admin) carry every protective header and cookie flag."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import PASSWORD

YEAR = 365 * 24 * 3600

# What a production process gets: DEBUG off, TLS on (the default), a shared cache.
PRODUCTION_ENV = {
    "DEBUG": "0",
    "HTTPS": "1",
    "SECRET_KEY": "production-like-secret-key-for-the-deploy-check-9f8e7d6c5b4a3f2e1d0c",
    "ALLOWED_HOSTS": "baton.example.com",
    "CACHE_URL": "redis://127.0.0.1:6379/15",
    "STATIC_MANIFEST": "0",
}

SETTINGS_PROBE = """
import django, json
django.setup()
from django.conf import settings as s
print(json.dumps({
    "hsts": s.SECURE_HSTS_SECONDS, "hsts_sub": s.SECURE_HSTS_INCLUDE_SUBDOMAINS,
    "ssl_redirect": s.SECURE_SSL_REDIRECT,
    "session_secure": s.SESSION_COOKIE_SECURE, "session_httponly": s.SESSION_COOKIE_HTTPONLY,
    "csrf_secure": s.CSRF_COOKIE_SECURE, "language_secure": s.LANGUAGE_COOKIE_SECURE,
    "samesite": [s.SESSION_COOKIE_SAMESITE, s.CSRF_COOKIE_SAMESITE, s.LANGUAGE_COOKIE_SAMESITE],
    "cache": s.CACHES["default"]["BACKEND"],
}))
"""


def _production(args):
    dropped = {"HTTPS", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}  # test-only values
    env = {key: value for key, value in os.environ.items() if key not in dropped}
    env.update(PRODUCTION_ENV)
    env["DJANGO_SETTINGS_MODULE"] = "bootcamp.settings"
    return subprocess.run(
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_the_deploy_checks_without_a_warning():
    result = _production(["manage.py", "check", "--deploy", "--fail-level", "WARNING"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_turn_every_protection_on():
    result = _production(["-c", SETTINGS_PROBE])
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["hsts"] >= YEAR
    assert values["hsts_sub"] is True
    assert values["ssl_redirect"] is True
    assert values["session_secure"] and values["csrf_secure"] and values["language_secure"]
    assert values["session_httponly"] is True
    assert values["samesite"] == ["Lax", "Lax", "Lax"]
    # Rate limits count on a cache every web process shares.
    assert values["cache"] == "django.core.cache.backends.redis.RedisCache"


# --- Headers on real responses -------------------------------------------------------------------


@pytest.fixture
def tls(settings):
    """The test server speaks plain HTTP; serve over "HTTPS" with production's cookie flags."""
    settings.SECURE_HSTS_SECONDS = YEAR
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    settings.LANGUAGE_COOKIE_SECURE = True


def _csp(response):
    header = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def assert_secure_headers(response):
    headers = response.headers
    assert headers["Strict-Transport-Security"].startswith(f"max-age={YEAR}")
    assert "includeSubDomains" in headers["Strict-Transport-Security"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    policy = _csp(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    for sources in policy.values():
        assert "'unsafe-inline'" not in sources
        assert "'unsafe-eval'" not in sources


def _get(client, url):
    response = client.get(url, secure=True)
    assert response.status_code == 200, url
    return response


@pytest.mark.usefixtures("tls")
def test_anonymous_pages_carry_every_header(client, db):
    for url in [reverse("account_login"), reverse("account_reset_password")]:
        assert_secure_headers(_get(client, url))
    missing = client.get("/no-such-page/", secure=True)
    assert missing.status_code == 404
    assert_secure_headers(missing)


@pytest.mark.usefixtures("tls")
def test_login_sets_secure_httponly_samesite_cookies(client, student):
    response = client.post(
        reverse("account_login"),
        {"login": student.email, "password": PASSWORD},
        secure=True,
    )
    assert response.status_code == 302
    session = response.cookies[settings.SESSION_COOKIE_NAME]
    assert session["secure"] is True
    assert session["httponly"] is True
    assert session["samesite"] == "Lax"
    csrf = client.cookies[settings.CSRF_COOKIE_NAME]
    assert csrf["secure"] is True
    assert csrf["samesite"] == "Lax"
    assert_secure_headers(_get(client, reverse("dashboard")))


@pytest.mark.usefixtures("tls")
def test_student_pages_carry_every_header(login, student, cohort, competition, team):
    client = login(student)
    urls = [
        reverse("dashboard"),
        reverse("curriculum:timeline", args=[cohort.slug]),
        reverse("curriculum:week", args=[cohort.slug, 3]),
        reverse("mentoring:reading_list"),
        reverse("competitions:list"),
        reverse("notifications:list"),
    ]
    for url in urls:
        assert_secure_headers(_get(client, url))


@pytest.mark.usefixtures("tls")
def test_mentor_and_lead_pages_carry_every_header(login, week_mentor, lead_instructor, cohort):
    week = cohort.weeks.get(number=3)
    assert_secure_headers(_get(login(week_mentor), reverse("mentoring:brief", args=[week.pk])))
    radar = reverse("mentoring:radar", args=[cohort.slug])
    assert_secure_headers(_get(login(lead_instructor), radar))


@pytest.mark.usefixtures("tls")
def test_admin_carries_every_header(login, staff):
    client = login(staff)
    for url in [reverse("admin:index"), reverse("admin:mentoring_quiz_add")]:
        assert_secure_headers(_get(client, url))


@pytest.mark.usefixtures("tls")
def test_htmx_fragments_carry_the_headers_too(login, student, cohort):
    client = login(student)
    url = reverse("curriculum:week", args=[cohort.slug, 3])
    response = client.get(url, secure=True, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert_secure_headers(response)
