from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

COMPETITIONS = "competitions"  # the fingerprint scope of what only competition pages show


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

        from .models import (
            AvailabilityWindow,
            Competition,
            LiveLectureHours,
            ScoreEntry,
            Session,
            SessionNote,
            Team,
            TeamMember,
        )
        from .timeline import competition_spans

        register_span_source(competition_spans)

        def added(model, path, name):
            return aggregates_of(model, path, name, count=Count("pk"), newest=Max("pk"))

        # What the dashboard shows too: competitions, teams (a rename included) and their mentors,
        # whose assignments are only ever added or removed (their count and newest id move then).
        def competitions_and_mentors():
            return {
                **latest_and_count(Competition, "cohort", "competitions"),
                **latest_and_count(Team, "competition__cohort", "teams"),
                **added(Team.mentors.through, "team__competition__cohort", "team_mentors"),
            }

        register_cohort_fingerprint(competitions_and_mentors)
        register_user_fingerprint(lambda: latest_and_count(TeamMember, "user", "teams"))
        # What the competitions page and the schedule board show, and only they: teams and
        # their members, sessions and their notes (a note's tags change through its form, which
        # saves the note), scores, availability and the live lecture hours.
        register_cohort_fingerprint(
            lambda: {
                **competitions_and_mentors(),
                **latest_and_count(TeamMember, "competition__cohort", "team_members"),
                **latest_and_count(Session, "competition__cohort", "sessions"),
                **latest_and_count(SessionNote, "session__competition__cohort", "session_notes"),
                **latest_and_count(ScoreEntry, "team__competition__cohort", "scores"),
                **latest_and_count(AvailabilityWindow, "competition__cohort", "availability"),
                **latest_and_count(LiveLectureHours, "cohort", "lecture_hours"),
            },
            scope=COMPETITIONS,
        )

        from . import notifications

        notifications.register()
