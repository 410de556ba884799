"""Quiz item statistics and calibration on a hand-made cohort whose numbers are checked by hand.

Definitions (mentoring/stats.py): facility = share of first attempts that got the question right;
discrimination = share right among the top 27% of students (by first-attempt score, ties broken
by who submitted first) minus the share right among the bottom 27%; a quiz whose first-attempt
mean is above 85% is too easy, below 30% too hard. Retakes never count.
"""

import datetime
import re
import uuid
import zoneinfo

import pytest
from django.contrib.auth.models import Group

from curriculum.models import Role
from curriculum.services import user_sync_admin_access
from mentoring.models import QuizAttempt, Tag
from mentoring.services import quiz_submit
from tests import factories

from .conftest import choice_ids, make_quiz, make_students, three_question_quiz

pytestmark = pytest.mark.django_db

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")

# Each student's first attempt: right (R) or wrong (W) per question, and the minute (past 9:00 on
# 3/11) they submitted it. Submission order differs from the students' order on purpose, so that
# the tie-break (first submitted ranks higher) is what decides the groups.
#
#          Q1 Q2 Q3  score  submitted
# S01      R  R  R   3      9:01
# S02      R  R  W   2      9:07
# S03      R  W  R   2      9:05
# S04      R  R  R   3      9:02
# S05      R  W  W   1      9:03
# S06      W  R  W   1      9:09
# S07      R  W  R   2      9:04
# S08      W  W  W   0      9:10
# S09      R  W  W   1      9:06
# S10      W  W  R   1      9:08
FIRST_ATTEMPTS = {
    "S01": ("RRR", 1),
    "S02": ("RRW", 7),
    "S03": ("RWR", 5),
    "S04": ("RRR", 2),
    "S05": ("RWW", 3),
    "S06": ("WRW", 9),
    "S07": ("RWR", 4),
    "S08": ("WWW", 10),
    "S09": ("RWW", 6),
    "S10": ("WWR", 8),
}
# Retakes (attempt 2, later): practice, they must change nothing below.
RETAKES = {"S08": "RRR", "S05": "RRR", "S06": "RRR"}

# Facility: Q1 right for S01 S02 S03 S04 S05 S07 S09 = 7/10; Q2 for S01 S02 S04 S06 = 4/10;
# Q3 for S01 S03 S04 S07 S10 = 5/10.
FACILITY = [0.7, 0.4, 0.5]
# Ranking (score desc, then first submitted): S01 S04 | S07 S03 S02 | S05 S09 S10 S06 | S08.
# Groups of round(10 * 0.27) = 3: top = S01 S04 S07; bottom = S10 S06 S08.
# Q1: top 3 right, bottom 0 -> (3 - 0) / 3 = 1.0
# Q2: top 2 right (S01 S04), bottom 1 (S06) -> (2 - 1) / 3 = 0.333...
# Q3: top 3 right, bottom 1 (S10) -> (3 - 1) / 3 = 0.666...
DISCRIMINATION = [1.0, 1 / 3, 2 / 3]
# Scores 3 2 2 3 1 1 2 0 1 1 = 16 of 30 -> mean 53.333...% -> 53.3 ("ok": between 30 and 85).
MEAN = 53.3
# Percents: 0 (S08) -> band 0; 33.3 (S05 S06 S09 S10) -> band 3; 66.7 (S02 S03 S07) -> band 6;
# 100 (S01 S04) -> band 9.
DISTRIBUTION = [1, 0, 0, 4, 0, 0, 3, 0, 0, 2]


def take(quiz, student, pattern, minute=0):
    """Submit an attempt through the service, then place it at 9:<minute> on 3/11."""
    answers = {}
    for order, mark in enumerate(pattern, start=1):
        ids = choice_ids(quiz, order)
        answers[quiz.questions.get(order=order).pk] = set(
            ids["right"] if mark == "R" else ids["wrong"][:1]
        )
    attempt, created = quiz_submit(quiz=quiz, student=student, token=uuid.uuid4(), answers=answers)
    assert created
    at = datetime.datetime(2025, 3, 11, 9, minute, tzinfo=SEOUL)
    QuizAttempt.objects.filter(pk=attempt.pk).update(submitted_at=at)
    return attempt


@pytest.fixture
def students(cohort):
    return {user.name: user for user in make_students(cohort, 10)}


@pytest.fixture
def quiz(current_week, students):
    quiz = three_question_quiz(current_week, title="CNN pre-lecture quiz")
    for name, (pattern, minute) in FIRST_ATTEMPTS.items():
        take(quiz, students[name], pattern, minute)
    for name, pattern in RETAKES.items():
        take(quiz, students[name], pattern, 30)
    return quiz


def stats_url(quiz):
    return f"/quizzes/{quiz.pk}/statistics/"


def in_english(user):
    user.language = "en"
    user.save(update_fields=["language"])
    return user


# --- The numbers ----------------------------------------------------------------------------------


def test_the_retakes_are_there_but_only_first_attempts_count(quiz):
    assert QuizAttempt.objects.filter(quiz=quiz).count() == 13
    assert QuizAttempt.objects.filter(quiz=quiz, number=2).count() == 3


def test_facility_is_the_share_right_on_first_attempts(login, lead_instructor, quiz):
    items = login(lead_instructor).get(stats_url(quiz)).context["items"]

    assert [item.facility for item in items] == FACILITY
    assert [item.answered for item in items] == [10, 10, 10]


def test_discrimination_compares_the_top_and_bottom_27_percent(login, lead_instructor, quiz):
    items = login(lead_instructor).get(stats_url(quiz)).context["items"]

    assert [item.discrimination for item in items] == pytest.approx(DISCRIMINATION)


def test_the_quiz_mean_and_distribution_come_from_first_attempts(login, lead_instructor, quiz):
    summary = login(lead_instructor).get(stats_url(quiz)).context["summary"]

    assert summary.count == 10
    assert summary.mean_percent == MEAN
    assert summary.distribution == DISTRIBUTION
    assert summary.flag == "ok"


def test_the_page_shows_the_numbers(login, lead_instructor, quiz):
    html = login(in_english(lead_instructor)).get(stats_url(quiz)).content.decode()

    assert "Well pitched" in html
    assert "first-attempt mean 53.3% over 10 students" in html
    table = html.split("<tbody>")[2].split("</tbody>")[0]
    rows = [
        [cell.split("</td>")[0] for cell in row.split("<td>")[1:]]
        for row in table.split("</tr>")[:-1]
    ]
    assert [row[2:] for row in rows] == [["70%", "100"], ["40%", "33"], ["50%", "67"]]
    assert '<th scope="row">30–39%</th><td><progress max="4" value="4"' in html


def test_with_two_students_each_group_is_one_student(login, lead_instructor, current_week, cohort):
    # round(2 * 0.27) is 1: the top student (S01, 2 right) against the bottom one (S02, 1 right).
    quiz = make_quiz(
        current_week,
        ("A?", "single", [("yes", True), ("no", False)]),
        ("B?", "single", [("yes", True), ("no", False)]),
    )
    first, second = make_students(cohort, 2)
    take(quiz, first, "RR", 1)
    take(quiz, second, "WR", 2)

    items = login(lead_instructor).get(stats_url(quiz)).context["items"]

    assert [(item.facility, item.discrimination) for item in items] == [(0.5, 1.0), (1.0, 0.0)]


def test_with_one_student_discrimination_is_not_given(login, lead_instructor, current_week, cohort):
    quiz = three_question_quiz(current_week)
    take(quiz, make_students(cohort, 1)[0], "RWR")

    items = login(lead_instructor).get(stats_url(quiz)).context["items"]

    assert [(item.facility, item.discrimination) for item in items] == [
        (1.0, None),
        (0.0, None),
        (1.0, None),
    ]


def test_a_quiz_nobody_took_says_so(login, lead_instructor, current_week):
    quiz = three_question_quiz(current_week)

    response = login(in_english(lead_instructor)).get(stats_url(quiz))

    assert response.context["summary"] is None
    assert [item.facility for item in response.context["items"]] == [None, None, None]
    assert "No attempts yet." in response.content.decode()


# --- Calibration flags ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("questions", "right", "mean", "flag"),
    [
        (20, 18, 90.0, "too_easy"),
        (7, 6, 85.7, "too_easy"),  # 6/7 = 85.71...
        (20, 17, 85.0, "ok"),  # exactly 85 is not above 85
        (10, 3, 30.0, "ok"),  # exactly 30 is not below 30
        (7, 2, 28.6, "too_hard"),  # 2/7 = 28.57...
        (10, 0, 0.0, "too_hard"),
    ],
)
def test_the_calibration_flag_at_its_thresholds(
    login, lead_instructor, current_week, cohort, settings, questions, right, mean, flag
):
    settings.QUIZ_CALIBRATION_MIN_ATTEMPTS = 1
    quiz = make_quiz(
        current_week,
        *[(f"Q{n}", "single", [("right", True), ("wrong", False)]) for n in range(questions)],
    )
    take(quiz, make_students(cohort, 1)[0], "R" * right + "W" * (questions - right))

    summary = login(lead_instructor).get(stats_url(quiz)).context["summary"]

    assert (summary.mean_percent, summary.flag) == (mean, flag)


def test_a_quiz_taken_by_fewer_students_than_the_minimum_is_not_judged(
    login, lead_instructor, current_week, cohort, settings
):
    settings.QUIZ_CALIBRATION_MIN_ATTEMPTS = 3
    quiz = make_quiz(current_week, *_questions(4), title="Taken twice")
    first, second, third = make_students(cohort, 3)
    take(quiz, first, "RRRR")
    take(quiz, second, "RRRR")
    browser = login(in_english(lead_instructor))

    html = browser.get(stats_url(quiz)).content.decode()

    assert "Too easy" not in html
    assert "Too few attempts to judge" in html
    assert "first-attempt mean 100.0% over 2 students" in html

    take(quiz, third, "RRRR")
    html = browser.get(stats_url(quiz)).content.decode()

    assert "Too easy for this cohort" in html


# --- Who sees the statistics ------------------------------------------------------------------


@pytest.mark.parametrize(
    "persona", ["week_mentor", "other_week_mentor", "lead_instructor", "staff"]
)
def test_mentors_the_lead_instructor_and_staff_see_the_statistics(request, login, quiz, persona):
    response = login(request.getfixturevalue(persona)).get(stats_url(quiz))

    assert response.status_code == 200
    assert response.context["summary"].mean_percent == MEAN


@pytest.mark.parametrize("persona", ["student", "competition_mentor"])
def test_students_and_competition_mentors_get_403(request, login, quiz, persona):
    assert login(request.getfixturevalue(persona)).get(stats_url(quiz)).status_code == 403


def test_another_cohorts_people_get_404(login, quiz, other_cohort, other_cohort_student):
    their_mentor = factories.UserFactory()
    factories.MembershipFactory(user=their_mentor, cohort=other_cohort, role=Role.THEME_MENTOR)

    assert login(other_cohort_student).get(stats_url(quiz)).status_code == 404
    assert login(their_mentor).get(stats_url(quiz)).status_code == 404


def test_a_quiz_that_does_not_exist_is_404(login, staff):
    assert login(staff).get("/quizzes/999999/statistics/").status_code == 404


def test_anonymous_visitors_are_sent_to_the_login_page(client, quiz):
    response = client.get(stats_url(quiz))

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next=/quizzes/{quiz.pk}/statistics/"


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_the_statistics_only_answer_get(login, staff, quiz, method):
    assert getattr(login(staff), method)(stats_url(quiz)).status_code == 405


# --- Earlier comparable quizzes, on the statistics page and in the admin -----------------------


@pytest.fixture
def mentor(week_mentor):
    user_sync_admin_access(user=week_mentor)
    assert Group.objects.filter(user=week_mentor).exists()
    return in_english(week_mentor)


@pytest.fixture
def history(cohort, other_cohort, current_week):
    """The cohort's earlier quizzes, each taken by one student with a known score."""
    cnn = Tag.objects.create(name="cnn")
    week = {n: cohort.weeks.get(number=n) for n in (1, 2, 5)}
    quizzes = {
        "same tag": make_quiz(
            week[1], *_questions(4), title="Easy CNN quiz", intended_difficulty="easy"
        ),
        "same difficulty": make_quiz(week[2], *_questions(4), title="Medium MLP quiz"),
        "neither": make_quiz(
            week[2], *_questions(4), title="Hard RNN quiz", intended_difficulty="hard"
        ),
        "later": make_quiz(week[5], *_questions(4), title="Later medium quiz"),
        "other cohort": make_quiz(
            other_cohort.weeks.get(number=1), *_questions(4), title="3기 quiz"
        ),
    }
    quizzes["same tag"].tags.add(cnn)
    taker = make_students(cohort, 1, prefix="h")[0]
    take(quizzes["same tag"], taker, "RRRR")  # 100% -> too easy
    take(quizzes["same difficulty"], taker, "RRWW")  # 50% -> ok
    take(quizzes["neither"], taker, "WWWW")
    current = make_quiz(current_week, *_questions(2), title="Week 3 CNN quiz")
    current.tags.add(cnn)
    return current


def _questions(count):
    return [(f"Q{n}", "single", [("right", True), ("wrong", False)]) for n in range(count)]


def _text(cell):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", cell)).strip()


def calibration_rows(html):
    """{quiz title: (mean with its number of attempts, verdict)} from the calibration table."""
    body = html.split("How this cohort did")[-1] if "How this cohort did" in html else html
    body = body.split("calibration-module")[-1]
    rows = {}
    for row in re.split(r"<tr[^>]*>", body)[2:]:
        cells = [_text(cell.split("</td>")[0]) for cell in row.split("<td>")[1:]]
        rows[cells[0]] = (cells[4], cells[5])
    return rows


def test_the_statistics_page_lists_earlier_quizzes_with_the_same_tag_or_difficulty(
    login, mentor, history
):
    html = login(mentor).get(stats_url(history)).content.decode()

    assert calibration_rows(html) == {
        "Medium MLP quiz": ("50.0% (1 attempt)", "Too few attempts to judge"),
        "Easy CNN quiz": ("100.0% (1 attempt)", "Too few attempts to judge"),
    }


def test_the_quiz_admin_change_page_shows_comparable_earlier_quizzes(login, mentor, history):
    response = login(mentor).get(f"/admin/mentoring/quiz/{history.pk}/change/")

    assert response.status_code == 200
    assert calibration_rows(response.content.decode()) == {
        "Medium MLP quiz": ("50.0% (1 attempt)", "Too few attempts to judge"),
        "Easy CNN quiz": ("100.0% (1 attempt)", "Too few attempts to judge"),
    }


def test_the_quiz_admin_add_page_shows_every_earlier_quiz_of_the_cohort(
    login, mentor, history, settings
):
    settings.QUIZ_CALIBRATION_MIN_ATTEMPTS = 1

    response = login(mentor).get("/admin/mentoring/quiz/add/")

    assert response.status_code == 200
    assert calibration_rows(response.content.decode()) == {
        "Week 3 CNN quiz": ("—", "No attempts yet"),
        "Hard RNN quiz": ("0.0% (1 attempt)", "Too hard for this cohort"),
        "Medium MLP quiz": ("50.0% (1 attempt)", "Well pitched"),
        "Easy CNN quiz": ("100.0% (1 attempt)", "Too easy for this cohort"),
    }


def test_the_quiz_admin_list_shows_each_quizs_calibration(login, mentor, quiz, current_week):
    once = make_quiz(current_week, *_questions(2), title="Taken once")
    take(once, make_students(once.week.cohort, 1, prefix="o")[0], "RR")

    html = login(mentor).get("/admin/mentoring/quiz/").content.decode()

    assert "53.3% (10 attempts) · Well pitched" in html
    assert "100.0% (1 attempt) · Too few attempts to judge" in html
    assert "Too easy" not in html


def test_the_quiz_admin_change_page_shows_this_quizs_attempts(login, mentor, quiz):
    html = login(mentor).get(f"/admin/mentoring/quiz/{quiz.pk}/change/").content.decode()

    assert "53.3% (10 attempts) · Well pitched" in _text(html)
