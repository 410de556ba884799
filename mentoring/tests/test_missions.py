"""Missions: a student sets a mission's status in one click (htmx or a plain form post), and the
dashboard shows this week's missions by tier and last week's unfinished ones."""

import re
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages

from mentoring.models import MissionProgress

from .conftest import MissionFactory

pytestmark = pytest.mark.django_db

WEEK_3 = "/curriculum/ai-lab-2/weeks/3/"
HTMX = {"HX-Request": "true"}


@pytest.fixture
def mission(current_week):
    return MissionFactory(week=current_week, title="Train a CNN on CIFAR-10", expects_link=True)


def url(mission):
    return f"/missions/{mission.pk}/status/"


def progress_of(student, mission):
    return MissionProgress.objects.filter(student=student, mission=mission).first()


def pressed(html):
    """The status whose button is pressed in a mission fragment."""
    return re.findall(r'name="status" value="(\w+)"[^>]*aria-pressed="true"', html)


def messages_of(response):
    return [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]


# --- One click, with and without JavaScript -----------------------------------------------------


def test_with_htmx_the_mission_comes_back_alone_to_be_swapped_in(login, student, mission):
    response = login(student).post(url(mission), {"status": "doing"}, headers=HTMX)

    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith(f'<li class="mission" id="mission-{mission.pk}">')
    assert "<html" not in html
    assert progress_of(student, mission).status == "doing"


def test_with_htmx_the_mission_comes_back_with_the_new_status_pressed(login, student, mission):
    response = login(student).post(url(mission), {"status": "doing"}, headers=HTMX)

    html = response.content.decode()
    assert pressed(html) == ["doing"]
    assert 'name="status" value="done"' in html  # the next click is one click away


def test_without_javascript_the_form_post_comes_back_to_the_page_it_came_from(
    login, english, mission
):
    response = login(english).post(url(mission), {"status": "skipped", "next": WEEK_3})

    assert response.status_code == 302
    assert response["Location"] == WEEK_3
    assert messages_of(response) == [("success", "Mission status saved.")]
    assert progress_of(english, mission).status == "skipped"


def test_a_next_on_another_site_is_ignored(login, student, mission):
    response = login(student).post(
        url(mission), {"status": "doing", "next": "https://evil.example.com/"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/"


def test_clicking_again_changes_the_one_progress_row(login, student, mission):
    client = login(student)
    client.post(url(mission), {"status": "doing"})
    client.post(url(mission), {"status": "todo"})

    assert MissionProgress.objects.filter(mission=mission).count() == 1
    assert progress_of(student, mission).status == "todo"


def test_done_with_a_link_stores_the_link_and_shows_it(login, student, mission):
    link = "https://github.com/kim/cifar10-cnn"
    client = login(student)

    client.post(url(mission), {"status": "done", "link": link}, headers=HTMX)

    progress = progress_of(student, mission)
    assert (progress.status, progress.link) == ("done", link)
    html = client.get("/").content.decode()
    assert pressed(html) == ["done"]
    assert f'<a href="{link}" rel="noopener noreferrer nofollow"' in html


def test_leaving_done_drops_the_link(login, student, mission):
    client = login(student)
    client.post(url(mission), {"status": "done", "link": "https://github.com/kim/cnn"})

    client.post(url(mission), {"status": "doing", "link": "https://github.com/kim/cnn"})

    progress = progress_of(student, mission)
    assert (progress.status, progress.link) == ("doing", "")


BAD_LINKS = {
    "javascript": ("javascript:alert(1)", "Enter a valid URL."),
    "not a url": ("not a url", "Enter a valid URL."),
    "too long": (
        "https://github.com/" + "a" * 490,
        "The link is too long (500 characters at most).",
    ),
    "data": ("data:text/html,<script>alert(1)</script>", "Enter a valid URL."),
}


@pytest.mark.parametrize(("link", "message"), BAD_LINKS.values(), ids=BAD_LINKS)
def test_a_malformed_link_is_refused_with_a_message_and_nothing_changes(
    login, english, mission, link, message
):
    MissionProgress.objects.create(mission=mission, student=english, status="doing")

    response = login(english).post(url(mission), {"status": "done", "link": link, "next": WEEK_3})

    assert response.status_code == 302
    assert response["Location"] == WEEK_3
    assert messages_of(response) == [("error", message)]
    progress = progress_of(english, mission)
    assert (progress.status, progress.link) == ("doing", "")


@pytest.mark.parametrize(("link", "message"), BAD_LINKS.values(), ids=BAD_LINKS)
def test_with_htmx_a_malformed_link_shows_the_message_in_the_mission(
    login, english, mission, link, message
):
    response = login(english).post(url(mission), {"status": "done", "link": link}, headers=HTMX)

    assert response.status_code == 200
    html = response.content.decode()
    assert f'<p class="error" role="alert">{message}</p>' in html
    assert progress_of(english, mission) is None


@pytest.mark.parametrize("status", ["finished", "", "DONE", "todo'--"])
def test_a_status_that_does_not_exist_is_refused_and_nothing_is_stored(
    login, english, mission, status
):
    response = login(english).post(url(mission), {"status": status})

    assert response.status_code == 302
    assert messages_of(response) == [("error", "That is not a mission status.")]
    assert progress_of(english, mission) is None


# --- Who may ------------------------------------------------------------------------------------


def test_a_mission_of_another_cohort_is_404(login, student, other_cohort):
    theirs = MissionFactory(week=other_cohort.weeks.get(number=3))

    response = login(student).post(url(theirs), {"status": "done"})

    assert response.status_code == 404
    assert not MissionProgress.objects.exists()


def test_a_mission_that_does_not_exist_is_404(login, student):
    assert login(student).post("/missions/999999/status/", {"status": "done"}).status_code == 404


@pytest.mark.parametrize(
    "persona",
    ["week_mentor", "other_week_mentor", "lead_instructor", "competition_mentor", "staff"],
)
def test_only_students_have_a_status(request, login, mission, persona):
    response = login(request.getfixturevalue(persona)).post(url(mission), {"status": "done"})

    assert response.status_code == 403
    assert not MissionProgress.objects.exists()


def test_anonymous_visitors_are_sent_to_the_login_page(client, mission):
    response = client.post(url(mission), {"status": "done"})

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next=/missions/{mission.pk}/status/"
    assert not MissionProgress.objects.exists()


@pytest.mark.parametrize("method", ["get", "put", "delete"])
def test_the_status_only_takes_post(login, student, mission, method):
    assert getattr(login(student), method)(url(mission)).status_code == 405


# --- The dashboard --------------------------------------------------------------------------------


@pytest.fixture
def this_weeks_missions(current_week):
    return {
        "hard": MissionFactory(week=current_week, title="Implement attention", difficulty="hard"),
        "easy": MissionFactory(week=current_week, title="Read the ResNet paper", difficulty="easy"),
        "medium": MissionFactory(
            week=current_week, title="Fine-tune ResNet-18", difficulty="medium"
        ),
        "easy2": MissionFactory(week=current_week, title="Plot the loss curve", difficulty="easy"),
    }


def test_the_dashboard_groups_this_weeks_missions_by_tier_easy_first(
    login, english, this_weeks_missions
):
    html = login(english).get("/").content.decode()

    groups = []
    for tag, text in re.findall(
        r'<h3 class="tier-heading[^"]*">([^<]+)</h3>|<strong class="mission-title">([^<]+)<', html
    ):
        if tag:
            groups.append((tag, []))
        else:
            groups[-1][1].append(text)
    assert groups == [
        ("Easy", ["Read the ResNet paper", "Plot the loss curve"]),
        ("Medium", ["Fine-tune ResNet-18"]),
        ("Hard", ["Implement attention"]),
    ]


def test_the_dashboard_counts_the_students_done_missions(login, english, this_weeks_missions):
    for key, status in [("easy", "done"), ("medium", "done"), ("hard", "doing")]:
        MissionProgress.objects.create(
            mission=this_weeks_missions[key], student=english, status=status
        )

    html = login(english).get("/").content.decode()

    assert "2 of 4 done" in html
    assert pressed(html).count("done") == 2


def test_another_students_progress_does_not_count(login, english, classmate, this_weeks_missions):
    MissionProgress.objects.create(
        mission=this_weeks_missions["easy"], student=classmate, status="done"
    )

    html = login(english).get("/").content.decode()

    assert "0 of 4 done" in html
    assert "done" not in pressed(html)


def test_last_weeks_unfinished_missions_show_and_finished_ones_do_not(
    login, english, last_week, current_week
):
    titles = {
        status: MissionFactory(week=last_week, title=f"Last week {status}")
        for status in ["todo", "doing", "done", "skipped"]
    }
    untouched = MissionFactory(week=last_week, title="Last week untouched")
    MissionFactory(week=current_week.cohort.weeks.get(number=1), title="Two weeks ago")
    for status, mission in titles.items():
        MissionProgress.objects.create(mission=mission, student=english, status=status)

    response = login(english).get("/")

    leftovers = [m.title for m in response.context["leftover_missions"]]
    assert sorted(leftovers) == sorted(["Last week todo", "Last week doing", untouched.title])
    html = response.content.decode()
    assert "Unfinished from last week" in html
    assert "Last week done" not in html
    assert "Last week skipped" not in html
    assert "Two weeks ago" not in html


def test_a_leftover_mission_can_be_finished_from_the_dashboard(login, student, last_week):
    leftover = MissionFactory(week=last_week, title="Last week's CNN")
    client = login(student)

    client.post(url(leftover), {"status": "done", "next": "/"})

    response = client.get("/")
    assert response.context["leftover_missions"] == []
    assert "Last week&#x27;s CNN" not in response.content.decode()


def test_a_classmates_finished_mission_still_shows_as_unfinished_to_the_student(
    login, student, classmate, last_week
):
    mission = MissionFactory(week=last_week, title="Last week's RNN")
    MissionProgress.objects.create(mission=mission, student=classmate, status="done")

    response = login(student).get("/")

    assert [m.title for m in response.context["leftover_missions"]] == ["Last week's RNN"]


def test_the_mission_shows_its_hours_under_its_tiers_heading(login, english, current_week):
    MissionFactory(
        week=current_week, title="Long one", difficulty="hard", estimated_hours=Decimal("7.5")
    )

    html = login(english).get("/").content.decode()

    assert "about 7.5 h" in html
    assert '<h3 class="tier-heading tier-hard">Hard</h3>' in html
    assert "badge tier" not in html


def test_the_missions_markdown_is_rendered_and_its_script_is_not(login, student, current_week):
    MissionFactory(
        week=current_week,
        body="Use **Adam** and [read this](https://example.com/adam).\n\n"
        "<script>alert('x')</script><img src=x onerror=alert(1)>",
    )

    html = login(student).get("/").content.decode()

    assert "<strong>Adam</strong>" in html
    assert (
        '<a href="https://example.com/adam" rel="noopener noreferrer nofollow">read this</a>'
        in (html)
    )
    assert "<script>alert" not in html
    assert "onerror" not in html


def test_with_htmx_from_the_dashboard_the_done_counter_follows_the_click(
    login, student, current_week
):
    mission = MissionFactory(week=current_week)
    MissionFactory(week=current_week)

    response = login(student).post(
        f"/missions/{mission.pk}/status/",
        {"status": "done"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL="http://testserver/",
    )

    html = response.content.decode()
    assert 'id="missions-done" data-hx-swap-oob="true"' in html
    assert "1 of 2 done" in html or "2개 중 1개 완료" in html
