"""The continuity pages as each persona uses them: the brief, the handoff note, the radar, a
student's timeline with private notes, the lead instructor's sessions, and the dashboard entry."""

import datetime
import re

import pytest
from django.utils import timezone

from mentoring.models import CohortNote, HandoffNote, LeadSession, StudentNote

from .continuity_fixtures import build_handmade

pytestmark = pytest.mark.django_db


@pytest.fixture
def handmade(cohort, week_mentor, lead_instructor, competition):
    return build_handmade(cohort, week_mentor=week_mentor, lead=lead_instructor)


def brief_url(cohort, number=3):
    return f"/weeks/{cohort.weeks.get(number=number).pk}/brief/"


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


# --- The brief -----------------------------------------------------------------------------------


def test_the_week_mentor_reads_the_brief_in_english(login, week_mentor, handmade, cohort):
    week_mentor.language = "en"
    week_mentor.save(update_fields=["language"])
    response = login(week_mentor).get(brief_url(cohort))
    assert response.status_code == 200
    html = text(response)
    assert "Which are optimizers?" in html  # last week's weakest question
    assert "75% wrong of 4" in html
    assert "Revisit learning-rate schedules." in html  # last week's handoff note
    assert "weak on practice" in html  # the lead's note
    assert "Why does Adam diverge here?" in html  # an open question
    assert "How the level is measured" in html
    assert html.count('<svg class="chart"') == 2
    assert "S03" in html.split("Inactive for 5 days")[1]
    assert "CV 경진대회" in html
    assert "Write your handoff note" not in html  # they already wrote it: they may edit it
    assert "Edit your handoff note" in html


def test_the_brief_shows_each_quizs_attempts_and_judges_none_under_the_minimum(
    login, week_mentor, handmade, cohort, settings
):
    settings.QUIZ_CALIBRATION_MIN_ATTEMPTS = 4
    week_mentor.language = "en"
    week_mentor.save(update_fields=["language"])

    html = text(login(week_mentor).get(brief_url(cohort)))

    quizzes = html.split('id="brief-quizzes"')[1].split("</section>")[0]
    assert "Last week (단계 1 week 2): Week 2 quiz</strong> · mean 50.0% (4 attempts)" in quizzes
    assert "No quiz is judged before 4 students have taken it." in quizzes
    rows = quizzes.split("<tbody>")[1].split("</tbody>")[0].split("</tr>")
    week1 = next(row for row in rows if "Week 1 quiz" in row)
    assert '50.0% <span class="muted">(3 attempts)</span>' in week1
    assert "Too few attempts to judge" in week1
    week2 = next(row for row in rows if "Week 2 quiz" in row)
    assert "Well pitched" in week2


def test_the_brief_is_in_korean_by_default(login, lead_instructor, handmade, cohort):
    html = text(login(lead_instructor).get(brief_url(cohort)))
    assert "인수인계 브리프" in html
    assert "레벨은 이렇게 계산합니다" in html


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("student", 404),
        ("other_cohort_student", 404),
        ("week_mentor", 200),
        ("other_week_mentor", 404),
        ("lead_instructor", 200),
        ("competition_mentor", 404),
        ("staff", 200),
    ],
)
def test_who_reads_the_brief(request, login, handmade, cohort, persona, status):
    user = request.getfixturevalue(persona)
    assert login(user).get(brief_url(cohort)).status_code == status


def test_anonymous_visitors_go_to_login(client, cohort):
    response = client.get(brief_url(cohort))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_brief_takes_no_post(login, week_mentor, cohort):
    assert login(week_mentor).post(brief_url(cohort)).status_code == 405


# --- Handoff notes -------------------------------------------------------------------------------


def note_url(cohort, number=3):
    return f"/weeks/{cohort.weeks.get(number=number).pk}/handoff-note/"


NOTE = {
    "went_well": "Attention clicked.",
    "struggled": "Positional encodings.",
    "pick_up": "Start with a recap of attention.",
    "about_students": "S02 asked great questions.",
}


def test_a_mentor_writes_then_edits_their_note(login, week_mentor, cohort, current_week):
    client = login(week_mentor)
    response = client.post(note_url(cohort), NOTE)
    assert response.status_code == 302
    assert response["Location"] == brief_url(cohort)
    client.post(note_url(cohort), {**NOTE, "pick_up": "Recap attention first."})
    note = HandoffNote.objects.get(week=current_week, mentor=week_mentor)
    assert note.pick_up == "Recap attention first."
    assert HandoffNote.objects.count() == 1


def test_an_empty_note_is_refused(login, week_mentor, cohort):
    response = login(week_mentor).post(note_url(cohort), dict.fromkeys(NOTE, "  "))
    assert response.status_code == 400
    assert HandoffNote.objects.count() == 0


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("student", 404),
        ("other_cohort_student", 404),
        ("other_week_mentor", 404),
        ("lead_instructor", 403),
        ("competition_mentor", 404),
        ("staff", 403),
    ],
)
def test_only_the_weeks_mentors_write_its_note(request, login, cohort, persona, status):
    user = request.getfixturevalue(persona)
    assert login(user).post(note_url(cohort), NOTE).status_code == status
    assert HandoffNote.objects.count() == 0


def test_the_note_shows_in_the_next_weeks_brief(login, week_mentor, staff, cohort):
    login(week_mentor).post(note_url(cohort), NOTE)
    html = text(login(staff).get(brief_url(cohort, 4)))
    assert "Start with a recap of attention." in html
    assert "S02 asked great questions." in html


# --- The radar -----------------------------------------------------------------------------------


def radar_url(cohort):
    return f"/cohorts/{cohort.slug}/radar/"


def names_in(html):
    return re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', html)


def test_the_lead_sees_every_student_and_the_inactive_ones(
    login, lead_instructor, handmade, cohort
):
    html = text(login(lead_instructor).get(radar_url(cohort)))
    assert names_in(html) == ["S01", "S02", "S03", "S04"]
    assert html.count("radar-row is-inactive") == 2


def test_the_radar_sorts_and_filters_on_the_server(login, lead_instructor, handmade, cohort):
    client = login(lead_instructor)
    assert names_in(text(client.get(radar_url(cohort) + "?sort=level"))) == [
        "S04",
        "S03",
        "S02",
        "S01",
    ]
    assert names_in(text(client.get(radar_url(cohort) + "?band=struggling"))) == ["S03", "S04"]
    assert names_in(text(client.get(radar_url(cohort) + "?inactive=on&sort=-level"))) == [
        "S03",
        "S04",
    ]
    assert names_in(text(client.get(radar_url(cohort) + "?q=s02"))) == ["S02"]
    # A forged filter is ignored, not an error.
    assert client.get(radar_url(cohort) + "?sort=password&band=x").status_code == 200


def test_the_lead_leaves_a_note_on_the_cohort(login, lead_instructor, cohort):
    response = login(lead_instructor).post(
        f"/cohorts/{cohort.slug}/lead-notes/", {"body": "Pace is fine."}
    )
    assert response.status_code == 302
    assert CohortNote.objects.get().body == "Pace is fine."


def test_an_empty_cohort_note_changes_nothing(login, lead_instructor, cohort):
    login(lead_instructor).post(f"/cohorts/{cohort.slug}/lead-notes/", {"body": ""})
    assert CohortNote.objects.count() == 0


# --- A student's timeline and private notes ------------------------------------------------------


def timeline_url(cohort, student):
    return f"/cohorts/{cohort.slug}/students/{student.pk}/"


def test_the_lead_reads_a_students_timeline(login, lead_instructor, handmade, cohort, team):
    s2 = handmade["students"][1]
    html = text(login(lead_instructor).get(timeline_url(cohort, s2)))
    assert "Week 2 quiz #1 67%" in html and "Week 2 quiz #2 100%" in html
    assert "H1 (Skipped)" in html or "H1 (건너뜀)" in html
    assert "Answered in week 1" in html


def test_the_timeline_shows_the_competition_team(login, lead_instructor, student, team, cohort):
    html = text(login(lead_instructor).get(timeline_url(cohort, student)))
    assert "CV 경진대회: 1조" in html


def test_the_timeline_shows_the_teams_mentoring_sessions_held(
    login, lead_instructor, student, team, competition_mentor, cohort
):
    from competitions.models import Session, SessionStatus

    held = timezone.now() - datetime.timedelta(hours=2)
    for status, minutes in [(SessionStatus.SCHEDULED, 30), (SessionStatus.CANCELLED, 60)]:
        Session.objects.create(
            competition=team.competition,
            team=team,
            mentor=competition_mentor,
            starts_at=held + datetime.timedelta(minutes=minutes * 2),
            ends_at=held + datetime.timedelta(minutes=minutes * 3),
            status=status,
        )

    lead_instructor.language = "en"
    lead_instructor.save()
    html = text(login(lead_instructor).get(timeline_url(cohort, student)))

    week_entry = html.split("Competition mentoring", 1)[1].split("</p>", 1)[0]
    assert "1조" in week_entry and "최멘토" in week_entry
    assert week_entry.count("최멘토") == 1  # the cancelled one is not there


def test_private_notes_are_written_and_listed(login, lead_instructor, student, cohort):
    client = login(lead_instructor)
    response = client.post(
        timeline_url(cohort, student), {"topic": "career", "body": "Wants to move to NLP."}
    )
    assert response.status_code == 302
    assert StudentNote.objects.get().author == lead_instructor
    assert "Wants to move to NLP." in text(client.get(timeline_url(cohort, student)))


def test_a_bad_private_note_is_refused(login, lead_instructor, student, cohort):
    response = login(lead_instructor).post(
        timeline_url(cohort, student), {"topic": "gossip", "body": ""}
    )
    assert response.status_code == 400
    assert StudentNote.objects.count() == 0


def test_a_student_of_another_cohort_has_no_timeline_here(
    login, lead_instructor, other_cohort_student, cohort
):
    response = login(lead_instructor).get(timeline_url(cohort, other_cohort_student))
    assert response.status_code == 404


# --- The lead instructor's sessions -------------------------------------------------------------


def sessions_url(cohort):
    return f"/cohorts/{cohort.slug}/lead-sessions/"


def local(days, hour=19):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return f"{day:%Y-%m-%d}T{hour:02d}:00"


def test_the_lead_schedules_then_records_a_session(login, lead_instructor, student, cohort):
    client = login(lead_instructor)
    response = client.post(
        sessions_url(cohort),
        {
            "kind": "one_to_one",
            "student": student.pk,
            "topic": "Career talk",
            "starts_at": local(2),
            "duration_minutes": 30,
        },
    )
    assert response.status_code == 302
    session = LeadSession.objects.get()
    assert (session.lead, session.student, session.summary) == (lead_instructor, student, "")
    response = client.post(
        f"/cohorts/{cohort.slug}/lead-sessions/{session.pk}/", {"summary": "Aim for NLP."}
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.summary == "Aim for NLP."


def test_a_double_booked_start_is_a_form_error(login, lead_instructor, cohort):
    client = login(lead_instructor)
    data = {"kind": "group", "topic": "Q&A", "starts_at": local(3), "duration_minutes": 60}
    assert client.post(sessions_url(cohort), data).status_code == 302
    response = client.post(sessions_url(cohort), {**data, "topic": "Again"})
    assert response.status_code == 400
    assert LeadSession.objects.count() == 1


def test_a_one_to_one_needs_its_student(login, lead_instructor, cohort):
    response = login(lead_instructor).post(
        sessions_url(cohort),
        {"kind": "one_to_one", "topic": "?", "starts_at": local(3), "duration_minutes": 30},
    )
    assert response.status_code == 400
    assert LeadSession.objects.count() == 0


def test_staff_read_the_sessions_but_do_not_schedule_them(login, staff, cohort):
    client = login(staff)
    assert client.get(sessions_url(cohort)).status_code == 200
    data = {"kind": "group", "topic": "Q&A", "starts_at": local(3), "duration_minutes": 60}
    assert client.post(sessions_url(cohort), data).status_code == 403
    assert LeadSession.objects.count() == 0


def test_a_student_sees_their_upcoming_lead_sessions_on_the_dashboard(
    login, lead_instructor, student, classmate, cohort
):
    soon = timezone.now() + datetime.timedelta(days=2)
    LeadSession.objects.create(
        cohort=cohort,
        lead=lead_instructor,
        kind="group",
        topic="Group questions",
        starts_at=soon,
        duration_minutes=60,
    )
    LeadSession.objects.create(
        cohort=cohort,
        lead=lead_instructor,
        kind="one_to_one",
        student=student,
        topic="My career talk",
        starts_at=soon + datetime.timedelta(hours=2),
        duration_minutes=30,
    )
    LeadSession.objects.create(
        cohort=cohort,
        lead=lead_instructor,
        kind="one_to_one",
        student=classmate,
        topic="Their career talk",
        starts_at=soon + datetime.timedelta(hours=4),
        duration_minutes=30,
    )
    LeadSession.objects.create(
        cohort=cohort, lead=lead_instructor, kind="group", topic="Held already",
        starts_at=timezone.now() - datetime.timedelta(days=1), duration_minutes=60,
    )  # fmt: skip
    html = text(login(student).get("/"))
    assert "Group questions" in html and "My career talk" in html
    assert "Their career talk" not in html and "Held already" not in html


def test_the_brief_has_a_readable_address_too(login, week_mentor, student, cohort):
    assert login(week_mentor).get(f"/cohorts/{cohort.slug}/weeks/3/brief/").status_code == 200
    assert login(week_mentor).get(f"/cohorts/{cohort.slug}/weeks/4/brief/").status_code == 404
    assert login(student).get(f"/cohorts/{cohort.slug}/weeks/3/brief/").status_code == 404
    assert login(week_mentor).get(f"/cohorts/{cohort.slug}/weeks/99/brief/").status_code == 404


@pytest.mark.parametrize(
    ("persona", "sees_brief", "sees_note"),
    [
        ("student", False, False),
        ("week_mentor", True, True),
        ("other_week_mentor", False, False),
        ("lead_instructor", True, False),
        ("staff", True, False),
    ],
)
def test_the_week_page_leads_to_the_brief(request, login, cohort, persona, sees_brief, sees_note):
    week = cohort.weeks.get(number=3)
    html = login(request.getfixturevalue(persona)).get(week.get_absolute_url()).content.decode()
    assert (f'href="/weeks/{week.pk}/brief/"' in html) is sees_brief
    assert (f'href="/weeks/{week.pk}/handoff-note/"' in html) is sees_note
