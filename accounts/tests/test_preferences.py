"""The preferences page (name, language, time zone), and times shown in the user's zone."""

import datetime
import re

import pytest

from tests.factories import CompetitionFactory

UTC = datetime.UTC


def deadline_shown(response):
    """The competition card's final deadline, as the page prints it."""
    return re.search(r"<dd><strong>([^<]*)</strong>", response.content.decode()).group(1)


@pytest.fixture
def winter_competition(cohort):
    return CompetitionFactory(
        cohort=cohort,
        title="ML 경진대회",
        starts_at=datetime.datetime(2026, 1, 5, 0, 0, tzinfo=UTC),
        deadline_at=datetime.datetime(2026, 1, 15, 10, 0, tzinfo=UTC),
    )


def test_anonymous_visitor_is_sent_to_login(client, db):
    response = client.get("/accounts/preferences/")

    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/accounts/preferences/"


def test_preferences_page_shows_the_current_choices(login, student):
    response = login(student).get("/accounts/preferences/")

    assert response.status_code == 200
    form = response.context["form"]
    assert form["name"].value() == "김학생"
    assert form["language"].value() == "ko"
    assert form["time_zone"].value() == "Asia/Seoul"


def test_user_saves_name_language_and_time_zone(login, student):
    client = login(student)

    response = client.post(
        "/accounts/preferences/",
        {"name": "Kim Student", "language": "en", "time_zone": "Europe/Berlin"},
    )

    assert response.status_code == 302
    assert response.url == "/accounts/preferences/"
    student.refresh_from_db()
    assert (student.name, student.language, student.time_zone) == (
        "Kim Student",
        "en",
        "Europe/Berlin",
    )
    page = client.get("/accounts/preferences/").content.decode()
    assert '<html lang="en"' in page
    assert "Your preferences are saved." in page


def test_an_unknown_time_zone_is_a_form_error(login, student):
    student.language = "en"
    student.save(update_fields=["language"])

    response = login(student).post(
        "/accounts/preferences/",
        {"name": "Kim Student", "language": "en", "time_zone": "Mars/Olympus_Mons"},
    )

    assert response.status_code == 200
    assert "time_zone" in response.context["form"].errors
    assert "Mars/Olympus_Mons" in response.content.decode()
    student.refresh_from_db()
    assert (student.name, student.time_zone) == ("김학생", "Asia/Seoul")


def test_an_unknown_language_is_a_form_error(login, student):
    response = login(student).post(
        "/accounts/preferences/",
        {"name": "김학생", "language": "fr", "time_zone": "Asia/Seoul"},
    )

    assert response.status_code == 200
    assert "language" in response.context["form"].errors
    student.refresh_from_db()
    assert student.language == "ko"


def test_preferences_page_accepts_only_get_and_post(login, student):
    assert login(student).delete("/accounts/preferences/").status_code == 405


def test_times_are_shown_in_seoul_by_default(login, student, winter_competition):
    response = login(student).get("/competitions/")

    assert response.status_code == 200
    assert "1/15" in deadline_shown(response)
    assert "19:00" in deadline_shown(response)


def test_times_are_shown_in_the_users_own_zone(login, student, winter_competition):
    student.time_zone = "Europe/Berlin"
    student.save(update_fields=["time_zone"])

    response = login(student).get("/competitions/")

    assert "1/15" in deadline_shown(response)
    assert "11:00" in deadline_shown(response)


def test_a_zone_chosen_on_the_preferences_page_applies_to_the_next_page(
    login, student, winter_competition
):
    client = login(student)
    client.post(
        "/accounts/preferences/",
        {"name": "김학생", "language": "ko", "time_zone": "America/New_York"},
    )

    response = client.get("/competitions/")

    assert "05:00" in deadline_shown(response)
