"""Staff see every delivery of their cohorts' people in the admin and resend failed ones;
mentors see none, and nobody sees another cohort's messages. Staff move a reminder to another
time (or turn it off) in the admin's Periodic tasks; nobody else changes the schedule."""

import pytest
from django.core import mail
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from bootcamp.celery import app as celery_app
from curriculum.roles import role_groups_sync
from curriculum.services import user_sync_admin_access
from notifications.models import Delivery, Status
from notifications.schedules import ensure_schedules
from tests.helpers import get_page

from .factories import DeliveryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _groups(db):
    role_groups_sync()


def test_staff_see_recipient_kind_period_status_and_error(login, staff, student):
    DeliveryFactory(user=student, status=Status.FAILED, sent_at=None, error="SMTP 550 mailbox")

    page = login(staff).get("/admin/notifications/delivery/").content.decode()

    for text in ["김학생", "mentoring.weekly_missions", "2025-W", "SMTP 550 mailbox"]:
        assert text in page


def test_staff_never_see_another_cohorts_deliveries(login, staff, student, other_cohort_student):
    mine = DeliveryFactory(user=student)
    theirs = DeliveryFactory(user=other_cohort_student)
    client = login(staff)

    page = client.get("/admin/notifications/delivery/").content.decode()

    assert f"/admin/notifications/delivery/{mine.pk}/change/" in page
    assert f"/admin/notifications/delivery/{theirs.pk}/change/" not in page
    response = client.get(f"/admin/notifications/delivery/{theirs.pk}/change/")
    assert response.status_code == 302  # "not found", back to the admin index


def test_staff_resend_a_failed_delivery_from_the_admin(
    login, staff, student, django_capture_on_commit_callbacks
):
    failed = DeliveryFactory(user=student, status=Status.FAILED, sent_at=None, attempts=5)
    celery_app.conf.task_always_eager = True
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = login(staff).post(
                "/admin/notifications/delivery/",
                {"action": "resend", "_selected_action": [failed.pk]},
            )
    finally:
        celery_app.conf.task_always_eager = False

    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.status == Status.SENT and failed.attempts == 1
    assert [m.to for m in mail.outbox] == [["student@example.com"]]


@pytest.mark.parametrize("persona", ["week_mentor", "lead_instructor", "competition_mentor"])
def test_mentors_do_not_see_deliveries(request, login, persona):
    DeliveryFactory(status=Status.FAILED, sent_at=None)
    mentor = request.getfixturevalue(persona)
    user_sync_admin_access(user=mentor)
    client = login(mentor)

    assert client.get("/admin/notifications/delivery/").status_code == 403
    pk = Delivery.objects.get().pk
    client.post("/admin/notifications/delivery/", {"action": "resend", "_selected_action": [pk]})
    assert Delivery.objects.get().status == Status.FAILED


# --- The reminder schedule (django-celery-beat's Periodic tasks) --------------------------------

WEEKLY = "Mentoring: weekly missions"
SWEEPER = "Notifications: re-queue deliveries left queued"
TASKS = "/admin/django_celery_beat/periodictask/"
CRONTAB_ADD = "/admin/django_celery_beat/crontabschedule/add/"


@pytest.fixture
def schedules(db):
    """What `migrate` creates (a transactional test before this one may have flushed it)."""
    ensure_schedules()
    return PeriodicTask.objects.get(name=WEEKLY)


def test_staff_move_a_reminder_to_a_time_they_add(login, staff, schedules):
    client = login(staff)
    assert WEEKLY in get_page(client, TASKS)
    assert get_page(client, f"{TASKS}{schedules.pk}/change/")

    added = client.post(
        CRONTAB_ADD,
        {
            "minute": "30",
            "hour": "8",
            "day_of_month": "*",
            "month_of_year": "*",
            "day_of_week": "1",
            "timezone": "Asia/Seoul",
            "periodictask_set-TOTAL_FORMS": "0",
            "periodictask_set-INITIAL_FORMS": "0",
        },
    )
    assert added.status_code == 302, added.content.decode()[-2000:]
    half_past_eight = CrontabSchedule.objects.get(minute="30", hour="8", day_of_week="1")
    response = client.post(
        f"{TASKS}{schedules.pk}/change/", {"crontab": half_past_eight.pk, "enabled": "on"}
    )

    assert response.status_code == 302, response.content.decode()[-2000:]
    schedules.refresh_from_db()
    assert schedules.crontab == half_past_eight and schedules.enabled
    assert "30 8 * * 1 (m/h/dM/MY/d) Asia/Seoul" in get_page(client, TASKS)


def test_staff_change_when_a_reminder_runs_not_what_it_runs(login, staff, schedules):
    other_time = CrontabSchedule.objects.create(minute="0", hour="7", timezone="Asia/Seoul")
    response = login(staff).post(
        f"{TASKS}{schedules.pk}/change/",
        {
            "crontab": other_time.pk,
            "name": "Renamed",
            "task": "notifications.tasks.notify",
            "args": '["competitions.staff_weekly_summary"]',
        },
    )

    assert response.status_code == 302
    schedules.refresh_from_db()
    assert schedules.crontab == other_time and not schedules.enabled  # the box left unticked
    assert (schedules.name, schedules.task, schedules.args) == (
        WEEKLY,
        "mentoring.tasks.send_weekly_missions",
        "[]",
    )


def test_a_reminder_with_no_time_is_refused_with_a_message(login, staff, schedules):
    crontab = schedules.crontab
    response = login(staff).post(f"{TASKS}{schedules.pk}/change/", {"crontab": "", "enabled": "on"})

    assert response.status_code == 200
    assert "errornote" in response.content.decode()
    schedules.refresh_from_db()
    assert schedules.crontab == crontab


def test_staff_neither_add_nor_delete_reminders_nor_touch_the_sweeper(login, staff, schedules):
    sweeper = PeriodicTask.objects.get(name=SWEEPER)
    client = login(staff)

    assert SWEEPER not in get_page(client, TASKS)
    assert client.get(f"{TASKS}{sweeper.pk}/change/").status_code == 302  # "not found"
    assert client.get(f"{TASKS}add/").status_code == 403
    assert client.post(f"{TASKS}{schedules.pk}/delete/", {"post": "yes"}).status_code == 403
    shared = schedules.crontab
    assert (
        client.post(
            f"/admin/django_celery_beat/crontabschedule/{shared.pk}/change/", {"hour": "3"}
        ).status_code
        == 403
    )  # a time other reminders may share is never edited in place
    assert PeriodicTask.objects.filter(name__in=[WEEKLY, SWEEPER], enabled=True).count() == 2


@pytest.mark.parametrize(
    "persona", ["week_mentor", "lead_instructor", "competition_mentor", "student"]
)
def test_nobody_else_changes_the_schedule(request, login, schedules, persona):
    user = request.getfixturevalue(persona)
    user_sync_admin_access(user=user)
    client = login(user)
    other_time = CrontabSchedule.objects.create(minute="0", hour="7", timezone="Asia/Seoul")

    response = client.post(f"{TASKS}{schedules.pk}/change/", {"crontab": other_time.pk})

    assert response.status_code in (302, 403)
    schedules.refresh_from_db()
    assert schedules.crontab != other_time


def test_a_periodic_task_name_too_long_is_a_form_error(login):
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    from tests import factories

    root = factories.UserFactory(is_staff=True, is_superuser=True)
    every_hour = IntervalSchedule.objects.create(every=1, period="hours")
    before = PeriodicTask.objects.count()

    response = login(root).post(
        "/admin/django_celery_beat/periodictask/add/",
        {"name": "Reminders", "task": "t" * 201, "interval": every_hour.pk, "enabled": "on"},
    )

    assert response.status_code == 200
    assert 'class="errornote"' in response.content.decode()
    assert response.context["adminform"].form.has_error("task", "max_length")
    assert PeriodicTask.objects.count() == before


@pytest.mark.parametrize(("headers", "stored"), [("", "{}"), ('{"x": 1}', '{"x": 1}'), ("{", None)])
def test_a_periodic_tasks_headers_are_json_or_none(login, headers, stored):
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    from tests import factories
    from tests.fuzz.page_forms import page_forms

    root = factories.UserFactory(is_staff=True, is_superuser=True)
    every_hour = IntervalSchedule.objects.create(every=1, period="hours")
    client = login(root)
    html = client.get("/admin/django_celery_beat/periodictask/add/").content.decode()
    (form,) = [form for form in page_forms(html) if form.id == "periodictask_form"]
    body = form.body() | {"name": "Reminders", "task": "notifications.tasks.send"}
    body |= {"interval": every_hour.pk, "headers": headers}

    response = client.post("/admin/django_celery_beat/periodictask/add/", body)

    if stored is None:  # not JSON: the field says so
        assert response.status_code == 200
        assert response.context["adminform"].form.has_error("headers")
        assert not PeriodicTask.objects.filter(name="Reminders").exists()
    else:
        assert response.status_code == 302
        assert PeriodicTask.objects.get(name="Reminders").headers == stored


@pytest.mark.parametrize("month_of_year", ["-1", "\x85-ú\x1e.\x96"])
def test_a_crontab_celery_cannot_read_is_a_form_error(login, month_of_year):
    from django_celery_beat.models import CrontabSchedule

    from tests import factories

    root = factories.UserFactory(is_staff=True, is_superuser=True)
    before = CrontabSchedule.objects.count()
    body = {"minute": "0", "hour": "9", "day_of_month": "*", "day_of_week": "1"}
    body |= {"month_of_year": month_of_year, "timezone": "Asia/Seoul"}

    response = login(root).post("/admin/django_celery_beat/crontabschedule/add/", body)

    assert response.status_code == 200
    assert 'class="errornote"' in response.content.decode()
    assert CrontabSchedule.objects.count() == before
