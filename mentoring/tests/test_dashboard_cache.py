"""The dashboard is rendered once and served from the cache until something it shows changes:
whatever a student, a mentor or staff change, the next visit shows it."""

import re

import pytest
from django.test import Client
from django.utils import timezone

from core.tests import LARGE, SMALL, build_dataset, count_queries
from curriculum.models import Role
from curriculum.services import membership_add
from mentoring.models import MissionProgress
from tests import factories

from .conftest import ArticleFactory, MissionFactory, three_question_quiz

pytestmark = pytest.mark.django_db


@pytest.fixture
def mission(current_week):
    return MissionFactory(week=current_week, title="Train a CNN on CIFAR-10")


def pressed(html, mission):
    item = html.split(f'id="mission-{mission.pk}"', 1)[1].split("</li>", 1)[0]
    return re.findall(r'name="status" value="(\w+)"[^>]*aria-pressed="true"', item)


def dashboard(client):
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_second_visit_issues_a_handful_of_queries_at_any_size(client):
    small = build_dataset(tag="small", **SMALL)
    large = build_dataset(tag="large", **LARGE)

    warm = {}
    for size, data in [("small", small), ("large", large)]:
        first = count_queries(client, data.student, "/")
        warm[size] = count_queries(client, data.student, "/")
        assert len(warm[size]) < len(first)

    assert len(warm["small"]) == len(warm["large"]) == 5, warm["large"]


def test_a_status_set_shows_on_the_next_visit(login, student, mission):
    client = login(student)
    assert pressed(dashboard(client), mission) == ["todo"]

    client.post(f"/missions/{mission.pk}/status/", {"status": "doing"})
    assert pressed(dashboard(client), mission) == ["doing"]

    client.post(f"/missions/{mission.pk}/status/", {"status": "done"})
    html = dashboard(client)
    assert pressed(html, mission) == ["done"]
    assert "1 of 1 done" in html or "1개 중 1개 완료" in html


def test_a_change_in_the_admin_shows_on_the_next_visit(login, english, student, mission):
    client = login(student)
    dashboard(client)

    MissionProgress.objects.create(mission=mission, student=student, status="skipped")
    assert pressed(dashboard(client), mission) == ["skipped"]


def test_a_mission_posted_by_the_mentor_shows_on_the_next_visit(
    login, english, student, mission, current_week
):
    client = login(student)
    dashboard(client)

    MissionFactory(week=current_week, title="Fine-tune ResNet-50")
    assert "Fine-tune ResNet-50" in dashboard(client)

    mission.title = "Train a ViT instead"
    mission.save()
    assert "Train a ViT instead" in dashboard(client)


def test_an_article_saved_shows_on_the_next_visit(login, english, student, current_week):
    article = ArticleFactory(week=current_week, day=timezone.localdate(), title="Attention")
    client = login(student)
    assert "On your list" not in dashboard(client)

    client.post(f"/articles/{article.pk}/reading-list/", {"action": "save"})
    assert "On your list" in dashboard(client)

    client.post(f"/articles/{article.pk}/reading-list/", {"action": "read"})
    assert 'class="badge state-read"' in dashboard(client)


def test_a_quiz_taken_shows_as_taken_on_the_next_visit(login, english, student, current_week):
    quiz = three_question_quiz(current_week, title="CNN basics")
    client = login(student)
    assert "taken" not in dashboard(client).split("CNN basics", 1)[1].split("</li>", 1)[0]

    quiz.attempts.create(student=student, number=1, score=1, total=3)
    assert "taken" in dashboard(client).split("CNN basics", 1)[1].split("</li>", 1)[0]


def test_a_team_mentor_assigned_shows_on_the_next_visit(login, english, student, competition):
    team = factories.TeamFactory(competition=competition, name="Overfitters")
    client = login(student)
    dashboard(client)

    factories.TeamMemberFactory(team=team, user=student)
    assert "Overfitters" in dashboard(client)

    mentor = factories.UserFactory(name="Kaggle Grandmaster")
    team.mentors.add(mentor)
    assert "Kaggle Grandmaster" in dashboard(client)


def test_a_new_role_shows_on_the_next_visit(login, cohort, current_week):
    user = factories.UserFactory(language="en")
    membership_add(user=user, cohort=cohort, role=Role.THEME_MENTOR)
    client = login(user)
    assert "Weeks you mentor" not in dashboard(client)

    factories.WeekMentorFactory(week=current_week, user=user)
    assert "Weeks you mentor" in dashboard(client)


def test_the_cached_page_carries_the_viewers_own_csrf_token(student, mission):
    """The body is cached with a placeholder; a token from another session would refuse the
    form's post, so each answer must carry the token of the session reading it."""
    first = Client(enforce_csrf_checks=True)
    first.force_login(student)
    dashboard(first)  # fills the cache with this session's page

    second = Client(enforce_csrf_checks=True)
    second.force_login(student)
    html = dashboard(second)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    assert "csrf-placeholder" not in html

    response = second.post(
        f"/missions/{mission.pk}/status/", {"status": "done", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert MissionProgress.objects.get(student=student, mission=mission).status == "done"


def test_a_session_with_the_lead_instructor_shows_on_the_next_visit(
    login, english, student, cohort, lead_instructor
):
    import datetime

    from mentoring.continuity_models import LeadSession, SessionKind

    client = login(student)
    assert "Career talk" not in dashboard(client)

    session = LeadSession.objects.create(
        cohort=cohort,
        lead=lead_instructor,
        kind=SessionKind.GROUP,
        topic="Career talk",
        starts_at=timezone.now() + datetime.timedelta(days=1),
        duration_minutes=30,
    )
    assert "Career talk" in dashboard(client)

    session.topic = "Portfolio review"
    session.save()
    assert "Portfolio review" in dashboard(client)
