"""Writes of the continuity track: handoff notes, private notes, the lead's cohort note, the lead
instructor's sessions. Views and the admin call these; nothing else writes."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .continuity_models import CohortNote, HandoffNote, LeadSession, StudentNote

NOTE_FIELDS = ["went_well", "struggled", "pick_up", "about_students"]


def handoff_note_save(*, week, mentor, went_well="", struggled="", pick_up="", about_students=""):
    """Create or update the mentor's one note for the week. Two submits at once make one row:
    the unique constraint catches the second insert, which then updates."""
    values = {
        "went_well": went_well.strip(),
        "struggled": struggled.strip(),
        "pick_up": pick_up.strip(),
        "about_students": about_students.strip(),
    }
    if not any(values.values()):
        raise ValidationError(_("Write at least one part of the note."))
    try:
        with transaction.atomic():
            note, created = HandoffNote.objects.get_or_create(
                week=week, mentor=mentor, defaults=values
            )
    except IntegrityError:
        note, created = HandoffNote.objects.get(week=week, mentor=mentor), False
    if not created:
        for name, value in values.items():
            setattr(note, name, value)
        note.save(update_fields=[*NOTE_FIELDS, "updated_at"])
    return note


def student_note_add(*, cohort, student, author, topic, body):
    return StudentNote.objects.create(
        cohort=cohort, student=student, author=author, topic=topic, body=body.strip()
    )


def cohort_note_add(*, cohort, author, body):
    return CohortNote.objects.create(cohort=cohort, author=author, body=body.strip())


def lead_session_schedule(*, cohort, lead, kind, student, topic, starts_at, duration_minutes):
    try:
        with transaction.atomic():
            return LeadSession.objects.create(
                cohort=cohort,
                lead=lead,
                kind=kind,
                student=student,
                topic=topic,
                starts_at=starts_at,
                duration_minutes=duration_minutes,
            )
    except IntegrityError as exc:
        raise ValidationError(
            _("You already have a session starting at that time."), code="clash"
        ) from exc


def lead_session_record(*, session, summary):
    session.summary = summary.strip()
    session.save(update_fields=["summary"])
    return session
