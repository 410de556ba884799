"""The login page in a real browser, as a newcomer reads it: the email, the password and then
the link for a forgotten one, a "keep me signed in" box beside its words; after logging in, a
message that reads naturally in Korean whatever the name ends with."""

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _box(locator):
    box = locator.bounding_box()
    assert box is not None, locator
    return box


def test_the_login_form_reads_from_top_to_bottom(page):
    page.goto("/accounts/login/")

    password = _box(page.locator("#id_password"))
    forgot = _box(page.get_by_role("link", name="비밀번호를 잊으셨나요?"))
    submit = _box(page.locator('main button[type="submit"]'))
    assert password["y"] + password["height"] <= forgot["y"] < submit["y"]

    remember = page.get_by_label("로그인 상태 유지")
    expect(remember).to_have_attribute("type", "checkbox")
    box, label = _box(remember), _box(page.locator('label[for="id_remember"]'))
    assert label["y"] <= box["y"] and box["y"] + box["height"] <= label["y"] + label["height"]
    assert label["height"] < 2 * box["height"], "the box and its words share one line"
    assert page.get_by_text("아이디").count() == 0


@pytest.mark.parametrize("name", ["김민준", "이지아"])
def test_the_message_after_login_reads_naturally(page, name):
    UserFactory(email="newcomer@example.com", name=name)
    page.goto("/accounts/login/")
    page.fill('input[name="login"]', "newcomer@example.com")
    page.fill('input[name="password"]', PASSWORD)
    with page.expect_navigation():
        page.click('main button[type="submit"]')

    expect(page.locator(".messages")).to_have_text(f"{name} 님으로 로그인했습니다.")
