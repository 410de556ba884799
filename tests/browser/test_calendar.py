"""The calendar page in a real browser: subscribing opens the feed as a webcal:// subscription,
the address is copied with a button (and can be selected by hand without JavaScript), and making
a new address, which breaks every existing subscription, is a secondary step behind a
confirmation that works without JavaScript too.

UI copy is not asserted: the assertions read links, values, the clipboard and the database.
"""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from competitions.models import CalendarFeed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGE = "/competitions/calendar/"
REPLACE = 'form[action="/competitions/calendar/revoke/"] button[type="submit"]'


def _signed_in(new_page, live_server, user, **context_options):
    page = new_page(**context_options)
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )
    return page


def _feed(user):
    return CalendarFeed.objects.get_or_create(user=user)[0]


def test_a_student_subscribes_copies_the_address_and_replaces_it(new_page, live_server, student):
    token = _feed(student).token
    address = f"{live_server.url}/competitions/calendar/{token}.ics"
    page = _signed_in(
        new_page, live_server, student, permissions=["clipboard-read", "clipboard-write"]
    )
    page.goto(PAGE)

    subscribe = page.locator(f'a[href="webcal://{address.split("://")[1]}"]')
    expect(subscribe).to_be_visible()
    expect(page.locator("#feed-url")).to_have_value(address)

    page.locator("button[data-copy]").click()
    expect(page.locator("[data-copy-status]")).not_to_be_empty()
    assert page.evaluate("navigator.clipboard.readText()") == address

    expect(page.locator(REPLACE)).to_be_hidden()  # behind its confirmation
    page.locator("details.replace-feed summary").click()
    with page.expect_navigation():
        page.locator(REPLACE).click()

    new_token = CalendarFeed.objects.get(user=student).token
    assert new_token != token
    expect(page.locator("#feed-url")).to_have_value(address.replace(token, new_token))


def test_without_javascript_the_address_is_there_to_select_and_replacing_still_asks(
    new_page, live_server, student
):
    token = _feed(student).token
    page = _signed_in(new_page, live_server, student, java_script_enabled=False)
    page.goto(PAGE)

    expect(page.locator("button[data-copy]")).to_be_hidden()  # it needs JavaScript
    field = page.locator("#feed-url")
    expect(field).to_be_visible()
    expect(field).to_have_value(f"{live_server.url}/competitions/calendar/{token}.ics")
    assert field.get_attribute("readonly") is not None  # selectable, not editable

    expect(page.locator(REPLACE)).to_be_hidden()
    page.locator("details.replace-feed summary").click()
    with page.expect_navigation():
        page.locator(REPLACE).click()

    assert CalendarFeed.objects.get(user=student).token != token
