"""A competition and its teams in the admin: bad input is a form error, never a server error."""

import pytest

from competitions.models import Team
from tests import factories
from tests.fuzz.page_forms import page_forms

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_teams(competition):
    return [
        factories.TeamFactory(competition=competition, name="1조"),
        factories.TeamFactory(competition=competition, name="2조"),
    ]


def _change_page_body(client, competition):
    html = client.get(f"/admin/competitions/competition/{competition.pk}/change/").content
    (form,) = [form for form in page_forms(html.decode()) if form.id == "competition_form"]
    return form.body()


def _names(competition):
    return sorted(Team.objects.filter(competition=competition).values_list("pk", "name"))


@pytest.mark.parametrize(
    "tampering",
    [
        {},  # two teams swap names: the first rename meets the other's current name
        {"teams-INITIAL_FORMS": "0"},  # the page's rows posted as new ones
    ],
)
def test_team_names_taken_in_the_competition_are_refused_in_its_inline(
    login, staff, competition, two_teams, tampering
):
    client = login(staff)
    body = _change_page_body(client, competition)
    body |= tampering or {"teams-0-name": "2조", "teams-1-name": "1조"}
    before = _names(competition)

    response = client.post(f"/admin/competitions/competition/{competition.pk}/change/", body)

    assert response.status_code == 200
    assert 'class="errornote"' in response.content.decode()
    assert _names(competition) == before
