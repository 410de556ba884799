"""Handoff notes in the admin: a theme mentor writes theirs, as themselves, for their own weeks
only, once per week; staff see every note of their cohorts; the lead's private records stay with
the lead instructor and staff (see test_continuity_privacy.py)."""

import pytest

from curriculum.services import user_sync_admin_access
from mentoring.models import HandoffNote

pytestmark = pytest.mark.django_db


@pytest.fixture
def mentor(week_mentor):
    user_sync_admin_access(user=week_mentor)
    return week_mentor


@pytest.fixture
def other_mentor(other_week_mentor):
    user_sync_admin_access(user=other_week_mentor)
    return other_week_mentor


def add(client, week, **fields):
    return client.post(
        "/admin/mentoring/handoffnote/add/", {"week": week.pk, "pick_up": "Recap.", **fields}
    )


def test_a_mentor_writes_their_note_in_the_admin(login, mentor, current_week):
    response = add(login(mentor), current_week)
    assert response.status_code == 302
    note = HandoffNote.objects.get()
    assert (note.week, note.mentor, note.pick_up) == (current_week, mentor, "Recap.")


def test_a_second_note_for_the_same_week_is_a_form_error(login, mentor, current_week):
    client = login(mentor)
    add(client, current_week)
    response = add(client, current_week, pick_up="Again")
    assert response.status_code == 200
    assert HandoffNote.objects.count() == 1


def test_a_mentor_cannot_write_for_another_mentors_week(login, mentor, cohort):
    response = add(login(mentor), cohort.weeks.get(number=5))
    assert response.status_code == 200  # the week is not a valid choice
    assert HandoffNote.objects.count() == 0


def test_a_mentor_lists_only_their_weeks_notes(login, mentor, other_mentor, cohort, current_week):
    HandoffNote.objects.create(week=current_week, mentor=mentor, pick_up="Mine")
    other = HandoffNote.objects.create(
        week=cohort.weeks.get(number=5), mentor=other_mentor, pick_up="Theirs"
    )
    html = login(mentor).get("/admin/mentoring/handoffnote/").content.decode()
    assert f"/admin/mentoring/handoffnote/{other.pk}/change/" not in html
    assert login(mentor).get(f"/admin/mentoring/handoffnote/{other.pk}/change/").status_code == 302


def test_staff_see_every_note_of_their_cohort(login, staff, mentor, other_mentor, cohort):
    for number, author in ((3, mentor), (5, other_mentor)):
        HandoffNote.objects.create(week=cohort.weeks.get(number=number), mentor=author, pick_up="x")
    html = login(staff).get("/admin/mentoring/handoffnote/").content.decode()
    assert html.count("/admin/mentoring/handoffnote/") >= 2
    for note in HandoffNote.objects.all():
        assert f"/admin/mentoring/handoffnote/{note.pk}/change/" in html
