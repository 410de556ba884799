"""Quizzes: a student takes a quiz on its own page, submits once per attempt, reads the score and
the explanations, and may retake it. Tampered or repeated submissions store nothing or exactly one
attempt."""

import re
import threading
import time
import uuid

import pytest
from django.db import connection, transaction
from django.test import Client

from mentoring.models import QuizAnswer, QuizAttempt

from .conftest import choice_ids, make_quiz, three_question_quiz

pytestmark = pytest.mark.django_db

OUT_OF_DATE = "The form is out of date. Reload the page and answer again."
DO_NOT_MATCH = "The answers do not match this quiz. Reload the page."


@pytest.fixture
def quiz(current_week):
    return three_question_quiz(current_week, title="CNN pre-lecture quiz")


def quiz_url(quiz):
    return f"/quizzes/{quiz.pk}/"


def answers(quiz, pattern):
    """A POST body answering question n right when pattern[n-1] is "R", wrong when "W"."""
    body = {"token": str(uuid.uuid4())}
    for order, mark in enumerate(pattern, start=1):
        question = quiz.questions.get(order=order)
        ids = choice_ids(quiz, order)
        body[f"q{question.pk}"] = ids["right"] if mark == "R" else ids["wrong"][:1]
    return body


def alert(response):
    """The error shown above the quiz form."""
    html = response.content.decode()
    start = html.index('<p class="message message-error" role="alert">')
    return html[start:].split(">", 1)[1].split("</p>", 1)[0]


# --- Taking a quiz --------------------------------------------------------------------------------


def test_a_student_sees_the_questions_and_a_fresh_token(login, english, quiz):
    client = login(english)

    first = client.get(quiz_url(quiz))
    second = client.get(quiz_url(quiz))

    assert first.status_code == 200
    html = first.content.decode()
    assert "What does ReLU return for -3?" in html
    assert "Which are optimizers?" in html
    assert "(choose all that apply)" in html
    q2 = quiz.questions.get(order=2)
    assert f'type="checkbox" name="q{q2.pk}"' in html
    assert first.context["token"] != second.context["token"]
    assert f'name="token" value="{first.context["token"]}"' in html
    assert "Submit my answers" in html


def test_the_quiz_page_lists_the_students_attempts(login, english, quiz):
    client = login(english)
    client.post(quiz_url(quiz), answers(quiz, "WWW"))
    client.post(quiz_url(quiz), answers(quiz, "RRR"))

    html = client.get(quiz_url(quiz)).content.decode()

    assert f'href="/quizzes/{quiz.pk}/attempts/1/">#1 · 0/3</a>' in html
    assert f'href="/quizzes/{quiz.pk}/attempts/2/">#2 · 3/3</a>' in html


def test_a_closed_quiz_shows_no_submit_button(login, english, quiz):
    quiz.is_open = False
    quiz.save(update_fields=["is_open"])

    html = login(english).get(quiz_url(quiz)).content.decode()

    assert "This quiz is closed and takes no more answers." in html
    assert "Submit my answers" not in html


def test_a_student_submits_and_reads_the_score_and_every_explanation(login, english, quiz):
    client = login(english)

    response = client.post(quiz_url(quiz), answers(quiz, "RWR"))

    assert response.status_code == 302
    assert response["Location"] == f"/quizzes/{quiz.pk}/attempts/1/"
    attempt = QuizAttempt.objects.get(student=english, quiz=quiz)
    assert (attempt.number, attempt.score, attempt.total) == (1, 2, 3)
    assert [a.is_correct for a in attempt.answers.order_by("question__order")] == [
        True,
        False,
        True,
    ]
    result = client.get(response["Location"])
    assert result.status_code == 200
    html = result.content.decode()
    assert "2 of 3 right" in html
    assert "67%" in html
    for question in quiz.questions.all():
        assert f"Because of {question.text}" in html
    assert html.count("✗ Not quite") == 1
    assert html.count("your answer") == 3


def test_the_chosen_choices_are_stored(login, student, quiz):
    body = answers(quiz, "RRW")

    login(student).post(quiz_url(quiz), body)

    q2 = quiz.questions.get(order=2)
    stored = QuizAnswer.objects.get(attempt__student=student, question=q2)
    assert sorted(stored.selected.values_list("pk", flat=True)) == sorted(body[f"q{q2.pk}"])


def test_a_multiple_choice_question_needs_every_right_choice_and_no_wrong_one(login, student, quiz):
    q2 = quiz.questions.get(order=2)
    ids = choice_ids(quiz, 2)
    client = login(student)
    half = {**answers(quiz, "RRR"), f"q{q2.pk}": ids["right"][:1]}
    too_many = {**answers(quiz, "RRR"), f"q{q2.pk}": ids["right"] + ids["wrong"]}

    client.post(quiz_url(quiz), half)
    client.post(quiz_url(quiz), too_many)

    assert list(QuizAttempt.objects.order_by("number").values_list("score", flat=True)) == [2, 2]


def test_a_retake_is_attempt_2_and_both_stay_listed(login, english, quiz):
    client = login(english)
    client.post(quiz_url(quiz), answers(quiz, "WWW"))

    response = client.post(quiz_url(quiz), answers(quiz, "RRR"))

    assert response["Location"] == f"/quizzes/{quiz.pk}/attempts/2/"
    assert list(QuizAttempt.objects.values_list("number", "score")) == [(1, 0), (2, 3)]
    assert "3 of 3 right" in client.get(response["Location"]).content.decode()
    assert "0 of 3 right" in client.get(f"/quizzes/{quiz.pk}/attempts/1/").content.decode()


def test_the_same_form_posted_twice_is_one_attempt(login, student, quiz):
    client = login(student)
    body = answers(quiz, "RRW")

    first = client.post(quiz_url(quiz), body)
    second = client.post(quiz_url(quiz), {**body, **answers(quiz, "RRR"), "token": body["token"]})

    assert first["Location"] == second["Location"] == f"/quizzes/{quiz.pk}/attempts/1/"
    attempt = QuizAttempt.objects.get()
    assert attempt.score == 2
    assert QuizAnswer.objects.count() == 3


# --- Tampering ----------------------------------------------------------------------------------


def tamper(quiz, how):
    body = answers(quiz, "RRR")
    q1, q2 = quiz.questions.get(order=1), quiz.questions.get(order=2)
    if how == "a choice of another question":
        body[f"q{q1.pk}"] = choice_ids(quiz, 3)["right"]
    elif how == "a question left out":
        del body[f"q{q2.pk}"]
    elif how == "two choices on a single-choice question":
        body[f"q{q1.pk}"] = choice_ids(quiz, 1)["right"] + choice_ids(quiz, 1)["wrong"][:1]
    elif how == "an unknown question":
        body["q999999"] = choice_ids(quiz, 1)["right"]
    elif how == "a choice that is not a number":
        body[f"q{q1.pk}"] = ["1 OR 1=1"]
    elif how == "a choice that does not exist":
        body[f"q{q1.pk}"] = [999999]
    elif how == "no token":
        del body["token"]
    elif how == "a malformed token":
        body["token"] = "not-a-uuid"
    return body


TAMPERING = {
    "a choice of another question": DO_NOT_MATCH,
    "a question left out": "Answer every question (question 2 is empty).",
    "two choices on a single-choice question": "Question 1 takes one answer.",
    "an unknown question": DO_NOT_MATCH,
    "a choice that is not a number": "Answer every question (question 1 is empty).",
    "a choice that does not exist": DO_NOT_MATCH,
    "no token": OUT_OF_DATE,
    "a malformed token": OUT_OF_DATE,
}


@pytest.mark.parametrize(("how", "message"), TAMPERING.items(), ids=TAMPERING)
def test_a_tampered_submission_gets_a_clear_message_and_stores_nothing(
    login, english, quiz, how, message
):
    response = login(english).post(quiz_url(quiz), tamper(quiz, how))

    assert response.status_code == 400
    assert alert(response) == message
    assert not QuizAttempt.objects.exists()
    assert not QuizAnswer.objects.exists()


def test_after_a_refused_submission_the_answers_given_stay_checked(login, english, quiz):
    body = tamper(quiz, "a question left out")  # question 2 left out, 1 and 3 answered
    given = [(key[1:], str(body[key][0])) for key in body if key.startswith("q")]

    response = login(english).post(quiz_url(quiz), body)

    html = response.content.decode()
    assert re.findall(r'name="q(\d+)" value="(\d+)"\s+checked', html) == given
    assert response.context["token"] != uuid.UUID(body["token"])


def test_a_closed_quiz_takes_no_answers(login, english, quiz):
    quiz.is_open = False
    quiz.save(update_fields=["is_open"])
    response = login(english).post(quiz_url(quiz), answers(quiz, "RRR"))

    assert response.status_code == 400
    assert alert(response) == "This quiz is closed and takes no more answers."
    assert not QuizAttempt.objects.exists()


def test_a_token_already_used_on_another_quiz_is_refused(login, english, quiz, current_week):
    other = three_question_quiz(current_week, title="Another quiz")
    client = login(english)
    body = answers(quiz, "RRR")
    client.post(quiz_url(quiz), body)

    response = client.post(quiz_url(other), {**answers(other, "RRR"), "token": body["token"]})

    assert response.status_code == 400
    assert alert(response) == DO_NOT_MATCH
    assert list(QuizAttempt.objects.values_list("quiz_id", flat=True)) == [quiz.pk]


def test_a_quiz_without_questions_takes_no_answers(login, english, current_week):
    empty = make_quiz(current_week, title="Not written yet")

    response = login(english).post(quiz_url(empty), {"token": str(uuid.uuid4())})

    assert response.status_code == 400
    assert alert(response) == "This quiz has no questions yet."
    assert not QuizAttempt.objects.exists()


# --- Who may ----------------------------------------------------------------------------------


NOT_STUDENTS = [
    "week_mentor",
    "other_week_mentor",
    "lead_instructor",
    "competition_mentor",
    "staff",
]


@pytest.mark.parametrize("persona", NOT_STUDENTS)
def test_members_who_are_not_students_cannot_submit(request, login, quiz, persona):
    response = login(request.getfixturevalue(persona)).post(quiz_url(quiz), answers(quiz, "RRR"))

    assert response.status_code == 403
    assert not QuizAttempt.objects.exists()


@pytest.mark.parametrize("persona", NOT_STUDENTS)
def test_members_who_are_not_students_see_the_quiz_as_students_will(request, login, quiz, persona):
    user = request.getfixturevalue(persona)
    user.language = "en"
    user.save(update_fields=["language"])

    response = login(user).get(quiz_url(quiz))

    assert response.status_code == 200
    html = response.content.decode()
    assert "What does ReLU return for -3?" in html
    assert "Only students take quizzes" in html
    assert "Submit my answers" not in html


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_cohorts_quiz_is_404(login, student, other_cohort, method):
    theirs = three_question_quiz(other_cohort.weeks.get(number=3), title="3기 quiz")

    response = getattr(login(student), method)(quiz_url(theirs), answers(theirs, "RRR"))

    assert response.status_code == 404
    assert "3기 quiz" not in response.content.decode()
    assert not QuizAttempt.objects.exists()


def test_a_student_cannot_open_a_classmates_result(login, student, classmate, quiz):
    login(classmate).post(quiz_url(quiz), answers(quiz, "RRR"))

    response = login(student).get(f"/quizzes/{quiz.pk}/attempts/1/")

    assert response.status_code == 404


def test_another_cohorts_student_cannot_open_a_result(login, student, other_cohort_student, quiz):
    login(student).post(quiz_url(quiz), answers(quiz, "RRR"))

    assert login(other_cohort_student).get(f"/quizzes/{quiz.pk}/attempts/1/").status_code == 404


def test_an_attempt_that_does_not_exist_is_404(login, student, quiz):
    assert login(student).get(f"/quizzes/{quiz.pk}/attempts/1/").status_code == 404


@pytest.mark.parametrize("path", ["", "attempts/1/"])
def test_anonymous_visitors_are_sent_to_the_login_page(client, quiz, path):
    response = client.get(f"/quizzes/{quiz.pk}/{path}")

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next=/quizzes/{quiz.pk}/{path}"


def test_an_anonymous_post_stores_nothing(client, quiz):
    response = client.post(quiz_url(quiz), answers(quiz, "RRR"))

    assert response.status_code == 302
    assert not QuizAttempt.objects.exists()


@pytest.mark.parametrize(("path", "method"), [("", "put"), ("", "delete"), ("attempts/1/", "post")])
def test_wrong_methods_are_405(login, student, quiz, path, method):
    login(student).post(quiz_url(quiz), answers(quiz, "RRR"))

    response = getattr(login(student), method)(f"/quizzes/{quiz.pk}/{path}")

    assert response.status_code == 405


# --- Two posts at once (PostgreSQL) -----------------------------------------------------------


def _post_together(student, quiz, bodies):
    """Post `bodies` from one thread each while the quiz's answers table is locked, so every
    thread has read the student's attempts before any can finish; then let them go."""
    results, ready = [], threading.Barrier(len(bodies))

    def post(body):
        client = Client()
        client.force_login(student)
        ready.wait()
        try:
            results.append(client.post(quiz_url(quiz), body).status_code)
        except Exception as exc:  # noqa: BLE001 - the test reports what leaked out
            results.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(body,)) for body in bodies]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("LOCK TABLE mentoring_quizanswer IN EXCLUSIVE MODE")
        for thread in threads:
            thread.start()
        _wait_for_blocked(cursor, len(bodies))
    for thread in threads:
        thread.join(timeout=30)
    return results


def _wait_for_blocked(cursor, count, timeout=10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        # pg_stat_activity is a snapshot per transaction: take a new one each time.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        if cursor.fetchone()[0] >= count:
            return
        time.sleep(0.02)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_same_form_posted_twice_at_once_is_one_attempt(cohort, student):
    quiz = three_question_quiz(cohort.weeks.get(number=3))
    body = answers(quiz, "RRW")

    results = _post_together(student, quiz, [body, body])

    assert results == [302, 302]
    assert list(QuizAttempt.objects.values_list("number", "score")) == [(1, 2)]
    assert QuizAnswer.objects.count() == 3


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_forms_posted_at_once_are_attempts_1_and_2(cohort, student):
    quiz = three_question_quiz(cohort.weeks.get(number=3))

    results = _post_together(student, quiz, [answers(quiz, "RRR"), answers(quiz, "WWW")])

    assert results == [302, 302]
    assert sorted(QuizAttempt.objects.values_list("number", flat=True)) == [1, 2]
    assert QuizAnswer.objects.count() == 6
