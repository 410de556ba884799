"""The 403, 404 and 500 pages: styled like the rest of the site, translated, and never a traceback.

The site has no view yet that raises PermissionDenied or fails, so this module is also a URLconf:
the site's URLs plus two that do (used with `override_settings(ROOT_URLCONF=...)`).
"""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import OperationalError, connection
from django.test import Client, override_settings
from django.urls import path

from bootcamp.urls import urlpatterns as site_urlpatterns

pytestmark = pytest.mark.django_db

SECRET_DETAIL = "password=hunter2 in settings.py line 42"


def forbidden(request):
    raise PermissionDenied


def broken(request):
    raise RuntimeError(SECRET_DETAIL)


urlpatterns = [
    *site_urlpatterns,
    path("test-forbidden/", forbidden),
    path("test-broken/", broken),
]

with_failing_views = override_settings(ROOT_URLCONF=__name__)


def in_language(client, language):
    client.cookies["django_language"] = language
    return client


def assert_site_layout(html, language, title):
    assert f'<html lang="{language}"' in html
    assert 'class="skip-link" href="#main"' in html
    assert '<main id="main"' in html
    assert f"<title>{title} · Baton</title>" in html


# --- 404 --------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["ko", "en"])
def test_an_unknown_address_gets_the_sites_404_page(client, language):
    response = in_language(client, language).get("/no-such-page/")

    assert response.status_code == 404
    html = response.content.decode()
    assert '<p class="error-code">404</p>' in html
    assert 'class="skip-link" href="#main"' in html
    assert f'<html lang="{language}"' in html


def test_the_404_page_reads_in_english(client):
    response = in_language(client, "en").get("/no-such-page/")

    html = response.content.decode()
    assert_site_layout(html, "en", "Page not found")
    assert "This page does not exist" in html
    assert 'href="/"' in html


def test_a_user_gets_the_404_page_in_their_own_language(login, student):
    student.language = "en"
    student.save(update_fields=["language"])
    client = in_language(login(student), "ko")

    response = client.get("/curriculum/some-other-cohort/")

    assert response.status_code == 404
    html = response.content.decode()
    assert_site_layout(html, "en", "Page not found")
    assert "a cohort you are not in" in html


# --- 403 --------------------------------------------------------------------------------------


@with_failing_views
@pytest.mark.parametrize("language", ["ko", "en"])
def test_a_forbidden_page_gets_the_sites_403_page(client, language):
    response = in_language(client, language).get("/test-forbidden/")

    assert response.status_code == 403
    html = response.content.decode()
    assert '<p class="error-code">403</p>' in html
    assert 'class="skip-link" href="#main"' in html
    assert f'<html lang="{language}"' in html


@with_failing_views
def test_the_403_page_reads_in_english(client):
    response = in_language(client, "en").get("/test-forbidden/")

    html = response.content.decode()
    assert_site_layout(html, "en", "Not allowed")
    assert "You cannot open this page" in html


# --- 500 --------------------------------------------------------------------------------------


@pytest.fixture
def tolerant_client():
    """A client that, like a browser, gets the 500 page instead of the exception."""
    return Client(raise_request_exception=False)


@with_failing_views
@pytest.mark.parametrize("language", ["ko", "en"])
def test_a_failure_gets_the_500_page_without_any_detail(tolerant_client, language):
    response = in_language(tolerant_client, language).get("/test-broken/")

    assert response.status_code == 500
    html = response.content.decode()
    assert '<p class="error-code">500</p>' in html
    assert f'<html lang="{language}"' in html
    assert "Traceback" not in html
    assert "RuntimeError" not in html
    assert SECRET_DETAIL not in html


@with_failing_views
def test_the_500_page_reads_in_english(tolerant_client):
    response = in_language(tolerant_client, "en").get("/test-broken/")

    html = response.content.decode()
    assert "<title>Something went wrong · Baton</title>" in html
    assert "Something went wrong on our side" in html
    assert 'href="/"' in html


def _database_down(execute, sql, params, many, context):
    raise OperationalError("could not connect to server: Connection refused")


def test_when_the_database_is_down_a_korean_student_gets_the_korean_500_page(
    login, student, lead_instructor, tolerant_client
):
    """The language is not known yet (the account cannot be read), so the page is in Korean, the
    default: never in the language of the last person this server thread answered."""
    lead_instructor.language = "en"
    lead_instructor.save(update_fields=["language"])
    assert '<html lang="en"' in login(lead_instructor).get("/").content.decode()
    tolerant_client.force_login(student)

    with connection.execute_wrapper(_database_down):
        response = tolerant_client.get("/")

    assert response.status_code == 500
    html = response.content.decode()
    assert '<html lang="ko"' in html
    assert "서비스에 문제가 발생했습니다" in html
