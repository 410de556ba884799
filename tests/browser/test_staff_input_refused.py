"""What staff type that the scheduling forms refuse, in a real browser on the demo cohort: each
is answered with a message beside the field, never a server error, and nothing is saved.

UI copy is not asserted: the assertions read error elements, field names and the database.
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


def _log_in(page):
    page.goto("/accounts/login/")
    page.fill('input[name="login"]', STAFF)
    page.fill('input[name="password"]', DEMO_PASSWORD)
    _submit(page, 'main button[type="submit"]')


def test_a_meeting_link_too_long_to_keep_is_refused_on_the_board(page, running):
    team = running.teams.get(name="6조")
    mentor = team.mentors.get()
    day = timezone.localdate() + datetime.timedelta(days=2)
    slot = timezone.make_aware(datetime.datetime.combine(day, datetime.time(14)))
    link = "https://teams.example.com/l/meetup-join/" + "a" * 210  # 250 characters
    sessions = Session.objects.filter(team=team).count()
    _log_in(page)
    page.goto(f"/competitions/{running.pk}/board/")

    page.select_option('#booking-form select[name="team"]', value=str(team.pk))
    expect(page.locator("#id_mentor optgroup").first).to_be_attached()  # the team's own first
    page.select_option('#booking-form select[name="mentor"]', value=str(mentor.pk))
    page.fill('#booking-form input[name="starts_at"]', slot.strftime("%Y-%m-%dT%H:%M"))
    page.fill('#booking-form input[name="meeting_url"]', link)
    _submit(page, '#booking-form button[type="submit"]')

    # The whole link is still in the field, and the error beside it names the limit.
    expect(page.locator('#booking-form input[name="meeting_url"]')).to_have_value(link)
    expect(page.locator("#booking-form #id_meeting_url_error")).to_contain_text("200")
    assert Session.objects.filter(team=team).count() == sessions


def test_a_session_moved_to_year_9999_in_the_admin_is_refused(page, running):
    session = Session.objects.scheduled().filter(competition=running).order_by("pk").first()
    before = (session.starts_at, session.ends_at, session.changes.count())
    _log_in(page)
    page.goto(f"/admin/competitions/session/{session.pk}/change/")

    page.fill('input[name="starts_at_0"]', "9999-12-31")
    page.fill('input[name="starts_at_1"]', "23:00:00")
    page.fill('input[name="ends_at_0"]', "9999-12-31")
    page.fill('input[name="ends_at_1"]', "23:30:00")
    _submit(page, 'input[name="_save"]')

    expect(page.locator(".errornote")).to_be_visible()
    expect(page.locator(".field-starts_at .errorlist")).to_be_visible()
    session.refresh_from_db()
    assert (session.starts_at, session.ends_at, session.changes.count()) == before
