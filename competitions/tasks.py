"""Competitions' reminders as Celery tasks (scheduled in django-celery-beat, see
competitions/notifications.py). Each runs the fan-out of one kind; running one twice, or two
overlapping windows, sends nothing new."""

from celery import shared_task

from notifications.services import notify_kind

from .notifications import SESSION_1H, SESSION_24H, STAFF_WEEKLY_SUMMARY


@shared_task(acks_late=True, reject_on_worker_lost=True)
def send_session_24h(cohort=None):
    return notify_kind(kind=SESSION_24H, cohort=cohort).created


@shared_task(acks_late=True, reject_on_worker_lost=True)
def send_session_1h(cohort=None):
    return notify_kind(kind=SESSION_1H, cohort=cohort).created


@shared_task(acks_late=True, reject_on_worker_lost=True)
def send_staff_weekly_summary(cohort=None):
    return notify_kind(kind=STAFF_WEEKLY_SUMMARY, cohort=cohort).created
