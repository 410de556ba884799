from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetitionsConfig(AppConfig):
    name = "competitions"
    verbose_name = _("Competitions")

    def ready(self):
        from curriculum.extensions import latest_and_count, register_cohort_fingerprint
        from curriculum.timeline import register_span_source

        from .models import Competition
        from .timeline import competition_spans

        register_span_source(competition_spans)
        register_cohort_fingerprint(lambda: latest_and_count(Competition, "cohort", "competitions"))
