from django.core.management.base import BaseCommand, CommandError

from curriculum.models import Cohort
from notifications import registry
from notifications.services import notify_kind


class Command(BaseCommand):
    help = "Run one reminder kind now (once per period and person) and say what it sent."

    def add_arguments(self, parser):
        kinds = ", ".join(kind.key for kind in registry.kinds())
        parser.add_argument("kind", help=f"One of: {kinds}")
        parser.add_argument("--dry-run", action="store_true", help="Say what would be sent.")
        parser.add_argument("--cohort", metavar="SLUG", help="Only this cohort's people.")

    def handle(self, *args, kind, dry_run, cohort, **options):
        try:
            registry.get_kind(kind)
        except LookupError as error:
            raise CommandError(str(error)) from None
        if cohort and not Cohort.objects.filter(slug=cohort).exists():
            raise CommandError(f"No cohort with the slug {cohort!r}.")
        result = notify_kind(kind=kind, cohort=cohort, dry_run=dry_run)
        verb = "would create" if dry_run else "created"
        self.stdout.write(
            f"{kind}: {result.recipients} recipient(s); {verb} {result.created} "
            f"notification(s), {result.emails} by email; {result.skipped} skipped "
            "(already sent this period, or another frequency chosen)."
        )
        for email, subject in result.sample:
            self.stdout.write(f"  {email}: {subject}")
        if result.created > len(result.sample):
            self.stdout.write(f"  ... and {result.created - len(result.sample)} more")
        if not dry_run and result.emails:
            self.stdout.write("Emails are queued for the Celery worker.")
