from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetitionsConfig(AppConfig):
    name = "competitions"
    verbose_name = _("Competitions")

    def ready(self):
        from django.db.models import Count, Max

        from curriculum.extensions import (
            aggregates_of,
            latest_and_count,
            register_cohort_fingerprint,
            register_user_fingerprint,
        )
        from curriculum.timeline import register_span_source

        from .models import Competition, Team, TeamMember
        from .timeline import competition_spans

        register_span_source(competition_spans)
        # Teams carry no timestamp: their count and their mentor assignments' count and newest
        # id move on every addition and removal (a renamed team waits for the cache's expiry).
        register_cohort_fingerprint(
            lambda: {
                **latest_and_count(Competition, "cohort", "competitions"),
                **aggregates_of(
                    Team.mentors.through,
                    "team__competition__cohort",
                    "team_mentors",
                    count=Count("pk"),
                    newest=Max("pk"),
                ),
            }
        )
        register_user_fingerprint(
            lambda: aggregates_of(TeamMember, "user", "teams", count=Count("pk"), newest=Max("pk"))
        )

        from . import notifications

        notifications.register()
