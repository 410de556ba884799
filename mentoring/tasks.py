"""Mentoring's reminders as Celery tasks (scheduled in django-celery-beat, see
notifications/schedules.py). Each runs the fan-out of one kind; running one twice sends nothing
new."""

from celery import shared_task

from notifications.services import notify_kind

from .notifications import (
    ARTICLES_DAILY,
    ARTICLES_DIGEST,
    HANDOFF_PROMPT,
    MENTOR_BRIEF,
    WEEKLY_MISSIONS,
)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def send_weekly_missions(cohort=None):
    return notify_kind(kind=WEEKLY_MISSIONS, cohort=cohort).created


@shared_task(acks_late=True, reject_on_worker_lost=True)
def send_daily_articles(cohort=None):
    return notify_kind(kind=ARTICLES_DAILY, cohort=cohort).created


@shared_task(acks_late=True, reject_on_worker_lost=True)
def send_article_digest(cohort=None):
    return notify_kind(kind=ARTICLES_DIGEST, cohort=cohort).created


@shared_task(acks_late=True, reject_on_worker_lost=True)
def send_mentor_briefs(cohort=None):
    return notify_kind(kind=MENTOR_BRIEF, cohort=cohort).created


@shared_task(acks_late=True, reject_on_worker_lost=True)
def send_handoff_prompts(cohort=None):
    return notify_kind(kind=HANDOFF_PROMPT, cohort=cohort).created
