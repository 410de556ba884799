"""Reads for the notification centre. The unread count sits in the cache so that the bell on
every page costs no query once warm; every write that changes it drops the cached value."""

from django.core.cache import cache

from .models import Delivery

UNREAD_TTL = 15 * 60


def _unread_key(user_id):
    return f"notifications:unread:{user_id}"


def unread_count(user) -> int:
    count = cache.get(_unread_key(user.pk))
    if count is None:
        count = Delivery.objects.for_user(user).unread().count()
        cache.set(_unread_key(user.pk), count, UNREAD_TTL)
    return count


def forget_unread_counts(user_ids) -> None:
    cache.delete_many([_unread_key(user_id) for user_id in user_ids])


def warm_unread_count(sender, request, user, **kwargs):
    unread_count(user)


def notifications_of(user):
    return Delivery.objects.for_user(user).select_related("content")
