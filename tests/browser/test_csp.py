"""The Content-Security-Policy in a real browser: htmx still swaps a mission's status in place,
and neither the student's pages nor the admin's quiz form (with its calibration script) trip a
single CSP violation."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from curriculum.models import Week
from mentoring.models import Mission, MissionProgress, Quiz

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "baton-demo"
STUDENT = "student@example.com"
MENTOR = "mentor@example.com"

WATCH_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


@pytest.fixture
def demo():
    call_command("seed_demo", stdout=io.StringIO())
    return Week.objects.containing(timezone.localdate()).get(cohort__slug="ai-lab-2")


def _watched_page(new_page):
    page = new_page()
    page.add_init_script(WATCH_VIOLATIONS)
    console = []
    page.on("console", lambda message: console.append(message.text))
    return page, console


def _log_in(page, email):
    page.goto("/accounts/login/")
    page.fill('input[name="login"]', email)
    page.fill('input[name="password"]', DEMO_PASSWORD)
    with page.expect_navigation():
        page.click('main button[type="submit"]')


def _assert_no_violation(page, console):
    assert page.evaluate("window.cspViolations") == []
    assert not [text for text in console if "Content Security Policy" in text]


def test_htmx_swaps_a_mission_status_under_the_policy(new_page, live_server, demo):
    mission = Mission.objects.filter(week=demo).order_by("order", "pk").first()
    MissionProgress.objects.filter(mission=mission, student__email=STUDENT).delete()
    page, console = _watched_page(new_page)
    _log_in(page, STUDENT)
    response = page.request.get(live_server.url + "/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.evaluate("window.beforeClick = 'still here'")
    item = page.locator(f"li#mission-{mission.pk}")

    with page.expect_response(f"**/missions/{mission.pk}/status/") as answer:
        item.locator('button[name="status"][value="done"]').click()

    assert answer.value.status == 200
    expect(item.locator('button[name="status"][aria-pressed="true"]')).to_have_attribute(
        "value", "done"
    )
    assert page.evaluate("window.beforeClick") == "still here", "htmx did not swap in place"
    assert MissionProgress.objects.get(mission=mission, student__email=STUDENT).status == "done"
    for url in [demo.get_absolute_url(), f"/curriculum/{demo.cohort.slug}/", "/reading-list/"]:
        page.goto(url)
    _assert_no_violation(page, console)
    # The watcher does see a violation: an injected inline script is refused.
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.injected = 1'; document.body.append(s); }"
    )
    page.wait_for_function("window.cspViolations.length > 0")
    assert page.evaluate("window.injected") is None


def test_the_admin_quiz_form_runs_its_script_under_the_policy(new_page, live_server, demo):
    quiz = Quiz.objects.filter(week=demo).order_by("pk").first()
    page, console = _watched_page(new_page)
    _log_in(page, MENTOR)

    page.goto(f"/admin/mentoring/quiz/{quiz.pk}/change/")

    expect(page.locator("#quiz_form")).to_be_visible()
    page.wait_for_load_state("load")
    _assert_no_violation(page, console)
