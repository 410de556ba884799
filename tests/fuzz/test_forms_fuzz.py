"""The forms people post, fuzzed with hypothesis through the real views and the test client.

Two properties hold for every input: the answer is never a server error (status < 500), and an
input that is refused writes nothing (the row counts of the tables the form touches are the same
afterwards); an accepted one writes exactly the rows it should.

The data of a test is built once by its fixtures; hypothesis then posts many inputs into the same
database transaction, so each example compares the counts before and after its own request
(hence the suppressed function-scoped-fixture health check: the fixtures are meant to be shared).
"""

import datetime
import uuid

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from accounts.models import User
from competitions.models import ScoreEntry, Session, SessionChange
from mentoring.continuity_models import HandoffNote, LeadSession, StudentNote
from mentoring.models import (
    BoardAnswer,
    BoardQuestion,
    MissionProgress,
    MissionStatus,
    QuizAnswer,
    QuizAttempt,
)
from mentoring.tests.conftest import BoardQuestionFactory, MissionFactory, three_question_quiz
from notifications.models import CategoryPreference
from tests.fuzz.strategies import (
    DATES,
    DATETIMES,
    FUZZ,
    NEXT,
    NUMBERISH,
    TEXT,
    URLS,
    answered,
    counts,
    form,
    near,
    ok,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]

# --- Quiz submission ----------------------------------------------------------------------------


@pytest.fixture
def quiz(current_week):
    return three_question_quiz(current_week)


@pytest.fixture
def foreign_choice_ids(other_cohort):
    other = three_question_quiz(other_cohort.weeks.get(number=3))
    return [choice.pk for question in other.questions.all() for choice in question.choices.all()]


REUSED_TOKENS = [str(uuid.UUID(int=n)) for n in (1, 2, 3)] + ["00000000000000000000000000000001"]


@FUZZ
@given(data=st.data())
def test_quiz_submission(login, student, quiz, foreign_choice_ids, data):
    client = login(student)
    questions = list(quiz.questions.all())
    own_ids = [c.pk for q in questions for c in q.choices.all()]
    choice = st.one_of(
        st.sampled_from(own_ids).map(str),
        st.sampled_from(foreign_choice_ids).map(str),
        NUMBERISH,
    )
    keys = st.one_of(
        st.sampled_from([f"q{q.pk}" for q in questions]),
        NUMBERISH.map(lambda value: f"q{value}"),
        TEXT,
    )
    # A well-formed answer sheet (one own choice per question, maybe one too many) half the
    # time, so the accepted path is fuzzed too; otherwise anything.
    sheet = st.tuples(
        *[
            st.lists(st.sampled_from([c.pk for c in q.choices.all()]), min_size=1, max_size=2)
            for q in questions
        ]
    ).map(
        lambda picks: {
            f"q{q.pk}": [str(i) for i in pick] for q, pick in zip(questions, picks, strict=True)
        }
    )
    garbage = st.dictionaries(keys, st.lists(choice, max_size=4), max_size=6)
    body = data.draw(
        st.one_of(
            sheet,
            sheet,
            st.tuples(sheet, garbage).map(lambda pair: pair[0] | pair[1]),
            garbage,
        )
    )
    # Fresh tokens, a few reused ones (the same form posted again stores nothing new), garbage.
    body["token"] = data.draw(
        st.one_of(st.uuids().map(str), st.sampled_from(REUSED_TOKENS), TEXT), label="token"
    )
    before = counts(QuizAttempt, QuizAnswer, QuizAnswer.selected.through)
    response = client.post(f"/quizzes/{quiz.pk}/", body)
    answered(response)
    after = counts(QuizAttempt, QuizAnswer, QuizAnswer.selected.through)
    if response.status_code == 302 and after != before:
        assert after["QuizAttempt"] == before["QuizAttempt"] + 1
        assert after["QuizAnswer"] == before["QuizAnswer"] + len(questions)
        attempt = QuizAttempt.objects.latest("pk")
        assert {a.question_id for a in attempt.answers.all()} == {q.pk for q in questions}
        chosen = set(QuizAnswer.selected.through.objects.filter(quizanswer__attempt=attempt))
        assert {row.quizchoice_id for row in chosen} <= set(own_ids)
        ok(client.get(response["Location"]))  # the result page shows what was stored
    else:
        assert after == before


# --- Mission status -----------------------------------------------------------------------------


@pytest.fixture
def mission(current_week):
    return MissionFactory(week=current_week)


@FUZZ
@given(
    body=form(
        status=st.one_of(st.sampled_from(MissionStatus.values), TEXT),
        link=st.one_of(
            st.sampled_from(
                [
                    "https://github.com/me/repo",
                    "javascript:alert(1)",
                    "http://localhost/",
                    "https://" + "a" * 600 + ".com",
                    "ftp://example.com/x",
                    "https://例え.jp/パス",
                ]
            ),
            TEXT,
        ),
        next=NEXT,
    ),
    htmx=st.booleans(),
    referer=NEXT,
)
def test_mission_status(login, student, mission, body, htmx, referer):
    client = login(student)
    before = list(MissionProgress.objects.values_list("mission", "student", "status", "link"))
    headers = {"HTTP_HX_REQUEST": "true", "HTTP_HX_CURRENT_URL": referer} if htmx else {}
    headers["HTTP_REFERER"] = referer
    response = client.post(f"/missions/{mission.pk}/status/", body, **headers)
    answered(response)
    after = list(MissionProgress.objects.values_list("mission", "student", "status", "link"))
    assert len(after) <= 1
    if after != before:
        # Accepted: one row for this student and mission, with the status that was posted.
        (row,) = after
        assert row[:2] == (mission.pk, student.pk)
        posted = body.get("status")
        posted = posted[-1] if isinstance(posted, list) else posted
        assert row[2] == posted
        assert len(row[3]) <= 500
        if row[3]:
            assert row[2] == MissionStatus.DONE and row[3].startswith(("http://", "https://"))


# --- Booking on the schedule board --------------------------------------------------------------


@pytest.fixture
def board_setup(staff, competition, team, competition_mentor, other_cohort):
    from tests import factories

    outsiders_team = factories.TeamFactory(
        competition=factories.CompetitionFactory(cohort=other_cohort), name="외부조"
    )
    return {
        "teams": [str(team.pk), str(outsiders_team.pk)],
        "mentors": [str(competition_mentor.pk), str(staff.pk)],
    }


@FUZZ
@given(data=st.data())
def test_board_booking(login, staff, competition, board_setup, data):
    client = login(staff)
    now = timezone.localtime(timezone.now() + datetime.timedelta(hours=24))
    good_times = [
        (now + datetime.timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M")
        for hours in range(0, 240, 7)
    ]
    times = st.one_of(st.sampled_from(good_times), st.sampled_from(good_times), DATETIMES)
    fuzzed = form(
        team=st.one_of(st.sampled_from(board_setup["teams"]), NUMBERISH),
        mentor=st.one_of(st.sampled_from(board_setup["mentors"]), NUMBERISH),
        starts_at=times,
        minutes=st.one_of(st.sampled_from(["30", "60"]), NUMBERISH),
        meeting_url=st.one_of(st.just("https://meet.example/abc"), st.just(""), URLS),
        confirm_late=st.sampled_from(["on", "true", "", "0"]),
        late_reason=TEXT,
    )
    valid = {
        "team": st.just(board_setup["teams"][0]),
        "mentor": st.just(board_setup["mentors"][0]),
        "starts_at": st.sampled_from(good_times),
        "minutes": st.just("30"),
        "meeting_url": st.just("https://meet.example/abc"),
    }
    body = data.draw(st.one_of(fuzzed, near(valid, fuzzed)))
    before = counts(Session, SessionChange)
    response = client.post(f"/competitions/{competition.pk}/board/", body)
    answered(response)
    after = counts(Session, SessionChange)
    if response.status_code == 302:
        assert after["Session"] == before["Session"] + 1
        session = Session.objects.latest("pk")
        assert str(session.team_id) == board_setup["teams"][0]
        assert session.starts_at < session.ends_at
        ok(client.get(f"/competitions/{competition.pk}/board/"))
    else:
        assert after == before


# The far ends of the calendar, with everything else right: found by fuzzing (years 1 and 9999
# overflowed when the session's length was added, or when shown in Seoul's time zone).
EXTREMES = ["9999-12-31T23:59", "9999-12-31 23:30", "0001-01-01T00:00", "1899-12-31T23:59"]


@pytest.mark.parametrize("when", EXTREMES)
def test_extreme_datetimes_are_refused(
    login, staff, competition, board_setup, lead_instructor, student, cohort, when
):
    client = login(staff)
    for minutes in ("30", "60"):
        body = {"team": board_setup["teams"][0], "mentor": board_setup["mentors"][0]}
        body |= {"starts_at": when, "minutes": minutes, "confirm_late": "on", "late_reason": "x"}
        response = client.post(f"/competitions/{competition.pk}/board/", body)
        assert response.status_code == 400
        assert "올바른 날짜/시각을 입력하세요." in response.content.decode()
    assert not Session.objects.exists()
    client = login(lead_instructor)
    body = {"kind": "one_to_one", "student": student.pk, "topic": "t", "starts_at": when}
    response = client.post(
        f"/cohorts/{cohort.slug}/lead-sessions/", body | {"duration_minutes": 60}
    )
    assert response.status_code == 400
    assert not LeadSession.objects.exists()
    client = login(student)
    body = {"recorded_on": when[:10], "score": "0.5", "rank": "1"}
    client.post(f"/competitions/teams/{board_setup['teams'][0]}/scores/", body)
    assert not ScoreEntry.objects.exists()
    ok(client.get("/competitions/"))


# --- The question board -------------------------------------------------------------------------


@FUZZ
@given(
    body=form(
        title=TEXT, body=TEXT, is_anonymous=st.sampled_from(["on", "", "false", "x"]), next=NEXT
    )
)
def test_board_question(login, student, current_week, body):
    client = login(student)
    before = counts(BoardQuestion)
    response = client.post(f"/weeks/{current_week.pk}/questions/", body)
    answered(response)
    after = counts(BoardQuestion)
    assert after["BoardQuestion"] - before["BoardQuestion"] in (0, 1)
    if after != before:
        question = BoardQuestion.objects.latest("pk")
        assert question.title.strip() and "\x00" not in question.title + question.body


@FUZZ
@given(body=form(body=TEXT, next=NEXT))
def test_board_answer(login, week_mentor, student, current_week, body):
    question = BoardQuestion.objects.filter(week=current_week).first() or BoardQuestionFactory(
        week=current_week, author=student
    )
    client = login(week_mentor)
    before = counts(BoardAnswer)
    response = client.post(f"/questions/{question.pk}/answers/", body)
    answered(response)
    after = counts(BoardAnswer)
    assert after["BoardAnswer"] - before["BoardAnswer"] in (0, 1)
    if after != before:
        assert BoardAnswer.objects.latest("pk").body.strip()


# --- Preferences --------------------------------------------------------------------------------


def _user_row(user):
    return User.objects.values_list("name", "language", "time_zone").get(pk=user.pk)


PREFERENCES = form(
    name=st.one_of(st.sampled_from(["김학생", "Kim", ""]), TEXT),
    language=st.one_of(st.sampled_from(["ko", "en", "fr", "KO", ""]), TEXT),
    time_zone=st.one_of(
        st.sampled_from(
            ["Asia/Seoul", "UTC", "Europe/Berlin", "America/St_Johns", "Mars/Olympus", "../etc"]
        ),
        TEXT,
    ),
)
VALID_PREFERENCES = {
    "name": st.sampled_from(["김학생", "Kim Student"]),
    "language": st.sampled_from(["ko", "en"]),
    "time_zone": st.sampled_from(["Asia/Seoul", "UTC", "America/St_Johns"]),
}


@FUZZ
@given(body=st.one_of(PREFERENCES, near(VALID_PREFERENCES, PREFERENCES)))
def test_account_preferences(login, student, body):
    client = login(student)
    before = _user_row(student)
    response = client.post("/accounts/preferences/", body)
    answered(response)
    after = _user_row(student)
    if response.status_code == 302:
        assert after[1] in ("ko", "en")
    else:
        assert after == before


@FUZZ
@given(
    body=form(language=st.one_of(st.sampled_from(["ko", "en", "xx"]), TEXT), next=NEXT),
)
def test_set_language(login, student, body):
    client = login(student)
    before = _user_row(student)
    response = client.post("/accounts/language/", body)
    answered(response)
    after = _user_row(student)
    assert after[1] in ("ko", "en")
    if after != before:
        posted = body["language"]
        assert after[1] == (posted[-1] if isinstance(posted, list) else posted)


@FUZZ
@given(data=st.data())
def test_notification_preferences(login, student, data):
    from notifications import registry

    client = login(student)
    fields = {}
    for category in registry.categories():
        fields[f"email_{category.key}"] = st.sampled_from(["on", "", "true", "False", "0"])
        fields[f"frequency_{category.key}"] = st.one_of(st.sampled_from(["daily", "weekly"]), TEXT)
    body = data.draw(form(**fields))
    before = list(CategoryPreference.objects.values_list("user", "category", "email", "frequency"))
    response = client.post("/notifications/preferences/", body)
    answered(response)
    after = list(CategoryPreference.objects.values_list("user", "category", "email", "frequency"))
    if response.status_code != 302:
        assert after == before
    else:
        keys = {category.key for category in registry.categories()}
        assert {row[1] for row in after} <= keys
        assert len(after) <= len(keys)


# --- Mentor and lead instructor notes -----------------------------------------------------------


@FUZZ
@given(body=form(went_well=TEXT, struggled=TEXT, pick_up=TEXT, about_students=TEXT))
def test_handoff_note(login, week_mentor, current_week, body):
    client = login(week_mentor)
    before = list(HandoffNote.objects.values_list("pk", "went_well", "struggled"))
    response = client.post(f"/weeks/{current_week.pk}/handoff-note/", body)
    answered(response)
    after = list(HandoffNote.objects.values_list("pk", "went_well", "struggled"))
    assert len(after) <= 1  # one note per mentor and week, however often it is posted
    if response.status_code != 302:
        assert after == before


NOTE = form(
    topic=st.one_of(st.sampled_from(["career", "level", "follow_up", "other", "x"]), TEXT),
    body=st.one_of(st.just("Talked about the NLP project."), TEXT),
)
VALID_NOTE = {
    "topic": st.sampled_from(["career", "level", "follow_up", "other"]),
    "body": st.just("Talked about the NLP project."),
}


@FUZZ
@given(body=st.one_of(NOTE, near(VALID_NOTE, NOTE)))
def test_private_note(login, lead_instructor, student, cohort, body):
    client = login(lead_instructor)
    before = counts(StudentNote)
    response = client.post(f"/cohorts/{cohort.slug}/students/{student.pk}/", body)
    answered(response)
    after = counts(StudentNote)
    if response.status_code == 302:
        assert after["StudentNote"] == before["StudentNote"] + 1
        ok(client.get(f"/cohorts/{cohort.slug}/students/{student.pk}/"))
    else:
        assert after == before


@FUZZ
@given(data=st.data())
def test_lead_session(login, lead_instructor, student, other_cohort_student, cohort, data):
    client = login(lead_instructor)
    # Half the time a coherent kind and student, so that the accepted path is fuzzed too.
    valid = {
        "kind": st.just("one_to_one"),
        "student": st.just(str(student.pk)),
        "topic": st.just("Check-in"),
        "starts_at": st.integers(1, 5000).map(
            lambda hours: (timezone.localtime() + datetime.timedelta(hours=hours)).strftime(
                "%Y-%m-%dT%H:%M"
            )
        ),
        "duration_minutes": st.sampled_from(["10", "60", "240"]),
    }
    fuzzed = form(
        kind=st.one_of(st.sampled_from(["group", "one_to_one", "solo"]), TEXT),
        student=st.one_of(
            st.sampled_from([str(student.pk), str(other_cohort_student.pk), ""]), NUMBERISH
        ),
        topic=st.one_of(st.just("1:1 check-in"), TEXT),
        starts_at=st.one_of(
            st.integers(1, 2000).map(
                lambda hours: (timezone.localtime() + datetime.timedelta(hours=hours)).strftime(
                    "%Y-%m-%dT%H:%M"
                )
            ),
            DATETIMES,
        ),
        duration_minutes=st.one_of(
            st.sampled_from(["30", "60", "240", "241", "9", "0", "-30"]), NUMBERISH
        ),
    )
    body = data.draw(st.one_of(fuzzed, near(valid, fuzzed)))
    before = counts(LeadSession)
    response = client.post(f"/cohorts/{cohort.slug}/lead-sessions/", body)
    answered(response)
    after = counts(LeadSession)
    if response.status_code == 302:
        assert after["LeadSession"] == before["LeadSession"] + 1
        created = LeadSession.objects.latest("pk")
        assert created.cohort_id == cohort.pk
        assert created.student_id in (None, student.pk)
        ok(client.get(f"/cohorts/{cohort.slug}/lead-sessions/"))
    else:
        assert after == before


# --- Scores -------------------------------------------------------------------------------------


@FUZZ
@given(body=form(recorded_on=DATES, score=NUMBERISH, rank=NUMBERISH))
def test_score_entry(login, student, team, body):
    client = login(student)
    before = list(ScoreEntry.objects.values_list("pk", "recorded_on", "score", "rank"))
    response = client.post(f"/competitions/teams/{team.pk}/scores/", body)
    answered(response)
    after = list(ScoreEntry.objects.values_list("pk", "recorded_on", "score", "rank"))
    assert len(after) - len(before) in (0, 1)
    if after != before:
        ok(client.get("/competitions/"))  # the score's chart draws what was accepted


# --- Query strings ------------------------------------------------------------------------------


@FUZZ
@given(
    query=form(
        q=TEXT,
        tag=NUMBERISH,
        track=st.one_of(st.sampled_from(["cv", "nlp", "tabular"]), TEXT),
        page=NUMBERISH,
    )
)
def test_tips_filters(login, student, query):
    client = login(student)
    answered(client.get("/competitions/tips/", query))


@FUZZ
@given(
    query=form(
        show=st.one_of(st.sampled_from(["saved", "all"]), TEXT),
        phase=NUMBERISH,
        week=NUMBERISH,
        state=st.one_of(st.sampled_from(["read", "unread", ""]), TEXT),
        page=NUMBERISH,
    )
)
def test_reading_list_filters(login, student, query):
    client = login(student)
    answered(client.get("/reading-list/", query))
