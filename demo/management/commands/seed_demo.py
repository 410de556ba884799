from django.core.management.base import BaseCommand

from demo.services import demo_seed


class Command(BaseCommand):
    help = "Create the demo cohort and its accounts; running it again changes nothing."

    def handle(self, *args, **options):
        summary = demo_seed()
        for line in summary:
            self.stdout.write(line)
        self.stdout.write(
            self.style.SUCCESS("Demo ready. Log in with any demo account, password 'baton-demo'.")
        )
