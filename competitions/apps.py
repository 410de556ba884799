from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetitionsConfig(AppConfig):
    name = "competitions"
    verbose_name = _("Competitions")

    def ready(self):
        from curriculum.timeline import register_span_source

        from . import fingerprints
        from .timeline import competition_spans

        register_span_source(competition_spans)
        fingerprints.register()

        from . import notifications

        notifications.register()
