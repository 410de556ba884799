from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MentoringConfig(AppConfig):
    name = "mentoring"
    verbose_name = _("Mentoring")

    def ready(self):
        from django.db.models import Count, Max

        from competitions.calendar import register_calendar_source
        from curriculum.extensions import (
            WEEK_PAGE,
            aggregates_of,
            latest_and_count,
            register_cohort_fingerprint,
            register_user_fingerprint,
            register_week_load_provider,
            register_week_panel,
        )

        from .calendar import lead_session_items, mission_due_items
        from .continuity_models import CohortNote, HandoffNote, LeadSession
        from .models import (
            Article,
            BoardAnswer,
            BoardQuestion,
            BoardUpvote,
            Mission,
            MissionProgress,
            Quiz,
            QuizAttempt,
            SavedArticle,
        )
        from .panels import week_panel
        from .workload import week_loads

        register_week_load_provider(week_loads)
        # The timeline shows each week's load, which sums missions and articles; the dashboard
        # also lists the week's quizzes.
        register_cohort_fingerprint(
            lambda: {
                **latest_and_count(Mission, "week__cohort", "missions"),
                **latest_and_count(Article, "week__cohort", "articles"),
                **latest_and_count(Quiz, "week__cohort", "quizzes"),
                **latest_and_count(LeadSession, "cohort", "lead_sessions"),
                # The handoff brief shows the earlier mentors' notes and the lead's latest ones.
                **latest_and_count(HandoffNote, "week__cohort", "handoff_notes"),
                **latest_and_count(CohortNote, "cohort", "cohort_notes"),
            }
        )
        # The week page's question board (the brief shows its open questions too): questions,
        # upvotes and answers come and go.
        register_cohort_fingerprint(
            lambda: {
                **aggregates_of(
                    BoardQuestion,
                    "week__cohort",
                    "board_questions",
                    count=Count("pk"),
                    newest=Max("pk"),
                ),
                **aggregates_of(
                    BoardUpvote,
                    "question__week__cohort",
                    "board_upvotes",
                    count=Count("pk"),
                    newest=Max("pk"),
                ),
                **aggregates_of(
                    BoardAnswer,
                    "question__week__cohort",
                    "board_answers",
                    count=Count("pk"),
                    newest=Max("pk"),
                ),
            },
            scope=WEEK_PAGE,
        )
        # A student's own marks on those: progress, the reading list (saving, reading, unsaving
        # and unreading each move one of its four figures), quiz attempts.
        register_user_fingerprint(
            lambda: {
                **latest_and_count(MissionProgress, "student", "progress"),
                **aggregates_of(
                    SavedArticle,
                    "user",
                    "saved",
                    count=Count("pk"),
                    read=Count("read_at"),
                    saved_latest=Max("saved_at"),
                    read_latest=Max("read_at"),
                ),
                **aggregates_of(
                    QuizAttempt, "student", "attempts", count=Count("pk"), latest=Max("pk")
                ),
            }
        )
        register_week_panel(week_panel)
        register_calendar_source(mission_due_items)
        register_calendar_source(lead_session_items)

        from . import notifications

        notifications.register()
