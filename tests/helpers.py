"""What the page tests share: the pinned day, the personas that belong to a cohort, a GET."""

import datetime
import re
import zoneinfo

from django.test import Client

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")
# A Wednesday: with the clock here, the `cohort` fixture's week 3 is "this week".
TODAY = datetime.datetime(2025, 3, 12, 12, 0, tzinfo=SEOUL)

# Every persona that holds a role in the `cohort` fixture (fixture names of conftest.py).
MEMBERS = [
    "student",
    "week_mentor",
    "other_week_mentor",
    "lead_instructor",
    "competition_mentor",
    "staff",
]


def get_page(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def signed_in(user, **client_options):
    """A browser of its own: a session that is not the test's `client`."""
    browser = Client(**client_options)
    browser.force_login(user)
    return browser


def visit(browser, url):
    """The page's HTML with its whitespace runs made single spaces, to search for text."""
    return re.sub(r"\s+", " ", get_page(browser, url))


def in_english(user):
    """`user` reads Baton in English from now on."""
    user.language = "en"
    user.save(update_fields=["language"])
    return user
