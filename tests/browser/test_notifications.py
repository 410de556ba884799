"""The notification centre in a real browser: the demo student sees the bell's count, opens this
week's reminder (it is then read), and marks another one read in place with htmx."""

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from notifications.models import Delivery
from notifications.tests.factories import DeliveryFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STUDENT = "student@example.com"


@pytest.fixture
def demo():
    call_command("seed_demo", stdout=io.StringIO())


def _log_in(page, email=STUDENT):
    page.goto("/accounts/login/")
    page.fill('input[name="login"]', email)
    page.fill('input[name="password"]', "baton-demo")
    with page.expect_navigation():
        page.click('main button[type="submit"]')


def test_the_demo_student_opens_this_weeks_reminder_from_the_bell(page, live_server, demo):
    reminder = Delivery.objects.get(user__email=STUDENT, kind="mentoring.weekly_missions")
    other = DeliveryFactory(user=reminder.user, content__subject="Another reminder")

    _log_in(page)
    bell = page.locator("#notification-bell")
    expect(bell.locator(".bell-count")).to_have_text("2")

    bell.click()
    expect(page).to_have_url(f"{live_server.url}/notifications/")
    page.click(f'a[href="/notifications/{reminder.pk}/"]')

    expect(page.locator("h1")).to_have_text(reminder.content.subject)
    expect(page.locator("#notification-bell .bell-count")).to_have_text("1")
    reminder.refresh_from_db()
    assert reminder.read_at is not None

    page.goto("/notifications/")
    item = page.locator(f"#notification-{other.pk}")
    item.get_by_role("button").click()  # htmx: the item and the bell change in place
    expect(page.locator(f"#notification-{other.pk}.is-unread")).to_have_count(0)
    expect(page.locator("#notification-bell .bell-count")).to_have_count(0)
    assert page.url == f"{live_server.url}/notifications/"
    assert not Delivery.objects.filter(user=reminder.user, read_at__isnull=True).exists()


def _log_out(page):
    page.click("details.user-menu summary")
    with page.expect_navigation():
        page.click('form[action="/accounts/logout/"] button[type="submit"]')


def test_a_reminder_written_by_another_process_shows_in_the_bell_on_the_next_page(
    page, live_server, demo
):
    """The worker writes deliveries in a process of its own, with no shared cache under
    `make run`: the web process learns of them from the database alone (here: a row written
    straight into it, as the worker's would be, telling no cache)."""
    student = Delivery.objects.get(user__email=STUDENT, kind="mentoring.weekly_missions").user
    DeliveryFactory(user=student)
    _log_in(page)
    bell = page.locator("#notification-bell .bell-count")
    expect(bell).to_have_text("2")

    DeliveryFactory(user=student, content__subject="From the worker")
    page.goto("/curriculum/")
    expect(bell).to_have_text("3")

    DeliveryFactory(user=student, content__subject="From the worker, later")
    _log_out(page)
    _log_in(page)
    expect(bell).to_have_text("4")
    page.goto("/notifications/")
    expect(page.locator(".is-unread")).to_have_count(4)


@pytest.mark.parametrize(
    ("email", "shown", "hidden"),
    [
        (STUDENT, ["주간 미션", "아티클", "경진대회 멘토링 세션"], ["멘토용 알림", "운영진 요약"]),
        ("mentor@example.com", ["멘토용 알림"], ["주간 미션", "운영진 요약"]),
        ("staff@example.com", ["운영진 요약"], ["주간 미션", "멘토용 알림"]),
    ],
)
def test_notification_preferences_offer_the_categories_of_ones_own_roles(
    page, live_server, demo, email, shown, hidden
):
    _log_in(page, email)
    page.click("details.user-menu summary")
    with page.expect_navigation():
        page.get_by_role("link", name="알림 설정").click()

    legends = page.locator("form fieldset legend strong")
    expect(legends).to_have_text(shown)
    for label in hidden:
        expect(page.get_by_text(label, exact=True)).to_have_count(0)


def test_staff_move_the_weekly_reminder_to_a_new_time_in_the_admin(page, live_server, demo):
    from django_celery_beat.models import PeriodicTask

    from notifications.schedules import ensure_schedules

    ensure_schedules()  # what migrate made (a transactional test may have flushed it)
    weekly = PeriodicTask.objects.get(task="mentoring.tasks.send_weekly_missions")
    _log_in(page, "staff@example.com")
    page.goto("/admin/")
    with page.expect_navigation():
        page.get_by_role("link", name="Periodic tasks").click()
    with page.expect_navigation():
        page.get_by_role("link", name="Mentoring: weekly missions").click()

    with page.expect_popup() as popup_opened:
        page.click("#add_id_crontab")
    popup = popup_opened.value
    popup.fill('input[name="minute"]', "30")
    popup.fill('input[name="hour"]', "8")
    popup.fill('input[name="day_of_week"]', "1")
    popup.select_option('select[name="timezone"]', "Asia/Seoul")
    popup.click('input[name="_save"]')
    popup.wait_for_event("close")
    expect(page.locator("#id_crontab option:checked")).to_contain_text("30 8 * * 1")
    with page.expect_navigation():
        page.click('input[name="_save"]')

    expect(page.locator(".messagelist .success")).to_be_visible()
    weekly.refresh_from_db()
    assert (weekly.crontab.minute, weekly.crontab.hour, weekly.crontab.day_of_week) == (
        "30",
        "8",
        "1",
    )
    assert str(weekly.crontab.timezone) == "Asia/Seoul"
    assert weekly.task == "mentoring.tasks.send_weekly_missions" and weekly.enabled
