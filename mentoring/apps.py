from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MentoringConfig(AppConfig):
    name = "mentoring"
    verbose_name = _("Mentoring")

    def ready(self):
        from curriculum.extensions import (
            latest_and_count,
            register_cohort_fingerprint,
            register_week_load_provider,
            register_week_panel,
        )

        from .models import Article, Mission
        from .panels import week_panel
        from .workload import week_loads

        register_week_load_provider(week_loads)
        # The timeline shows each week's load, which sums missions and articles.
        register_cohort_fingerprint(
            lambda: {
                **latest_and_count(Mission, "week__cohort", "missions"),
                **latest_and_count(Article, "week__cohort", "articles"),
            }
        )
        register_week_panel(week_panel)

        from . import notifications

        notifications.register()
