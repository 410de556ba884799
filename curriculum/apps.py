from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CurriculumConfig(AppConfig):
    name = "curriculum"
    verbose_name = _("Curriculum")

    def ready(self):
        from .extensions import latest_and_count, register_cohort_fingerprint
        from .models import Lecture, Phase, Week, WeekMentor

        register_cohort_fingerprint(
            lambda: {
                **latest_and_count(Phase, "cohort", "phases"),
                **latest_and_count(Week, "cohort", "weeks"),
                **latest_and_count(Lecture, "week__cohort", "lectures"),
                **latest_and_count(WeekMentor, "week__cohort", "week_mentors"),
            }
        )
