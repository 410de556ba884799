"""Reads for the notification centre.

The bell's unread count is read from the database on every page (one indexed count): deliveries
are written by the Celery worker, another process, and a count kept in a per-process cache (the
memory cache of `make run`) would never hear of them."""

from django.conf import settings
from django.utils.module_loading import import_string

from . import registry
from .models import Delivery


def unread_count(user) -> int:
    return Delivery.objects.for_user(user).unread().count()


def notifications_of(user):
    return Delivery.objects.for_user(user).select_related("content")


def categories_for(user) -> list[registry.Category]:
    """The categories of the roles the user holds in any cohort. Roles are curriculum's:
    settings.NOTIFICATIONS_USER_ROLES names the function that reads them."""
    roles = import_string(settings.NOTIFICATIONS_USER_ROLES)(user)
    return [category for category in registry.categories() if category.is_for(roles)]
