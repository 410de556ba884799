"""A hand-made cohort for the handoff brief, whose every figure can be worked out by hand.

The `cohort` fixture's weeks 1 (2/24-3/2) and 2 (3/3-3/9) are over; week 3 (3/10-3/16) is this
week and today is Wednesday 3/12 noon (Seoul). Four students, s1 to s4:

missions (week 1: easy E1, hard H1; week 2: easy E2, medium M2), done / 4 posted:
  s1 E1 H1 E2 M2 = 4 (100%) · s2 E1 E2 = 2 (50%; H1 skipped, M2 doing) · s3 E1 = 1 (25%) · s4 0
  week 1: easy 3/4 = 75%, hard 1/4 = 25% · week 2: easy 2/4 = 50%, medium 1/4 = 25%
quiz 1 (week 1; questions A, B), first attempts:
  s1 A B = 100 · s2 A = 50 · s3 none right = 0 · s4 did not take it   -> mean 50.0
  A right 2/3, B right 1/3
quiz 2 (week 2; ReLU, optimizers, CNN), first attempts (s2 retakes with full marks: ignored):
  s1 all = 100 · s2 ReLU CNN = 66.7 · s3 ReLU = 33.3 · s4 none = 0   -> mean 50.0
  ReLU 3/4, optimizers 1/4, CNN 2/4
weakest questions (under half right): optimizers (25% right), then B (33%)
quiz score / level (mean of quiz score and completion) / band / trend:
  s1 100 / 100 / strong / flat (0) · s2 58.3 / 54.2 / steady / rising (+16.7)
  s3 16.7 / 20.8 / struggling / rising (+33.3) · s4 0 / 0 / struggling / none
last activity: s1 asked a question 3/10, s2 read an article 3/9, s3 mission update 3/5,
s4 quiz 3/4 -> s3 and s4 inactive (nothing since 3/7 noon)
"""

import datetime
import uuid
import zoneinfo

from django.utils import timezone

from mentoring.models import (
    CohortNote,
    HandoffNote,
    MissionProgress,
    QuizAttempt,
    SavedArticle,
)
from mentoring.services import mission_set_status, quiz_submit

from .conftest import (
    ArticleFactory,
    BoardAnswerFactory,
    BoardQuestionFactory,
    MissionFactory,
    make_quiz,
    make_students,
    three_question_quiz,
)

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")


def at(month, day, hour=10):
    return datetime.datetime(2025, month, day, hour, 0, tzinfo=SEOUL)


def answer(quiz, student, rights, when=None):
    """Submit an attempt answering question n right when rights[n] is true."""
    answers = {}
    for question, right in zip(quiz.questions.order_by("order"), rights, strict=True):
        choices = list(question.choices.order_by("order"))
        answers[question.pk] = (
            {c.pk for c in choices if c.is_correct == right}
            if right
            else {next(c.pk for c in choices if not c.is_correct)}
        )
    attempt, _created = quiz_submit(quiz=quiz, student=student, token=uuid.uuid4(), answers=answers)
    if when:
        QuizAttempt.objects.filter(pk=attempt.pk).update(submitted_at=when)
    return attempt


def build_handmade(cohort, *, week_mentor=None, lead=None, other_cohort=None):
    week1, week2 = cohort.weeks.get(number=1), cohort.weeks.get(number=2)
    s1, s2, s3, s4 = make_students(cohort, 4)
    e1 = MissionFactory(week=week1, title="E1", difficulty="easy")
    h1 = MissionFactory(week=week1, title="H1", difficulty="hard")
    e2 = MissionFactory(week=week2, title="E2", difficulty="easy")
    m2 = MissionFactory(week=week2, title="M2", difficulty="medium")
    for student, mission, status in [
        (s1, e1, "done"), (s1, h1, "done"), (s1, e2, "done"), (s1, m2, "done"),
        (s2, e1, "done"), (s2, h1, "skipped"), (s2, e2, "done"), (s2, m2, "doing"),
        (s3, e1, "done"),
    ]:  # fmt: skip
        mission_set_status(mission=mission, student=student, status=status)
    MissionProgress.objects.update(updated_at=at(3, 5))

    quiz1 = make_quiz(
        week1,
        ("Question A: what is a tensor?", "single", [("An array", True), ("A loss", False)]),
        (
            "Question B: what does backprop compute?",
            "single",
            [("Gradients", True), ("Labels", False)],
        ),
        title="Week 1 quiz",
    )
    quiz2 = three_question_quiz(week2, title="Week 2 quiz")
    for student, rights in [(s1, [1, 1]), (s2, [1, 0]), (s3, [0, 0])]:
        answer(quiz1, student, rights, when=at(2, 25))
    for student, rights in [(s1, [1, 1, 1]), (s2, [1, 0, 1]), (s3, [1, 0, 0]), (s4, [0, 0, 0])]:
        answer(quiz2, student, rights, when=at(3, 4))
    answer(quiz2, s2, [1, 1, 1], when=at(3, 4, 11))  # a retake: practice, not counted

    BoardQuestionFactory(week=week2, author=s1, title="Why does Adam diverge here?")
    BoardQuestionFactory.create(week=week2, author=s1, title="Open since week 2?")
    answered = BoardQuestionFactory(week=week1, author=s2, title="Answered in week 1")
    BoardAnswerFactory(question=answered, author=lead or s1)
    from mentoring.models import BoardQuestion

    BoardQuestion.objects.filter(author=s1).update(created_at=at(3, 10))
    BoardQuestion.objects.filter(author=s2).update(created_at=at(2, 26))
    article = ArticleFactory(week=week2, day=datetime.date(2025, 3, 4))
    SavedArticle.objects.create(article=article, user=s2, read_at=at(3, 9))
    SavedArticle.objects.filter(user=s2).update(saved_at=at(3, 4))

    notes = {}
    if week_mentor is not None:
        notes["week2"] = HandoffNote.objects.create(
            week=week2,
            mentor=_week2_mentor(cohort, week2),
            went_well="Optimizers clicked after the live demo.",
            struggled="Multiple-choice questions on optimizers.",
            pick_up="Revisit learning-rate schedules.",
            about_students="S03 has gone quiet; check in.",
        )
        notes["week3"] = HandoffNote.objects.create(
            week=cohort.weeks.get(number=3), mentor=week_mentor, went_well="Week three note."
        )
    if lead is not None:
        notes["lead"] = CohortNote.objects.create(
            cohort=cohort,
            author=lead,
            body="The cohort is strong on theory, weak on practice.",
            created_at=timezone.now() - datetime.timedelta(days=1),
        )
    if other_cohort is not None:
        foreign = three_question_quiz(other_cohort.weeks.get(number=2), title="Other cohort quiz")
        outsider = make_students(other_cohort, 1, prefix="o")[0]
        answer(foreign, outsider, [0, 0, 0])
    return {
        "students": [s1, s2, s3, s4],
        "quizzes": [quiz1, quiz2],
        "notes": notes,
    }


def _week2_mentor(cohort, week2):
    from curriculum.models import Role
    from tests import factories

    mentor = factories.UserFactory(email="week2mentor@example.com", name="이전주 멘토")
    factories.MembershipFactory(user=mentor, cohort=cohort, role=Role.THEME_MENTOR)
    factories.WeekMentorFactory(week=week2, user=mentor)
    return mentor
