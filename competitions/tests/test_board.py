"""The staff's schedule board: /competitions/<id>/board/ and its suggestion."""

import datetime

import pytest
from django.utils import timezone

from competitions import services
from competitions.models import Session
from competitions.tests.factories import (
    AvailabilityWindowFactory,
    SessionFactory,
    booking,
    hours_from_now,
    local_input,
)
from core.tests import LARGE, SMALL, build_dataset, count_queries
from tests import factories
from tests.helpers import SEOUL, visit

pytestmark = pytest.mark.django_db


def board_url(competition):
    return f"/competitions/{competition.pk}/board/"


# --- Who may use it ---------------------------------------------------------------------------


def test_staff_see_teams_mentors_and_sessions(login, staff, session, other_team):
    response = login(staff).get(board_url(session.competition))

    html = response.content.decode()
    assert response.status_code == 200
    assert "1조" in html and "2조" in html and "최멘토" in html
    assert session.get_absolute_url() in html


@pytest.mark.parametrize(
    "persona",
    ["student", "week_mentor", "other_week_mentor", "lead_instructor", "competition_mentor"],
)
def test_other_members_of_the_cohort_are_refused(request, login, competition, persona):
    client = login(request.getfixturevalue(persona))

    assert client.get(board_url(competition)).status_code == 403
    assert client.get(board_url(competition) + "suggest/").status_code == 403


def test_another_cohorts_people_get_404(login, competition, other_cohort_student, other_cohort):
    from curriculum.models import Role

    other_staff = factories.UserFactory()
    factories.MembershipFactory(user=other_staff, cohort=other_cohort, role=Role.STAFF)

    for user in (other_cohort_student, other_staff):
        assert login(user).get(board_url(competition)).status_code == 404


def test_anonymous_visitors_go_to_the_login_page(client, competition):
    response = client.get(board_url(competition))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.parametrize("persona", ["student", "competition_mentor", "other_cohort_student"])
def test_a_forged_booking_by_a_non_staff_persona_saves_nothing(
    request, login, team, competition_mentor, persona
):
    client = login(request.getfixturevalue(persona))

    response = client.post(board_url(team.competition), booking(team, competition_mentor))

    assert response.status_code in (403, 404)
    assert not Session.objects.exists()


def test_the_board_answers_get_and_post_only(login, staff, competition):
    assert login(staff).delete(board_url(competition)).status_code == 405


# --- Booking ------------------------------------------------------------------------------------


def test_staff_book_a_session_from_the_board(login, staff, team, competition_mentor):
    response = login(staff).post(board_url(team.competition), booking(team, competition_mentor))

    assert response.status_code == 302
    session = Session.objects.get()
    assert (session.team, session.mentor, session.created_by) == (team, competition_mentor, staff)
    assert session.meeting_url == "https://meet.example.com/abc"


def test_a_double_booking_is_refused_with_a_message(
    login, staff, english, team, competition_mentor, other_team
):
    staff.language = "en"
    staff.save(update_fields=["language"])
    other_team.mentors.add(competition_mentor)
    client = login(staff)
    client.post(board_url(team.competition), booking(team, competition_mentor))

    response = client.post(board_url(team.competition), booking(other_team, competition_mentor))

    assert response.status_code == 400
    assert "최멘토 already has a session then" in response.content.decode()
    assert Session.objects.count() == 1


def test_a_late_session_needs_a_confirmed_reason(login, staff, team, competition_mentor):
    staff.language = "en"
    staff.save(update_fields=["language"])
    late = (team.competition.deadline_at - hours_from_now(0)).total_seconds() // 3600 - 24
    client = login(staff)

    refused = client.post(board_url(team.competition), booking(team, competition_mentor, late))
    assert refused.status_code == 400
    assert "too late for the team to use the advice" in refused.content.decode()
    assert not Session.objects.exists()

    accepted = client.post(
        board_url(team.competition),
        booking(team, competition_mentor, late, confirm_late="on", late_reason="멘토 해외 출장"),
    )
    assert accepted.status_code == 302
    assert Session.objects.get().late_reason == "멘토 해외 출장"
    board = client.get(board_url(team.competition)).content.decode()
    assert "chip is-late" in board


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"starts_at": "not a date"}, "Enter a valid date/time."),
        ({"minutes": 45}, "Select a valid choice."),
        ({"meeting_url": "javascript:alert(1)"}, "Enter a valid URL."),
    ],
)
def test_bad_input_changes_nothing(login, staff, team, competition_mentor, changes, message):
    staff.language = "en"
    staff.save(update_fields=["language"])

    response = login(staff).post(
        board_url(team.competition), {**booking(team, competition_mentor), **changes}
    )

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Session.objects.exists()


def test_a_meeting_link_longer_than_its_column_is_refused(login, staff, team, competition_mentor):
    staff.language = "en"
    staff.save(update_fields=["language"])
    link = "https://meet.example.com/" + "a" * 225  # 250 characters; the column holds 200

    response = login(staff).post(
        board_url(team.competition), booking(team, competition_mentor, meeting_url=link)
    )

    assert response.status_code == 400
    assert "Ensure this value has at most 200 characters (it has 250)." in response.content.decode()
    assert not Session.objects.exists()


def test_a_team_of_another_competition_cannot_be_booked(
    login, staff, team, competition_mentor, cohort
):
    elsewhere = factories.CompetitionFactory(cohort=cohort, title="NLP 경진대회")

    response = login(staff).post(board_url(elsewhere), booking(team, competition_mentor))

    assert response.status_code == 400
    assert not Session.objects.exists()


def test_teams_without_a_session_by_sixty_percent_are_flagged(login, staff, session, other_team):
    html = login(staff).get(board_url(session.competition)).content.decode()

    flagged = html.split('class="is-flagged"')
    assert len(flagged) == 2
    assert "2조" in flagged[1].split("</tr>")[0]


# --- The suggestion -------------------------------------------------------------------------


def test_staff_accept_the_suggested_schedule_in_one_step(login, staff, team, competition_mentor):
    competition = team.competition
    AvailabilityWindowFactory(
        competition=competition,
        mentor=competition_mentor,
        starts_at=competition.starts_at,
        ends_at=competition.deadline_at,
    )
    client = login(staff)

    page = client.get(board_url(competition) + "suggest/")
    tokens = page.context["tokens"]
    response = client.post(board_url(competition) + "suggest/", {"slot": tokens})

    assert response.status_code == 302
    assert Session.objects.filter(team=team).count() == 2


def test_staff_book_only_the_proposals_they_keep_checked(
    login, staff, team, competition_mentor, other_team
):
    competition = team.competition
    other_team.mentors.add(competition_mentor)
    AvailabilityWindowFactory(
        competition=competition,
        mentor=competition_mentor,
        starts_at=competition.starts_at,
        ends_at=competition.deadline_at,
    )
    client = login(staff)
    page = client.get(board_url(competition) + "suggest/")
    html = page.content.decode()
    tokens = page.context["tokens"]
    assert html.count('type="checkbox" name="slot"') == len(tokens) == 4
    ours = [token for token in tokens if token.startswith(f"{team.pk}|")]

    response = client.post(board_url(competition) + "suggest/", {"slot": ours})

    assert response.status_code == 302
    assert Session.objects.filter(team=team).count() == 2
    assert not Session.objects.filter(team=other_team).exists()


def test_accepting_no_proposal_books_nothing_and_says_so(login, staff, team, competition_mentor):
    client = login(staff)

    response = client.post(board_url(team.competition) + "suggest/", follow=True)

    assert "예약할 세션을 하나 이상 선택하세요." in response.content.decode()
    assert not Session.objects.exists()


def test_a_forged_proposal_books_nothing(login, staff, team, competition_mentor, other_cohort):
    foreign = factories.TeamFactory(competition=factories.CompetitionFactory(cohort=other_cohort))
    start = hours_from_now(48)
    end = start + datetime.timedelta(minutes=30)
    token = f"{foreign.pk}|{competition_mentor.pk}|{start.isoformat()}|{end.isoformat()}"

    response = login(staff).post(board_url(team.competition) + "suggest/", {"slot": [token]})

    assert response.status_code == 302
    assert not Session.objects.exists()


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("9999-12-31T23:00:00+00:00", "9999-12-31T23:30:00+00:00"),
        ("9999-12-31T14:30:00+00:00", "9999-12-31T15:00:00+00:00"),
        ("0001-01-01T00:00:00+14:00", "0001-01-01T00:30:00+14:00"),
        ("2025-02-30T10:00:00+09:00", "2025-02-30T10:30:00+09:00"),
    ],
)
def test_a_proposal_edited_to_the_ends_of_the_calendar_books_nothing(
    login, staff, team, competition_mentor, start, end
):
    staff.language = "en"
    staff.save(update_fields=["language"])
    from competitions.models import LiveLectureHours

    LiveLectureHours.objects.create(
        cohort=team.competition.cohort, weekday=4, starts=datetime.time(9), ends=datetime.time(10)
    )
    token = f"{team.pk}|{competition_mentor.pk}|{start}|{end}"
    client = login(staff)

    response = client.post(board_url(team.competition) + "suggest/", {"slot": [token]})

    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "message-error" in page
    assert "Nothing was booked" in page or "could not be read" in page
    assert not Session.objects.exists()


def test_staff_add_a_mentors_availability(login, staff, team, competition_mentor):
    start = hours_from_now(30)
    response = login(staff).post(
        board_url(team.competition) + "availability/",
        {
            "mentor": competition_mentor.pk,
            "starts_at": local_input(start),
            "ends_at": local_input(start + datetime.timedelta(hours=3)),
        },
    )

    assert response.status_code == 302
    assert competition_mentor.availability_windows.count() == 1


# --- Query count --------------------------------------------------------------------------------


def _with_sessions(data):
    competition = data.cohort.competitions.running().order_by("starts_at").first()
    for n, team in enumerate(competition.teams.prefetch_related("mentors")):
        mentor = team.mentors.first()
        SessionFactory(team=team, mentor=mentor, starts_at=hours_from_now(24 + n))
    return competition


# The first view: session, user, competition, roles, the fingerprint, teams, their mentors,
# sessions, flagged teams, availability, lecture hours, and the forms' team and mentor choices
# (twice: booking and availability). A later view reuses the grid, the lists and the empty forms:
# session, user, competition, roles, the fingerprint; and on both, the bell's unread count.
BOARD_QUERIES = (15, 6)


def test_the_boards_query_count_does_not_grow_with_data(client):
    small = build_dataset(tag="small", **SMALL)
    large = build_dataset(tag="large", **LARGE)

    counts = {}
    for size, data in [("small", small), ("large", large)]:
        url = board_url(_with_sessions(data))
        first = count_queries(client, data.staff, url)
        again = count_queries(client, data.staff, url)
        counts[size] = (len(first), len(again))

    assert counts["small"] == counts["large"], counts
    assert counts["large"] == BOARD_QUERIES, counts


# --- Read as staff read it ------------------------------------------------------------------


def _row(html, label):
    """The board's row (<tr>...</tr>) of the team named `label`."""
    start = html.rindex("<tr", 0, html.index(f'{label} <small class="muted">'))
    return html[start : html.index("</tr>", start)]


def test_each_team_row_names_the_mentor_who_coaches_it(login, staff, team, competition_mentor):
    lonely = factories.TeamFactory(competition=team.competition, name="9조")

    html = visit(login(staff), board_url(team.competition))

    assert "최멘토" in _row(html, "1조")
    assert "멘토 미배정" in _row(html, "9조")
    assert f'<option value="{team.pk}">1조 · 최멘토</option>' in html
    assert f'<option value="{competition_mentor.pk}">최멘토 · 1조</option>' in html
    assert lonely.name in html


def test_the_booking_form_for_a_team_offers_its_own_mentors_first(
    login, staff, team, competition_mentor, other_teams_session
):
    stranger = other_teams_session.mentor  # 남멘토 coaches 2조 only
    url = board_url(team.competition) + f"?team={team.pk}"

    page = visit(login(staff), url)

    own = page.index('<optgroup label="1조의 멘토">')
    others = page.index('<optgroup label="다른 멘토">')
    assert own < page.index(f'<option value="{competition_mentor.pk}" selected>') < others
    assert others < page.index(f'<option value="{stranger.pk}">')
    # htmx asks for the form alone when the team changes.
    fragment = login(staff).get(url, headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<form method="post" novalidate id="booking-form">')
    assert '<optgroup label="1조의 멘토">' in fragment


def test_a_team_that_is_not_ours_to_choose_changes_nothing_on_the_form(login, staff, team):
    for value in ("abc", "999999", ""):
        page = visit(login(staff), board_url(team.competition) + f"?team={value}")

        assert "<optgroup" not in page


def test_a_wrong_pair_is_refused_with_a_message_and_the_teams_mentors_first(
    login, staff, team, competition_mentor, other_teams_session
):
    stranger = other_teams_session.mentor

    response = login(staff).post(board_url(team.competition), booking(team, stranger))

    html = response.content.decode()
    assert response.status_code == 400
    assert "남멘토 님은 1조의 멘토가 아닙니다." in html
    assert html.index('<optgroup label="1조의 멘토">') < html.index('<optgroup label="다른 멘토">')
    assert not Session.objects.filter(team=team).exists()


def test_the_deadline_week_and_the_last_hours_are_marked_day_by_day(competition):
    from competitions.board import competition_days

    competition.deadline_at = datetime.datetime(2025, 3, 27, 19, 0, tzinfo=SEOUL)  # Thursday
    competition.starts_at = competition.deadline_at - datetime.timedelta(days=17, hours=19)

    days = competition_days(competition)

    assert (days[0].date, days[-1].date) == (datetime.date(2025, 3, 10), datetime.date(2025, 3, 27))
    week = [day.date.day for day in days if day.final_week]
    late = [day.date.day for day in days if day.late]  # from Monday 19:00, 72 hours before
    assert (week, late) == ([21, 22, 23, 24, 25, 26, 27], [24, 25, 26, 27])
    assert [day.date.day for day in days if day.deadline] == [27]


def test_chips_show_a_sessions_length_and_the_mentors_band_is_one_heading(
    login, staff, session, other_team
):
    html = visit(login(staff), board_url(session.competition))

    start = timezone.localtime(session.starts_at)
    end = timezone.localtime(session.ends_at)
    assert f'<span class="chip-time">{start:%H:%M}–{end:%H:%M}</span>' in html
    band = html[html.index('<tbody class="board-mentors">') :]
    first_row = band[: band.index("</tr>")]
    assert first_row.count("<th") == 1 and 'scope="rowgroup"' in first_row
    assert "zone-late" in html and "zone-week" in html


def test_cancelled_sessions_can_be_hidden_and_the_board_remembers_it(
    login, staff, team, competition_mentor, session
):
    services.session_cancel(session=session, by=staff, reason="팀 사정")
    client = login(staff)
    shown = visit(client, board_url(team.competition))
    assert session.get_absolute_url() in shown
    assert f'href="{board_url(team.competition)}?cancelled=hide#sessions-heading"' in shown

    hidden = visit(client, board_url(team.competition) + "?cancelled=hide")

    assert session.get_absolute_url() not in hidden
    assert f'href="{board_url(team.competition)}#sessions-heading"' in hidden
    response = client.post(
        board_url(team.competition) + "?cancelled=hide", booking(team, competition_mentor, 60)
    )
    assert response.status_code == 302
    assert response["Location"] == board_url(team.competition) + "?cancelled=hide"
    assert Session.objects.scheduled().filter(team=team).count() == 1


# --- Korean that reads whatever the name ends with ------------------------------------------------


def test_refusals_put_no_particle_after_a_teams_name(login, staff, team, competition_mentor):
    client = login(staff)
    client.post(board_url(team.competition), booking(team, competition_mentor, 48))
    client.post(board_url(team.competition), booking(team, competition_mentor, 72))

    busy = client.post(board_url(team.competition), booking(team, competition_mentor, 48))

    html = busy.content.decode()
    assert busy.status_code == 400
    assert "그 시간에 이미 1조의 세션이 있습니다" in html
    assert "1조의 멘토링(30분 × 2회)은 이미 모두 예약되었습니다." in html
    assert "은(는)" not in html


def test_no_korean_message_glues_a_particle_to_a_name():
    """ "6조은(는)", "김민준 으로": a particle after a placeholder reads wrong for some names.
    Korean messages put the name after a colon, or use a particle that fits every name (의, 에,
    에게, 에서, 도)."""
    import re
    from pathlib import Path

    import polib
    from django.conf import settings

    po = polib.pofile(str(Path(settings.BASE_DIR) / "locale/ko/LC_MESSAGES/django.po"))
    placeholder = r"(%\(\w+\)[sd]|%[sd]|\{\{ ?\w+ ?\}\})"
    particle = (
        r" ?(은\(는\)|이\(가\)|을\(를\)|과\(와\)|\(으\)로|으로|[은는이가을를과와로])"
        r"(?=[\s.,!?:)]|$)"
    )
    glued = [
        text
        for entry in po.translated_entries()
        for text in [entry.msgstr, *entry.msgstr_plural.values()]
        if re.search(placeholder + particle, text)
    ]

    assert glued == []
