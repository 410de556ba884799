"""Each student's level, activity and trend, from quizzes and missions: one simple, explained
measure shared by the handoff brief and the lead instructor's radar.

- Quiz score: the mean of the student's first-attempt scores (in %) on the quizzes of the weeks
  counted. Retakes are practice and do not count; a quiz not taken is left out (it shows as
  fewer quizzes taken, not as a zero).
- Mission completion: missions marked done / missions posted in the weeks counted, in %.
  A skipped mission counts as not done.
- Level: the mean of those two figures (only one of them when the other has no data).
  Below 50 is "struggling", 50 to 74 "steady", 75 and above "strong".
- Quiz trend: the mean of the latest scores minus the mean of the earlier ones (the latest half,
  at most three), in points; +5 or more is rising, -5 or less is falling. Needs two quizzes.
- Inactive: nothing done (a mission status changed, a quiz taken, a question asked or answered,
  an article saved or read) in the last INACTIVE_DAYS days.
"""

import dataclasses
import datetime
from collections import defaultdict

from django.db.models import Count, Max, Q
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from curriculum.models import Role

from .models import (
    BoardAnswer,
    BoardQuestion,
    MissionProgress,
    MissionStatus,
    QuizAttempt,
    SavedArticle,
)

INACTIVE_DAYS = 5
STRUGGLING_BELOW = 50
STRONG_FROM = 75
TREND_POINTS = 5
RECENT_AT_MOST = 3

# The measure's thresholds, as the pages that explain it name them.
MEASURE = {
    "inactive_days": INACTIVE_DAYS,
    "struggling_below": STRUGGLING_BELOW,
    "strong_from": STRONG_FROM,
}

BANDS = {
    "struggling": _("Struggling"),
    "steady": _("Steady"),
    "strong": _("Strong"),
    "none": _("No data yet"),
}


def band_of(level):
    if level is None:
        return "none"
    if level < STRUGGLING_BELOW:
        return "struggling"
    if level >= STRONG_FROM:
        return "strong"
    return "steady"


def trend_of(scores):
    """Points between the latest scores and the earlier ones; None with fewer than two."""
    if len(scores) < 2:
        return None
    recent = min(RECENT_AT_MOST, len(scores) // 2)
    latest, earlier = scores[-recent:], scores[:-recent]
    return sum(latest) / len(latest) - sum(earlier) / len(earlier)


@dataclasses.dataclass
class StudentFigures:
    student: User
    scores: list  # first-attempt percents, oldest quiz first
    missions_done: int
    missions_total: int
    last_activity: datetime.datetime | None
    inactive: bool

    @property
    def quiz_mean(self):
        return sum(self.scores) / len(self.scores) if self.scores else None

    @property
    def quizzes_taken(self):
        return len(self.scores)

    @property
    def completion(self):
        if not self.missions_total:
            return None
        return 100 * self.missions_done / self.missions_total

    @property
    def level(self):
        parts = [value for value in (self.quiz_mean, self.completion) if value is not None]
        return sum(parts) / len(parts) if parts else None

    @property
    def band(self):
        return band_of(self.level)

    @property
    def band_label(self):
        return BANDS[self.band]

    @property
    def trend(self):
        return trend_of(self.scores)

    @property
    def trend_direction(self):
        trend = self.trend
        if trend is None:
            return "none"
        if trend >= TREND_POINTS:
            return "up"
        if trend <= -TREND_POINTS:
            return "down"
        return "flat"


def cohort_students(cohort_id):
    return list(
        User.objects.filter(
            memberships__cohort_id=cohort_id, memberships__role=Role.STUDENT
        ).order_by("name", "email")
    )


def _first_attempt_scores(cohort_id, before_number):
    scores = defaultdict(list)
    rows = (
        QuizAttempt.objects.filter(
            quiz__week__cohort_id=cohort_id, quiz__week__number__lt=before_number, number=1
        )
        .order_by("quiz__week__number", "quiz_id")
        .values_list("student_id", "score", "total")
    )
    for student_id, score, total in rows:
        scores[student_id].append(100 * score / total if total else 0)
    return scores


def _missions_done(cohort_id, before_number):
    return dict(
        MissionProgress.objects.filter(
            mission__week__cohort_id=cohort_id,
            mission__week__number__lt=before_number,
            status=MissionStatus.DONE,
        )
        .values("student_id")
        .annotate(done=Count("pk"))
        .order_by()
        .values_list("student_id", "done")
    )


ACTIVITY_SOURCES = [
    (MissionProgress, "student_id", "updated_at", "mission__week__cohort_id"),
    (QuizAttempt, "student_id", "submitted_at", "quiz__week__cohort_id"),
    (BoardQuestion, "author_id", "created_at", "week__cohort_id"),
    (BoardAnswer, "author_id", "created_at", "question__week__cohort_id"),
    (SavedArticle, "user_id", "saved_at", "article__week__cohort_id"),
    (SavedArticle, "user_id", "read_at", "article__week__cohort_id"),
]


def last_activity(cohort_id, as_of):
    """{student id: their latest action in the cohort up to `as_of`}: one query per source."""
    latest = {}
    for model, who, when, cohort_path in ACTIVITY_SOURCES:
        rows = (
            model.objects.filter(Q(**{cohort_path: cohort_id, f"{when}__lte": as_of}))
            .values(who)
            .annotate(at=Max(when))
            .order_by()
            .values_list(who, "at")
        )
        for user_id, at in rows:
            if at is not None and (user_id not in latest or at > latest[user_id]):
                latest[user_id] = at
    return latest


def student_figures(cohort_id, *, before_number, missions_total, as_of, students=None):
    """Figures of every student of the cohort over the weeks numbered below `before_number`
    (`missions_total`: the missions posted in those weeks), activity up to `as_of`."""
    students = cohort_students(cohort_id) if students is None else students
    scores = _first_attempt_scores(cohort_id, before_number)
    done = _missions_done(cohort_id, before_number)
    latest = last_activity(cohort_id, as_of)
    quiet_since = as_of - datetime.timedelta(days=INACTIVE_DAYS)
    return [
        StudentFigures(
            student=student,
            scores=scores.get(student.pk, []),
            missions_done=done.get(student.pk, 0),
            missions_total=missions_total,
            last_activity=latest.get(student.pk),
            inactive=latest.get(student.pk) is None or latest[student.pk] < quiet_since,
        )
        for student in students
    ]


def band_counts(figures):
    """[(band, label, students)] from struggling to strong, then students without data."""
    counts = defaultdict(int)
    for figure in figures:
        counts[figure.band] += 1
    return [(band, label, counts[band]) for band, label in BANDS.items()]
