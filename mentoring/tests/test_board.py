"""The question board: students ask on a week (anonymously to peers if they wish) and upvote;
mentors answer from the week page; unanswered questions carry over to later weeks' mentors."""

import re

import pytest
from django.contrib.messages import get_messages

from curriculum.models import Role
from mentoring.models import BoardAnswer, BoardQuestion, BoardUpvote
from tests import factories

from .conftest import BoardAnswerFactory, BoardQuestionFactory, make_students

pytestmark = pytest.mark.django_db

WEEK_3 = "/curriculum/ai-lab-2/weeks/3/"
WEEK_5 = "/curriculum/ai-lab-2/weeks/5/"


def ask_url(week):
    return f"/weeks/{week.pk}/questions/"


def in_english(user):
    user.language = "en"
    user.save(update_fields=["language"])
    return user


def messages_of(response):
    return [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]


def board(html):
    """The question board section of a week page."""
    return html.split('id="board"', 1)[1]


@pytest.fixture
def question(current_week, student):
    return BoardQuestionFactory(
        week=current_week, author=student, title="Why does BatchNorm help?", is_anonymous=True
    )


# --- Asking -----------------------------------------------------------------------------------


def test_a_student_asks_a_question_on_the_week(login, english, current_week):
    response = login(english).post(
        ask_url(current_week),
        {"title": "Why does BatchNorm help?", "body": "Even with **Adam**?", "next": WEEK_3},
    )

    assert response.status_code == 302
    assert response["Location"] == WEEK_3 + "#board"
    assert messages_of(response) == [
        ("success", "Your question is posted. The week's mentor will answer it.")
    ]
    question = BoardQuestion.objects.get()
    assert (question.week, question.author, question.is_anonymous) == (current_week, english, False)
    html = login(english).get(WEEK_3).content.decode()
    assert "Why does BatchNorm help?" in board(html)
    assert "Even with <strong>Adam</strong>?" in board(html)


def test_a_student_may_ask_anonymously(login, student, current_week):
    login(student).post(ask_url(current_week), {"title": "Is this silly?", "is_anonymous": "on"})

    assert BoardQuestion.objects.get().is_anonymous is True


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"title": "x" * 201},
            "Question: Ensure this value has at most 200 characters (it has 201).",
        ),
        ({"title": ""}, "Question: This field is required."),
        ({"title": "   "}, "Question: This field is required."),
        (
            {"title": "Fine", "body": "b" * 20_001},
            "Details: Ensure this value has at most 20000 characters (it has 20001).",
        ),
    ],
)
def test_a_bad_question_gets_a_message_and_nothing_is_stored(
    login, english, current_week, fields, message
):
    response = login(english).post(ask_url(current_week), {**fields, "next": WEEK_3})

    assert response.status_code == 302
    assert messages_of(response) == [("error", message)]
    assert not BoardQuestion.objects.exists()


@pytest.mark.parametrize(
    "persona",
    ["week_mentor", "other_week_mentor", "lead_instructor", "competition_mentor", "staff"],
)
def test_only_students_ask(request, login, current_week, persona):
    response = login(request.getfixturevalue(persona)).post(
        ask_url(current_week), {"title": "A mentor's question"}
    )

    assert response.status_code == 403
    assert not BoardQuestion.objects.exists()


def test_asking_on_another_cohorts_week_is_404(login, student, other_cohort):
    response = login(student).post(
        ask_url(other_cohort.weeks.get(number=3)), {"title": "Wrong cohort"}
    )

    assert response.status_code == 404
    assert not BoardQuestion.objects.exists()


# --- Who sees the author ------------------------------------------------------------------------


def test_other_students_see_an_anonymous_question_as_anonymous(login, classmate, question):
    html = board(login(in_english(classmate)).get(WEEK_3).content.decode())

    assert "Why does BatchNorm help?" in html
    assert "Anonymous" in html
    assert "김학생" not in html


def test_the_author_sees_their_own_name(login, english, question):
    html = board(login(english).get(WEEK_3).content.decode())

    assert "김학생 (anonymous to students)" in html


@pytest.mark.parametrize(
    "persona",
    ["week_mentor", "other_week_mentor", "lead_instructor", "competition_mentor", "staff"],
)
def test_mentors_and_staff_always_see_who_asked(request, login, question, persona):
    html = board(login(in_english(request.getfixturevalue(persona))).get(WEEK_3).content.decode())

    assert "김학생 (anonymous to students)" in html
    assert "Anonymous" not in html


def test_a_question_not_asked_anonymously_shows_its_author_to_everyone(login, classmate, question):
    question.is_anonymous = False
    question.save(update_fields=["is_anonymous"])

    html = board(login(classmate).get(WEEK_3).content.decode())

    assert "김학생" in html


def test_a_student_who_also_mentors_sees_the_authors(login, classmate, question, cohort):
    factories.MembershipFactory(user=classmate, cohort=cohort, role=Role.THEME_MENTOR)

    assert "김학생" in board(login(classmate).get(WEEK_3).content.decode())


# --- Upvotes ------------------------------------------------------------------------------------


def test_an_upvote_toggles(login, classmate, question):
    client = login(classmate)

    first = client.post(f"/questions/{question.pk}/upvote/", {"next": WEEK_3})

    assert first.status_code == 302
    assert first["Location"] == f"{WEEK_3}#question-{question.pk}"
    assert BoardUpvote.objects.filter(question=question, user=classmate).count() == 1
    assert re.search(r'aria-pressed="true"[^>]*>▲ 1</button>', client.get(WEEK_3).content.decode())

    client.post(f"/questions/{question.pk}/upvote/")

    assert not BoardUpvote.objects.exists()


def test_a_student_cannot_upvote_their_own_question(login, english, question):
    response = login(english).post(f"/questions/{question.pk}/upvote/")

    assert messages_of(response) == [("error", "You cannot upvote your own question.")]
    assert not BoardUpvote.objects.exists()


def test_the_most_upvoted_question_comes_first(login, student, classmate, current_week, cohort):
    # Asked first: newest first alone would put it last.
    popular = BoardQuestionFactory(week=current_week, author=classmate, title="Popular question")
    BoardQuestionFactory(week=current_week, author=classmate, title="Quiet question")
    for voter in make_students(cohort, 2):
        BoardUpvote.objects.create(question=popular, user=voter)

    html = board(login(student).get(WEEK_3).content.decode())

    assert html.index("Popular question") < html.index("Quiet question")


def test_upvoting_another_cohorts_question_is_404(login, student, other_cohort_student):
    theirs = BoardQuestionFactory(
        week=other_cohort_student.memberships.get().cohort.weeks.get(number=3),
        author=other_cohort_student,
    )

    assert login(student).post(f"/questions/{theirs.pk}/upvote/").status_code == 404
    assert not BoardUpvote.objects.exists()


# --- Answers ------------------------------------------------------------------------------------


def test_the_weeks_mentor_answers_from_the_week_page(login, week_mentor, student, question):
    mentor = login(in_english(week_mentor))
    html = board(mentor.get(WEEK_3).content.decode())
    assert f'action="/questions/{question.pk}/answers/"' in html

    response = mentor.post(
        f"/questions/{question.pk}/answers/", {"body": "It **smooths** the loss.", "next": WEEK_3}
    )

    assert response.status_code == 302
    assert response["Location"] == f"{WEEK_3}#question-{question.pk}"
    answer = BoardAnswer.objects.get()
    assert (answer.question, answer.author) == (question, week_mentor)
    page = board(login(in_english(student)).get(WEEK_3).content.decode())
    assert "It <strong>smooths</strong> the loss." in page
    assert "이멘토" in page
    assert "Answered" in page


@pytest.mark.parametrize("persona", ["other_week_mentor", "lead_instructor", "staff"])
def test_later_mentors_the_lead_and_staff_answer_too(request, login, question, persona):
    user = request.getfixturevalue(persona)

    response = login(user).post(f"/questions/{question.pk}/answers/", {"body": "Here is why."})

    assert response.status_code == 302
    assert BoardAnswer.objects.get().author == user


@pytest.mark.parametrize("persona", ["student", "classmate", "competition_mentor"])
def test_students_and_competition_mentors_cannot_answer(request, login, question, persona):
    user = request.getfixturevalue(persona)

    response = login(user).post(f"/questions/{question.pk}/answers/", {"body": "I know!"})

    assert response.status_code == 403
    assert not BoardAnswer.objects.exists()


def test_a_student_sees_no_answer_form(login, student, question):
    html = board(login(student).get(WEEK_3).content.decode())

    assert f'action="/questions/{question.pk}/answers/"' not in html


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", "Answer: This field is required."),
        ("a" * 20_001, "Answer: Ensure this value has at most 20000 characters (it has 20001)."),
    ],
)
def test_a_bad_answer_gets_a_message_and_nothing_is_stored(
    login, week_mentor, question, body, message
):
    response = login(in_english(week_mentor)).post(
        f"/questions/{question.pk}/answers/", {"body": body}
    )

    assert response.status_code == 302
    assert messages_of(response) == [("error", message)]
    assert not BoardAnswer.objects.exists()


def test_another_cohorts_mentor_cannot_answer(login, question, other_cohort):
    outsider = factories.UserFactory()
    factories.MembershipFactory(user=outsider, cohort=other_cohort, role=Role.THEME_MENTOR)

    response = login(outsider).post(f"/questions/{question.pk}/answers/", {"body": "Hi"})

    assert response.status_code == 404
    assert not BoardAnswer.objects.exists()


# --- The usual battery ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["weeks/{week}/questions/", "questions/{q}/upvote/", "questions/{q}/answers/"]
)
def test_anonymous_visitors_are_sent_to_the_login_page(client, question, path):
    url = "/" + path.format(week=question.week_id, q=question.pk)

    response = client.post(url, {"title": "t", "body": "b"})

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"
    assert BoardQuestion.objects.count() == 1
    assert not BoardAnswer.objects.exists()


@pytest.mark.parametrize(
    "path", ["weeks/{week}/questions/", "questions/{q}/upvote/", "questions/{q}/answers/"]
)
def test_the_board_only_takes_post(login, week_mentor, question, path):
    url = "/" + path.format(week=question.week_id, q=question.pk)

    assert login(week_mentor).get(url).status_code == 405


# --- Unanswered questions carry over ------------------------------------------------------------


@pytest.fixture
def earlier_questions(cohort, student):
    weeks = {n: cohort.weeks.get(number=n) for n in range(1, 7)}
    answered = BoardQuestionFactory(week=weeks[1], author=student, title="Answered in week 1")
    BoardAnswerFactory(question=answered, body="Done.")
    return {
        "unanswered 2": BoardQuestionFactory(week=weeks[2], author=student, title="Open in week 2"),
        "unanswered 3": BoardQuestionFactory(week=weeks[3], author=student, title="Open in week 3"),
        "answered 1": answered,
        "later 6": BoardQuestionFactory(week=weeks[6], author=student, title="Asked in week 6"),
    }


def test_a_later_weeks_mentor_sees_the_earlier_unanswered_questions(
    login, other_week_mentor, earlier_questions
):
    response = login(in_english(other_week_mentor)).get(WEEK_5)

    html = board(response.content.decode())
    carried = html.split("Still unanswered from earlier weeks", 1)[1]
    assert "Open in week 2" in carried
    assert "Open in week 3" in carried
    assert "Answered in week 1" not in html
    assert "Asked in week 6" not in html
    question = earlier_questions["unanswered 2"]
    assert f'href="/curriculum/ai-lab-2/weeks/2/#question-{question.pk}"' in carried
    assert f'action="/questions/{question.pk}/answers/"' in carried


def test_answering_a_carried_question_takes_it_off_the_list(
    login, other_week_mentor, earlier_questions
):
    client = login(in_english(other_week_mentor))
    question = earlier_questions["unanswered 2"]

    client.post(f"/questions/{question.pk}/answers/", {"body": "Late but here.", "next": WEEK_5})

    html = board(client.get(WEEK_5).content.decode())
    assert "Open in week 2" not in html
    assert "Open in week 3" in html


def test_students_do_not_get_the_carried_over_list(login, english, earlier_questions):
    html = board(login(english).get(WEEK_5).content.decode())

    assert "Still unanswered from earlier weeks" not in html
    assert "Open in week 2" not in html
