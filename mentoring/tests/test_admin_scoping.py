"""Mentors author their weeks in the admin, and only their weeks: lists, the week choice, the
objects they open and the forms they post are all limited to them. Staff see their cohorts."""

import pytest
from django.utils import translation

from curriculum.models import Role
from curriculum.services import user_sync_admin_access
from mentoring.models import (
    Article,
    BoardAnswer,
    Mission,
    Quiz,
    QuizChoice,
    QuizQuestion,
)
from tests import factories

from .conftest import (
    ArticleFactory,
    BoardQuestionFactory,
    MissionFactory,
    QuizFactory,
    three_question_quiz,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def mentor(week_mentor):
    """The theme mentor of week 3, with the admin access a membership gives."""
    user_sync_admin_access(user=week_mentor)
    week_mentor.language = "en"
    week_mentor.save(update_fields=["language"])
    return week_mentor


@pytest.fixture
def content(cohort, current_week, other_cohort, student):
    """One of everything in week 3 (the mentor's), week 5 (another mentor's) and another
    cohort's week 3."""
    weeks = {
        "own": current_week,
        "other week": cohort.weeks.get(number=5),
        "other cohort": other_cohort.weeks.get(number=3),
    }
    made = {}
    for key, week in weeks.items():
        made[key] = {
            "mission": MissionFactory(week=week, title=f"Mission of {key}"),
            "article": ArticleFactory(week=week, title=f"Article of {key}"),
            "quiz": three_question_quiz(week, title=f"Quiz of {key}"),
            "question": BoardQuestionFactory(week=week, author=student, title=f"Asked in {key}"),
        }
    return made


def listed(client, model):
    response = client.get(f"/admin/mentoring/{model}/")
    assert response.status_code == 200
    return sorted(str(obj) for obj in response.context["cl"].result_list)


# --- What a mentor sees -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "expected"),
    [
        ("mission", ["Mission of own"]),
        ("article", ["Article of own"]),
        ("quiz", ["Quiz of own"]),
        ("boardquestion", ["Asked in own"]),
    ],
)
def test_a_mentor_lists_only_the_content_of_their_weeks(login, mentor, content, model, expected):
    assert listed(login(mentor), model) == expected


def test_a_mentor_lists_only_the_questions_of_their_quizzes(login, mentor, content):
    own = content["own"]["quiz"]

    response = login(mentor).get("/admin/mentoring/quizquestion/")

    assert {q.quiz_id for q in response.context["cl"].result_list} == {own.pk}
    assert len(response.context["cl"].result_list) == 3


@pytest.mark.parametrize("model", ["mission", "article", "quiz"])
def test_the_week_choice_lists_only_the_mentors_weeks(login, mentor, current_week, content, model):
    response = login(mentor).get(f"/admin/mentoring/{model}/add/")

    assert response.status_code == 200
    field = response.context["adminform"].form.fields["week"]
    assert list(field.queryset) == [current_week]


def test_the_lecture_choice_lists_only_the_mentors_lectures(login, mentor, current_week, content):
    response = login(mentor).get("/admin/mentoring/quiz/add/")

    lectures = response.context["adminform"].form.fields["lecture"].queryset
    assert set(lectures) == set(current_week.lectures.all())


def test_the_quiz_choice_of_a_question_lists_only_the_mentors_quizzes(login, mentor, content):
    response = login(mentor).get("/admin/mentoring/quizquestion/add/")

    quizzes = response.context["adminform"].form.fields["quiz"].queryset
    assert list(quizzes) == [content["own"]["quiz"]]


@pytest.mark.parametrize("persona", ["other_week_mentor", "staff"])
def test_the_week_choice_of_others(request, login, cohort, persona):
    user = request.getfixturevalue(persona)
    user_sync_admin_access(user=user)

    response = login(user).get("/admin/mentoring/mission/add/")

    weeks = response.context["adminform"].form.fields["week"].queryset
    if persona == "staff":
        assert sorted(week.number for week in weeks) == [1, 2, 3, 4, 5, 6]
        assert {week.cohort_id for week in weeks} == {cohort.pk}
    else:
        assert [week.number for week in weeks] == [5]


# --- Another week's objects ---------------------------------------------------------------------


OBJECTS = {
    "mission": "mission",
    "article": "article",
    "quiz": "quiz",
    "boardquestion": "question",
}


@pytest.mark.parametrize("key", ["other week", "other cohort"])
@pytest.mark.parametrize("model", OBJECTS)
def test_another_weeks_object_cannot_be_opened(login, mentor, content, model, key):
    obj = content[key][OBJECTS[model]]

    for page in ["change", "delete", "history"]:
        response = login(mentor).get(f"/admin/mentoring/{model}/{obj.pk}/{page}/")
        if model == "boardquestion" and page == "delete":
            assert response.status_code == 403  # mentors delete no question, even their own
        else:
            assert (response.status_code, response["Location"]) == (302, "/admin/"), page
    assert type(obj).objects.filter(pk=obj.pk).exists()


@pytest.mark.parametrize("key", ["other week", "other cohort"])
def test_another_weeks_mission_cannot_be_changed_or_deleted(login, mentor, content, key):
    mission = content[key]["mission"]
    client = login(mentor)

    changed = client.post(
        f"/admin/mentoring/mission/{mission.pk}/change/",
        mission_form(week=mission.week_id, title="Hijacked"),
    )
    deleted = client.post(f"/admin/mentoring/mission/{mission.pk}/delete/", {"post": "yes"})

    assert (changed.status_code, changed["Location"]) == (302, "/admin/")
    assert (deleted.status_code, deleted["Location"]) == (302, "/admin/")
    mission.refresh_from_db()
    assert mission.title == f"Mission of {key}"


def test_another_weeks_quiz_question_cannot_be_opened(login, mentor, content):
    question = content["other week"]["quiz"].questions.first()

    response = login(mentor).get(f"/admin/mentoring/quizquestion/{question.pk}/change/")

    assert (response.status_code, response["Location"]) == (302, "/admin/")


def test_another_weeks_objects_cannot_be_deleted_in_bulk(login, mentor, content):
    own, theirs = content["own"]["article"], content["other week"]["article"]

    login(mentor).post(
        "/admin/mentoring/article/",
        {"action": "delete_selected", "_selected_action": [own.pk, theirs.pk], "post": "yes"},
    )

    assert list(Article.objects.filter(pk__in=[own.pk, theirs.pk])) == [theirs]


# --- Forged posts ---------------------------------------------------------------------------------


def mission_form(**fields):
    return {
        "title": "Fine-tune ResNet",
        "difficulty": "medium",
        "estimated_hours": "3",
        "order": "1",
        "body": "Use **Adam**.",
        "due_at_0": "",
        "due_at_1": "",
        **fields,
    }


QUIZ_FORM = {
    "title": "Admin quiz",
    "intended_difficulty": "medium",
    "is_pre_lecture": "on",
    "is_open": "on",
    "questions-TOTAL_FORMS": "2",
    "questions-INITIAL_FORMS": "0",
    "questions-MIN_NUM_FORMS": "0",
    "questions-MAX_NUM_FORMS": "1000",
    "questions-0-order": "1",
    "questions-0-text": "2+2?",
    "questions-0-kind": "single",
    "questions-0-explanation": "Arithmetic.",
    "questions-0-choice_1": "4",
    "questions-0-choice_2": "5",
    "questions-0-choice_3": "22",
    "questions-0-correct": ["1"],
    "questions-1-order": "2",
    "questions-1-text": "Which are optimizers?",
    "questions-1-kind": "multiple",
    "questions-1-explanation": "Both update weights.",
    "questions-1-choice_1": "Adam",
    "questions-1-choice_2": "ReLU",
    "questions-1-choice_3": "SGD",
    "questions-1-correct": ["1", "3"],
}


def errors_of(response):
    form = response.context["adminform"].form
    inline_errors = [
        error
        for formset in response.context.get("inline_admin_formsets", [])
        for error in [*formset.formset.errors, formset.formset.non_form_errors()]
        if error
    ]
    return form.errors, inline_errors


@pytest.mark.parametrize("key", ["other week", "other cohort"])
def test_a_forged_post_creating_a_mission_in_another_week_is_refused(
    login, mentor, cohort, other_cohort, content, key
):
    week = content[key]["mission"].week
    before = Mission.objects.count()

    response = login(mentor).post(
        "/admin/mentoring/mission/add/", mission_form(week=week.pk, title="Forged")
    )

    assert response.status_code == 200
    assert "week" in errors_of(response)[0]
    assert Mission.objects.count() == before
    assert not Mission.objects.filter(title="Forged").exists()


def test_a_forged_post_creating_an_article_in_another_week_is_refused(login, mentor, content):
    week = content["other week"]["article"].week

    response = login(mentor).post(
        "/admin/mentoring/article/add/",
        {
            "week": week.pk,
            "day": "2025-03-24",
            "title": "Forged",
            "url": "https://example.com/x",
            "reading_minutes": "5",
        },
    )

    assert response.status_code == 200
    assert "week" in errors_of(response)[0]
    assert not Article.objects.filter(title="Forged").exists()


def test_a_forged_post_creating_a_quiz_in_another_week_is_refused(login, mentor, content):
    week = content["other week"]["quiz"].week

    response = login(mentor).post("/admin/mentoring/quiz/add/", {**QUIZ_FORM, "week": week.pk})

    assert response.status_code == 200
    assert "week" in errors_of(response)[0]
    assert not Quiz.objects.filter(title="Admin quiz").exists()
    assert not QuizQuestion.objects.filter(text="2+2?").exists()


def test_a_forged_post_moving_an_own_mission_to_another_week_is_refused(
    login, mentor, current_week, content
):
    mission = content["own"]["mission"]
    other = content["other week"]["mission"].week

    response = login(mentor).post(
        f"/admin/mentoring/mission/{mission.pk}/change/",
        mission_form(week=other.pk, title="Moved"),
    )

    assert response.status_code == 200
    assert "week" in errors_of(response)[0]
    mission.refresh_from_db()
    assert (mission.week, mission.title) == (current_week, "Mission of own")


def test_a_forged_post_adding_a_question_to_another_weeks_quiz_is_refused(login, mentor, content):
    theirs = content["other week"]["quiz"]

    response = login(mentor).post(
        "/admin/mentoring/quizquestion/add/",
        {
            "quiz": theirs.pk,
            "order": "9",
            "text": "Forged question",
            "kind": "single",
            "choices-TOTAL_FORMS": "0",
            "choices-INITIAL_FORMS": "0",
            "choices-MIN_NUM_FORMS": "0",
            "choices-MAX_NUM_FORMS": "1000",
        },
    )

    assert response.status_code == 200
    assert "quiz" in errors_of(response)[0]
    assert not QuizQuestion.objects.filter(text="Forged question").exists()


def test_a_forged_lecture_of_another_week_is_refused(login, mentor, current_week, content):
    lecture = content["other week"]["quiz"].week.lectures.first()

    response = login(mentor).post(
        "/admin/mentoring/quiz/add/", {**QUIZ_FORM, "week": current_week.pk, "lecture": lecture.pk}
    )

    assert response.status_code == 200
    assert "lecture" in errors_of(response)[0]
    assert not Quiz.objects.filter(title="Admin quiz").exists()


# --- Writing in their own week ------------------------------------------------------------------


def test_a_mentor_adds_a_mission_to_their_week_and_is_recorded_as_its_author(
    login, mentor, current_week
):
    response = login(mentor).post(
        "/admin/mentoring/mission/add/", mission_form(week=current_week.pk)
    )

    assert response.status_code == 302
    mission = Mission.objects.get(title="Fine-tune ResNet")
    assert (mission.week, mission.difficulty, mission.created_by, mission.updated_by) == (
        current_week,
        "medium",
        mentor,
        mentor,
    )


def test_a_change_by_staff_keeps_the_author_and_records_who_changed_it(
    login, mentor, staff, current_week
):
    login(mentor).post("/admin/mentoring/mission/add/", mission_form(week=current_week.pk))
    mission = Mission.objects.get()

    response = login(staff).post(
        f"/admin/mentoring/mission/{mission.pk}/change/",
        mission_form(week=current_week.pk, title="Fine-tune ResNet-50"),
    )

    assert response.status_code == 302
    mission.refresh_from_db()
    assert (mission.title, mission.created_by, mission.updated_by) == (
        "Fine-tune ResNet-50",
        mentor,
        staff,
    )


def test_a_quiz_with_its_questions_and_choices_is_written_in_one_post(login, mentor, current_week):
    response = login(mentor).post(
        "/admin/mentoring/quiz/add/", {**QUIZ_FORM, "week": current_week.pk}
    )

    assert response.status_code == 302, errors_of(response)
    quiz = Quiz.objects.get(title="Admin quiz")
    assert (quiz.week, quiz.created_by, quiz.updated_by) == (current_week, mentor, mentor)
    stored = [
        (question.text, question.kind, [(c.text, c.is_correct) for c in question.choices.all()])
        for question in quiz.questions.order_by("order")
    ]
    assert stored == [
        ("2+2?", "single", [("4", True), ("5", False), ("22", False)]),
        ("Which are optimizers?", "multiple", [("Adam", True), ("ReLU", False), ("SGD", True)]),
    ]


def test_editing_a_question_replaces_its_choices(login, mentor, current_week):
    client = login(mentor)
    client.post("/admin/mentoring/quiz/add/", {**QUIZ_FORM, "week": current_week.pk})
    quiz = Quiz.objects.get(title="Admin quiz")
    first, second = quiz.questions.order_by("order")
    edit = {
        **QUIZ_FORM,
        "week": current_week.pk,
        "questions-INITIAL_FORMS": "2",
        "questions-0-id": first.pk,
        "questions-0-quiz": quiz.pk,
        "questions-1-id": second.pk,
        "questions-1-quiz": quiz.pk,
        "questions-0-choice_3": "",
        "questions-0-choice_2": "four",
        "questions-0-correct": ["2"],
    }

    response = client.post(f"/admin/mentoring/quiz/{quiz.pk}/change/", edit)

    assert response.status_code == 302, errors_of(response)
    assert [(c.text, c.is_correct) for c in first.choices.all()] == [("4", False), ("four", True)]
    assert QuizChoice.objects.filter(question=second).count() == 3


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        (
            {"questions-0-correct": ["1", "2"]},
            "A single-choice question has exactly one correct choice.",
        ),
        ({"questions-0-choice_2": "", "questions-0-choice_3": ""}, "Give at least two choices."),
        ({"questions-0-correct": []}, "Mark at least one choice as correct."),
        ({"questions-0-correct": ["5"]}, "A choice marked correct is empty."),
    ],
)
def test_a_question_with_bad_choices_is_a_form_error_and_nothing_is_stored(
    login, mentor, current_week, fields, error
):
    response = login(mentor).post(
        "/admin/mentoring/quiz/add/", {**QUIZ_FORM, "week": current_week.pk, **fields}
    )

    assert response.status_code == 200
    with translation.override(mentor.language):  # the lazy messages, as the page showed them
        assert error in str(errors_of(response)[1])
    assert not Quiz.objects.exists()
    assert not QuizChoice.objects.exists()


def test_a_mentor_answers_a_question_of_their_week_in_the_admin(login, mentor, content):
    question = content["own"]["question"]

    response = login(mentor).post(
        f"/admin/mentoring/boardquestion/{question.pk}/change/",
        {
            "answers-TOTAL_FORMS": "1",
            "answers-INITIAL_FORMS": "0",
            "answers-MIN_NUM_FORMS": "0",
            "answers-MAX_NUM_FORMS": "1000",
            "answers-0-body": "Read chapter 3.",
        },
    )

    assert response.status_code == 302
    answer = BoardAnswer.objects.get()
    assert (answer.question, answer.author, answer.body) == (question, mentor, "Read chapter 3.")
    question.refresh_from_db()
    assert question.title == "Asked in own"


def test_the_mission_change_page_previews_the_markdown_safely(login, mentor, current_week):
    mission = MissionFactory(
        week=current_week, body="**Bold** <script>alert(1)</script>[x](javascript:alert(2))"
    )

    html = login(mentor).get(f"/admin/mentoring/mission/{mission.pk}/change/").content.decode()

    preview = html.split('<div class="markdown-preview">', 1)[1].split("</div>", 1)[0]
    assert "<strong>Bold</strong>" in preview
    assert "<script" not in preview
    assert "javascript:" not in preview


# --- Staff, the lead instructor, students -------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "expected"),
    [
        ("mission", ["Mission of other week", "Mission of own"]),
        ("article", ["Article of other week", "Article of own"]),
        ("quiz", ["Quiz of other week", "Quiz of own"]),
        ("boardquestion", ["Asked in other week", "Asked in own"]),
    ],
)
def test_staff_see_everything_of_their_cohort_and_nothing_else(
    login, staff, content, model, expected
):
    assert listed(login(staff), model) == expected


def test_staff_may_change_any_week_of_their_cohort(login, staff, content):
    mission = content["other week"]["mission"]

    response = login(staff).post(
        f"/admin/mentoring/mission/{mission.pk}/change/",
        mission_form(week=mission.week_id, title="Edited by staff"),
    )

    assert response.status_code == 302
    mission.refresh_from_db()
    assert (mission.title, mission.updated_by) == ("Edited by staff", staff)


def test_the_lead_instructor_reads_every_week_but_writes_none(login, lead_instructor, content):
    user_sync_admin_access(user=lead_instructor)
    client = login(lead_instructor)

    assert listed(client, "mission") == ["Mission of other week", "Mission of own"]
    assert client.get("/admin/mentoring/mission/add/").status_code == 403
    mission = content["own"]["mission"]
    client.post(
        f"/admin/mentoring/mission/{mission.pk}/change/",
        mission_form(week=mission.week_id, title="Lead edit"),
    )
    mission.refresh_from_db()
    assert mission.title == "Mission of own"


@pytest.mark.parametrize(
    "url", ["/admin/", "/admin/mentoring/mission/", "/admin/mentoring/quiz/add/"]
)
def test_students_cannot_open_the_admin(login, student, url):
    user_sync_admin_access(user=student)

    response = login(student).get(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_a_forged_post_by_a_student_stores_nothing(login, student, current_week):
    response = login(student).post(
        "/admin/mentoring/mission/add/", mission_form(week=current_week.pk, title="By a student")
    )

    assert response.status_code == 302
    assert not Mission.objects.exists()


def test_a_mentor_without_any_week_sees_empty_lists(login, cohort):
    unassigned = factories.UserFactory()
    factories.MembershipFactory(user=unassigned, cohort=cohort, role=Role.THEME_MENTOR)
    user_sync_admin_access(user=unassigned)
    MissionFactory(week=cohort.weeks.get(number=3))
    QuizFactory(week=cohort.weeks.get(number=3))
    client = login(unassigned)

    assert listed(client, "mission") == []
    assert listed(client, "quiz") == []
    form = client.get("/admin/mentoring/mission/add/").context["adminform"].form
    assert list(form.fields["week"].queryset) == []
