from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from .schedules import Schedule, register_schedule

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
