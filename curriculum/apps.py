from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CurriculumConfig(AppConfig):
    name = "curriculum"
    verbose_name = _("Curriculum")

    def ready(self):
        from django.db.models import Count, Max

        from .extensions import (
            aggregates_of,
            latest_and_count,
            register_cohort_fingerprint,
            register_user_fingerprint,
        )
        from .models import Lecture, Phase, Week, WeekMentor

        register_cohort_fingerprint(
            lambda: {
                **latest_and_count(Phase, "cohort", "phases"),
                **latest_and_count(Week, "cohort", "weeks"),
                **latest_and_count(Lecture, "week__cohort", "lectures"),
                **latest_and_count(WeekMentor, "week__cohort", "week_mentors"),
            }
        )
        # The dashboard lists the weeks a mentor holds, in any cohort.
        register_user_fingerprint(
            lambda: aggregates_of(
                WeekMentor,
                "user",
                "mentored_weeks",
                count=Count("pk"),
                latest=Max("updated_at"),
                weeks_latest=Max("week__updated_at"),
            )
        )
