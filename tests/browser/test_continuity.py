"""Continuity in a real browser, on the demo cohort: the demo mentor finds the brief of their
week from the dashboard and sees last week's weakest quiz question; the demo lead instructor
opens the radar, narrows it to the quiet students without JavaScript, and opens a student's
timeline.

The assertions read ids, URLs and figures computed from the database, not UI copy.
"""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone, translation
from playwright.sync_api import expect

from accounts.models import User
from curriculum.models import Week
from mentoring.brief import build_brief
from mentoring.models import Quiz, QuizAttempt
from tests.helpers import in_english

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "baton-demo"


@pytest.fixture
def demo():
    call_command("seed_demo", stdout=io.StringIO())
    return Week.objects.containing(timezone.localdate()).get(cohort__slug="ai-lab-2")


def _logged_in_page(new_page, live_server, email, **context_options):
    page = new_page(**context_options)
    page.goto("/accounts/login/")
    page.fill('input[name="login"]', email)
    page.fill('input[name="password"]', DEMO_PASSWORD)
    with page.expect_navigation():
        page.click('main button[type="submit"]')
    assert page.url == f"{live_server.url}/"
    return page


def test_the_demo_mentor_reads_last_weeks_weakest_question_in_the_brief(
    demo, new_page, live_server
):
    last_week = build_brief(demo).last_week_quizzes[0]
    page = _logged_in_page(new_page, live_server, "mentor@example.com")
    with page.expect_navigation():
        page.click(f'a[href="/weeks/{demo.pk}/brief/"]')
    assert page.url == f"{live_server.url}/weeks/{demo.pk}/brief/"
    quiz_section = page.locator("#brief-quizzes")
    assert last_week.weakest.text in quiz_section.locator(".last-week-quiz").inner_text()
    assert page.locator("#brief-levels svg.chart").count() == 1
    assert page.locator("#brief-missions svg.chart").count() == 1


def test_the_demo_lead_opens_the_radar_and_a_students_timeline(demo, new_page, live_server):
    quiet = [figure for figure in build_brief(demo).students if figure.inactive]
    assert quiet, "the demo has quiet students"
    page = _logged_in_page(new_page, live_server, "lead@example.com", java_script_enabled=False)
    page.goto("/cohorts/ai-lab-2/radar/")
    assert page.locator("tr.radar-row").count() == 30
    page.check('input[name="inactive"]')
    with page.expect_navigation():
        page.click(".radar-filters button[type=submit]")
    assert "inactive=on" in page.url
    rows = page.locator("tr.radar-row")
    assert rows.count() == page.locator("tr.radar-row.is-inactive").count() >= 1
    with page.expect_navigation():
        rows.first.locator("a").click()
    assert "/cohorts/ai-lab-2/students/" in page.url
    assert page.locator("article.timeline-week").count() == demo.number
    assert page.locator(".private-notes form textarea[name=body]").count() == 1


def test_a_quiz_taken_once_is_not_called_too_easy(demo, new_page, live_server):
    """One student's 100% says nothing about the cohort: the statistics show the mean with its
    single attempt, and no verdict."""
    quiz = Quiz.objects.filter(week=demo).first()
    quiz.attempts.all().delete()
    total = quiz.questions.count()
    student = User.objects.get(email="student@example.com")
    QuizAttempt.objects.create(quiz=quiz, student=student, number=1, score=total, total=total)
    in_english(User.objects.get(email="lead@example.com"))

    page = _logged_in_page(new_page, live_server, "lead@example.com")
    page.goto(f"/quizzes/{quiz.pk}/statistics/")

    verdict = page.locator("p.calibration")
    expect(verdict).to_contain_text("Too few attempts to judge")
    expect(verdict).to_contain_text("first-attempt mean 100.0% over 1 student")
    expect(verdict).not_to_contain_text("Too easy")


def test_the_radar_highlights_every_quiet_student(demo, new_page, live_server):
    """Each quiet student's row stands out from the rest, odd or even (a striped table paints
    its cells, over the row's own background)."""
    page = _logged_in_page(new_page, live_server, "lead@example.com")
    page.goto("/cohorts/ai-lab-2/radar/")
    backgrounds = page.locator("tr.radar-row").evaluate_all(
        """rows => rows.map(row => ({
            quiet: row.classList.contains('is-inactive'),
            cells: [...row.cells].map(cell => getComputedStyle(cell).backgroundColor),
        }))"""
    )
    quiet = [row["cells"] for row in backgrounds if row["quiet"]]
    others = {colour for row in backgrounds if not row["quiet"] for colour in row["cells"]}
    assert len(quiet) >= 2, "the demo has several quiet students"
    highlight = {colour for cells in quiet for colour in cells}
    assert len(highlight) == 1, highlight
    assert not highlight & others


def test_the_briefs_note_cards_keep_their_header_inside_the_card(demo, new_page, live_server):
    """A note's header starts where its text does, clear of the lead note's left bar."""
    page = _logged_in_page(new_page, live_server, "mentor@example.com")
    page.goto(f"/weeks/{demo.pk}/brief/")
    notes = page.locator("#brief-notes article.note")
    assert page.locator("#brief-notes article.lead-note").count() >= 1
    offsets = notes.evaluate_all(
        """notes => notes.map(note => {
            const style = getComputedStyle(note);
            const inner = note.getBoundingClientRect().left + parseFloat(style.borderLeftWidth)
                + parseFloat(style.paddingLeft);
            const header = note.querySelector(':scope > header').getBoundingClientRect().left;
            const text = note.querySelector(':scope > p, :scope > dl').getBoundingClientRect().left;
            return [Math.round(header - inner), Math.round(text - inner)];
        })"""
    )
    assert offsets and all(header == text == 0 for header, text in offsets), offsets


def test_a_later_weeks_brief_is_named_by_its_week_not_this_week(demo, new_page, live_server):
    """mentor2 holds a week still to come: its page and its brief name that week, and only the
    current week's page speaks of "this week"."""
    later = (
        Week.objects.filter(cohort=demo.cohort, mentors__email="mentor2@example.com")
        .filter(number__gt=demo.number)
        .select_related("phase")
        .order_by("number")
        .first()
    )
    assert later is not None, "mentor2 holds a later week in the demo"
    in_english(User.objects.get(email="mentor2@example.com"))
    with translation.override("en"):
        label = later.label

    page = _logged_in_page(new_page, live_server, "mentor2@example.com")
    page.goto(later.get_absolute_url())
    link = page.locator(f'.brief-link a[href="/weeks/{later.pk}/brief/"]')
    expect(link).to_have_text(f"Handoff brief for {label}")
    with page.expect_navigation():
        link.click()
    expect(page.locator("main")).not_to_contain_text("this week")

    in_english(User.objects.get(email="mentor@example.com"))
    page = _logged_in_page(new_page, live_server, "mentor@example.com")
    page.goto(demo.get_absolute_url())
    expect(page.locator(".brief-link a").first).to_have_text("This week's handoff brief")
