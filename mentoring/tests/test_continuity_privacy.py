"""Who sees what on every continuity page, as a matrix over every persona.

A student never sees another student's scores, notes or level; a theme mentor sees per-student
figures only in the brief of the week they hold, and never the lead instructor's private notes;
a forged POST by a persona that may not write changes nothing."""

import datetime

import pytest
from django.utils import timezone

from curriculum.models import Role
from mentoring.models import CohortNote, HandoffNote, LeadSession, StudentNote
from tests import factories

pytestmark = pytest.mark.django_db

PERSONAS = [
    "anonymous",
    "student",
    "other_cohort_student",
    "week_mentor",
    "other_week_mentor",
    "lead_instructor",
    "competition_mentor",
    "staff",
    "other_cohort_lead",
]
SECRET = "Private: worried about her job search"


@pytest.fixture
def other_cohort_lead(other_cohort):
    user = factories.UserFactory(email="lead3@example.com", name="다른강사")
    factories.MembershipFactory(user=user, cohort=other_cohort, role=Role.LEAD_INSTRUCTOR)
    return user


@pytest.fixture
def world(cohort, current_week, student, lead_instructor, team):
    note = StudentNote.objects.create(
        cohort=cohort, student=student, author=lead_instructor, topic="career", body=SECRET
    )
    session = LeadSession.objects.create(
        cohort=cohort,
        lead=lead_instructor,
        kind="one_to_one",
        student=student,
        topic="Career talk",
        starts_at=timezone.now() + datetime.timedelta(days=1),
        duration_minutes=30,
    )
    return {
        "brief": f"/weeks/{current_week.pk}/brief/",
        "note": f"/weeks/{current_week.pk}/handoff-note/",
        "radar": f"/cohorts/{cohort.slug}/radar/",
        "lead_note": f"/cohorts/{cohort.slug}/lead-notes/",
        "timeline": f"/cohorts/{cohort.slug}/students/{student.pk}/",
        "sessions": f"/cohorts/{cohort.slug}/lead-sessions/",
        "session": f"/cohorts/{cohort.slug}/lead-sessions/{session.pk}/",
        "private_note": note,
        "session_obj": session,
    }


# page -> the personas that get 200 on GET (everyone else: 404, anonymous: the login page)
READERS = {
    "brief": {"week_mentor", "lead_instructor", "staff"},
    "note": {"week_mentor"},
    "radar": {"lead_instructor", "staff"},
    "timeline": {"lead_instructor", "staff"},
    "sessions": {"lead_instructor", "staff"},
    "session": {"lead_instructor", "staff"},
}
# Readers of a page who are still refused (403) there.
FORBIDDEN = {"note": {"lead_instructor", "staff"}}


def as_persona(request, client, persona):
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    return client


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("page", list(READERS))
def test_who_opens_each_page(request, client, world, page, persona):
    response = as_persona(request, client, persona).get(world[page])
    if persona == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    elif persona in READERS[page]:
        assert response.status_code == 200
    elif persona in FORBIDDEN.get(page, ()):
        assert response.status_code == 403
    else:
        assert response.status_code == 404


# page -> (form data, the personas allowed to write)
WRITES = {
    "note": ({"went_well": "Forged"}, {"week_mentor"}),
    "lead_note": ({"body": "Forged"}, {"lead_instructor", "staff"}),
    "timeline": ({"topic": "other", "body": "Forged"}, {"lead_instructor", "staff"}),
    "sessions": (
        {
            "kind": "group",
            "topic": "Forged",
            "starts_at": "2031-01-01T10:00",
            "duration_minutes": 30,
        },
        {"lead_instructor"},
    ),
    "session": ({"summary": "Forged"}, {"lead_instructor"}),
}


def forged_rows():
    return (
        HandoffNote.objects.filter(went_well="Forged").count()
        + CohortNote.objects.filter(body="Forged").count()
        + StudentNote.objects.filter(body="Forged").count()
        + LeadSession.objects.filter(topic="Forged").count()
        + LeadSession.objects.filter(summary="Forged").count()
    )


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("page", list(WRITES))
def test_a_forged_post_by_someone_who_may_not_write_changes_nothing(
    request, client, world, page, persona
):
    data, writers = WRITES[page]
    response = as_persona(request, client, persona).post(world[page], data)
    if persona in writers:
        assert response.status_code == 302
        assert forged_rows() == 1
    else:
        assert response.status_code in (302, 403, 404)
        if persona != "anonymous":
            assert response.status_code in (403, 404)
        assert forged_rows() == 0


def test_private_notes_never_reach_the_brief_or_the_dashboard(login, world, week_mentor, student):
    assert SECRET not in login(week_mentor).get(world["brief"]).content.decode()
    assert SECRET not in login(student).get("/").content.decode()


def test_a_student_sees_only_their_own_session_and_no_level(login, world, classmate):
    html = login(classmate).get("/").content.decode()
    assert "Career talk" not in html
    assert "Struggling" not in html and "Strong" not in html


def test_a_theme_mentor_sees_figures_only_in_the_cohort_whose_week_they_hold(
    login, week_mentor, other_cohort
):
    factories.MembershipFactory(user=week_mentor, cohort=other_cohort, role=Role.THEME_MENTOR)
    other_week = other_cohort.weeks.get(number=3)
    assert login(week_mentor).get(f"/weeks/{other_week.pk}/brief/").status_code == 404
    assert login(week_mentor).get(f"/cohorts/{other_cohort.slug}/radar/").status_code == 404


@pytest.mark.parametrize("model", ["studentnote", "cohortnote", "leadsession"])
def test_theme_and_competition_mentors_cannot_open_private_records_in_the_admin(
    login, world, week_mentor, competition_mentor, model
):
    from curriculum.services import user_sync_admin_access

    for mentor in (week_mentor, competition_mentor):
        user_sync_admin_access(user=mentor)
        response = login(mentor).get(f"/admin/mentoring/{model}/")
        assert response.status_code == 403


def test_the_lead_of_another_cohort_does_not_see_these_notes_in_the_admin(
    login, world, other_cohort_lead
):
    from curriculum.services import user_sync_admin_access

    user_sync_admin_access(user=other_cohort_lead)
    response = login(other_cohort_lead).get("/admin/mentoring/studentnote/")
    assert response.status_code == 200
    assert SECRET not in response.content.decode()


def test_the_lead_sees_their_private_notes_in_the_admin(login, world, lead_instructor):
    from curriculum.services import user_sync_admin_access

    user_sync_admin_access(user=lead_instructor)
    response = login(lead_instructor).get(
        f"/admin/mentoring/studentnote/{world['private_note'].pk}/change/"
    )
    assert response.status_code == 200
    assert SECRET in response.content.decode()
