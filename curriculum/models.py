import datetime
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Case, Count, Prefetch, Q, Sum, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    STUDENT = "student", _("Student")
    LEAD_INSTRUCTOR = "lead", _("Lead instructor")
    THEME_MENTOR = "theme_mentor", _("Theme mentor")
    COMPETITION_MENTOR = "competition_mentor", _("Competition mentor")
    STAFF = "staff", _("Staff")


class CohortQuerySet(models.QuerySet):
    def for_user(self, user):
        """Cohorts the user may see: the ones they hold a role in; every cohort for a superuser."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(memberships__user=user).distinct()

    def running_on(self, day):
        return self.filter(starts_on__lte=day, ends_on__gte=day)

    def home_first(self, day):
        """Running cohorts first, then the most recent: the order the dashboard picks from."""
        running = Case(When(starts_on__lte=day, ends_on__gte=day, then=1), default=0)
        return self.annotate(is_running=running).order_by("-is_running", "-starts_on", "pk")


class Cohort(models.Model):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    objects = CohortQuerySet.as_manager()

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="cohort_ends_after_start"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("curriculum:timeline", kwargs={"cohort_slug": self.slug})

    @property
    def week_count(self):
        return (self.ends_on - self.starts_on).days // 7 + 1


class MembershipQuerySet(models.QuerySet):
    def students(self):
        return self.filter(role=Role.STUDENT)


class Membership(models.Model):
    """One role of one person in one cohort; a person may hold several."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("cohort")
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["cohort", "role", "user__email"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "cohort", "role"], name="membership_unique_role"
            ),
            models.UniqueConstraint(
                fields=["cohort"],
                condition=Q(role="lead"),
                name="membership_one_lead_per_cohort",
                violation_error_message=_("This cohort already has a lead instructor."),
            ),
        ]
        indexes = [models.Index(fields=["cohort", "role"])]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.cohort}"


class Phase(models.Model):
    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="phases", verbose_name=_("cohort")
    )
    order = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("name"), max_length=100)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["cohort", "order"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "order"], name="phase_unique_order"),
        ]

    def __str__(self):
        return self.name


class Level(models.TextChoices):
    BASIC = "basic", _("Basic")
    ADVANCED = "advanced", _("Advanced")
    APPLIED = "applied", _("Applied")


class WeekQuerySet(models.QuerySet):
    def for_cohort(self, cohort):
        # Every page shows a week's label (phase) and links to it (cohort slug): join both.
        return self.filter(cohort=cohort).select_related("cohort", "phase")

    def containing(self, day):
        return self.filter(starts_on__lte=day, ends_on__gte=day)

    def from_day(self, day):
        """Weeks not yet over on `day`, soonest first: the current week, then the next ones."""
        return self.filter(ends_on__gte=day).order_by("starts_on")

    def with_lecture_load(self):
        return self.annotate(
            lecture_count=Count("lectures"),
            lecture_minutes=Coalesce(Sum("lectures__duration_minutes"), 0),
        )

    def with_mentors(self):
        from accounts.models import User

        return self.prefetch_related(
            Prefetch("mentors", queryset=User.objects.order_by("name", "email"))
        )

    def with_lectures(self):
        return self.prefetch_related(
            Prefetch("lectures", queryset=Lecture.objects.order_by("order"))
        )


class Week(models.Model):
    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="weeks", verbose_name=_("cohort")
    )
    phase = models.ForeignKey(
        Phase, on_delete=models.PROTECT, related_name="weeks", verbose_name=_("phase")
    )
    number = models.PositiveSmallIntegerField(
        _("week number"), help_text=_("Counted from the start of the course.")
    )
    number_in_phase = models.PositiveSmallIntegerField(_("week of the phase"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    theme = models.CharField(
        _("theme"),
        max_length=100,
        blank=True,
        help_text=_("Leave empty for a week without a theme."),
    )
    level = models.CharField(_("level"), max_length=16, choices=Level.choices, blank=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    mentors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="WeekMentor",
        related_name="mentored_weeks",
        blank=True,
        verbose_name=_("theme mentors"),
    )

    objects = WeekQuerySet.as_manager()

    class Meta:
        verbose_name = _("week")
        verbose_name_plural = _("weeks")
        ordering = ["cohort", "number"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "number"], name="week_unique_number"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="week_ends_after_start"
            ),
        ]
        indexes = [models.Index(fields=["cohort", "starts_on"])]

    def __str__(self):
        label = _("Week %(number)s") % {"number": self.number}
        return f"{self.cohort} · {label} · {self.theme_label}"

    def get_absolute_url(self):
        return reverse(
            "curriculum:week", kwargs={"cohort_slug": self.cohort.slug, "number": self.number}
        )

    @property
    def theme_label(self):
        return self.theme or "—"

    @property
    def label(self):
        """How the programme names a week: "CV week 2" (CV 2주차). Needs the phase loaded."""
        return _("%(phase)s week %(number)s") % {
            "phase": self.phase.name,
            "number": self.number_in_phase,
        }

    @property
    def total_lecture_minutes(self):
        """From the `with_lecture_load()` annotation when there, else from prefetched lectures."""
        annotated = getattr(self, "lecture_minutes", None)
        if annotated is not None:
            return annotated
        return sum(lecture.duration_minutes for lecture in self.lectures.all())

    def is_current(self, day=None):
        day = day or timezone.localdate()
        return self.starts_on <= day <= self.ends_on

    def overlaps(self, start: datetime.date, end: datetime.date):
        return self.starts_on <= end and start <= self.ends_on


class WeekMentor(models.Model):
    """A theme mentor assigned to a week; mentors change every week, so this is per week."""

    week = models.ForeignKey(Week, on_delete=models.CASCADE, verbose_name=_("week"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, verbose_name=_("mentor")
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("theme mentor of a week")
        verbose_name_plural = _("theme mentors of weeks")
        constraints = [
            models.UniqueConstraint(fields=["week", "user"], name="weekmentor_unique"),
        ]

    def __str__(self):
        return f"{self.user} · {self.week}"


class Lecture(models.Model):
    week = models.ForeignKey(
        Week, on_delete=models.CASCADE, related_name="lectures", verbose_name=_("week")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    title = models.CharField(_("title"), max_length=200)
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"))
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("lecture")
        verbose_name_plural = _("lectures")
        ordering = ["week", "order"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gt=0, duration_minutes__lte=24 * 60),
                name="lecture_duration_sensible",
            ),
        ]

    def __str__(self):
        return self.title


def new_invitation_token():
    return secrets.token_urlsafe(32)


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(accepted_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """Signup is by invitation: staff invite an email to a cohort with a role."""

    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("cohort")
    )
    email = models.EmailField(_("email address"))
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    token = models.CharField(
        max_length=64, unique=True, default=new_invitation_token, editable=False
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "email", "role"],
                condition=Q(accepted_at__isnull=True),
                name="invitation_one_open_per_role",
            ),
        ]

    def __str__(self):
        return f"{self.email} → {self.cohort} ({self.get_role_display()})"

    def get_absolute_url(self):
        return reverse("curriculum:invitation", kwargs={"token": self.token})

    @property
    def is_accepted(self):
        return self.accepted_at is not None

    @property
    def is_expired(self):
        return not self.is_accepted and self.expires_at <= timezone.now()

    @property
    def is_usable(self):
        return self.problem() is None

    def problem(self):
        """Why the invitation cannot be used now, in words for its invitee; None when it can."""
        if self.is_accepted:
            return _("This invitation has already been used.")
        if self.is_expired:
            return _("This invitation has expired.")
        if self.role == Role.LEAD_INSTRUCTOR and (
            Membership.objects.filter(cohort_id=self.cohort_id, role=Role.LEAD_INSTRUCTOR)
            .exclude(user__email__iexact=self.email)
            .exists()
        ):
            return _("This cohort already has a lead instructor. Ask the staff about it.")
        return None
