"""The handoff brief and the lead's radar are served from a cache shared by their readers: what
people write (a handoff note, the lead's note, an answer, a mission) shows on the next visit;
the figures from the students' own activity are dated and at most five minutes old."""

import datetime
import re

import pytest
import time_machine
from django.utils import timezone

from curriculum.models import Role
from mentoring.models import CohortNote, HandoffNote, MissionProgress
from tests import factories
from tests.helpers import in_english, signed_in, visit

from .conftest import BoardQuestionFactory, MissionFactory, make_students

pytestmark = pytest.mark.django_db

# The clock is pinned to Wednesday 3/12 noon (Seoul): week 3 is this week, week 2 is over.
LAST_WEEK = "단계 1 week 2"  # how the English pages name week 2


def brief_url(week):
    return f"/weeks/{week.pk}/brief/"


def radar_url(cohort):
    return f"/cohorts/{cohort.slug}/radar/"


def section(html, section_id):
    """The text of one section of the brief, without its tags."""
    part = html.split(f'id="{section_id}"', 1)[1].split("</section>", 1)[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", part))


def brief_body(html):
    """The part of the brief every reader shares (everything below the heading)."""
    return html[html.index('<div class="brief">') : html.index("</main>")]


def radar_row(html, name):
    row = html.split(f">{name}</a>", 1)[1].split("</tr>", 1)[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row))


def names_in(html):
    return re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', html)


def six_minutes_later():
    return time_machine.travel(timezone.now() + datetime.timedelta(minutes=6), tick=True)


@pytest.fixture
def last_weeks_mentor(cohort, last_week):
    mentor = factories.UserFactory(email="week2mentor@example.com", name="이전주 멘토")
    factories.MembershipFactory(user=mentor, cohort=cohort, role=Role.THEME_MENTOR)
    factories.WeekMentorFactory(week=last_week, user=mentor)
    return mentor


@pytest.fixture
def reader(login, week_mentor):
    """This week's mentor, reading the brief in English."""
    return login(in_english(week_mentor))


NOTE = {
    "went_well": "Attention clicked.",
    "struggled": "Positional encodings.",
    "pick_up": "Start with a recap of attention.",
    "about_students": "S02 asked great questions.",
}


# --- What people write shows at once ------------------------------------------------------------


def test_a_handoff_note_from_last_weeks_mentor_shows_in_this_weeks_brief_at_once(
    reader, last_weeks_mentor, cohort, last_week
):
    url = f"/cohorts/{cohort.slug}/weeks/3/brief/"
    assert "No notes yet." in section(visit(reader, url), "brief-notes")
    writer = signed_in(last_weeks_mentor)

    response = writer.post(f"/weeks/{last_week.pk}/handoff-note/", NOTE)
    assert response.status_code == 302
    notes = section(visit(reader, url), "brief-notes")
    assert "Start with a recap of attention." in notes
    assert "이전주 멘토" in notes

    writer.post(f"/weeks/{last_week.pk}/handoff-note/", {**NOTE, "pick_up": "Recap first."})
    notes = section(visit(reader, url), "brief-notes")
    assert "Recap first." in notes
    assert "Start with a recap of attention." not in notes
    assert HandoffNote.objects.get(week=last_week).pick_up == "Recap first."


def test_a_note_the_lead_leaves_on_the_cohort_shows_in_the_brief_at_once(
    reader, lead_instructor, cohort, current_week
):
    assert "No notes yet." in section(visit(reader, brief_url(current_week)), "brief-notes")

    response = signed_in(lead_instructor).post(
        f"/cohorts/{cohort.slug}/lead-notes/", {"body": "Pace is fine; push the practice."}
    )

    assert response.status_code == 302
    assert CohortNote.objects.get(cohort=cohort).author == lead_instructor
    notes = section(visit(reader, brief_url(current_week)), "brief-notes")
    assert "Pace is fine; push the practice." in notes
    assert "윤강사" in notes


def test_an_answered_question_leaves_the_briefs_open_questions_at_once(
    reader, week_mentor, student, last_week, current_week
):
    question = BoardQuestionFactory(week=last_week, author=student, title="Why does Adam diverge?")
    assert "Why does Adam diverge?" in section(visit(reader, brief_url(current_week)), "brief-open")

    response = reader.post(f"/questions/{question.pk}/answers/", {"body": "Lower the LR."})

    assert response.status_code == 302
    assert question.answers.get().author == week_mentor
    still_open = section(visit(reader, brief_url(current_week)), "brief-open")
    assert "Why does Adam diverge?" not in still_open
    assert "Every earlier question has an answer." in still_open


def test_a_mission_posted_in_a_past_week_shows_in_the_completion_at_once(
    reader, student, last_week, current_week
):
    assert LAST_WEEK not in section(visit(reader, brief_url(current_week)), "brief-missions")

    MissionFactory(week=last_week, title="Fine-tune ResNet-50", difficulty="easy")

    completion = section(visit(reader, brief_url(current_week)), "brief-missions")
    assert f"{LAST_WEEK} 0% (0/1)" in completion


# --- What students do shows within five minutes, dated ------------------------------------------


def test_a_mission_a_student_finishes_shows_in_the_brief_within_five_minutes(
    reader, student, last_week, current_week
):
    mission = MissionFactory(week=last_week, difficulty="easy")
    html = visit(reader, brief_url(current_week))
    assert f"{LAST_WEEK} 0% (0/1)" in section(html, "brief-missions")
    assert "Figures as of 3/12 12:00." in html

    response = signed_in(student).post(f"/missions/{mission.pk}/status/", {"status": "done"})

    assert response.status_code == 302
    assert MissionProgress.objects.get(mission=mission, student=student).status == "done"
    # Not fingerprinted on purpose: the page may still show the figures of 12:00, and says so.
    assert "Figures as of 3/12 12:00." in visit(reader, brief_url(current_week))
    with six_minutes_later():
        html = visit(reader, brief_url(current_week))
    assert f"{LAST_WEEK} 100% (1/1)" in section(html, "brief-missions")
    assert "Figures as of 3/12 12:06." in html


def test_a_mission_a_student_finishes_shows_on_the_radar_within_five_minutes(
    login, lead_instructor, student, cohort, last_week
):
    mission = MissionFactory(week=last_week, difficulty="easy")
    lead = login(in_english(lead_instructor))
    html = visit(lead, radar_url(cohort))
    assert "0% (0/1)" in radar_row(html, "김학생")
    assert "figures as of 3/12 12:00" in html

    signed_in(student).post(f"/missions/{mission.pk}/status/", {"status": "done"})

    assert "figures as of 3/12 12:00" in visit(lead, radar_url(cohort))
    with six_minutes_later():
        html = visit(lead, radar_url(cohort))
    assert "100% (1/1)" in radar_row(html, "김학생")
    assert "figures as of 3/12 12:06" in html


# --- Readers and filters -------------------------------------------------------------------------


def test_the_radar_filtered_two_ways_shows_two_tables(login, lead_instructor, cohort):
    make_students(cohort, 2)  # S01 and S02
    lead = login(lead_instructor)

    assert names_in(visit(lead, radar_url(cohort))) == ["S01", "S02"]
    assert names_in(visit(lead, radar_url(cohort) + "?q=s02")) == ["S02"]
    assert names_in(visit(lead, radar_url(cohort) + "?q=s01&sort=level")) == ["S01"]
    assert names_in(visit(lead, radar_url(cohort))) == ["S01", "S02"]


def test_the_brief_reads_the_same_for_every_reader_and_only_the_mentor_is_asked_for_a_note(
    week_mentor, lead_instructor, staff, student, last_week, current_week
):
    BoardQuestionFactory(week=last_week, author=student, title="Why does Adam diverge?")
    MissionFactory(week=last_week, difficulty="easy")
    readers = (week_mentor, lead_instructor, staff)  # the mentor fills the cache

    pages = [visit(signed_in(user), brief_url(current_week)) for user in readers]

    mentors, leads, staffs = pages
    assert brief_body(leads) == brief_body(staffs) == brief_body(mentors)
    assert "Why does Adam diverge?" in brief_body(staffs)
    note_link = f'href="/weeks/{current_week.pk}/handoff-note/"'
    assert note_link in mentors
    assert note_link not in leads
    assert note_link not in staffs


# --- Rows edited in place, as the admin does ----------------------------------------------------


def test_a_lead_note_corrected_in_the_admin_shows_in_the_brief_at_once(
    reader, lead_instructor, cohort, current_week
):
    note = CohortNote.objects.create(cohort=cohort, author=lead_instructor, body="Pace is fine.")
    assert "Pace is fine." in section(visit(reader, brief_url(current_week)), "brief-notes")

    note.body = "Pace is too fast: slow down."
    note.save()

    assert "Pace is too fast: slow down." in section(
        visit(reader, brief_url(current_week)), "brief-notes"
    )
