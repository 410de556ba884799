"""The brief and the radar keep a constant query count: a cohort of 30 students and one of 300,
both over 26 weeks, with missions, progress, quizzes with first attempts and retakes, answers,
questions, saved articles, handoff notes, the lead's notes, private notes and sessions."""

import datetime
import itertools
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import timezone

from core.tests import build_dataset, count_queries
from curriculum.models import Membership, Role, Week
from mentoring.models import (
    Article,
    BoardQuestion,
    CohortNote,
    HandoffNote,
    LeadSession,
    Mission,
    MissionProgress,
    Quiz,
    QuizAnswer,
    QuizAttempt,
    QuizQuestion,
    SavedArticle,
    StudentNote,
)

pytestmark = pytest.mark.django_db

SIZES = {
    "small": {"cohorts": 1, "students": 30, "weeks": 26, "phases": 5, "competitions": 1},
    "large": {"cohorts": 2, "students": 300, "weeks": 26, "phases": 5, "competitions": 4},
}
TIERS = ["easy", "medium", "hard"]


def build(size):
    data = build_dataset(tag=size, **SIZES[size])
    cohort = data.cohort
    weeks = list(Week.objects.filter(cohort=cohort).order_by("number"))
    students = list(
        Membership.objects.filter(cohort=cohort, role=Role.STUDENT).values_list(
            "user_id", flat=True
        )
    )
    lead = Membership.objects.get(cohort=cohort, role=Role.LEAD_INSTRUCTOR).user
    _missions(weeks, students)
    _quizzes(weeks, students)
    _activity(weeks, students)
    _notes(cohort, weeks, students, lead)
    data.lead = lead
    data.last_week = weeks[-1]
    data.last_mentor = weeks[-1].mentors.first()
    return data


def _missions(weeks, students):
    missions = Mission.objects.bulk_create(
        Mission(
            week=week, title=f"M{week.number}.{n}", difficulty=TIERS[n], estimated_hours=Decimal(2)
        )
        for week in weeks
        for n in range(3)
    )
    statuses = itertools.cycle(["done", "done", "skipped", "doing", "done"])
    MissionProgress.objects.bulk_create(
        MissionProgress(mission=mission, student_id=student, status=next(statuses))
        for mission in missions
        for student in students
    )


def _quizzes(weeks, students):
    quizzes = Quiz.objects.bulk_create(
        Quiz(week=week, title=f"Quiz {week.number}", intended_difficulty="medium") for week in weeks
    )
    questions = QuizQuestion.objects.bulk_create(
        QuizQuestion(quiz=quiz, order=n + 1, text=f"Q{quiz.week.number}.{n + 1}?")
        for quiz in quizzes
        for n in range(3)
    )
    by_quiz = {}
    for question in questions:
        by_quiz.setdefault(question.quiz_id, []).append(question)
    attempts = QuizAttempt.objects.bulk_create(
        QuizAttempt(quiz=quiz, student_id=student, number=number, score=(i + number) % 4, total=3)
        for quiz in quizzes
        for i, student in enumerate(students)
        for number in ([1, 2] if i % 10 == 0 else [1])
    )
    QuizAnswer.objects.bulk_create(
        QuizAnswer(attempt=attempt, question=question, is_correct=n < attempt.score)
        for attempt in attempts
        for n, question in enumerate(by_quiz[attempt.quiz_id])
    )


def _activity(weeks, students):
    BoardQuestion.objects.bulk_create(
        BoardQuestion(week=week, author_id=students[n], title=f"Open {week.number}.{n}?")
        for week in weeks
        for n in range(3)
    )
    articles = Article.objects.bulk_create(
        Article(
            week=week,
            day=week.starts_on,
            title=f"A{week.number}",
            url=f"https://example.com/{week.pk}",
            reading_minutes=10,
        )
        for week in weeks
    )
    SavedArticle.objects.bulk_create(
        SavedArticle(article=article, user_id=student, read_at=timezone.now())
        for article in articles[:5]
        for student in students[::2]
    )


def _notes(cohort, weeks, students, lead):
    HandoffNote.objects.bulk_create(
        HandoffNote(week=week, mentor=mentor, struggled="Backprop.", pick_up="Schedulers.")
        for week in weeks
        for mentor in week.mentors.all()
    )
    CohortNote.objects.bulk_create(
        CohortNote(cohort=cohort, author=lead, body=f"Note {n}") for n in range(5)
    )
    StudentNote.objects.bulk_create(
        StudentNote(cohort=cohort, student_id=student, author=lead, topic="career", body="Talk.")
        for student in students[:20]
    )
    start = timezone.now() + datetime.timedelta(days=1)
    LeadSession.objects.bulk_create(
        LeadSession(
            cohort=cohort,
            lead=lead,
            kind="one_to_one",
            student_id=student,
            topic="1:1",
            starts_at=start + datetime.timedelta(hours=n),
            duration_minutes=30,
        )
        for n, student in enumerate(students[:10])
    )


@pytest.fixture(scope="module")
def sizes(django_db_blocker, django_db_setup):
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            built = {size: build(size) for size in SIZES}
            yield built
            transaction.set_rollback(True)


PAGES = {
    # session, user, week, roles (or the week's mentors); the brief: weeks with lectures and
    # mentors, missions and completions by tier, students, first attempts, done per student,
    # six activity sources, quizzes, their summaries, answers per question, question texts,
    # open questions, handoff notes, the lead's notes, competitions, load (missions, reading).
    ("brief", "staff"): "/weeks/{last_week}/brief/",
    ("brief", "last_mentor"): "/weeks/{last_week}/brief/",
    ("brief", "lead"): "/weeks/{last_week}/brief/",
    # session, user, cohort, roles; weeks over, missions, students, attempts, done, six
    # activity sources, the lead's notes.
    ("radar", "lead"): "/cohorts/{slug}/radar/",
    ("radar, filtered", "lead"): "/cohorts/{slug}/radar/?band=steady&sort=-level&inactive=on",
    ("timeline", "lead"): "/cohorts/{slug}/students/{student}/",
    ("sessions", "lead"): "/cohorts/{slug}/lead-sessions/",
}


# (a first view, the cache empty; the same view again, from the cache where the page keeps one:
# the brief and the radar then run session, user, the bell's unread count, week or cohort, roles,
# the fingerprint, and what stays out of the brief's cache: whether the reader mentors the week
# and their own note)
EXPECTED = {
    ("brief", "staff"): (31, 7),
    ("brief", "last_mentor"): (33, 9),  # + whether they hold the week, and their own note
    ("brief", "lead"): (31, 7),
    ("radar", "lead"): (18, 6),
    ("radar, filtered", "lead"): (18, 6),
    # + the student, weeks, their progress, attempts, questions, reading, sessions, teams with
    # their mentors, private notes.
    ("timeline", "lead"): (27, 27),
    ("sessions", "lead"): (8, 8),
}


def test_the_brief_and_the_radar_query_counts_do_not_grow_with_data(client, sizes):
    measured = {}
    for (page, persona), url in PAGES.items():
        for size, data in sizes.items():
            target = url.format(
                last_week=data.last_week.pk, slug=data.cohort.slug, student=data.student.pk
            )
            cache.clear()
            first = count_queries(client, getattr(data, persona), target)
            again = count_queries(client, getattr(data, persona), target)
            measured.setdefault((page, persona), {})[size] = (len(first), len(again))
    grew = {key: value for key, value in measured.items() if value["small"] != value["large"]}
    assert grew == {}
    assert {key: value["large"] for key, value in measured.items()} == EXPECTED
