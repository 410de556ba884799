"""Query counts of the mentoring pages hold at two data sizes (STYLE.md rule 11).

Each size is the foundation's data set (core.tests.build_dataset) plus mentoring content written
with bulk_create: missions with the student's progress, an article a day saved to the student's
reading list (half of them read), quizzes with questions, choices and attempts (retakes too), and
question boards with answers and upvotes. The large size has many more of each, in every cohort.
"""

import datetime
import itertools
from decimal import Decimal

import pytest
from django.utils import timezone

from core.tests import LARGE, SMALL, build_dataset, count_queries
from curriculum.models import Membership, Role, Week
from mentoring.models import (
    Article,
    BoardAnswer,
    BoardQuestion,
    BoardUpvote,
    Mission,
    MissionProgress,
    Quiz,
    QuizAnswer,
    QuizAttempt,
    QuizChoice,
    QuizQuestion,
    SavedArticle,
)

pytestmark = pytest.mark.django_db

CONTENT = {
    "small": {
        "missions": 3,
        "articles": 1,
        "quizzes": 1,
        "questions": 2,
        "choices": 3,
        "board": 1,
        "answers": 1,
        "upvotes": 1,
        "takers": 2,
        "retakes": 1,
    },
    "large": {
        "missions": 12,
        "articles": 14,  # two a day
        "quizzes": 4,
        "questions": 10,
        "choices": 5,
        "board": 8,
        "answers": 2,
        "upvotes": 5,
        "takers": 25,
        "retakes": 3,
    },
}
TIERS = ["easy", "medium", "hard"]


def build(size):
    data = build_dataset(tag=size, **(SMALL if size == "small" else LARGE))
    spec = CONTENT[size]
    weeks = list(Week.objects.filter(cohort__slug__startswith=f"{size}-").order_by("pk"))
    _missions(weeks, data.student, spec)
    _articles(weeks, data.student, spec)
    _quizzes(weeks, data, spec)
    _board(weeks, data, spec)
    return data


def _missions(weeks, student, spec):
    missions = Mission.objects.bulk_create(
        Mission(
            week=week,
            title=f"Mission {week.number}.{n}",
            body="Use **Adam**, then [compare](https://example.com/sgd) with SGD.",
            difficulty=TIERS[n % 3],
            estimated_hours=Decimal(1 + n % 4),
            order=n,
        )
        for week in weeks
        for n in range(spec["missions"])
    )
    statuses = itertools.cycle(["todo", "doing", "done", "skipped"])
    MissionProgress.objects.bulk_create(
        MissionProgress(mission=mission, student=student, status=next(statuses))
        for mission in missions
        if mission.week.cohort_id == weeks[0].cohort_id and mission.week.number <= 3
    )


def _articles(weeks, student, spec):
    articles = Article.objects.bulk_create(
        Article(
            week=week,
            day=week.starts_on + datetime.timedelta(days=n % 7),
            title=f"Article {week.number}.{n}",
            url=f"https://example.com/{week.pk}/{n}",
            source="Example",
            summary="A short summary.",
            reading_minutes=10,
        )
        for week in weeks
        for n in range(spec["articles"])
    )
    today, now = timezone.localdate(), timezone.now()
    SavedArticle.objects.bulk_create(
        SavedArticle(article=article, user=student, read_at=now if n % 2 else None)
        for n, article in enumerate(articles)
        if article.week.cohort_id == weeks[0].cohort_id and article.day <= today
    )


def _quizzes(weeks, data, spec):
    quizzes = Quiz.objects.bulk_create(
        Quiz(week=week, title=f"Quiz {week.number}.{n}", intended_difficulty=TIERS[n % 3])
        for week in weeks
        for n in range(spec["quizzes"])
    )
    questions = QuizQuestion.objects.bulk_create(
        QuizQuestion(
            quiz=quiz,
            order=n + 1,
            text=f"Question {n + 1}?",
            kind="multiple" if n % 3 == 2 else "single",
            explanation="Because **reasons**.",
        )
        for quiz in quizzes
        for n in range(spec["questions"])
    )
    choices = QuizChoice.objects.bulk_create(
        QuizChoice(question=question, order=n + 1, text=f"Choice {n + 1}", is_correct=n == 0)
        for question in questions
        for n in range(spec["choices"])
    )
    first_choice = {c.question_id: c.pk for c in choices if c.order == 1}
    by_quiz = {}
    for question in questions:
        by_quiz.setdefault(question.quiz_id, []).append(question)
    takers = list(
        Membership.objects.filter(cohort=data.cohort, role=Role.STUDENT)
        .exclude(user=data.student)
        .values_list("user_id", flat=True)[: spec["takers"]]
    )
    taken = [q for q in quizzes if q.week.cohort_id == data.cohort.pk and q.week.number <= 3]
    attempts = QuizAttempt.objects.bulk_create(
        [
            QuizAttempt(quiz=quiz, student=data.student, number=n + 1, score=n, total=n + 1)
            for quiz in taken
            for n in range(spec["retakes"])
        ]
        + [
            QuizAttempt(quiz=quiz, student_id=user_id, number=1, score=0, total=1)
            for quiz in taken
            for user_id in takers
        ]
    )
    answers = QuizAnswer.objects.bulk_create(
        QuizAnswer(attempt=attempt, question=question, is_correct=True)
        for attempt in attempts
        for question in by_quiz[attempt.quiz_id]
    )
    through = QuizAnswer.selected.through
    through.objects.bulk_create(
        through(quizanswer_id=answer.pk, quizchoice_id=first_choice[answer.question_id])
        for answer in answers
    )


def _board(weeks, data, spec):
    students = {}
    for cohort_id, user_id in Membership.objects.filter(
        cohort_id__in={week.cohort_id for week in weeks}, role=Role.STUDENT
    ).values_list("cohort_id", "user_id"):
        students.setdefault(cohort_id, []).append(user_id)
    questions = BoardQuestion.objects.bulk_create(
        BoardQuestion(
            week=week,
            author_id=students[week.cohort_id][n + 1],
            title=f"Question {week.number}.{n}?",
            body="How does **dropout** help?",
            is_anonymous=n % 2 == 0,
        )
        for week in weeks
        for n in range(spec["board"])
    )
    # Every other question stays unanswered, so it carries over to later weeks' mentors.
    BoardAnswer.objects.bulk_create(
        BoardAnswer(question=question, author=data.mentor, body="Like an *ensemble*.")
        for n, question in enumerate(questions)
        if n % 2
        for _answer in range(spec["answers"])
    )
    BoardUpvote.objects.bulk_create(
        BoardUpvote(question=question, user_id=students[question.week.cohort_id][n])
        for question in questions
        for n in range(2, 2 + spec["upvotes"])
    )


@pytest.fixture
def sizes():
    return {size: build(size) for size in ["small", "large"]}


def this_weeks_quiz(data):
    return Quiz.objects.filter(week__cohort=data.cohort, week__number=3).order_by("pk").first()


def counts(client, sizes, persona, url):
    """{size: queries} for one GET of `url` (formatted with the size's slug and quiz)."""
    result = {}
    for size, data in sizes.items():
        quiz = this_weeks_quiz(data)
        target = url.format(slug=data.cohort.slug, quiz=quiz.pk)
        result[size] = count_queries(client, getattr(data, persona), target)
    return result


def test_the_data_sets_are_what_they_claim(sizes):
    large, small = sizes["large"], sizes["small"]

    large_saved = SavedArticle.objects.filter(user=large.student).count()
    assert large_saved > 30  # more than a page of the reading list
    assert SavedArticle.objects.filter(user=small.student).count() < 30
    quiz = this_weeks_quiz(large)
    assert QuizChoice.objects.filter(question__quiz=quiz).count() == 50
    assert QuizAttempt.objects.filter(quiz=quiz, student=large.student).count() == 3
    assert BoardQuestion.objects.filter(week__cohort=large.cohort).count() == 26 * 8


# Pinned per page and persona: session, user and the bell's unread count, then one query per kind
# of row a page shows, never one per row.
EXPECTED = {
    # + cohorts, weeks, lectures, mentors, roles, competitions with the team, this and last
    # week's missions with the student's progress, articles with their saves, quizzes.
    ("/", "student"): 15,  # + upcoming sessions with the lead instructor
    # + the week's load (missions by tier, reading minutes) instead of the student's part.
    ("/", "mentor"): 13,
    ("/", "staff"): 13,
    # + the fingerprint, missions with progress, articles with saves, quizzes, questions and
    # their answers.
    ("/curriculum/{slug}/weeks/3/", "student"): 16,
    # + earlier weeks' unanswered questions and their answers.
    ("/curriculum/{slug}/weeks/3/", "mentor"): 18,
    ("/curriculum/{slug}/weeks/3/", "staff"): 18,
    # the viewer's cohorts and roles, the fingerprint, count, the filter form's phases and
    # weeks, the page with its saves.
    ("/reading-list/", "student"): 9,
    ("/reading-list/?show=all", "student"): 9,
    ("/reading-list/?show=all&state=unread&page=2", "student"): 9,
    # quiz, tags, questions, choices, roles, the student's attempts.
    ("/quizzes/{quiz}/", "student"): 9,
    ("/quizzes/{quiz}/", "mentor"): 9,
    ("/quizzes/{quiz}/attempts/1/", "student"): 11,
    ("/quizzes/{quiz}/statistics/", "mentor"): 15,
}


def test_the_mentoring_pages_query_counts_do_not_grow_with_data(client, sizes):
    measured = {(url, persona): counts(client, sizes, persona, url) for url, persona in EXPECTED}

    grew = {
        key: (len(queries["small"]), len(queries["large"]))
        for key, queries in measured.items()
        if len(queries["small"]) != len(queries["large"])
    }
    assert grew == {}, {key: measured[key]["large"] for key in grew}
    assert {key: len(queries["large"]) for key, queries in measured.items()} == EXPECTED


@pytest.mark.parametrize("url", ["/", "/reading-list/", "/reading-list/?show=all&state=unread"])
def test_a_second_visit_of_a_cached_page_issues_five_queries_at_any_size(client, sizes, url):
    """Session, user, the bell's unread count, the viewer's cohorts and roles, the fingerprint:
    the body comes from the cache until a row it shows changes."""
    counts(client, sizes, "student", url)  # fills the cache

    again = counts(client, sizes, "student", url)

    assert {size: len(queries) for size, queries in again.items()} == {"small": 5, "large": 5}
