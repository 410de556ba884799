"""Email and password login (no usernames), logout, password change and reset, verification."""

import re
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.test import Client

from tests.factories import PASSWORD, UserFactory

NEW_PASSWORD = "a-brand-new-pass-5678"


def log_in(client, email, password=PASSWORD):
    return client.post("/accounts/login/", {"login": email, "password": password})


def logged_in_user_id(client):
    return client.session.get("_auth_user_id")


def link_in(message):
    """The first link of an email, as a path (allauth's Korean copy follows it with no space)."""
    return re.search(r"https?://[^/\s]+(/[!-~]*)", message.body).group(1)


def test_anonymous_visitor_is_sent_to_the_login_page():
    response = Client().get("/")

    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/"


def test_student_logs_in_with_email_and_password_and_lands_on_the_dashboard(
    client, student, current_week
):
    response = log_in(client, "student@example.com")

    assert response.status_code == 302
    assert response.url == "/"
    assert logged_in_user_id(client) == str(student.pk)
    assert current_week.theme in client.get("/").content.decode()


def test_email_is_matched_whatever_its_case(client, student):
    log_in(client, "Student@Example.COM")

    assert logged_in_user_id(client) == str(student.pk)


def test_login_form_asks_for_an_email_not_a_username(client, db):
    response = client.get("/accounts/login/")

    assert response.status_code == 200
    assert 'type="email" name="login"' in response.content.decode()
    assert "username" not in response.context["form"].fields


def test_wrong_password_is_refused_with_a_form_error(client, student):
    client.cookies["django_language"] = "en"

    response = log_in(client, "student@example.com", password="not-my-password")

    assert response.status_code == 200
    assert response.context["form"].errors
    assert "not correct" in response.content.decode()
    assert logged_in_user_id(client) is None


def test_repeated_wrong_passwords_lock_the_account_for_a_while(client, student):
    for _attempt in range(5):
        log_in(client, "student@example.com", password="not-my-password")
    other_browser = Client()
    other_browser.cookies["django_language"] = "en"

    response = log_in(other_browser, "student@example.com")

    assert response.status_code == 200
    assert "Too many failed login attempts" in response.content.decode()
    assert logged_in_user_id(other_browser) is None


def test_unverified_address_cannot_log_in_and_is_sent_a_verification_email(client, db, mailoutbox):
    user = UserFactory(email="fresh@example.com")
    EmailAddress.objects.filter(user=user).update(verified=False)

    response = log_in(client, "fresh@example.com")

    assert response.status_code == 302
    assert response.url == "/accounts/confirm-email/"
    assert logged_in_user_id(client) is None
    assert [message.to for message in mailoutbox] == [["fresh@example.com"]]
    assert "/accounts/confirm-email/" in link_in(mailoutbox[0])


def test_following_the_verification_link_verifies_the_address_and_login_works(
    client, db, mailoutbox
):
    user = UserFactory(email="fresh@example.com")
    EmailAddress.objects.filter(user=user).update(verified=False)
    log_in(client, "fresh@example.com")
    path = link_in(mailoutbox[0])

    assert client.get(path).status_code == 200
    client.post(path)

    assert EmailAddress.objects.get(user=user).verified
    other_browser = Client()
    assert log_in(other_browser, "fresh@example.com").url == "/"
    assert logged_in_user_id(other_browser) == str(user.pk)


def test_logout_needs_a_post(login, student):
    client = login(student)

    response = client.get("/accounts/logout/")

    assert response.status_code == 200
    assert logged_in_user_id(client) == str(student.pk)


def test_logout_by_post_ends_the_session_and_shows_the_login_page(login, student):
    client = login(student)

    response = client.post("/accounts/logout/")

    assert response.status_code == 302
    assert response.url == "/accounts/login/"
    assert logged_in_user_id(client) is None
    assert client.get("/").status_code == 302


def test_password_change_replaces_the_old_password(login, student):
    client = login(student)

    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    assert log_in(Client(), "student@example.com").status_code == 200
    assert log_in(Client(), "student@example.com", NEW_PASSWORD).url == "/"


def test_password_change_with_a_wrong_current_password_changes_nothing(login, student):
    response = login(student).post(
        "/accounts/password/change/",
        {"oldpassword": "not-my-password", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 200
    assert "oldpassword" in response.context["form"].errors
    student.refresh_from_db()
    assert student.check_password(PASSWORD)


def test_password_reset_by_email_link(client, student, mailoutbox):
    response = client.post("/accounts/password/reset/", {"email": "student@example.com"})

    assert response.status_code == 302
    assert [message.to for message in mailoutbox] == [["student@example.com"]]
    path = link_in(mailoutbox[0])
    assert path.startswith("/accounts/password/reset/key/")
    form_page = client.get(path, follow=True)
    set_password_path = form_page.redirect_chain[-1][0]
    response = client.post(
        set_password_path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )

    assert response.status_code == 302
    student.refresh_from_db()
    assert student.check_password(NEW_PASSWORD)
    assert log_in(Client(), "student@example.com", NEW_PASSWORD).url == "/"


@pytest.mark.parametrize("method", ["get", "post"])
def test_password_change_page_needs_login(client, db, method):
    response = getattr(client, method)("/accounts/password/change/")

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


# --- What allauth tells the user, in Baton's words -----------------------------------------------


def messages_on(response):
    """The texts of the page's messages (templates/includes/messages.html)."""
    return re.findall(r'<p class="message[^"]*">(.*?)</p>', response.content.decode())


@pytest.mark.parametrize("name", ["김민준", "이지아"])  # a name ending in a consonant, a vowel
def test_the_login_message_reads_naturally_whatever_the_name_ends_with(client, db, name):
    UserFactory(email="minjun@example.com", name=name)

    response = client.post(
        "/accounts/login/", {"login": "minjun@example.com", "password": PASSWORD}, follow=True
    )

    assert messages_on(response) == [f"{name} 님으로 로그인했습니다."]


def test_the_login_message_is_in_the_users_own_language(client, db):
    UserFactory(email="jia@example.com", name="Jia", language="en")

    response = client.post(
        "/accounts/login/", {"login": "jia@example.com", "password": PASSWORD}, follow=True
    )

    assert messages_on(response) == ["Logged in as Jia."]


def test_the_logout_message(login, student):
    response = login(student).post("/accounts/logout/", follow=True)

    assert messages_on(response) == ["로그아웃했습니다."]


def test_the_password_change_message(login, student):
    response = login(student).post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        follow=True,
    )

    assert messages_on(response) == ["비밀번호를 바꿨습니다."]


def test_the_password_reset_message(client, student, mailoutbox):
    client.post("/accounts/password/reset/", {"email": "student@example.com"})
    form_page = client.get(link_in(mailoutbox[0]), follow=True)

    response = client.post(
        form_page.redirect_chain[-1][0],
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        follow=True,
    )

    assert messages_on(response) == ["비밀번호를 바꿨습니다."]


def test_the_email_confirmation_messages(client, db, mailoutbox):
    user = UserFactory(email="fresh@example.com")
    EmailAddress.objects.filter(user=user).update(verified=False)

    sent = log_in(client, "fresh@example.com")
    assert messages_on(client.get(sent.url)) == ["확인 메일을 보냈습니다: fresh@example.com"]
    confirmed = client.post(link_in(mailoutbox[0]), follow=True)

    assert "이메일 주소를 확인했습니다: fresh@example.com" in messages_on(confirmed)


def test_every_message_allauth_can_show_here_is_worded_by_baton():
    """A message template allauth adds is either written in templates/account/messages/ or
    named below as one Baton never shows."""
    import allauth

    theirs = Path(allauth.__file__).parent / "templates" / "account" / "messages"
    ours = Path(settings.BASE_DIR) / "templates" / "account" / "messages"
    never_shown = {  # login by code and phone numbers are off
        "login_code_sent.txt",
        "phone_verification_sent.txt",
        "phone_verified.txt",
    }
    missing = {p.name for p in theirs.iterdir()} - {p.name for p in ours.iterdir()} - never_shown

    assert missing == set()
