"""Quiz item statistics and calibration, from first attempts only (retakes are practice).

- Facility of a question: the share of first attempts that got it right (1.0 = everyone).
- Discrimination index: the share right among the strongest 27% of students (by first-attempt
  score) minus the share right among the weakest 27%; from -1 to 1. Near 0 or negative means the
  question does not tell strong students from weak ones. Ties in score are broken by who
  submitted first, so the figure is reproducible.
- Calibration: a quiz whose first-attempt mean is above 85% is too easy for the cohort, below 30%
  too hard; a quiz taken by fewer than QUIZ_CALIBRATION_MIN_ATTEMPTS students is not judged (one
  student's 100% says nothing about the cohort).
"""

import dataclasses
import math
from collections import defaultdict

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import Quiz, QuizAnswer, QuizAttempt

TOO_EASY_ABOVE = 85
TOO_HARD_BELOW = 30
GROUP_SHARE = 0.27
BINS = 10


@dataclasses.dataclass
class QuizSummary:
    quiz_id: int
    count: int
    mean_percent: float | None  # rounded to one decimal, for display
    distribution: list[int]  # students per 10% band, the last band including 100%
    exact_mean: float | None = None  # what the flag is decided on

    @property
    def flag(self):
        mean = self.mean_percent if self.exact_mean is None else self.exact_mean
        if mean is None:
            return None
        if self.count < settings.QUIZ_CALIBRATION_MIN_ATTEMPTS:
            return "too_few"
        if mean > TOO_EASY_ABOVE:
            return "too_easy"
        if mean < TOO_HARD_BELOW:
            return "too_hard"
        return "ok"

    @property
    def flag_label(self):
        return {
            "too_easy": _("Too easy for this cohort"),
            "too_hard": _("Too hard for this cohort"),
            "ok": _("Well pitched"),
            "too_few": _("Too few attempts to judge"),
            None: _("No attempts yet"),
        }[self.flag]

    @property
    def attempts_label(self):
        """How many first attempts the figures come from, shown beside each of them."""
        return ngettext("%(count)s attempt", "%(count)s attempts", self.count) % {
            "count": self.count
        }

    @property
    def peak(self):
        return max(self.distribution) or 1

    @property
    def bands(self):
        """(label, students) per 10% band, for drawing the distribution."""
        labels = [f"{i * 10}–{i * 10 + 9}%" for i in range(BINS - 1)] + ["90–100%"]
        return list(zip(labels, self.distribution, strict=True))


@dataclasses.dataclass
class ItemStat:
    question_id: int
    order: int
    text: str
    facility: float | None
    discrimination: float | None
    answered: int


def _percent(score, total):
    return 100 * score / total if total else 0


def summarize(first_attempts) -> QuizSummary | None:
    """`first_attempts`: rows with `score` and `total` of one quiz."""
    rows = list(first_attempts)
    if not rows:
        return None
    percents = [_percent(row["score"], row["total"]) for row in rows]
    distribution = [0] * BINS
    for value in percents:
        distribution[min(int(value // 10), BINS - 1)] += 1
    return QuizSummary(
        quiz_id=rows[0]["quiz_id"],
        count=len(rows),
        mean_percent=round(sum(percents) / len(percents), 1),
        distribution=distribution,
        exact_mean=sum(percents) / len(percents),
    )


def quiz_summaries(quiz_ids) -> dict[int, QuizSummary]:
    """Summaries of many quizzes in one query; quizzes without attempts are left out."""
    rows = (
        QuizAttempt.objects.filter(quiz_id__in=list(quiz_ids), number=1)
        .order_by("quiz_id", "submitted_at", "pk")
        .values("quiz_id", "score", "total")
    )
    by_quiz = defaultdict(list)
    for row in rows:
        by_quiz[row["quiz_id"]].append(row)
    return {quiz_id: summarize(quiz_rows) for quiz_id, quiz_rows in by_quiz.items()}


def item_statistics(quiz: Quiz) -> list[ItemStat]:
    attempts = list(
        QuizAttempt.objects.filter(quiz=quiz, number=1)
        .order_by("-score", "submitted_at", "pk")
        .values_list("pk", flat=True)
    )
    correct = defaultdict(set)  # question id -> attempt ids that got it right
    for attempt_id, question_id, is_correct in QuizAnswer.objects.filter(
        attempt_id__in=attempts
    ).values_list("attempt_id", "question_id", "is_correct"):
        if is_correct:
            correct[question_id].add(attempt_id)
    group = max(1, math.floor(len(attempts) * GROUP_SHARE + 0.5)) if len(attempts) >= 2 else 0
    upper, lower = set(attempts[:group]), set(attempts[len(attempts) - group :])
    stats = []
    for question in quiz.questions.order_by("order", "pk"):
        right = correct[question.pk]
        stats.append(
            ItemStat(
                question_id=question.pk,
                order=question.order,
                text=question.text,
                facility=len(right) / len(attempts) if attempts else None,
                discrimination=(len(right & upper) - len(right & lower)) / group if group else None,
                answered=len(attempts),
            )
        )
    return stats


def comparable_quizzes(*, week, tag_ids=(), difficulty="", exclude_quiz_id=None, everything=False):
    """Earlier quizzes of the same cohort that share a tag or the intended difficulty (or all of
    them, `everything`, for a quiz not yet written)."""
    match = Q(intended_difficulty=difficulty) if difficulty else Q(pk__in=[])
    if tag_ids:
        match |= Q(tags__in=list(tag_ids))
    if everything:
        match = Q()
    quizzes = (
        Quiz.objects.filter(week__cohort_id=week.cohort_id, week__starts_on__lte=week.starts_on)
        .filter(match)
        .exclude(pk=exclude_quiz_id)
        .select_related("week__phase")
        .prefetch_related("tags")
        .distinct()
        .order_by("-week__starts_on", "-pk")
    )
    return list(quizzes[:20])
