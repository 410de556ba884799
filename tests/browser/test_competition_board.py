"""Competition mentoring in a real browser, on the demo cohort: the demo staff user books a
session on the running competition's schedule board, is refused a double booking of the same
mentor, and books a session in the last 72 hours only after confirming it with a reason.

UI copy is not asserted: the assertions read form names, error elements, URLs and the database.
"""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from competitions.models import Competition, Session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STAFF = "staff@example.com"
DEMO_PASSWORD = "baton-demo"


@pytest.fixture
def running():
    call_command("seed_demo", stdout=io.StringIO())
    return Competition.objects.running().get(cohort__slug="ai-lab-2")


def _submit(page, selector):
    with page.expect_navigation():
        page.click(selector)


def _local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def _book(page, team, mentor, starts_at, *, reason=None):
    page.select_option('#booking-form select[name="team"]', value=str(team.pk))
    # Choosing the team brings its own mentors first (htmx swaps the mentor list).
    expect(page.locator("#id_mentor optgroup").first).to_have_attribute(
        "label", f"{team.name}의 멘토"
    )
    page.select_option('#booking-form select[name="mentor"]', value=str(mentor.pk))
    page.fill('#booking-form input[name="starts_at"]', _local(starts_at))
    if reason is not None:
        page.check('#booking-form input[name="confirm_late"]')
        page.fill('#booking-form textarea[name="late_reason"]', reason)
    _submit(page, '#booking-form button[type="submit"]')


def test_staff_book_are_refused_a_double_booking_and_confirm_a_late_session(
    page, live_server, running
):
    team6, team5 = running.teams.get(name="6조"), running.teams.get(name="5조")
    mentor = team6.mentors.get()
    day = timezone.localdate() + datetime.timedelta(days=2)
    slot = timezone.make_aware(datetime.datetime.combine(day, datetime.time(14)))
    board = f"/competitions/{running.pk}/board/"
    page.goto("/accounts/login/")
    page.fill('input[name="login"]', STAFF)
    page.fill('input[name="password"]', DEMO_PASSWORD)
    _submit(page, 'main button[type="submit"]')
    page.goto(board)
    expect(page.locator("tr.is-flagged")).to_have_count(1)  # 6조: only a late session

    _book(page, team6, mentor, slot)

    assert page.url == f"{live_server.url}{board}"
    booked = Session.objects.get(team=team6, starts_at=slot)
    assert (booked.mentor, booked.starts_at) == (mentor, slot)
    expect(page.locator(f'a.chip[href="{booked.get_absolute_url()}"]')).to_have_count(2)
    expect(page.locator("tr.is-flagged")).to_have_count(0)

    # The same mentor at the same time for another of their teams: refused, nothing saved.
    before = Session.objects.count()
    _book(page, team5, mentor, slot)

    expect(page.locator("#id_starts_at_error").first).to_be_visible()
    assert Session.objects.count() == before

    # Two days before the deadline (5조 has one session left): refused until confirmed with a
    # reason.
    late = running.deadline_at - datetime.timedelta(hours=46)
    page.goto(board)
    _book(page, team5, mentor, late)

    expect(page.locator("#id_late_reason_error")).to_be_visible()
    assert not Session.objects.filter(team=team5, starts_at=late).exists()

    _book(page, team5, mentor, late, reason="멘토 해외 출장으로 이때만 가능")

    assert page.url == f"{live_server.url}{board}"
    late_session = Session.objects.get(team=team5, starts_at=late)
    assert late_session.late_reason == "멘토 해외 출장으로 이때만 가능"
    expect(page.locator(f'a.chip.is-late[href="{late_session.get_absolute_url()}"]')).to_have_count(
        2
    )


# --- The board as staff read it -------------------------------------------------------------------

PHONE = {"width": 390, "height": 844}


def _sign_in(page, email=STAFF):
    page.goto("/accounts/login/")
    page.fill('input[name="login"]', email)
    page.fill('input[name="password"]', DEMO_PASSWORD)
    _submit(page, 'main button[type="submit"]')


def _sideways(page):
    """How far the page scrolls sideways (0: it fits the screen)."""
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


@pytest.mark.parametrize(
    "screen", [{"viewport": {"width": 1280, "height": 800}}, {"viewport": PHONE, "is_mobile": True}]
)
def test_late_and_cancelled_chips_do_not_make_the_board_scroll_sideways(
    new_page, live_server, running, screen
):
    late = Session.objects.late_for(running).get()  # the demo's, and a cancelled one
    cancelled = running.sessions.get(status="cancelled")
    page = new_page(**screen)
    _sign_in(page)

    page.goto(f"/competitions/{running.pk}/board/")

    expect(page.locator(f'a.chip.is-late[href="{late.get_absolute_url()}"]')).to_have_count(2)
    expect(page.locator(f'.session-list a[href="{cancelled.get_absolute_url()}"]')).to_be_visible()
    assert _sideways(page) == 0


def test_at_1280_the_whole_competition_shows_with_its_deadline_zone_marked(
    page, live_server, running
):
    late = Session.objects.late_for(running).get()  # 6조's only session, two days before
    first = timezone.localtime(running.starts_at).date()
    last = timezone.localtime(running.deadline_at).date()
    _sign_in(page)

    page.goto(f"/competitions/{running.pk}/board/")

    # Every day, the deadline's too, is on screen without scrolling the grid.
    expect(page.locator(f"#day-{first:%Y-%m-%d}")).to_be_in_viewport(ratio=1)
    deadline = page.locator(f"#day-{last:%Y-%m-%d}")
    expect(deadline).to_be_in_viewport(ratio=1)
    expect(deadline.locator(".day-mark")).to_be_visible()
    # The deadline week and the last hours: named over their days, shaded, the late ones hatched.
    for zone in ("zone-week", "zone-late"):
        expect(page.locator(f".board-zones th.{zone}")).to_be_visible()
        expect(page.locator(f".legend .zone-swatch.{zone}")).to_be_visible()
    expect(page.locator(f"#day-{last:%Y-%m-%d}.zone-late.zone-week")).to_have_count(1)
    hatched = page.locator("tbody td.zone-late").first
    assert "repeating-linear-gradient" in hatched.evaluate("td => getComputedStyle(td).background")
    # A chip tells the length, and each team's row who coaches it.
    span = f"{timezone.localtime(late.starts_at):%H:%M}–{timezone.localtime(late.ends_at):%H:%M}"
    chip = page.locator(f'a.chip.is-late[href="{late.get_absolute_url()}"]').first
    expect(chip).to_contain_text(span)
    box = chip.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 1280  # not scrolled out of the grid
    row = page.locator("tbody tr", has=page.locator("th", has_text="6조"))
    expect(row.locator(".board-mentor")).to_have_text(late.mentor.display_name)
    # The mentors' half opens with one heading, not a row of empty cells.
    expect(page.locator("tbody.board-mentors tr").first.locator("th, td")).to_have_count(1)


def test_the_team_chosen_brings_its_own_mentor_and_the_booking_is_told(
    page, new_page, live_server, running
):
    from notifications.models import Delivery

    five = running.teams.get(name="5조")
    mentor = five.mentors.get()
    day = timezone.localdate() + datetime.timedelta(days=2)
    slot = timezone.make_aware(datetime.datetime.combine(day, datetime.time(15)))
    _sign_in(page)
    page.goto(f"/competitions/{running.pk}/board/")

    page.select_option('#booking-form select[name="team"]', label=f"5조 · {mentor.display_name}")

    mentors = page.locator('#booking-form select[name="mentor"]')
    expect(mentors.locator("optgroup").first).to_have_attribute("label", "5조의 멘토")
    expect(mentors).to_have_value(str(mentor.pk))
    page.fill('#booking-form input[name="starts_at"]', _local(slot))
    _submit(page, '#booking-form button[type="submit"]')

    expect(page.locator(".message-success, [role=status]").first).to_contain_text("알렸습니다")
    session = Session.objects.get(team=five, starts_at=slot)
    told = Delivery.objects.filter(period=f"change-{session.changes.get().pk}")
    people = {*five.members.values_list("email", flat=True), mentor.email}
    assert set(told.values_list("user__email", flat=True)) == people
    # The mentor finds it under the bell.
    theirs = new_page()
    _sign_in(theirs, mentor.email)
    theirs.goto("/notifications/")
    expect(theirs.locator("main")).to_contain_text("멘토링 세션 예약: 5조")


def test_cancelling_asks_first_and_cancelled_sessions_can_be_hidden(page, live_server, running):
    session = running.sessions.filter(
        team__name="1조", starts_at__gt=timezone.now() + datetime.timedelta(days=1)
    ).first()
    _sign_in(page)
    page.goto(session.get_absolute_url())

    page.fill("#cancel-form textarea[name=reason]", "멘토 일정 변경")
    page.click("#cancel-form button[type=submit]")  # the box is not ticked: the browser asks

    assert page.url.endswith(session.get_absolute_url())
    assert page.locator("#cancel-form input[name=confirm]").evaluate("box => !box.validity.valid")
    session.refresh_from_db()
    assert session.status == "scheduled"

    page.check("#cancel-form input[name=confirm]")
    _submit(page, "#cancel-form button[type=submit]")

    session.refresh_from_db()
    assert session.status == "cancelled"
    expect(page.locator("#cancel-form")).to_have_count(0)
    page.goto(f"/competitions/{running.pk}/board/")
    cancelled = running.sessions.filter(status="cancelled")
    listed = page.locator(".session-list li.is-cancelled")
    expect(listed).to_have_count(cancelled.count())

    _submit(page, ".board-toggle a")

    assert page.url.split("#")[0].endswith("?cancelled=hide")
    expect(listed).to_have_count(0)
    expect(page.locator(f'.session-list a[href="{session.get_absolute_url()}"]')).to_have_count(0)
    _submit(page, ".board-toggle a")
    expect(listed).to_have_count(cancelled.count())


def test_staff_book_the_suggestion_for_one_team_and_leave_the_other(page, live_server, running):
    five, six = running.teams.get(name="5조"), running.teams.get(name="6조")
    before = {team: team.sessions.filter(status="scheduled").count() for team in (five, six)}
    _sign_in(page)
    page.goto(f"/competitions/{running.pk}/board/suggest/")
    rows = page.locator("table.suggestion tbody tr")
    expect(rows).to_have_count(2)  # 5조's second session, 6조's early one

    rows.filter(has_text="6조").locator("input[type=checkbox]").uncheck()
    _submit(page, 'main form button[type="submit"]')

    assert page.url.endswith(f"/competitions/{running.pk}/board/")
    assert five.sessions.filter(status="scheduled").count() == before[five] + 1
    assert six.sessions.filter(status="scheduled").count() == before[six]
