"""Sending from the outbox: retries with backoff that end as failed with the error, the staff
resend, and the sweeper that re-queues rows whose task was lost."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from mentoring.notifications import WEEKLY_MISSIONS
from notifications import services
from notifications.models import Delivery, Status
from notifications.tasks import send_deliveries

from .conftest import add_student

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager")]


@pytest.fixture(autouse=True)
def _clock(monday_morning):
    pass


@pytest.fixture
def schedules(db):
    """What `migrate` creates (a transactional test before this one may have flushed it)."""
    from notifications.schedules import ensure_schedules

    ensure_schedules()


def test_a_refused_email_is_retried_with_backoff_then_ends_failed_with_the_error(
    course, student, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "notifications.tests.backends.RefusingBackend"

    with django_capture_on_commit_callbacks(execute=True):
        services.notify_kind(kind=WEEKLY_MISSIONS)

    delivery = Delivery.objects.get(user=student)
    assert delivery.status == Status.FAILED
    assert delivery.attempts == services.MAX_ATTEMPTS
    assert "refused the connection" in delivery.error
    assert [services.backoff(n) for n in (1, 2, 3, 6)] == [60, 120, 240, 1800]


def test_staff_resend_a_failed_delivery(course, student, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.notify_kind(kind=WEEKLY_MISSIONS)
    Delivery.objects.update(status=Status.FAILED, attempts=5, error="boom")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assert services.delivery_resend(delivery=Delivery.objects.get()) is True

    delivery = Delivery.objects.get()
    assert delivery.status == Status.SENT and delivery.error == ""
    assert len(mail.outbox) == 1


def test_an_email_sent_again_carries_the_same_message_id(
    course, student, settings, django_capture_on_commit_callbacks
):
    """A worker killed after the mail server accepted an email and before the row was marked
    sent sends it again: the copy carries the first one's Message-ID, which mail clients that
    fold duplicates fold. Each delivery has its own."""
    settings.SITE_URL = "https://baton.example.com"
    other = add_student(course["cohort"], "other@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        services.notify_kind(kind=WEEKLY_MISSIONS)
    mine = Delivery.objects.get(user=student)
    # The kill: the claim's transaction rolled back, the row is still queued.
    Delivery.objects.filter(pk=mine.pk).update(status=Status.QUEUED, sent_at=None)

    with django_capture_on_commit_callbacks(execute=True):
        send_deliveries.delay([mine.pk])

    ids = {}
    for message in mail.outbox:
        ids.setdefault(message.to[0], []).append(message.message()["Message-ID"])
    assert len(ids[student.email]) == 2 and len(set(ids[student.email])) == 1
    assert ids[student.email][0].startswith(f"<delivery-{mine.pk}.")
    assert ids[student.email][0].endswith("@baton.example.com>")
    assert ids[other.email] != ids[student.email]
    assert Delivery.objects.get(pk=mine.pk).status == Status.SENT


def test_the_sweeper_sends_what_was_left_queued_and_nothing_twice(
    course, student, django_capture_on_commit_callbacks
):
    services.notify_kind(kind=WEEKLY_MISSIONS)  # its send tasks are lost: no commit callbacks
    assert Delivery.objects.get().status == Status.QUEUED
    later = timezone.now() + datetime.timedelta(minutes=10)

    with django_capture_on_commit_callbacks(execute=True):
        assert services.requeue_stale(now=later) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert services.requeue_stale(now=later + datetime.timedelta(minutes=10)) == 0
        send_deliveries.delay([Delivery.objects.get().pk])  # a duplicate task sends nothing

    assert Delivery.objects.get().status == Status.SENT
    assert len(mail.outbox) == 1


def test_a_fresh_queued_row_is_not_swept(course, student):
    services.notify_kind(kind=WEEKLY_MISSIONS)

    assert services.requeue_stale() == 0


def test_the_schedule_is_created_once_and_staff_edits_survive(schedules):
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    from notifications.schedules import ensure_schedules

    weekly = PeriodicTask.objects.get(task="mentoring.tasks.send_weekly_missions")
    assert (weekly.crontab.minute, weekly.crontab.hour, weekly.crontab.day_of_week) == (
        "0",
        "9",
        "1",
    )
    assert str(weekly.crontab.timezone) == "Asia/Seoul"
    weekly.crontab = CrontabSchedule.objects.create(
        minute="30", hour="8", day_of_week="1", timezone="Asia/Seoul"
    )
    weekly.save()

    assert ensure_schedules() == []
    assert PeriodicTask.objects.get(pk=weekly.pk).crontab.hour == "8"


def test_a_beat_run_that_no_worker_began_is_sent_again_by_the_sweeper(
    schedules, course, student, django_capture_on_commit_callbacks
):
    from django_celery_beat.models import PeriodicTask

    PeriodicTask.objects.filter(task="mentoring.tasks.send_weekly_missions").update(
        last_run_at=timezone.now() - datetime.timedelta(minutes=10)
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert services.requeue_stale() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert services.requeue_stale() == 0  # the run began: nothing lost any more

    assert Delivery.objects.get(user=student).status == Status.SENT
    assert len(mail.outbox) == 1


def test_notify_delivers_an_event_to_named_people_once(
    course, student, django_capture_on_commit_callbacks
):
    from notifications.registry import Recipient

    recipient = Recipient(user=student, context={"cohort": course["cohort"]}, url="/")
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(kind=WEEKLY_MISSIONS, recipients=[recipient])
        again = services.notify(kind=WEEKLY_MISSIONS, recipients=[recipient])

    assert again.created == 0
    assert Delivery.objects.get(user=student).status == Status.SENT
    assert len(mail.outbox) == 1
