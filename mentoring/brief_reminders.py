"""Who is due the continuity reminders on a day: the handoff brief before a mentor's week, and
the prompt to leave a handoff note at its end. mentoring/notifications.py sends them through the
notifications app, once per mentor and week (the week is the delivery's period), so a task run
twice, or again the next day, sends nothing new.

Each looks back over a short window rather than at one day, so a day the scheduler missed (a
worker down on the Saturday) delays a reminder instead of losing it:
- mentors_due_brief(on_date): weeks starting one to BRIEF_DAYS_AHEAD days after `on_date`;
- mentors_missing_note(on_date): weeks that ended on `on_date` or the day before, for the mentors
  who have not left their note.
"""

import datetime

from django.db.models import Exists, OuterRef

from curriculum.models import WeekMentor

from .continuity_models import HandoffNote

BRIEF_DAYS_AHEAD = 2
NOTE_GRACE_DAYS = 1  # a prompt the scheduler missed on the last day goes out the day after


def mentors_due_brief(on_date: datetime.date):
    """(mentor, week) pairs whose week starts one to BRIEF_DAYS_AHEAD days after `on_date`."""
    return _pairs(
        WeekMentor.objects.filter(
            week__starts_on__gt=on_date,
            week__starts_on__lte=on_date + datetime.timedelta(days=BRIEF_DAYS_AHEAD),
        )
    )


def mentors_missing_note(on_date: datetime.date):
    """(mentor, week) pairs whose week ended on `on_date` or the day before, without a note from
    that mentor."""
    written = HandoffNote.objects.filter(week=OuterRef("week"), mentor=OuterRef("user"))
    return _pairs(
        WeekMentor.objects.filter(
            week__ends_on__lte=on_date,
            week__ends_on__gte=on_date - datetime.timedelta(days=NOTE_GRACE_DAYS),
        ).exclude(Exists(written))
    )


def _pairs(assignments):
    rows = assignments.select_related("user", "week__cohort", "week__phase").order_by(
        "week__cohort_id", "week__number", "user_id"
    )
    return [(row.user, row.week) for row in rows]
