"""Login and password reset are rate limited (allauth's ACCOUNT_RATE_LIMITS): after at most 10
failed logins from one address, or 5 for one account, further tries are refused for a while with a
clear message in the visitor's language; the limit lifts by itself."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD

REFUSED = {
    "en": "Too many failed login attempts. Try again later.",
    "ko": "너무 많은 로그인 실패가 감지되었습니다. 잠시 후에 다시 시도하세요.",
}
RESET_REFUSED = {
    "en": "You tried this too often in a short time.",
    "ko": "짧은 시간에 너무 여러 번 시도했습니다.",
}


def _client(language, address="203.0.113.7"):
    client = Client(REMOTE_ADDR=address)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def _log_in(client, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def _logged_in(client):
    return settings.SESSION_COOKIE_NAME in client.cookies and client.session.get("_auth_user_id")


def test_the_limits_are_at_most_ten_per_address_and_five_per_account():
    per_ip, per_key = settings.ACCOUNT_RATE_LIMITS["login_failed"].split(",")
    assert per_ip.endswith("/ip") and int(per_ip.split("/")[0]) <= 10
    assert per_key.endswith("/key") and int(per_key.split("/")[0]) <= 10


@pytest.mark.parametrize("language", ["ko", "en"])
def test_ten_failed_logins_from_one_address_refuse_the_next_even_with_the_right_password(
    student, language
):
    client = _client(language)
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC), tick=False):
        for attempt in range(10):
            response = _log_in(client, f"guess{attempt}@example.com", "wrong-password")
            assert REFUSED[language] not in response.content.decode()

        response = _log_in(client, student.email, PASSWORD)

        assert response.status_code == 200
        assert REFUSED[language] in response.content.decode()
        assert not _logged_in(client)
        # Another address is not punished for this one.
        elsewhere = _client(language, address="198.51.100.9")
        assert _log_in(elsewhere, student.email, PASSWORD).status_code == 302

    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 10, tzinfo=datetime.UTC)):
        assert _log_in(client, student.email, PASSWORD).status_code == 302


@pytest.mark.parametrize("language", ["ko", "en"])
def test_failed_logins_for_one_account_from_many_addresses_lock_that_account(student, language):
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC), tick=False):
        for attempt in range(5):
            _log_in(_client(language, f"192.0.2.{attempt + 1}"), student.email, "wrong-password")

        client = _client(language, "192.0.2.99")
        response = _log_in(client, student.email, PASSWORD)

        assert response.status_code == 200
        assert REFUSED[language] in response.content.decode()
        assert not _logged_in(client)

    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 10, tzinfo=datetime.UTC)):
        assert _log_in(_client(language, "192.0.2.99"), student.email, PASSWORD).status_code == 302


@pytest.mark.parametrize("language", ["ko", "en"])
def test_password_reset_requests_for_one_address_are_limited(student, language, mailoutbox):
    client = _client(language)
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC), tick=False):
        for _attempt in range(5):
            response = client.post(reverse("account_reset_password"), {"email": student.email})
            assert response.status_code == 302

        response = client.post(reverse("account_reset_password"), {"email": student.email})

        assert response.status_code == 429
        assert RESET_REFUSED[language] in response.content.decode()
        assert response.headers["Content-Security-Policy"]
    assert len(mailoutbox) == 5
