"""The tips library in a real browser: a student reading Baton in English searches for a tag by
the name the page shows them, and finds the same tips as a search for its Korean name."""

import io

import pytest
from django.core.management import call_command

from accounts.models import User
from competitions.models import SessionNote
from tests.helpers import in_english

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "baton-demo"


@pytest.fixture
def demo():
    call_command("seed_demo", stdout=io.StringIO())


def _search(page, text):
    page.fill('input[name="q"]', text)
    with page.expect_navigation():
        page.click('form.tips-filter button[type="submit"]')
    return page.locator("article.tip")


def test_a_tag_is_found_by_the_name_the_reader_sees_and_by_its_korean_name(demo, page):
    in_english(User.objects.get(email="student@example.com"))
    ensembling = SessionNote.objects.tips().filter(tags__slug="ensembling").count()
    assert ensembling >= 2, "the demo shares several tips about ensembling"

    page.goto("/accounts/login/")
    page.fill('input[name="login"]', "student@example.com")
    page.fill('input[name="password"]', DEMO_PASSWORD)
    with page.expect_navigation():
        page.click('main button[type="submit"]')
    page.goto("/competitions/tips/")
    assert page.locator("article.tip .badge", has_text="Ensembling").count() >= 1

    found = _search(page, "Ensembling")
    assert found.count() == ensembling
    assert found.locator(".badge", has_text="Ensembling").count() == ensembling

    assert _search(page, "앙상블").count() == ensembling
