"""Fixtures of the weekly mentoring track: the clock, and factories for its content.

The clock is pinned to a Wednesday before any fixture builds the course, so the `cohort`
fixture's week 3 (3/10 to 3/16) is "this week", week 2 (3/3 to 3/9) is last week and 3/12 is today.
"""

import datetime
import zoneinfo
from decimal import Decimal

import factory
import pytest

from curriculum.models import Role
from mentoring.models import (
    Article,
    BoardAnswer,
    BoardQuestion,
    Mission,
    Quiz,
    QuizChoice,
    QuizQuestion,
)
from tests import factories


@pytest.fixture(autouse=True)
def _clock(pinned_clock):
    """Every test here runs at tests.helpers.TODAY (a pytestmark in a conftest applies to none)."""


SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")
TODAY = datetime.datetime(2025, 3, 12, 12, 0, tzinfo=SEOUL)


@pytest.fixture
def last_week(cohort):
    return cohort.weeks.get(number=2)


@pytest.fixture
def classmate(cohort):
    return _student(cohort, email="classmate@example.com", name="오동기")


def _student(cohort, **fields):
    user = factories.UserFactory(**fields)
    factories.MembershipFactory(user=user, cohort=cohort, role=Role.STUDENT)
    return user


def make_students(cohort, count, prefix="s"):
    return [
        _student(cohort, email=f"{prefix}{n}@example.com", name=f"{prefix.upper()}{n:02d}")
        for n in range(1, count + 1)
    ]


# --- Factories -----------------------------------------------------------------------------------


class MissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mission

    week = factory.SubFactory(factories.WeekFactory)
    title = factory.Sequence(lambda n: f"Mission {n}")
    body = ""
    difficulty = "easy"
    estimated_hours = Decimal("2")
    order = factory.Sequence(lambda n: n + 1)


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    week = factory.SubFactory(factories.WeekFactory)
    day = factory.LazyAttribute(lambda o: o.week.starts_on)
    title = factory.Sequence(lambda n: f"Article {n}")
    url = factory.Sequence(lambda n: f"https://example.com/articles/{n}")
    source = "Example Journal"
    reading_minutes = 10


class QuizFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quiz

    week = factory.SubFactory(factories.WeekFactory)
    title = factory.Sequence(lambda n: f"Quiz {n}")
    intended_difficulty = "medium"


class BoardQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BoardQuestion

    week = factory.SubFactory(factories.WeekFactory)
    author = factory.SubFactory(factories.UserFactory)
    title = factory.Sequence(lambda n: f"Question {n}?")


class BoardAnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BoardAnswer

    question = factory.SubFactory(BoardQuestionFactory)
    author = factory.SubFactory(factories.UserFactory)
    body = "An answer."


def make_quiz(week, *questions, **fields):
    """A quiz whose questions are (text, kind, [(choice text, is_correct), ...]) tuples."""
    quiz = QuizFactory(week=week, **fields)
    for order, (text, kind, choices) in enumerate(questions, start=1):
        question = QuizQuestion.objects.create(
            quiz=quiz, order=order, text=text, kind=kind, explanation=f"Because of {text}"
        )
        QuizChoice.objects.bulk_create(
            QuizChoice(question=question, order=n, text=choice, is_correct=correct)
            for n, (choice, correct) in enumerate(choices, start=1)
        )
    return quiz


def three_question_quiz(week, **fields):
    """Q1 and Q3 single choice (right answer: the first choice), Q2 multiple (right: a and c)."""
    return make_quiz(
        week,
        ("What does ReLU return for -3?", "single", [("0", True), ("-3", False), ("3", False)]),
        ("Which are optimizers?", "multiple", [("Adam", True), ("ReLU", False), ("SGD", True)]),
        ("What does a CNN share?", "single", [("Weights", True), ("Labels", False)]),
        **fields,
    )


def choice_ids(quiz, order):
    """The choice ids of question `order`, in their order: {"right": [...], "wrong": [...]}."""
    question = quiz.questions.get(order=order)
    choices = list(question.choices.order_by("order"))
    return {
        "right": [c.pk for c in choices if c.is_correct],
        "wrong": [c.pk for c in choices if not c.is_correct],
    }


def right_answers(quiz):
    """A POST body (without token) answering every question of `quiz` right."""
    return {
        f"q{question.pk}": [c.pk for c in question.choices.all() if c.is_correct]
        for question in quiz.questions.all()
    }
