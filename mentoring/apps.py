from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MentoringConfig(AppConfig):
    name = "mentoring"
    verbose_name = _("Mentoring")

    def ready(self):
        from curriculum.extensions import register_week_load_provider, register_week_panel

        from .panels import week_panel
        from .workload import week_loads

        register_week_load_provider(week_loads)
        register_week_panel(week_panel)
