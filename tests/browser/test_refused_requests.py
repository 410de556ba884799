"""A request that is refused loses nothing and says why.

A page left open while its owner logged in again elsewhere (a second tab), a session that
ended, a slow or lost connection, a server or a proxy that refuses: a plain form gets Baton's
own page with what was typed and the way back; a control that saves in place (htmx) is disabled
while it waits and then says, next to itself, why nothing was saved.
"""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from curriculum.models import Week
from mentoring.models import BoardQuestion, Mission, MissionProgress

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STUDENT = "student2@example.com"
QUESTION = "BERT는 GPT 이후에도 쓸모가 있을까요?"


@pytest.fixture
def week():
    call_command("seed_demo", stdout=io.StringIO())
    return Week.objects.containing(timezone.localdate()).get(cohort__slug="ai-lab-2")


def _log_in(page, email=STUDENT):
    page.goto("/accounts/login/")
    page.fill('input[name="login"]', email)
    page.fill('input[name="password"]', "baton-demo")
    with page.expect_navigation():
        page.click('main button[type="submit"]')


def _log_out(page):
    page.click("details.user-menu summary")
    with page.expect_navigation():
        page.click('form[action="/accounts/logout/"] button[type="submit"]')


def _open_mission(page, week):
    """The week page at a mission the student has not marked, and that mission."""
    mission = Mission.objects.filter(week=week).order_by("order", "pk").first()
    MissionProgress.objects.filter(mission=mission, student__email=STUDENT).delete()
    page.goto(week.get_absolute_url())
    return mission, page.locator(f"li#mission-{mission.pk}")


def _second_tab_logs_in_again(page):
    tab = page.context.new_page()
    tab.goto("/")
    _log_out(tab)
    _log_in(tab)
    tab.close()


def test_a_question_sent_from_an_outdated_tab_is_shown_back_with_the_way_back(page, week):
    _log_in(page)
    page.goto(week.get_absolute_url())
    page.click("details.ask summary")
    page.fill("details.ask input[name='title']", QUESTION)
    _second_tab_logs_in_again(page)

    with page.expect_navigation():
        page.click("details.ask button[type='submit']")

    expect(page.locator("h1")).to_have_text("저장되지 않았습니다: 페이지가 오래되었습니다")
    expect(page.locator(".typed-text textarea")).to_have_value(QUESTION)
    expect(page.locator("body")).not_to_contain_text("DEBUG")
    assert not BoardQuestion.objects.filter(title=QUESTION).exists()
    with page.expect_navigation():
        page.get_by_role("button", name="페이지로 돌아가기").click()
    assert page.url.endswith(week.get_absolute_url())


def test_a_mission_marked_from_an_outdated_tab_says_why_and_keeps_the_page(page, week):
    _log_in(page)
    mission, item = _open_mission(page, week)
    _second_tab_logs_in_again(page)

    item.locator('button[value="done"]').click()

    expect(item.locator(".request-error")).to_contain_text("페이지가 오래되었습니다")
    expect(item.locator('button[value="done"]')).to_be_enabled()
    assert not MissionProgress.objects.filter(mission=mission, student__email=STUDENT).exists()


def test_a_mission_marked_after_signing_out_elsewhere_says_so(page, week):
    _log_in(page)
    _mission, item = _open_mission(page, week)
    tab = page.context.new_page()
    tab.goto("/")
    _log_out(tab)

    item.locator('button[value="done"]').click()

    expect(item.locator(".request-error")).to_contain_text("로그아웃된 상태입니다")
    expect(page.locator("input[name='password']")).to_have_count(0)  # no login page swapped in


def test_on_a_slow_network_the_control_is_disabled_and_says_it_is_saving(page, week):
    _log_in(page)
    mission, item = _open_mission(page, week)
    held = []
    page.route(f"**/missions/{mission.pk}/status/", lambda route: held.append(route))

    item.locator('button[value="done"]').click()

    for button in item.locator("button").all():
        expect(button).to_be_disabled()
    expect(item.locator(".htmx-indicator")).to_be_visible()
    assert len(held) == 1, "the request is held on the way"
    held[0].continue_()
    expect(item.locator('button[value="done"]')).to_have_attribute("aria-pressed", "true")
    expect(item.locator(".htmx-indicator")).to_be_hidden()
    assert MissionProgress.objects.get(mission=mission, student__email=STUDENT).status == "done"


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        ({"status": 429}, "너무 많이 시도했습니다"),
        ({"status": 500}, "서버에 문제가 생겼습니다"),
        ({"status": 502}, "서버에 문제가 생겼습니다"),
        (None, "연결할 수 없습니다"),
    ],
)
def test_a_refusal_on_the_way_is_shown_next_to_the_control(page, week, answer, reason):
    """What a proxy or a lost connection answers (the network is outside the project)."""
    _log_in(page)
    mission, item = _open_mission(page, week)

    def refuse(route):
        if answer is None:
            route.abort("internetdisconnected")
        else:
            route.fulfill(body="", **answer)

    page.route(f"**/missions/{mission.pk}/status/", refuse)

    item.locator('button[value="done"]').click()

    expect(item.locator(".request-error")).to_contain_text(reason)
    expect(item.locator('button[value="done"]')).to_be_enabled()
    expect(item.locator('button[value="done"]')).to_have_attribute("aria-pressed", "false")
