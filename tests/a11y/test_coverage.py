"""The sweep covers the project: every named URL pattern that answers GET with an HTML page, to
some persona, is among the pages of tests/a11y/pages.py, so axe and the validator see it. The
patterns come from the same walk as the authorization matrix (tests/url_patterns.py); a new page
fails here until it is added to the sweep or, if it is no page, to NOT_PAGES with the reason."""

from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, resolve

from tests.url_patterns import url_patterns

from .pages import demo_pages

POST_ONLY = "POST only (GET answers 405); the form that posts here is on a page of the sweep"
NOT_PAGES = {
    "healthz": "JSON for the load balancer",
    "mentoring:mission_status": POST_ONLY + " (htmx swaps the mission in place)",
    "mentoring:article_action": POST_ONLY,
    "mentoring:question_ask": POST_ONLY,
    "mentoring:question_upvote": POST_ONLY,
    "mentoring:question_answer": POST_ONLY,
    "mentoring:cohort_note": POST_ONLY,
    "competitions:calendar_revoke": POST_ONLY,
    "competitions:availability_add": POST_ONLY,
    "competitions:score_add": POST_ONLY,
    "competitions:session_reschedule": POST_ONLY,
    "competitions:session_cancel": POST_ONLY,
    "competitions:session_note_add": POST_ONLY,
    "competitions:calendar_feed": "an iCalendar feed for calendar apps",
    "competitions:session_ics": "an iCalendar file",
    "accounts:set_language": POST_ONLY + " (the footer's language switch)",
    "notifications:read": POST_ONLY,
    "notifications:read_all": POST_ONLY,
    "account_set_password": "redirects to the password change: every account has a password",
    "account_confirm_login_code": "login by code is off: redirects to the login page (or home)",
}
ADMIN = "admin:"  # Django's admin: its own templates, not Baton's pages


@pytest.mark.django_db
def test_every_html_page_of_the_project_is_in_the_sweep(demo):
    patterns = {name for _route, name in url_patterns() if name and not name.startswith(ADMIN)}
    swept = _swept_names()

    missing = patterns - swept - set(NOT_PAGES)

    assert not missing, (
        "Pages missing from tests/a11y/pages.py (add them, or to NOT_PAGES if they are no HTML "
        f"page): {sorted(missing)}"
    )
    assert not set(NOT_PAGES) & swept, "Swept, so not to be excluded"


def test_the_exclusions_name_patterns_and_every_pattern_has_a_name():
    patterns = list(url_patterns())
    names = {name for _route, name in patterns}
    unnamed = [route for route, name in patterns if name is None]

    assert set(NOT_PAGES) <= names, set(NOT_PAGES) - names
    assert all(route.startswith("admin/") for route in unnamed), unnamed


def _swept_names():
    names = set()
    for page in demo_pages():
        try:
            names.add(resolve(urlsplit(page.path).path).view_name)
        except Resolver404:  # the 404 page, and the 500 page's test-only address
            continue
    return names
