"""One session's page, moving and cancelling it, its notes, its .ics file; scores; tips."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from competitions.models import ScoreEntry, Session, SessionNote
from competitions.tests.factories import NoteTagFactory, SessionNoteFactory, hours_from_now
from tests import factories

pytestmark = pytest.mark.django_db


def url(session, suffix=""):
    return f"/competitions/sessions/{session.pk}/{suffix}"


# --- Who sees a session -----------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["student", "competition_mentor", "staff"])
def test_the_team_its_mentor_and_staff_see_the_session(request, login, session, persona):
    SessionNoteFactory(session=session, body="SGD도 써 보세요")

    response = login(request.getfixturevalue(persona)).get(url(session))

    assert response.status_code == 200
    assert "SGD도 써 보세요" in response.content.decode()


@pytest.mark.parametrize(
    "persona", ["week_mentor", "other_week_mentor", "lead_instructor", "other_cohort_student"]
)
def test_everyone_else_gets_404(request, login, session, persona):
    client = login(request.getfixturevalue(persona))

    assert client.get(url(session)).status_code == 404
    assert client.get(url(session, "session.ics")).status_code == 404


def test_another_teams_student_and_mentor_get_404(login, session, other_teams_session, other_team):
    assert login(other_team.classmate).get(url(session)).status_code == 404
    assert login(other_teams_session.mentor).get(url(session)).status_code == 404


def test_anonymous_visitors_go_to_the_login_page(client, session):
    for suffix in ("", "session.ics"):
        response = client.get(url(session, suffix))
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


# --- Moving and cancelling ----------------------------------------------------------------------


def test_staff_move_a_session_and_the_participants_are_told(
    login, staff, session, student, django_capture_on_commit_callbacks
):
    new = hours_from_now(60)
    with django_capture_on_commit_callbacks(execute=True):
        response = login(staff).post(
            url(session, "reschedule/"),
            {"starts_at": timezone.localtime(new).strftime("%Y-%m-%dT%H:%M"), "reason": "팀 요청"},
        )

    assert response.status_code == 302
    session.refresh_from_db()
    assert session.starts_at == new
    assert {m.to[0] for m in mail.outbox} == {student.email, session.mentor.email}
    history = login(staff).get(url(session)).content.decode()
    assert "팀 요청" in history


def test_moving_onto_a_taken_time_is_refused(login, staff, session, other_team):
    other_team.mentors.add(session.mentor)
    other = Session.objects.create(
        competition=session.competition,
        team=other_team,
        mentor=session.mentor,
        starts_at=hours_from_now(60),
        ends_at=hours_from_now(60) + datetime.timedelta(minutes=30),
    )
    staff.language = "en"
    staff.save(update_fields=["language"])

    response = login(staff).post(
        url(session, "reschedule/"),
        {"starts_at": timezone.localtime(other.starts_at).strftime("%Y-%m-%dT%H:%M")},
    )

    assert response.status_code == 400
    assert "already has a session then" in response.content.decode()
    session.refresh_from_db()
    assert session.starts_at == hours_from_now(48)


def test_staff_cancel_a_session(login, staff, session):
    response = login(staff).post(url(session, "cancel/"), {"reason": "멘토 사정", "confirm": "on"})

    assert response.status_code == 302
    assert Session.objects.get().status == "cancelled"
    assert session.changes.get().reason == "멘토 사정"


def test_cancelling_asks_for_a_confirmation_and_changes_nothing_without_it(login, staff, session):
    response = login(staff).post(url(session, "cancel/"), {"reason": "멘토 사정"})

    html = response.content.decode()
    assert response.status_code == 400
    assert "취소하려면 확인란을 선택해 주세요." in html
    assert 'name="confirm"' in html and "required" in html.split('name="confirm"')[1][:40]
    assert "멘토 사정</textarea>" in html  # what was typed stays
    session.refresh_from_db()
    assert session.status == "scheduled"
    assert not session.changes.exists()


@pytest.mark.parametrize("persona", ["student", "competition_mentor"])
def test_the_team_and_the_mentor_cannot_move_or_cancel(request, login, session, persona):
    client = login(request.getfixturevalue(persona))

    assert client.post(url(session, "cancel/")).status_code == 403
    moved = client.post(url(session, "reschedule/"), {"starts_at": "2030-01-01T10:00"})
    assert moved.status_code == 403
    assert Session.objects.get().status == "scheduled"
    assert Session.objects.get().starts_at == session.starts_at


def test_outsiders_cannot_forge_a_cancel(login, session, other_cohort_student):
    assert login(other_cohort_student).post(url(session, "cancel/")).status_code == 404
    assert Session.objects.get().status == "scheduled"


# --- Notes ---------------------------------------------------------------------------------------


def test_the_mentor_writes_a_tagged_note_the_team_reads(
    login, held_session, competition_mentor, student
):
    tag = NoteTagFactory(slug="lr-scheduler", name="LR scheduler")

    response = login(competition_mentor).post(
        url(held_session, "notes/"),
        {"body": "CosineAnnealing을 써 보세요", "tags": [tag.pk], "is_tip": "on"},
    )

    assert response.status_code == 302
    note = SessionNote.objects.get()
    assert (note.author, list(note.tags.all())) == (competition_mentor, [tag])
    page = login(student).get("/competitions/").content.decode()
    assert "CosineAnnealing을 써 보세요" in page


@pytest.mark.parametrize("persona", ["student", "lead_instructor"])
def test_students_and_others_cannot_write_notes(request, login, session, persona):
    client = login(request.getfixturevalue(persona))

    response = client.post(url(session, "notes/"), {"body": "forged"})

    assert response.status_code in (403, 404)
    assert not SessionNote.objects.exists()


def test_an_empty_note_is_refused(login, held_session, competition_mentor):
    response = login(competition_mentor).post(url(held_session, "notes/"), {"body": "  "})

    assert response.status_code == 400
    assert not SessionNote.objects.exists()


# --- Scores ---------------------------------------------------------------------------------------


def test_a_team_member_records_scores_and_sees_a_chart(login, student, team):
    client = login(student)
    today = timezone.localdate()
    for days, score in [(2, "0.81"), (1, "0.84"), (0, "0.86")]:
        client.post(
            f"/competitions/teams/{team.pk}/scores/",
            {"recorded_on": today - datetime.timedelta(days=days), "score": score, "rank": 3},
        )

    assert ScoreEntry.objects.filter(team=team).count() == 3
    html = client.get("/competitions/").content.decode()
    assert "<polyline" in html and html.count("<circle") == 3


@pytest.mark.parametrize("persona", ["competition_mentor", "staff"])
def test_only_members_record_their_teams_score(request, login, team, persona):
    response = login(request.getfixturevalue(persona)).post(
        f"/competitions/teams/{team.pk}/scores/", {"recorded_on": "2025-03-10", "score": "0.9"}
    )

    assert response.status_code == 403
    assert not ScoreEntry.objects.exists()


def test_another_teams_student_cannot_record_a_score(login, team, other_team, other_cohort_student):
    assert (
        login(other_team.classmate).post(f"/competitions/teams/{team.pk}/scores/").status_code
        == 403
    )
    assert (
        login(other_cohort_student).post(f"/competitions/teams/{team.pk}/scores/").status_code
        == 404
    )


# --- What the competitions page shows -------------------------------------------------------------


def test_a_student_sees_only_their_own_teams_sessions(login, student, session, other_teams_session):
    html = login(student).get("/competitions/").content.decode()

    assert url(session) in html
    assert url(other_teams_session) not in html


def test_a_competition_mentor_sees_the_teams_they_coach(
    login, competition_mentor, session, other_teams_session
):
    html = login(competition_mentor).get("/competitions/").content.decode()

    assert url(session) in html
    assert url(other_teams_session) not in html


# --- Tips -----------------------------------------------------------------------------------------


def test_the_tips_library_searches_and_filters(login, student, other_cohort_student, session):
    tag = NoteTagFactory(slug="ensembling", name="Ensembling")
    SessionNoteFactory(session=session, body="팀원들의 로짓을 앙상블하세요").tags.add(tag)
    SessionNoteFactory(session=session, body="tmux로 학습을 돌려 두세요")
    SessionNoteFactory(session=session, body="비공개 메모", is_tip=False)

    everything = login(other_cohort_student).get("/competitions/tips/").content.decode()
    assert "로짓을 앙상블" in everything and "tmux" in everything
    assert "비공개 메모" not in everything
    assert "1조" not in everything

    searched = login(student).get("/competitions/tips/", {"q": "tmux"}).content.decode()
    assert "tmux" in searched and "로짓" not in searched
    tagged = login(student).get("/competitions/tips/", {"tag": "ensembling"}).content.decode()
    assert "로짓" in tagged and "tmux" not in tagged
    other_track = login(student).get("/competitions/tips/", {"track": "nlp"}).content.decode()
    assert "로짓" not in other_track


@pytest.mark.parametrize("language", ["ko", "en"])
@pytest.mark.parametrize("query", ["Ensembling", "ensembl", "앙상블"])
def test_the_tips_library_finds_a_tag_by_its_name_in_either_language(
    login, student, session, language, query
):
    """The tag is stored as "앙상블" and reads "Ensembling" in English: a search for either word
    finds its tips, whatever language the reader uses."""
    tag = NoteTagFactory(slug="ensembling", name="앙상블")
    SessionNoteFactory(session=session, body="팀원들의 로짓을 평균 내 보세요").tags.add(tag)
    SessionNoteFactory(session=session, body="tmux로 학습을 돌려 두세요")
    student.language = language
    student.save(update_fields=["language"])

    html = login(student).get("/competitions/tips/", {"q": query}).content.decode()

    assert "로짓을 평균" in html
    assert "tmux" not in html


def test_the_tips_library_needs_a_cohort(login, client):
    assert login(factories.UserFactory()).get("/competitions/tips/").status_code == 404
    client.logout()
    assert client.get("/competitions/tips/").status_code == 302
