"""Continuity across rotating mentors: the handoff note each theme mentor leaves for the next,
the lead instructor's note on the cohort, private notes per student, and the lead instructor's
own mentoring sessions. Imported by models.py so Django registers them in this app."""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from curriculum.models import Cohort, Membership, Role, Week

NOTE_MAX = 4000


class HandoffNoteQuerySet(models.QuerySet):
    def before(self, week):
        """Notes of the cohort's earlier weeks, newest week first."""
        return (
            self.filter(week__cohort_id=week.cohort_id, week__number__lt=week.number)
            .select_related("week__phase", "week__cohort", "mentor")
            .order_by("-week__number", "pk")
        )


class HandoffNote(models.Model):
    """What a theme mentor leaves for the next one at the end of their week. Mentors, the lead
    instructor and staff read it; students never do."""

    week = models.ForeignKey(
        Week, on_delete=models.CASCADE, related_name="handoff_notes", verbose_name=_("week")
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="handoff_notes",
        verbose_name=_("mentor"),
    )
    went_well = models.TextField(_("what went well"), max_length=NOTE_MAX, blank=True)
    struggled = models.TextField(_("where the cohort struggled"), max_length=NOTE_MAX, blank=True)
    pick_up = models.TextField(_("what to pick up next"), max_length=NOTE_MAX, blank=True)
    about_students = models.TextField(
        _("about individual students"),
        max_length=NOTE_MAX,
        blank=True,
        help_text=_("Seen by mentors, the lead instructor and staff; never by students."),
    )
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = HandoffNoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("handoff note")
        verbose_name_plural = _("handoff notes")
        ordering = ["week", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["week", "mentor"], name="handoffnote_one_per_mentor"),
            models.CheckConstraint(
                condition=~Q(went_well="", struggled="", pick_up="", about_students=""),
                name="handoffnote_not_empty",
            ),
        ]

    def __str__(self):
        return f"{self.mentor} · {self.week}"


class CohortNote(models.Model):
    """The lead instructor's note on the whole cohort, shown in every later brief."""

    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="lead_notes", verbose_name=_("cohort")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("author"),
    )
    body = models.TextField(_("note"), max_length=NOTE_MAX)
    created_at = models.DateTimeField(_("written"), default=timezone.now)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("lead instructor's note on the cohort")
        verbose_name_plural = _("lead instructor's notes on the cohort")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(body=""), name="cohortnote_not_empty"),
        ]

    def __str__(self):
        return f"{self.cohort} · {self.created_at:%Y-%m-%d}"


class StudentNoteTopic(models.TextChoices):
    CAREER = "career", _("Career")
    LEVEL = "level", _("Level")
    FOLLOW_UP = "follow_up", _("Follow-up")
    OTHER = "other", _("Other")


class StudentNote(models.Model):
    """A private note on one student: the lead instructor and staff only."""

    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="student_notes", verbose_name=_("cohort")
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notes_about",
        verbose_name=_("student"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    topic = models.CharField(_("topic"), max_length=16, choices=StudentNoteTopic.choices)
    body = models.TextField(_("note"), max_length=NOTE_MAX)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("private note on a student")
        verbose_name_plural = _("private notes on students")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(body=""), name="studentnote_not_empty"),
            models.CheckConstraint(
                condition=Q(topic__in=StudentNoteTopic.values), name="studentnote_topic_valid"
            ),
        ]

    def __str__(self):
        return f"{self.student} · {self.get_topic_display()}"


class SessionKind(models.TextChoices):
    GROUP = "group", _("Group")
    ONE_TO_ONE = "one_to_one", _("One-to-one")


class LeadSessionQuerySet(models.QuerySet):
    def concerning(self, user):
        """The sessions `user` takes part in: as their lead, as the student of a one-to-one, or
        as a student of the cohort of a group session."""
        student_of = Membership.objects.filter(user=user, role=Role.STUDENT).values("cohort")
        return self.filter(
            Q(lead=user) | Q(student=user) | Q(kind=SessionKind.GROUP, cohort__in=student_of)
        )

    def upcoming_for_student(self, student, cohort, now=None):
        """The cohort's group sessions and the student's own one-to-ones still to come."""
        now = now or timezone.now()
        return (
            self.filter(cohort=cohort, starts_at__gte=now)
            .filter(Q(kind=SessionKind.GROUP) | Q(student=student))
            .select_related("lead")
            .order_by("starts_at")
        )


class LeadSession(models.Model):
    """A mentoring session the lead instructor holds: with the whole cohort (group) or with one
    student, scheduled ahead and recorded afterwards with a short summary."""

    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="lead_sessions", verbose_name=_("cohort")
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="lead_sessions",
        verbose_name=_("lead instructor"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=SessionKind.choices)
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="lead_sessions_as_student",
        verbose_name=_("student"),
        help_text=_("Only for a one-to-one session."),
    )
    topic = models.CharField(_("topic"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), validators=[MinValueValidator(10), MaxValueValidator(240)]
    )
    summary = models.TextField(
        _("summary"),
        max_length=NOTE_MAX,
        blank=True,
        help_text=_("Written after the session: what was discussed, what comes next."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = LeadSessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("lead instructor's session")
        verbose_name_plural = _("lead instructor's sessions")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind=SessionKind.GROUP, student__isnull=True))
                | Q(kind=SessionKind.ONE_TO_ONE, student__isnull=False),
                name="leadsession_student_iff_one_to_one",
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=10, duration_minutes__lte=240),
                name="leadsession_duration_sensible",
            ),
            # The same lead cannot be booked twice at the same start (a double submit).
            models.UniqueConstraint(fields=["lead", "starts_at"], name="leadsession_unique_start"),
        ]

    def __str__(self):
        return f"{self.topic} · {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def is_recorded(self):
        return bool(self.summary)

    @property
    def ends_at(self):
        return self.starts_at + datetime.timedelta(minutes=self.duration_minutes)
