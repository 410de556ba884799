from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .schedules import Schedule, register_schedule
        from .selectors import warm_unread_count

        # The bell is on every page: its count is read from the cache, filled here at login so
        # that pages cost no query for it.
        user_logged_in.connect(warm_unread_count, dispatch_uid="notifications.warm_unread")
        register_schedule(
            Schedule(
                name="Notifications: re-queue deliveries left queued",
                task="notifications.tasks.sweep_stale_deliveries",
                every_seconds=120,
            )
        )
        post_migrate.connect(_after_migrate, sender=self, dispatch_uid="notifications.schedules")


def _after_migrate(using="default", **kwargs):
    from .schedules import ensure_schedules

    if using == "default":
        ensure_schedules()
