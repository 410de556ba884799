"""The competitions page (`/competitions/`): running, upcoming and past, with the user's team."""

import datetime
import zoneinfo

import pytest

from core.tests import LARGE, SMALL, build_dataset, count_queries
from curriculum.models import Role
from tests import factories
from tests.helpers import MEMBERS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")
TODAY = datetime.datetime(2025, 3, 12, 12, 0, tzinfo=SEOUL)
URL = "/competitions/"


@pytest.fixture
def other_cohorts_competition(other_cohort):
    competition = factories.CompetitionFactory(cohort=other_cohort, title="3기 NLP 경진대회")
    factories.TeamFactory(competition=competition, name="3기 1조")
    return competition


def page(client):
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def days(n):
    return TODAY + datetime.timedelta(days=n)


def section(html, heading_id):
    """The part of the page under one heading (running-, upcoming- or past-heading)."""
    start = html.index(f'id="{heading_id}"')
    end = html.find("</section>", start)
    return html[start:end]


# --- Who may see it ---------------------------------------------------------------------------


@pytest.mark.parametrize("persona", MEMBERS)
def test_every_member_of_the_cohort_sees_its_competitions(
    request, login, persona, competition, other_cohorts_competition
):
    html = page(login(request.getfixturevalue(persona)))

    assert "CV 경진대회" in html
    assert "3기 NLP 경진대회" not in html


def test_a_student_never_sees_another_cohorts_competitions(
    login, team, other_cohort_student, other_cohorts_competition
):
    html = page(login(other_cohort_student))

    assert "3기 NLP 경진대회" in html
    assert "CV 경진대회" not in html
    assert "1조" not in html.replace("3기 1조", "")


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/competitions/"


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_the_page_only_answers_get(login, student, method):
    response = getattr(login(student), method)(URL)

    assert response.status_code == 405


def test_a_user_in_no_cohort_sees_no_competition(login, competition):
    newcomer = factories.UserFactory(language="en")

    html = page(login(newcomer))

    assert "No competition is running right now" in html
    assert "CV 경진대회" not in html


# --- What it shows ----------------------------------------------------------------------------


def test_competitions_are_sorted_into_running_upcoming_and_past(login, english, cohort):
    factories.CompetitionFactory(
        cohort=cohort, title="CV 경진대회", starts_at=days(-3), deadline_at=days(10)
    )
    factories.CompetitionFactory(
        cohort=cohort, title="NLP 경진대회", starts_at=days(20), deadline_at=days(40)
    )
    factories.CompetitionFactory(
        cohort=cohort, title="ML 경진대회", starts_at=days(-40), deadline_at=days(-20)
    )

    html = page(login(english))

    assert "CV 경진대회" in section(html, "running-heading")
    assert "NLP 경진대회" in section(html, "upcoming-heading")
    assert "ML 경진대회" in section(html, "past-heading")
    assert "NLP 경진대회" not in section(html, "running-heading")
    assert "ML 경진대회" not in section(html, "running-heading")


def test_the_student_sees_their_team_its_members_and_its_mentor(
    login, english, cohort, team, competition_mentor
):
    teammate = factories.UserFactory(name="오동료")
    factories.MembershipFactory(user=teammate, cohort=cohort, role=Role.STUDENT)
    factories.TeamMemberFactory(team=team, user=teammate)
    stranger = factories.UserFactory(name="남다른")
    factories.MembershipFactory(user=stranger, cohort=cohort, role=Role.STUDENT)
    factories.TeamMemberFactory(
        team=factories.TeamFactory(competition=team.competition, name="2조"), user=stranger
    )

    html = page(login(english))

    assert "1조" in html
    assert "김학생" in html
    assert "오동료" in html
    assert "최멘토" in html
    assert "2조" not in html
    assert "남다른" not in html


def test_a_team_without_a_mentor_says_so(login, english, team):
    html = page(login(english))

    assert "1조" in html
    assert "Not assigned yet" in html


def test_a_student_on_no_team_sees_the_competition_without_a_team(login, english, competition):
    html = page(login(english))

    assert "CV 경진대회" in html
    assert "Your team" not in html


def test_a_student_of_two_cohorts_sees_both_cohorts_competitions(
    login, student, competition, other_cohort, other_cohorts_competition
):
    factories.MembershipFactory(user=student, cohort=other_cohort, role=Role.STUDENT)

    html = page(login(student))

    assert "CV 경진대회" in html
    assert "3기 NLP 경진대회" in html


# --- Query count ------------------------------------------------------------------------------

# (first view, which renders and caches the page: sessions, their notes and tags, scores, coached
# teams, each one query whatever the size; a later view of the same viewer, which reuses it:
# session, user, the bell's unread count, the viewer's cohorts and roles, the fingerprint)
EXPECTED_QUERIES = {"student": (12, 5), "mentor": (8, 5), "staff": (8, 5)}


@pytest.mark.parametrize("persona", EXPECTED_QUERIES)
def test_the_pages_query_count_does_not_grow_with_data(client, persona):
    small = build_dataset(tag="small", **SMALL)
    large = build_dataset(tag="large", **LARGE)

    counts = {}
    for size, data in [("small", small), ("large", large)]:
        first = count_queries(client, getattr(data, persona), URL)
        again = count_queries(client, getattr(data, persona), URL)
        counts[size] = (len(first), len(again))

    assert counts["small"] == counts["large"], counts
    assert counts["large"] == EXPECTED_QUERIES[persona], counts


def _with_sessions_notes_and_scores(data):
    """Every team of the viewer's cohort gets two sessions with a tagged note and three scores."""
    from competitions.models import NoteTag, ScoreEntry, Session, SessionNote, Team
    from competitions.tests.factories import hours_from_now

    tag, _created = NoteTag.objects.get_or_create(slug="ensembling", defaults={"name": "앙상블"})
    teams = list(Team.objects.filter(competition__cohort=data.cohort).prefetch_related("mentors"))
    sessions = Session.objects.bulk_create(
        Session(
            competition_id=team.competition_id,
            team=team,
            mentor=team.mentors.all()[0],
            starts_at=hours_from_now(hours + n),
            ends_at=hours_from_now(hours + n) + datetime.timedelta(minutes=30),
            package=team.competition.package,
            slot=slot,
        )
        for n, team in enumerate(teams)
        for slot, hours in enumerate((-300, 300), start=1)
    )
    notes = SessionNote.objects.bulk_create(SessionNote(session=s, body="앙상블") for s in sessions)
    SessionNote.tags.through.objects.bulk_create(
        SessionNote.tags.through(sessionnote=note, notetag=tag) for note in notes
    )
    today = datetime.date.today()
    ScoreEntry.objects.bulk_create(
        ScoreEntry(team=team, recorded_on=today - datetime.timedelta(days=d), score=d)
        for team in teams
        for d in range(3)
    )
    return teams[0].mentors.all()[0]


@pytest.mark.parametrize("persona", ["student", "competition_mentor", "staff"])
def test_sessions_notes_and_scores_do_not_add_queries_per_row(client, persona):
    counts = {}
    for size, spec in [("small", SMALL), ("large", LARGE)]:
        data = build_dataset(tag=size, **spec)
        compmentor = _with_sessions_notes_and_scores(data)
        viewer = compmentor if persona == "competition_mentor" else getattr(data, persona)
        counts[size] = count_queries(client, viewer, URL)

    assert len(counts["small"]) == len(counts["large"]), counts
