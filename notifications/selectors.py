"""Reads for the notification centre.

The bell's unread count is read from the database on every page (one indexed count): deliveries
are written by the Celery worker, another process, and a count kept in a per-process cache (the
memory cache of `make run`) would never hear of them."""

from .models import Delivery


def unread_count(user) -> int:
    return Delivery.objects.for_user(user).unread().count()


def notifications_of(user):
    return Delivery.objects.for_user(user).select_related("content")
