"""Korean by default; anyone switches language from any page; a user's choice follows them."""

import re

import pytest
from django.test import Client

from tests.factories import PASSWORD


def page_language(response):
    return re.search(r'<html lang="([^"]+)"', response.content.decode()).group(1)


def switch(client, language, next_url="/curriculum/"):
    return client.post("/accounts/language/", {"language": language, "next": next_url})


def test_pages_are_korean_by_default(client, db):
    response = client.get("/accounts/login/")

    assert page_language(response) == "ko"
    assert response.headers["Content-Language"] == "ko"


def test_the_browser_language_does_not_override_korean(client, db):
    response = client.get("/accounts/login/", headers={"accept-language": "en-US,en;q=0.9"})

    assert page_language(response) == "ko"


def test_every_page_offers_the_language_switch(login, student, current_week):
    response = login(student).get("/curriculum/")

    assert 'action="/accounts/language/"' in response.content.decode()
    assert 'name="next" value="/curriculum/"' in response.content.decode()


def test_user_switches_to_english_and_it_is_saved_on_their_account(login, student, cohort):
    client = login(student)

    response = switch(client, "en")

    assert response.status_code == 302
    assert response.url == "/curriculum/"
    student.refresh_from_db()
    assert student.language == "en"
    assert page_language(client.get("/curriculum/")) == "en"


def test_the_login_page_reads_in_the_language_chosen(client, db):
    korean = client.get("/accounts/login/").content.decode()
    switch(client, "en", "/accounts/login/")

    english = client.get("/accounts/login/").content.decode()

    assert "Log in to Baton" in english
    assert "Forgot your password?" in english
    assert "Log in to Baton" not in korean


def test_the_saved_language_follows_the_user_to_another_browser(login, student, cohort):
    switch(login(student), "en")

    other_browser = Client()
    other_browser.post("/accounts/login/", {"login": "student@example.com", "password": PASSWORD})
    response = other_browser.get("/accounts/preferences/")

    assert response.status_code == 200
    assert page_language(response) == "en"
    assert "django_language" not in other_browser.cookies


def test_the_saved_language_wins_over_a_cookie_left_in_the_browser(login, student, cohort):
    student.language = "ko"
    student.save(update_fields=["language"])
    client = login(student)
    client.cookies["django_language"] = "en"

    assert page_language(client.get("/curriculum/")) == "ko"


def test_anonymous_visitor_gets_a_language_cookie(client, db):
    response = switch(client, "en", "/accounts/login/")

    assert response.status_code == 302
    assert response.url == "/accounts/login/"
    assert response.cookies["django_language"].value == "en"
    assert page_language(client.get("/accounts/login/")) == "en"


def test_switching_back_to_korean(login, student, cohort):
    client = login(student)
    switch(client, "en")

    switch(client, "ko")

    student.refresh_from_db()
    assert student.language == "ko"
    assert page_language(client.get("/curriculum/")) == "ko"


@pytest.mark.parametrize("language", ["fr", "", "ko-KR"])
def test_an_unsupported_language_changes_nothing(login, student, cohort, language):
    client = login(student)

    response = switch(client, language)

    assert response.status_code == 302
    assert response.url == "/curriculum/"
    assert "django_language" not in response.cookies
    student.refresh_from_db()
    assert student.language == "ko"
    assert page_language(client.get("/curriculum/")) == "ko"


@pytest.mark.parametrize(
    "next_url",
    ["https://evil.example.com/", "//evil.example.com/", "http://testserver.evil.com/"],
)
def test_next_pointing_to_another_host_is_not_followed(client, db, next_url):
    response = switch(client, "en", next_url)

    assert response.status_code == 302
    assert response.url == "/"


def test_a_missing_next_goes_home(client, db):
    response = client.post("/accounts/language/", {"language": "en"})

    assert response.url == "/"
    assert response.cookies["django_language"].value == "en"


def test_language_switch_accepts_only_post(login, student):
    response = login(student).get("/accounts/language/?language=en")

    assert response.status_code == 405
    student.refresh_from_db()
    assert student.language == "ko"
