"""The permission battery of every competitions page, persona by persona (STYLE.md rule 9):
GET status for each persona, and forged POSTs that must change nothing."""

import pytest

from competitions.models import AvailabilityWindow, ScoreEntry, Session, SessionNote

pytestmark = pytest.mark.django_db

PERSONAS = [
    "student",
    "other_cohort_student",
    "week_mentor",
    "other_week_mentor",
    "lead_instructor",
    "competition_mentor",
    "staff",
]

# url template -> expected GET status per persona
PAGES = {
    "/competitions/": dict.fromkeys(PERSONAS, 200),
    "/competitions/tips/": dict.fromkeys(PERSONAS, 200),
    "/competitions/calendar/": dict.fromkeys(PERSONAS, 200),
    "/competitions/{competition}/board/": {
        **dict.fromkeys(PERSONAS, 403),
        "other_cohort_student": 404,
        "staff": 200,
    },
    "/competitions/{competition}/board/suggest/": {
        **dict.fromkeys(PERSONAS, 403),
        "other_cohort_student": 404,
        "staff": 200,
    },
    "/competitions/sessions/{session}/": {
        **dict.fromkeys(PERSONAS, 404),
        "student": 200,
        "competition_mentor": 200,
        "staff": 200,
    },
    "/competitions/sessions/{session}/session.ics": {
        **dict.fromkeys(PERSONAS, 404),
        "student": 200,
        "competition_mentor": 200,
        "staff": 200,
    },
}

CASES = [
    (page, persona, status) for page, table in PAGES.items() for persona, status in table.items()
]


@pytest.mark.parametrize(("page", "persona", "status"), CASES)
def test_each_persona_gets_what_its_role_allows(request, login, session, page, persona, status):
    user = request.getfixturevalue(persona)
    url = page.format(competition=session.competition_id, session=session.pk)

    assert login(user).get(url).status_code == status


@pytest.mark.parametrize("page", list(PAGES))
def test_anonymous_visitors_go_to_the_login_page(client, session, page):
    response = client.get(page.format(competition=session.competition_id, session=session.pk))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


# Forged writes: url template, data, the personas that must be refused, and what must stay empty.
WRITES = [
    ("/competitions/{competition}/board/", {"team": "{team}"}, Session, 1),
    (
        "/competitions/{competition}/board/availability/",
        {"mentor": "{mentor}"},
        AvailabilityWindow,
        0,
    ),
    ("/competitions/{competition}/board/suggest/", {"slot": "x"}, Session, 1),
    ("/competitions/sessions/{session}/cancel/", {}, Session, None),
    (
        "/competitions/sessions/{session}/reschedule/",
        {"starts_at": "2030-01-01T10:00"},
        Session,
        None,
    ),
    ("/competitions/sessions/{session}/notes/", {"body": "forged"}, SessionNote, 0),
    (
        "/competitions/teams/{team}/scores/",
        {"recorded_on": "2025-03-10", "score": "1"},
        ScoreEntry,
        0,
    ),
]


@pytest.mark.parametrize(
    "persona",
    ["other_cohort_student", "week_mentor", "other_week_mentor", "lead_instructor"],
)
@pytest.mark.parametrize(("page", "data", "model", "count"), WRITES)
def test_forged_posts_by_outsiders_and_other_roles_change_nothing(
    request, login, session, persona, page, data, model, count
):
    names = {
        "competition": session.competition_id,
        "session": session.pk,
        "team": session.team_id,
        "mentor": session.mentor_id,
    }
    before = list(Session.objects.values_list("status", "starts_at"))
    client = login(request.getfixturevalue(persona))

    response = client.post(
        page.format(**names), {k: str(v).format(**names) for k, v in data.items()}
    )

    assert response.status_code in (403, 404)
    assert list(Session.objects.values_list("status", "starts_at")) == before
    if count is not None:
        assert model.objects.count() == count
