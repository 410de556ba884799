"""One student's course, week by week, for the lead instructor and staff: missions, quiz
attempts, questions asked, reading, competition teams and their mentoring sessions, the lead's
sessions and private notes. Competitions are read through their own public querysets."""

import dataclasses

from django.db.models import Count
from django.utils import timezone

from competitions.models import Competition, Session
from curriculum.models import Week

from .continuity_models import LeadSession, StudentNote
from .levels import student_figures
from .models import BoardQuestion, Mission, MissionProgress, QuizAttempt, SavedArticle
from .radar import weeks_over


@dataclasses.dataclass
class TimelineWeek:
    week: Week
    progress: list = dataclasses.field(default_factory=list)
    attempts: list = dataclasses.field(default_factory=list)
    questions: list = dataclasses.field(default_factory=list)
    reading: list = dataclasses.field(default_factory=list)
    sessions: list = dataclasses.field(default_factory=list)
    team_sessions: list = dataclasses.field(default_factory=list)  # competition mentoring

    @property
    def is_empty(self):
        return not (
            self.progress
            or self.attempts
            or self.questions
            or self.reading
            or self.sessions
            or self.team_sessions
        )


@dataclasses.dataclass
class StudentTimeline:
    student: object
    figures: object
    weeks: list[TimelineWeek]
    teams: list  # (competition, team) pairs
    notes: list
    sessions: list


def build_student_timeline(cohort, student, *, now=None) -> StudentTimeline:
    now = now or timezone.now()
    today = timezone.localdate(now)
    weeks = list(Week.objects.for_cohort(cohort).filter(starts_on__lte=today).order_by("-number"))
    entries = {week.pk: TimelineWeek(week=week) for week in weeks}
    _fill(entries, student, cohort)
    counted = weeks_over(cohort, today)
    missions = Mission.objects.filter(week__cohort=cohort, week__number__lte=counted).count()
    figures = student_figures(
        cohort.pk, before_number=counted + 1, missions_total=missions, as_of=now, students=[student]
    )[0]
    sessions = list(
        LeadSession.objects.filter(cohort=cohort, student=student).order_by("-starts_at")
    )
    for session in sessions:
        week = _week_of(weeks, timezone.localdate(session.starts_at))
        if week is not None:
            entries[week.pk].sessions.append(session)
    team_sessions = (
        Session.objects.scheduled()
        .filter(competition__cohort=cohort, team__members=student, starts_at__lte=now)
        .with_related()
        .order_by("starts_at")
    )
    for session in team_sessions:
        week = _week_of(weeks, timezone.localdate(session.starts_at))
        if week is not None:
            entries[week.pk].team_sessions.append(session)
    competitions = (
        Competition.objects.filter(cohort=cohort).with_team_of(student).order_by("starts_at")
    )
    return StudentTimeline(
        student=student,
        figures=figures,
        weeks=[entries[week.pk] for week in weeks],
        teams=[(c, c.my_teams[0]) for c in competitions if c.my_teams],
        notes=list(
            StudentNote.objects.filter(cohort=cohort, student=student).select_related("author")
        ),
        sessions=sessions,
    )


def _week_of(weeks, day):
    return next((week for week in weeks if week.starts_on <= day <= week.ends_on), None)


def _fill(entries, student, cohort):
    for progress in MissionProgress.objects.filter(
        student=student, mission__week__cohort=cohort
    ).select_related("mission"):
        if progress.mission.week_id in entries:
            entries[progress.mission.week_id].progress.append(progress)
    for attempt in (
        QuizAttempt.objects.filter(student=student, quiz__week__cohort=cohort)
        .select_related("quiz")
        .order_by("quiz_id", "number")
    ):
        if attempt.quiz.week_id in entries:
            entries[attempt.quiz.week_id].attempts.append(attempt)
    for question in BoardQuestion.objects.filter(author=student, week__cohort=cohort).annotate(
        answer_count=Count("answers")
    ):
        if question.week_id in entries:
            entries[question.week_id].questions.append(question)
    for saved in SavedArticle.objects.filter(
        user=student, article__week__cohort=cohort
    ).select_related("article"):
        if saved.article.week_id in entries:
            entries[saved.article.week_id].reading.append(saved)
