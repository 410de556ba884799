"""This week's reminder for the demo cohort, so the demo student finds it under the bell (and,
with Redis and the worker up, in the console as an email). Sent once: a second seeding finds
the delivery and changes nothing."""

from mentoring.notifications import WEEKLY_MISSIONS
from notifications.models import Delivery
from notifications.services import notify_kind


def seed_notifications(cohort) -> int:
    if Delivery.objects.filter(kind=WEEKLY_MISSIONS, user__memberships__cohort=cohort).exists():
        return 0
    return notify_kind(kind=WEEKLY_MISSIONS, cohort=cohort.slug).created
