"""What the reminders of the continuity track need, ready for the notifications app to send:
who is due a brief or a note prompt on a day, and the rendered emails in the recipient's
language and time zone. Nothing here sends anything; each (mentor, week) pair is one delivery,
so a delivery keyed on (kind, mentor, week) goes out once however often the task runs.

- mentors_due_brief(on_date): the brief goes out two days before the mentor's week starts.
- mentors_missing_note(on_date): on the week's last day, mentors who have not left their note.
- render_brief_email(mentor, week, brief=None) and render_note_prompt_email(mentor, week):
  (subject, text, html), rendered from build_brief's object like the page.
"""

import datetime

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from curriculum.models import WeekMentor

from .brief import build_brief
from .continuity_models import HandoffNote
from .levels import INACTIVE_DAYS
from .stats import TOO_EASY_ABOVE, TOO_HARD_BELOW

BRIEF_DAYS_AHEAD = 2


def mentors_due_brief(on_date: datetime.date):
    """(mentor, week) pairs whose week starts BRIEF_DAYS_AHEAD days after `on_date`."""
    starts = on_date + datetime.timedelta(days=BRIEF_DAYS_AHEAD)
    return _pairs(WeekMentor.objects.filter(week__starts_on=starts))


def mentors_missing_note(on_date: datetime.date):
    """(mentor, week) pairs whose week ends on `on_date` without a note from that mentor."""
    written = HandoffNote.objects.filter(week=OuterRef("week"), mentor=OuterRef("user"))
    return _pairs(WeekMentor.objects.filter(week__ends_on=on_date).exclude(Exists(written)))


def _pairs(assignments):
    rows = assignments.select_related("user", "week__cohort", "week__phase").order_by(
        "week__cohort_id", "week__number", "user_id"
    )
    return [(row.user, row.week) for row in rows]


def _absolute(path):
    return settings.SITE_URL.rstrip("/") + path


def _render(name, mentor, context):
    with translation.override(mentor.language), timezone.override(mentor.time_zone):
        return tuple(
            render_to_string(f"mentoring/email/{name}{suffix}", context).strip()
            if suffix == "_subject.txt"
            else render_to_string(f"mentoring/email/{name}{suffix}", context)
            for suffix in ("_subject.txt", ".txt", ".html")
        )


def render_brief_email(mentor, week, brief=None):
    brief = brief or build_brief(week)
    context = {
        "mentor": mentor,
        "brief": brief,
        "week": brief.week,
        "url": _absolute(reverse("mentoring:brief", kwargs={"week_pk": week.pk})),
        "inactive_days": INACTIVE_DAYS,
        "too_easy_above": TOO_EASY_ABOVE,
        "too_hard_below": TOO_HARD_BELOW,
    }
    subject, text, html = _render("brief", mentor, context)
    return " ".join(subject.split()), text, html


def render_note_prompt_email(mentor, week):
    context = {
        "mentor": mentor,
        "week": week,
        "url": _absolute(reverse("mentoring:handoff_note", kwargs={"week_pk": week.pk})),
    }
    subject, text, html = _render("note_prompt", mentor, context)
    return " ".join(subject.split()), text, html
