"""The foundation's story in a real browser: the demo student logs in, sees this week on the
dashboard, opens the timeline and switches language; a phone shows it without sideways scroll;
anonymous users and wrong passwords stay at the login page; an invitation becomes an account.

UI copy is not asserted (the Korean translations come later): the assertions read data (themes,
week labels, lecture and competition titles), URLs, `<html lang>` and the database.
"""

import io
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone, translation
from playwright.sync_api import expect

from accounts.models import User
from competitions.models import Competition
from curriculum.models import Membership, Role, Week
from curriculum.services import invitations_create
from curriculum.templatetags.baton import duration
from mentoring.continuity_models import LeadSession
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "baton-demo"
NEW_PASSWORD = "relay-baton-2718"
STUDENT = "student@example.com"
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def demo():
    call_command("seed_demo", stdout=io.StringIO())


@pytest.fixture
def invitation():
    cohort = factories.CohortFactory(name="AI Lab 3기", slug="ai-lab-3")
    factories.build_course(cohort)
    [invitation] = invitations_create(
        cohort=cohort, role=Role.STUDENT, emails=["newcomer@example.com"], invited_by=None
    )
    return invitation


def _demo_current_week():
    return (
        Week.objects.containing(timezone.localdate())
        .select_related("phase", "cohort")
        .get(cohort__slug="ai-lab-2")
    )


def _label(week, language):
    with translation.override(language):
        return week.label


def _submit(page, selector):
    """Click a button that posts a form, and wait for the page the server answers with."""
    with page.expect_navigation():
        page.click(selector)


def _log_in(page, email, password=DEMO_PASSWORD):
    page.fill('input[name="login"]', email)
    page.fill('input[name="password"]', password)
    _submit(page, 'main button[type="submit"]')


def _log_out(page):
    page.click("details.user-menu summary")
    _submit(page, 'form[action="/accounts/logout/"] button[type="submit"]')


def _switch_language(page, language):
    _submit(page, f'footer button[name="language"][value="{language}"]')


def _lang(page):
    return page.get_attribute("html", "lang")


def _has_no_sideways_scroll(page):
    # Not window.innerWidth: a phone (is_mobile) zooms out to fit a page that is too wide, and
    # innerWidth then grows with the page.
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1"
    )


def test_demo_student_sees_the_week_opens_the_timeline_and_switches_language(
    page, live_server, demo
):
    week = _demo_current_week()
    lectures = [lecture.title for lecture in week.lectures.order_by("order")]
    running = list(Competition.objects.filter(cohort=week.cohort).running().order_by("starts_at"))
    assert running, "the demo seed has a competition running in the current week"

    page.goto("/")
    assert page.url == f"{live_server.url}/accounts/login/?next=/"
    _log_in(page, STUDENT)
    assert page.url == f"{live_server.url}/"

    card = page.locator("article.week-card.is-current")
    expect(card.locator("h2")).to_contain_text(_label(week, "ko"))
    expect(card.locator("h2")).to_contain_text(week.theme)
    expect(card.locator("ol.lectures > li")).to_have_count(len(lectures))
    expect(card.locator("ol.lectures > li")).to_contain_text(lectures)
    expect(page.locator(".competition-card h2")).to_have_text([c.title for c in running])

    page.click('header nav a[href="/curriculum/"]')
    expect(page).to_have_url(f"{live_server.url}/curriculum/")
    now = page.locator('li.tl-week[aria-current="date"]')
    expect(now).to_have_count(1)
    expect(now.locator(".tl-title")).to_contain_text(_label(week, "ko"))
    expect(now.locator(".tl-theme")).to_contain_text(week.theme)
    for competition in running:
        expect(now.locator(".tl-lanes")).to_contain_text(competition.title)

    _switch_language(page, "en")
    assert (page.url, _lang(page)) == (f"{live_server.url}/curriculum/", "en")
    expect(now.locator(".tl-title")).to_contain_text(_label(week, "en"))
    assert User.objects.get(email=STUDENT).language == "en"
    _switch_language(page, "ko")
    assert (page.url, _lang(page)) == (f"{live_server.url}/curriculum/", "ko")

    _log_out(page)
    assert page.url.startswith(f"{live_server.url}/accounts/login/")
    _log_in(page, STUDENT)
    assert (page.url, _lang(page)) == (f"{live_server.url}/", "ko")
    assert User.objects.get(email=STUDENT).language == "ko"


def test_language_choice_follows_the_account_to_another_browser(new_page, live_server, demo):
    laptop = new_page()
    laptop.goto("/accounts/login/")
    _log_in(laptop, STUDENT)
    _switch_language(laptop, "en")
    _log_out(laptop)

    phone = new_page(viewport=PHONE)
    phone.goto("/")
    assert _lang(phone) == "ko"
    _log_in(phone, STUDENT)
    assert (phone.url, _lang(phone)) == (f"{live_server.url}/", "en")


def test_dashboard_and_timeline_fit_a_phone_screen(new_page, live_server, demo):
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    page.goto("/accounts/login/")
    _log_in(page, STUDENT)
    assert page.url == f"{live_server.url}/"
    expect(page.locator("article.week-card.is-current")).to_be_visible()
    assert _has_no_sideways_scroll(page)

    page.goto("/curriculum/")
    expect(page.locator('li.tl-week[aria-current="date"]')).to_be_visible()
    assert _has_no_sideways_scroll(page)


def test_durations_read_one_way_on_the_dashboard(page, live_server, demo):
    """Lecture lengths and the lead instructor's sessions say their minutes the same way, with
    the number apart from its unit ("30 min", never "60min")."""
    User.objects.filter(email=STUDENT).update(language="en")
    sessions = list(
        LeadSession.objects.upcoming_for_student(
            User.objects.get(email=STUDENT), _demo_current_week().cohort, timezone.now()
        )[:3]
    )
    assert sessions, "the demo student has sessions with the lead instructor coming"
    page.goto("/accounts/login/")
    _log_in(page, STUDENT)

    card = page.locator("article.lead-sessions-card li")
    with translation.override("en"):
        expected = [f" · {duration(session.duration_minutes)} · " for session in sessions]
    for line, text in zip(card.all_inner_texts(), expected, strict=True):
        assert text in line
    assert not re.search(r"\d(min|h)\b", page.locator("main").inner_text())


def _top(page, selector):
    """Where the element starts, in pixels from the top of the page."""
    return page.locator(selector).first.evaluate(
        "el => el.getBoundingClientRect().top + window.scrollY"
    )


def test_on_a_phone_this_weeks_work_comes_first(new_page, live_server, demo):
    """A student opening Baton on a phone sees what to do this week at once: the header is one
    row, this week's first mission is on the first screen, and today's article and the week's
    quiz are at most one swipe further. The section links stay one tap away, in the menu."""
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    page.goto("/accounts/login/")
    _log_in(page, STUDENT)
    assert page.url == f"{live_server.url}/"
    screen = PHONE["height"]

    header = page.locator("header.site-header").evaluate("el => el.offsetHeight")
    assert header <= 72, f"the header is {header} px high"
    assert _top(page, "li.mission") + 100 <= screen, "this week's first mission is on screen"
    assert _top(page, "#articles-heading") <= 1.5 * screen
    assert _top(page, "#quizzes-heading") <= 1.5 * screen
    assert _has_no_sideways_scroll(page)

    page.locator("header .nav-menu summary").click()
    with page.expect_navigation():
        page.locator('header .nav-menu a[href="/reading-list/"]').click()
    assert page.url == f"{live_server.url}/reading-list/"


def test_anonymous_visitor_of_the_curriculum_is_sent_to_log_in(page, live_server):
    page.goto("/curriculum/")

    assert page.url == f"{live_server.url}/accounts/login/?next=/curriculum/"
    expect(page.locator('input[name="password"]')).to_be_visible()


def test_wrong_password_shows_an_error_and_stays_on_the_login_page(page, live_server, demo):
    page.goto("/accounts/login/")
    _log_in(page, STUDENT, password="not-the-password")

    assert page.url == f"{live_server.url}/accounts/login/"
    expect(page.locator("main .errorlist")).to_be_visible()
    expect(page.locator('input[name="login"]')).to_have_value(STUDENT)
    page.goto("/")
    assert page.url == f"{live_server.url}/accounts/login/?next=/"


def test_invitation_link_creates_an_account_and_opens_the_invited_cohort(
    page, live_server, invitation
):
    cohort = invitation.cohort
    week = cohort.weeks.get(number=3)

    page.goto(invitation.get_absolute_url())
    _submit(page, 'main form button[type="submit"]')
    assert page.url.startswith(f"{live_server.url}/accounts/signup/")
    expect(page.locator('input[name="email"]')).to_have_value("newcomer@example.com")
    page.fill('input[name="password1"]', NEW_PASSWORD)
    page.fill('input[name="password2"]', NEW_PASSWORD)
    _submit(page, 'main form button[type="submit"]')

    assert page.url == f"{live_server.url}/"
    expect(page.locator("main h1")).to_have_text(cohort.name)
    expect(page.locator("article.week-card.is-current h2")).to_contain_text(week.theme)
    user = User.objects.get(email="newcomer@example.com")
    assert user.check_password(NEW_PASSWORD)
    assert Membership.objects.filter(user=user, cohort=cohort, role=Role.STUDENT).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_by == user


def test_forgotten_password_sends_a_reset_email(page, live_server):
    factories.UserFactory(email=STUDENT)
    page.goto("/accounts/login/")
    page.click('main a[href="/accounts/password/reset/"]')
    page.fill('input[name="email"]', STUDENT)
    _submit(page, 'main form button[type="submit"]')

    assert page.url == f"{live_server.url}/accounts/password/reset/done/"
    assert [message.to for message in mail.outbox] == [[STUDENT]]
