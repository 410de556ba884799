"""A form sent from a page that is out of date is refused with Baton's own page: translated,
with what was typed (never a password) and the way back, never Django's debug text."""

import pytest
from django.test import Client

from tests.helpers import in_english

pytestmark = pytest.mark.django_db

QUESTION = "BERT는 GPT 이후에도 쓸모가 있을까요?"


@pytest.fixture
def browser(student):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(student)
    return browser


def _send_with_a_stale_token(browser, url, data, referer="http://testserver/curriculum/"):
    browser.get("/")  # the browser has a CSRF cookie...
    stale = {"csrfmiddlewaretoken": "x" * 64, **data}  # ...but the page's token is old
    return browser.post(url, stale, HTTP_REFERER=referer)


@pytest.mark.parametrize("debug", [False, True])
def test_a_refused_question_keeps_what_was_typed_and_links_back(
    browser, current_week, settings, debug
):
    settings.DEBUG = debug
    page = f"http://testserver{current_week.get_absolute_url()}"

    response = _send_with_a_stale_token(
        browser,
        f"/weeks/{current_week.pk}/questions/",
        {"title": QUESTION, "body": "서비스 관점에서 궁금합니다.", "is_anonymous": "on"},
        referer=page,
    )

    html = response.content.decode()
    assert response.status_code == 403
    assert "저장되지 않았습니다" in html
    assert QUESTION in html and "서비스 관점에서 궁금합니다." in html
    assert f'href="{page}"' in html
    assert ">on<" not in html  # a checkbox's value is not something anyone typed
    assert "DEBUG" not in html and "CSRF" not in html and "Forbidden" not in html
    assert not current_week.board_questions.exists()


def test_the_refusal_is_in_the_readers_language(browser, student, current_week):
    in_english(student)

    response = _send_with_a_stale_token(
        browser, f"/weeks/{current_week.pk}/questions/", {"title": QUESTION}
    )

    assert "Nothing was saved" in response.content.decode()


def test_a_refused_login_never_shows_the_password_back(db):
    browser = Client(enforce_csrf_checks=True)
    browser.get("/accounts/login/")

    response = browser.post(
        "/accounts/login/",
        {
            "csrfmiddlewaretoken": "x" * 64,
            "login": "student@example.com",
            "password": "a secret pass phrase 1234",
        },
        HTTP_REFERER="http://testserver/accounts/login/",
    )

    assert response.status_code == 403
    assert "a secret pass phrase" not in response.content.decode()


def test_a_link_back_to_another_site_is_not_offered(browser, current_week):
    response = _send_with_a_stale_token(
        browser,
        f"/weeks/{current_week.pk}/questions/",
        {"title": QUESTION},
        referer="https://evil.example.com/",
    )

    html = response.content.decode()
    assert "evil.example.com" not in html
    assert 'href="/"' in html
