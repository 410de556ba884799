"""The handoff brief: everything an incoming theme mentor needs to know about the cohort before
their week, computed from the real data by ONE function, `build_brief(week)`. The page and the
email render the same plain object, so they cannot disagree.

"Past weeks" are the cohort's weeks numbered below the brief's week. Every figure counts first
quiz attempts only (retakes are practice) and missions marked done (skipped is not done).
"""

import dataclasses
import datetime
from collections import defaultdict

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from competitions.models import Competition
from competitions.timeline import spans_of
from curriculum.models import Week

from . import charts
from .levels import StudentFigures, band_counts, student_figures
from .models import (
    BoardQuestion,
    CohortNote,
    Difficulty,
    HandoffNote,
    Mission,
    MissionProgress,
    MissionStatus,
    Quiz,
    QuizAnswer,
    QuizQuestion,
)
from .stats import QuizSummary, quiz_summaries
from .workload import WeekLoad, week_loads

WEAKEST_SHOWN = 5
WEAK_BELOW = 0.5  # a question fewer than half got right on the first try is "weak"
OPEN_QUESTIONS_SHOWN = 20
LEAD_NOTES_SHOWN = 3


@dataclasses.dataclass
class TierCompletion:
    tier: str
    label: str
    missions: int
    done: int  # (student, mission) pairs marked done
    possible: int  # missions x students

    @property
    def rate(self):
        return 100 * self.done / self.possible if self.possible else None


@dataclasses.dataclass
class WeekCompletion:
    week: Week
    tiers: list[TierCompletion]

    @property
    def has_missions(self):
        return any(tier.missions for tier in self.tiers)


@dataclasses.dataclass
class QuestionResult:
    question_id: int
    text: str
    quiz: Quiz
    answered: int
    right: int

    @property
    def facility(self):
        return self.right / self.answered if self.answered else None

    @property
    def wrong_percent(self):
        return round(100 * (self.answered - self.right) / self.answered) if self.answered else None


@dataclasses.dataclass
class QuizResult:
    quiz: Quiz
    summary: QuizSummary | None
    weakest: QuestionResult | None


@dataclasses.dataclass
class Brief:
    week: Week
    as_of: datetime.datetime
    student_count: int
    covered: list  # [(phase, [weeks with prefetched lectures and mentors])]
    completion: list[WeekCompletion]
    quizzes: list[QuizResult]
    weakest_questions: list[QuestionResult]
    students: list[StudentFigures]
    open_questions: list
    handoff_notes: list
    lead_notes: list
    load: WeekLoad
    competitions: list

    @property
    def cohort(self):
        return self.week.cohort

    @property
    def past_weeks(self):
        return [week for _phase, weeks in self.covered for week in weeks]

    @property
    def previous_week(self):
        weeks = self.past_weeks
        return weeks[-1] if weeks else None

    @property
    def last_week_quizzes(self):
        previous = self.previous_week
        return [r for r in self.quizzes if previous and r.quiz.week_id == previous.pk]

    @property
    def level_bands(self):
        return band_counts(self.students)

    @property
    def inactive(self):
        return [figure for figure in self.students if figure.inactive]

    @property
    def struggling(self):
        return sorted(
            (figure for figure in self.students if figure.band == "struggling"),
            key=lambda figure: figure.level,
        )

    @property
    def completion_chart(self):
        rows = [row for row in self.completion if row.has_missions][-12:]
        if not rows:
            return ""
        return charts.bar_chart(
            title=_("Mission completion by difficulty, week by week"),
            categories=[str(row.week.number) for row in rows],
            series=[
                charts.Series(label, [row.tiers[i].rate for row in rows])
                for i, (_value, label) in enumerate(Difficulty.choices)
            ],
        )

    @property
    def level_chart(self):
        bands = [band for band in self.level_bands if band[2] or band[0] != "none"]
        return charts.bar_chart(
            title=_("Students by level"),
            categories=[str(label) for _band, label, _count in bands],
            series=[charts.Series(_("Students"), [count for _b, _l, count in bands])],
            max_value=max([count for _b, _l, count in bands] + [1]),
            unit="",
            group_width=110,
        )


def build_brief(week: Week, *, now=None) -> Brief:
    """The brief for `week` (a Week of any cohort). A constant number of queries."""
    now = now or timezone.now()
    week_end = timezone.make_aware(
        datetime.datetime.combine(week.ends_on + datetime.timedelta(days=1), datetime.time())
    )
    as_of = min(now, week_end)
    weeks = list(
        Week.objects.for_cohort(week.cohort_id)
        .filter(number__lte=week.number)
        .with_lectures()
        .with_mentors()
        .order_by("number")
    )
    this_week = next(w for w in weeks if w.pk == week.pk)
    past = [w for w in weeks if w.number < week.number]
    completion, missions_total = _completion(week, past)
    students = student_figures(
        week.cohort_id, before_number=week.number, missions_total=missions_total, as_of=as_of
    )
    quizzes, weakest = _quiz_results(week)
    competitions = list(Competition.objects.filter(cohort_id=week.cohort_id).order_by("starts_at"))
    return Brief(
        week=this_week,
        as_of=as_of,
        student_count=len(students),
        covered=_covered(past),
        completion=_with_students(completion, len(students)),
        quizzes=quizzes,
        weakest_questions=weakest,
        students=students,
        open_questions=_open_questions(week),
        handoff_notes=list(HandoffNote.objects.before(week)),
        lead_notes=list(
            CohortNote.objects.filter(
                cohort_id=week.cohort_id, created_at__lte=as_of
            ).select_related("author")[:LEAD_NOTES_SHOWN]
        ),
        load=week_loads([this_week], spans_of(competitions))[this_week.pk],
        competitions=[
            c
            for c in competitions
            if timezone.localdate(c.starts_at) <= week.ends_on
            and week.starts_on <= timezone.localdate(c.deadline_at)
        ],
    )


def _covered(past):
    phases = {}
    for week in past:
        phases.setdefault(week.phase_id, (week.phase, []))[1].append(week)
    return list(phases.values())


def _completion(week, past):
    """Per past week and tier: missions posted and (student, mission) pairs marked done."""
    scope = Q(week__cohort_id=week.cohort_id, week__number__lt=week.number)
    posted = defaultdict(int)
    for row in (
        Mission.objects.filter(scope)
        .values("week_id", "difficulty")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        posted[row["week_id"], row["difficulty"]] = row["n"]
    done = defaultdict(int)
    for row in (
        MissionProgress.objects.filter(
            mission__week__cohort_id=week.cohort_id,
            mission__week__number__lt=week.number,
            status=MissionStatus.DONE,
        )
        .values("mission__week_id", "mission__difficulty")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        done[row["mission__week_id"], row["mission__difficulty"]] = row["n"]
    rows = [
        WeekCompletion(
            week=w,
            tiers=[
                TierCompletion(tier, str(label), posted[w.pk, tier], done[w.pk, tier], 0)
                for tier, label in Difficulty.choices
            ],
        )
        for w in past
    ]
    return rows, sum(posted.values())


def _with_students(rows, students):
    for row in rows:
        for tier in row.tiers:
            tier.possible = tier.missions * students
    return rows


def _quiz_results(week):
    quizzes = list(
        Quiz.objects.filter(week__cohort_id=week.cohort_id, week__number__lt=week.number)
        .select_related("week__phase", "week__cohort")
        .order_by("week__number", "pk")
    )
    summaries = quiz_summaries([quiz.pk for quiz in quizzes])
    results = _question_results(quizzes)
    weakest_of = {}
    for result in results:
        current = weakest_of.get(result.quiz.pk)
        if current is None or result.facility < current.facility:
            weakest_of[result.quiz.pk] = result
    quiz_rows = [
        QuizResult(quiz=q, summary=summaries.get(q.pk), weakest=weakest_of.get(q.pk))
        for q in quizzes
    ]
    weak = sorted(
        (r for r in results if r.facility < WEAK_BELOW),
        key=lambda r: (r.facility, -r.quiz.week.number, r.question_id),
    )
    return quiz_rows, weak[:WEAKEST_SHOWN]


def _question_results(quizzes):
    """First-attempt answers per question of `quizzes`, in two queries."""
    by_id = {quiz.pk: quiz for quiz in quizzes}
    counts = (
        QuizAnswer.objects.filter(attempt__quiz_id__in=list(by_id), attempt__number=1)
        .values("question_id")
        .annotate(answered=Count("pk"), right=Count("pk", filter=Q(is_correct=True)))
        .order_by()
    )
    counts = {row["question_id"]: row for row in counts}
    questions = QuizQuestion.objects.filter(pk__in=list(counts)).order_by("quiz_id", "order", "pk")
    return [
        QuestionResult(
            question_id=question.pk,
            text=question.text,
            quiz=by_id[question.quiz_id],
            answered=counts[question.pk]["answered"],
            right=counts[question.pk]["right"],
        )
        for question in questions.only("pk", "text", "quiz_id", "order")
    ]


def _open_questions(week):
    return list(
        BoardQuestion.objects.filter(
            week__cohort_id=week.cohort_id, week__number__lt=week.number, answers__isnull=True
        )
        .select_related("author", "week__phase", "week__cohort")
        .annotate(upvote_count=Count("upvotes", distinct=True))
        .order_by("-upvote_count", "-created_at")[:OPEN_QUESTIONS_SHOWN]
    )
