from django.core.management.base import BaseCommand

from notifications.schedules import ensure_schedules


class Command(BaseCommand):
    help = (
        "Create the missing reminder schedules in django-celery-beat; never changes existing ones."
    )

    def handle(self, *args, **options):
        created = ensure_schedules()
        for name in created:
            self.stdout.write(f"created: {name}")
        if not created:
            self.stdout.write("Every schedule exists already; none was changed.")
