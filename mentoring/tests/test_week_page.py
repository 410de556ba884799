"""The mentoring sections of the week page (`/curriculum/<slug>/weeks/<n>/`): missions, articles,
quizzes and the question board, as each persona sees them."""

import datetime
import re
import uuid

import pytest

from mentoring.models import MissionProgress, QuizAttempt, SavedArticle
from mentoring.services import quiz_submit

from .conftest import (
    ArticleFactory,
    BoardQuestionFactory,
    MissionFactory,
    right_answers,
    three_question_quiz,
)

pytestmark = pytest.mark.django_db

WEEK_3 = "/curriculum/ai-lab-2/weeks/3/"


def in_english(user):
    user.language = "en"
    user.save(update_fields=["language"])
    return user


def section(html, name):
    """One section of the week page, by its id (missions, articles, quizzes, board)."""
    start = html.index(f'id="{name}"')
    end = html.find('<section class="panel"', start)
    return html[start : end if end != -1 else None]


def page(client, url=WEEK_3):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def week_content(current_week, other_cohort, student):
    ArticleFactory(week=other_cohort.weeks.get(number=3), title="Other cohort article")
    MissionFactory(week=other_cohort.weeks.get(number=3), title="Other cohort mission")
    return {
        "mission": MissionFactory(
            week=current_week, title="Train a CNN", difficulty="medium", body="Use *SGD*."
        ),
        "article": ArticleFactory(
            week=current_week, day=datetime.date(2025, 3, 11), title="ResNet explained"
        ),
        "quiz": three_question_quiz(current_week, title="CNN pre-lecture quiz"),
        "question": BoardQuestionFactory(
            week=current_week, author=student, title="Why pooling?", is_anonymous=False
        ),
    }


# --- A student's week -----------------------------------------------------------------------------


def test_a_student_sees_the_weeks_missions_articles_quizzes_and_questions(
    login, english, week_content
):
    html = page(login(english))

    mission = week_content["mission"]
    assert "Train a CNN" in section(html, "missions")
    assert "<em>SGD</em>" in section(html, "missions")
    assert f'action="/missions/{mission.pk}/status/"' in section(html, "missions")
    assert "ResNet explained" in section(html, "articles")
    assert f'href="/quizzes/{week_content["quiz"].pk}/"' in section(html, "quizzes")
    assert "Before the lecture" in section(html, "quizzes")
    assert "Why pooling?" in section(html, "board")
    assert f'action="/weeks/{mission.week_id}/questions/"' in section(html, "board")
    assert "Other cohort" not in html


def test_a_student_sets_a_mission_status_from_the_week_page(login, student, week_content):
    mission = week_content["mission"]
    client = login(student)

    response = client.post(f"/missions/{mission.pk}/status/", {"status": "doing", "next": WEEK_3})

    assert response["Location"] == WEEK_3
    assert MissionProgress.objects.get(mission=mission, student=student).status == "doing"
    html = section(page(client), "missions")
    assert re.findall(r'name="status" value="(\w+)"[^>]*aria-pressed="true"', html) == ["doing"]


def test_a_student_saves_an_article_from_the_week_page(login, english, week_content):
    article = week_content["article"]
    client = login(english)

    client.post(f"/articles/{article.pk}/reading-list/", {"action": "save", "next": WEEK_3})

    assert SavedArticle.objects.filter(user=english, article=article).exists()
    assert "On your list" in section(page(client), "articles")


def test_the_week_page_counts_the_students_attempts(login, english, week_content):
    quiz = week_content["quiz"]
    for _attempt in range(2):
        answers = {int(key[1:]): set(value) for key, value in right_answers(quiz).items()}
        quiz_submit(quiz=quiz, student=english, token=uuid.uuid4(), answers=answers)

    assert "taken 2 times" in section(page(login(english)), "quizzes")


def test_a_student_sees_no_statistics_link_and_no_answer_form(login, student, week_content):
    html = page(login(student))

    assert "/statistics/" not in html
    assert f'action="/questions/{week_content["question"].pk}/answers/"' not in html


def test_a_week_with_nothing_yet_shows_empty_sections(login, english, current_week):
    html = page(login(english))

    for name in ["missions", "articles", "quizzes", "board"]:
        assert '<p class="muted">' in section(html, name)
    assert '<li class="mission"' not in html
    assert '<li class="article' not in html
    assert 'href="/quizzes/' not in html
    assert 'class="board-question"' not in html


# --- The mentors' week --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "persona", ["week_mentor", "other_week_mentor", "lead_instructor", "staff"]
)
def test_mentors_and_staff_get_statistics_links_and_answer_forms_but_no_status_buttons(
    request, login, week_content, persona
):
    html = page(login(request.getfixturevalue(persona)))

    quiz, question = week_content["quiz"], week_content["question"]
    assert f'href="/quizzes/{quiz.pk}/statistics/"' in section(html, "quizzes")
    assert f'action="/questions/{question.pk}/answers/"' in section(html, "board")
    assert "Train a CNN" in section(html, "missions")
    assert 'name="status"' not in html
    assert f'action="/weeks/{question.week_id}/questions/"' not in html


def test_a_competition_mentor_reads_the_week_but_acts_on_nothing(
    login, competition_mentor, week_content
):
    html = page(login(competition_mentor))

    assert "Train a CNN" in html
    assert "/statistics/" not in html
    assert "/answers/" not in html
    assert 'name="status"' not in html


def test_a_closed_quiz_is_marked_closed(login, english, week_content):
    quiz = week_content["quiz"]
    quiz.is_open = False
    quiz.save(update_fields=["is_open"])

    assert "Closed" in section(page(login(english)), "quizzes")


def test_another_cohorts_student_cannot_see_the_week(login, other_cohort_student, week_content):
    response = login(other_cohort_student).get(WEEK_3)

    assert response.status_code == 404
    assert "Train a CNN" not in response.content.decode()
    assert not QuizAttempt.objects.exists()


def test_a_students_result_is_not_on_a_classmates_page(login, student, classmate, week_content):
    quiz = week_content["quiz"]
    answers = {int(key[1:]): set(value) for key, value in right_answers(quiz).items()}
    quiz_submit(quiz=quiz, student=classmate, token=uuid.uuid4(), answers=answers)

    html = section(page(login(in_english(student))), "quizzes")

    assert "taken" not in html
