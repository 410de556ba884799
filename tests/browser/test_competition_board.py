"""Competition mentoring in a real browser, on the demo cohort: the demo staff user books a
session on the running competition's schedule board, is refused a double booking of the same
mentor, and books a session in the last 72 hours only after confirming it with a reason.

UI copy is not asserted: the assertions read form names, error elements, URLs and the database.
"""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from competitions.models import Competition, Session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STAFF = "staff@example.com"
DEMO_PASSWORD = "baton-demo"


@pytest.fixture
def running():
    call_command("seed_demo", stdout=io.StringIO())
    return Competition.objects.running().get(cohort__slug="ai-lab-2")


def _submit(page, selector):
    with page.expect_navigation():
        page.click(selector)


def _local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def _book(page, team, mentor, starts_at, *, reason=None):
    page.select_option('#booking-form select[name="team"]', label=team)
    page.select_option('#booking-form select[name="mentor"]', label=mentor)
    page.fill('#booking-form input[name="starts_at"]', _local(starts_at))
    if reason is not None:
        page.check('#booking-form input[name="confirm_late"]')
        page.fill('#booking-form textarea[name="late_reason"]', reason)
    _submit(page, '#booking-form button[type="submit"]')


def test_staff_book_are_refused_a_double_booking_and_confirm_a_late_session(
    page, live_server, running
):
    team6, team5 = running.teams.get(name="6조"), running.teams.get(name="5조")
    mentor = team6.mentors.get()
    day = timezone.localdate() + datetime.timedelta(days=2)
    slot = timezone.make_aware(datetime.datetime.combine(day, datetime.time(14)))
    board = f"/competitions/{running.pk}/board/"
    page.goto("/accounts/login/")
    page.fill('input[name="login"]', STAFF)
    page.fill('input[name="password"]', DEMO_PASSWORD)
    _submit(page, 'main button[type="submit"]')
    page.goto(board)
    expect(page.locator("tr.is-flagged")).to_have_count(1)  # 6조: only a late session

    _book(page, "6조", mentor.display_name, slot)

    assert page.url == f"{live_server.url}{board}"
    booked = Session.objects.get(team=team6, starts_at=slot)
    assert (booked.mentor, booked.starts_at) == (mentor, slot)
    expect(page.locator(f'a.chip[href="{booked.get_absolute_url()}"]')).to_have_count(2)
    expect(page.locator("tr.is-flagged")).to_have_count(0)

    # The same mentor at the same time for another of their teams: refused, nothing saved.
    before = Session.objects.count()
    _book(page, "5조", mentor.display_name, slot)

    expect(page.locator("#id_starts_at-error").first).to_be_visible()
    assert Session.objects.count() == before

    # Two days before the deadline (5조 has one session left): refused until confirmed with a
    # reason.
    late = running.deadline_at - datetime.timedelta(hours=46)
    page.goto(board)
    _book(page, "5조", mentor.display_name, late)

    expect(page.locator("#id_late_reason-error")).to_be_visible()
    assert not Session.objects.filter(team=team5, starts_at=late).exists()

    _book(page, "5조", mentor.display_name, late, reason="멘토 해외 출장으로 이때만 가능")

    assert page.url == f"{live_server.url}{board}"
    late_session = Session.objects.get(team=team5, starts_at=late)
    assert late_session.late_reason == "멘토 해외 출장으로 이때만 가능"
    expect(page.locator(f'a.chip.is-late[href="{late_session.get_absolute_url()}"]')).to_have_count(
        2
    )


# --- The board as staff read it -------------------------------------------------------------------

PHONE = {"width": 390, "height": 844}


def _sign_in(page, email=STAFF):
    page.goto("/accounts/login/")
    page.fill('input[name="login"]', email)
    page.fill('input[name="password"]', DEMO_PASSWORD)
    _submit(page, 'main button[type="submit"]')


def _sideways(page):
    """How far the page scrolls sideways (0: it fits the screen)."""
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


@pytest.mark.parametrize(
    "screen", [{"viewport": {"width": 1280, "height": 800}}, {"viewport": PHONE, "is_mobile": True}]
)
def test_late_and_cancelled_chips_do_not_make_the_board_scroll_sideways(
    new_page, live_server, running, screen
):
    late = Session.objects.late_for(running).get()  # the demo's, and a cancelled one
    cancelled = running.sessions.get(status="cancelled")
    page = new_page(**screen)
    _sign_in(page)

    page.goto(f"/competitions/{running.pk}/board/")

    expect(page.locator(f'a.chip.is-late[href="{late.get_absolute_url()}"]')).to_have_count(2)
    expect(page.locator(f'.session-list a[href="{cancelled.get_absolute_url()}"]')).to_be_visible()
    assert _sideways(page) == 0
