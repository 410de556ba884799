import datetime
import itertools
import secrets

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateTimeRangeField, RangeBoundary, RangeOperators
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch, Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from curriculum.models import Cohort, Membership, Role


class Track(models.TextChoices):
    ML = "ml", "ML"
    CV = "cv", "CV"
    NLP = "nlp", "NLP"
    OTHER = "other", _("Other")


class Package(models.TextChoices):
    TWO_BY_THIRTY = "2x30", _("2 × 30 minutes")
    ONE_BY_SIXTY = "1x60", _("1 × 60 minutes")


# Sessions per team and minutes per session, by package.
PACKAGE_SLOTS = {Package.TWO_BY_THIRTY: (2, 30), Package.ONE_BY_SIXTY: (1, 60)}

# The longest texts the team is shown: a reason (late session, move, cancellation) is a sentence
# or two; a session note is the advice of one session, a few paragraphs.
REASON_MAX = 500
NOTE_MAX = 4000


def at_most(field, limit, name):
    """A column of at most `limit` characters, held by the database (a check, on any engine)."""
    return models.CheckConstraint(condition=LessThanOrEqual(Length(field), limit), name=name)


class CompetitionQuerySet(models.QuerySet):
    def for_cohorts(self, cohort_ids):
        return self.filter(cohort_id__in=cohort_ids)

    def running(self, now=None):
        now = now or timezone.now()
        return self.filter(starts_at__lte=now, deadline_at__gte=now)

    def with_team_of(self, user, *, members=False):
        """Prefetch, as `my_teams`, the user's team in each competition (at most one), with its
        mentors (and its members when asked)."""
        teams = Team.objects.filter(members=user).prefetch_related(
            "mentors", *(["members"] if members else [])
        )
        return self.prefetch_related(Prefetch("teams", queryset=teams, to_attr="my_teams"))


class Competition(models.Model):
    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="competitions", verbose_name=_("cohort")
    )
    title = models.CharField(_("title"), max_length=200)
    track = models.CharField(_("track"), max_length=16, choices=Track.choices)
    starts_at = models.DateTimeField(_("opens"))
    deadline_at = models.DateTimeField(_("final deadline"))
    baseline_model = models.CharField(_("baseline model"), max_length=100, blank=True)
    metric = models.CharField(_("metric"), max_length=100, blank=True)
    leaderboard_url = models.URLField(_("leaderboard"), blank=True)
    package = models.CharField(
        _("mentoring per team"),
        max_length=8,
        choices=Package.choices,
        default=Package.TWO_BY_THIRTY,
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = CompetitionQuerySet.as_manager()

    class Meta:
        verbose_name = _("competition")
        verbose_name_plural = _("competitions")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline_at__gt=models.F("starts_at")),
                name="competition_deadline_after_start",
                violation_error_message=_("The deadline must come after the opening."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("competitions:list") + f"#competition-{self.pk}"

    def is_running(self, now=None):
        now = now or timezone.now()
        return self.starts_at <= now <= self.deadline_at

    def has_ended(self, now=None):
        return (now or timezone.now()) > self.deadline_at

    def covers(self, starts_at, ends_at):
        """Whether the span from `starts_at` to `ends_at` lies inside the competition."""
        return self.starts_at <= starts_at and ends_at <= self.deadline_at


class TeamQuerySet(models.QuerySet):
    def without_session_by(self, competition, fraction=0.6):
        """Integrator (staff summary) and the board: the competition's teams with no scheduled
        session starting before `fraction` of the competition has passed."""
        checkpoint = (
            competition.starts_at + (competition.deadline_at - competition.starts_at) * fraction
        )
        early = Session.objects.scheduled().filter(
            team=models.OuterRef("pk"), starts_at__lt=checkpoint
        )
        return self.filter(competition=competition).exclude(models.Exists(early))


class Team(models.Model):
    competition = models.ForeignKey(
        Competition, on_delete=models.CASCADE, related_name="teams", verbose_name=_("competition")
    )
    name = models.CharField(_("name"), max_length=100)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="TeamMember",
        related_name="teams",
        verbose_name=_("members"),
    )
    mentors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="mentored_teams",
        blank=True,
        verbose_name=_("competition mentors"),
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = TeamQuerySet.as_manager()

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["competition", "name"]
        constraints = [
            models.UniqueConstraint(fields=["competition", "name"], name="team_unique_name"),
        ]

    def __str__(self):
        return f"{self.name} · {self.competition}"


class TeamMember(models.Model):
    """A student on a team. The competition is repeated here so the database can hold the rule
    "at most one team per student per competition" as a unique constraint."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, verbose_name=_("team"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, verbose_name=_("student")
    )
    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, editable=False)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        constraints = [
            models.UniqueConstraint(
                fields=["competition", "user"],
                name="teammember_one_team_per_competition",
                violation_error_message=_("This student is already on a team in this competition."),
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.team.name}"

    def save(self, *args, **kwargs):
        # Kept in step with the team so the unique constraint above means what it says.
        self.competition_id = self.team.competition_id
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if not (self.team_id and self.user_id):
            return
        self.competition_id = self.team.competition_id
        cohort_id = self.team.competition.cohort_id
        if not Membership.objects.filter(
            user_id=self.user_id, cohort_id=cohort_id, role=Role.STUDENT
        ).exists():
            raise ValidationError({"user": _("Only students of this cohort can join its teams.")})
        clash = TeamMember.objects.filter(
            competition_id=self.competition_id, user_id=self.user_id
        ).exclude(pk=self.pk)
        if clash.exists():
            raise ValidationError(
                {"user": _("This student is already on a team in this competition.")}
            )


# --- Mentoring sessions ---------------------------------------------------------------------------


class PostgresOnlyExclusionConstraint(ExclusionConstraint):
    """An exclusion constraint that exists on PostgreSQL and is a no-op elsewhere, so one migration
    serves both databases. Off PostgreSQL the service layer holds the same rule under row locks.
    Model validation is left to the service (it gives the friendlier message)."""

    def _on_postgres(self, schema_editor):
        return schema_editor.connection.vendor == "postgresql"

    def constraint_sql(self, model, schema_editor):
        return (
            super().constraint_sql(model, schema_editor)
            if self._on_postgres(schema_editor)
            else None
        )

    def create_sql(self, model, schema_editor):
        return (
            super().create_sql(model, schema_editor) if self._on_postgres(schema_editor) else None
        )

    def remove_sql(self, model, schema_editor):
        return (
            super().remove_sql(model, schema_editor) if self._on_postgres(schema_editor) else None
        )

    def validate(self, *args, **kwargs):
        return None


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")


class TsTzRange(models.Func):
    function = "TSTZRANGE"
    output_field = DateTimeRangeField()


def _session_range():
    return TsTzRange("starts_at", "ends_at", RangeBoundary())


class SessionQuerySet(models.QuerySet):
    def scheduled(self):
        return self.filter(status=SessionStatus.SCHEDULED)

    def with_related(self):
        return self.select_related("team", "competition", "competition__cohort", "mentor")

    def overlapping(self, starts_at, ends_at):
        return self.filter(starts_at__lt=ends_at, ends_at__gt=starts_at)

    def with_sequence(self):
        """Each session's `sequence`: how many times it was moved or cancelled (its calendar
        event's SEQUENCE), counted from its history."""
        moved = ~Q(changes__kind=SessionChangeKind.BOOKED)
        return self.annotate(sequence=models.Count("changes", filter=moved))

    def first_free_slot(self, team):
        """The lowest slot number no scheduled session of the team holds: the one a new session
        takes (past the package, the database refuses it)."""
        held = set(self.scheduled().filter(team=team).values_list("slot", flat=True))
        return next(n for n in itertools.count(1) if n not in held)

    def for_user(self, user):
        """Sessions the user takes part in: as a member of the team or as the session's mentor."""
        return self.filter(Q(team__members=user) | Q(mentor=user)).distinct()

    def upcoming_for_user(self, user, now=None):
        """Integrator: a student's or mentor's scheduled sessions still to come, soonest first,
        with team, competition and mentor selected."""
        now = now or timezone.now()
        return (
            self.scheduled()
            .filter(ends_at__gt=now)
            .filter(pk__in=Session.objects.for_user(user).values("pk"))
            .with_related()
            .order_by("starts_at")
        )

    def starting_between(self, start, end):
        """Integrator (reminders): scheduled sessions starting in [start, end)."""
        return self.scheduled().filter(starts_at__gte=start, starts_at__lt=end).with_related()

    def late_for(self, competition):
        """Integrator (staff summary): scheduled sessions in the competition's late window."""
        cutoff = competition.deadline_at - datetime.timedelta(hours=settings.SESSION_LATE_HOURS)
        return (
            self.scheduled().filter(competition=competition, starts_at__gte=cutoff).with_related()
        )


class Session(models.Model):
    """One online mentoring session of a team with a competition mentor. Write through
    competitions.services (session_book, session_reschedule, session_cancel), never directly."""

    competition = models.ForeignKey(
        Competition,
        on_delete=models.CASCADE,
        related_name="sessions",
        verbose_name=_("competition"),
    )
    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("team")
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="mentoring_sessions",
        verbose_name=_("competition mentor"),
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    meeting_url = models.URLField(_("meeting link"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=SessionStatus.choices, default=SessionStatus.SCHEDULED
    )
    # The package the session was booked under (copied from the competition, as `competition` is
    # from the team) and which of the team's sessions it is: with the last two constraints below,
    # the database itself refuses a session past the package, whoever writes it.
    package = models.CharField(
        _("mentoring per team"), max_length=8, choices=Package.choices, editable=False
    )
    slot = models.PositiveSmallIntegerField(_("session of the package"), default=1, editable=False)
    late_reason = models.TextField(
        _("reason for a late session"),
        max_length=REASON_MAX,
        blank=True,
        help_text=_("Required for a session in the last hours before the deadline."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("booked by"),
    )
    created_at = models.DateTimeField(_("booked"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("mentoring session")
        verbose_name_plural = _("mentoring sessions")
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["competition", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="session_ends_after_start",
                violation_error_message=_("The session must end after it starts."),
            ),
            PostgresOnlyExclusionConstraint(
                name="session_no_mentor_overlap",
                expressions=[
                    (_session_range(), RangeOperators.OVERLAPS),
                    ("mentor", RangeOperators.EQUAL),
                ],
                condition=Q(status="scheduled"),
            ),
            PostgresOnlyExclusionConstraint(
                name="session_no_team_overlap",
                expressions=[
                    (_session_range(), RangeOperators.OVERLAPS),
                    ("team", RangeOperators.EQUAL),
                ],
                condition=Q(status="scheduled"),
            ),
            # PACKAGE_SLOTS as the database holds it: slots 1 and 2 of 2 x 30, slot 1 of 1 x 60.
            models.CheckConstraint(
                condition=Q(slot=1) | Q(slot=2, package=Package.TWO_BY_THIRTY),
                name="session_slot_in_package",
                violation_error_message=_("The team has already used its mentoring package."),
            ),
            models.UniqueConstraint(
                fields=["team", "slot"],
                condition=Q(status="scheduled"),
                name="session_one_per_team_slot",
                violation_error_message=_("The team has already used its mentoring package."),
            ),
            at_most("late_reason", REASON_MAX, "session_late_reason_length"),
        ]

    def __str__(self):
        local = timezone.localtime(self.starts_at)
        return f"{self.team.name} · {local:%m/%d %H:%M}"

    def get_absolute_url(self):
        return reverse("competitions:session", kwargs={"pk": self.pk})

    @property
    def minutes(self):
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    @property
    def is_cancelled(self):
        return self.status == SessionStatus.CANCELLED

    def is_late(self):
        cutoff = self.competition.deadline_at - datetime.timedelta(
            hours=settings.SESSION_LATE_HOURS
        )
        return self.starts_at >= cutoff

    def is_past(self, now=None):
        return self.ends_at <= (now or timezone.now())

    def has_started(self, now=None):
        return self.starts_at <= (now or timezone.now())


class SessionChangeKind(models.TextChoices):
    BOOKED = "booked", _("Booked")
    RESCHEDULED = "rescheduled", _("Rescheduled")
    CANCELLED = "cancelled", _("Cancelled")


class SessionChange(models.Model):
    """The history of a session: who booked, moved or cancelled it, when, from what to what."""

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="changes", verbose_name=_("session")
    )
    kind = models.CharField(_("change"), max_length=16, choices=SessionChangeKind.choices)
    old_starts_at = models.DateTimeField(_("was at"), null=True, blank=True)
    new_starts_at = models.DateTimeField(_("now at"), null=True, blank=True)
    reason = models.TextField(_("reason"), max_length=REASON_MAX, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("session change")
        verbose_name_plural = _("session changes")
        ordering = ["session", "at", "pk"]
        constraints = [at_most("reason", REASON_MAX, "sessionchange_reason_length")]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.session_id}"


class AvailabilityWindow(models.Model):
    """A time a competition mentor can give sessions in; the schedule suggestion draws on these."""

    competition = models.ForeignKey(
        Competition,
        on_delete=models.CASCADE,
        related_name="availability",
        verbose_name=_("competition"),
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="availability_windows",
        verbose_name=_("competition mentor"),
    )
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("availability window")
        verbose_name_plural = _("availability windows")
        ordering = ["competition", "starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="availability_ends_after_start",
                violation_error_message=_("A window must end after it starts."),
            ),
        ]

    def __str__(self):
        local = timezone.localtime(self.starts_at)
        return f"{self.mentor} · {local:%m/%d %H:%M}"

    def clean(self):
        super().clean()
        if not (self.competition_id and self.starts_at and self.ends_at):
            return
        if not self.competition.covers(self.starts_at, self.ends_at):
            raise ValidationError(
                {
                    "starts_at": _(
                        "Availability must fall inside the competition (%(start)s – %(end)s)."
                    )
                    % {
                        "start": _local(self.competition.starts_at),
                        "end": _local(self.competition.deadline_at),
                    }
                }
            )


def _local(moment):
    return timezone.localtime(moment).strftime("%m/%d %H:%M")


class LiveLectureHours(models.Model):
    """When a cohort's live lectures run (Asia/Seoul wall time); no session is booked then."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    cohort = models.ForeignKey(
        Cohort,
        on_delete=models.CASCADE,
        related_name="live_lecture_hours",
        verbose_name=_("cohort"),
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    starts = models.TimeField(_("from"))
    ends = models.TimeField(_("until"))
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("live lecture hours")
        verbose_name_plural = _("live lecture hours")
        ordering = ["cohort", "weekday", "starts"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends__gt=models.F("starts")),
                name="lecturehours_ends_after_start",
                violation_error_message=_("Lecture hours must end after they start."),
            ),
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.starts:%H:%M}–{self.ends:%H:%M}"


# --- Notes, tips, scores, calendars ---------------------------------------------------------------


class NoteTagQuerySet(models.QuerySet):
    def named(self, text):
        """Tags whose name contains `text`: the stored name, or a known tag's label in any of
        the site's languages ("Ensembling" and "앙상블" both find the ensembling tag, whoever
        searches). The labels are matched here, so the query stays one subquery."""
        needle = text.casefold()
        slugs = set()
        for code, _language in settings.LANGUAGES:
            with translation.override(code):
                slugs.update(
                    slug for slug, label in KNOWN_TAGS.items() if needle in str(label).casefold()
                )
        return self.filter(Q(name__icontains=text) | Q(slug__in=sorted(slugs)))


class NoteTag(models.Model):
    """A tag on session notes (ensembling, LR scheduler...); the tips library filters by it."""

    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=60)

    objects = NoteTagQuerySet.as_manager()

    class Meta:
        verbose_name = _("note tag")
        verbose_name_plural = _("note tags")
        ordering = ["name"]

    def __str__(self):
        return self.label

    @property
    def label(self):
        return str(KNOWN_TAGS.get(self.slug, self.name))


KNOWN_TAGS = {
    "ensembling": _("Ensembling"),
    "lr-scheduler": _("LR scheduler"),
    "optimizer": _("Optimizer"),
    "augmentation": _("Augmentation"),
    "validation": _("Validation"),
    "tooling": _("Tooling"),
    "baseline": _("Baseline"),
    "data": _("Data"),
}


class SessionNoteQuerySet(models.QuerySet):
    def tips(self):
        return self.filter(is_tip=True, session__status=SessionStatus.SCHEDULED)


class SessionNote(models.Model):
    """What the mentor said in a session. The team sees it; when `is_tip`, the tips library
    shows it to every cohort (without the team's name)."""

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="notes", verbose_name=_("session")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    body = models.TextField(_("note"), max_length=NOTE_MAX)
    tags = models.ManyToManyField(NoteTag, blank=True, related_name="notes", verbose_name=_("tags"))
    is_tip = models.BooleanField(
        _("share in the tips library"),
        default=True,
        help_text=_("Shown to every cohort in the tips library, without the team's name."),
    )
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = SessionNoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("session note")
        verbose_name_plural = _("session notes")
        ordering = ["-created_at", "-pk"]
        constraints = [at_most("body", NOTE_MAX, "sessionnote_body_length")]

    def __str__(self):
        return self.body[:60]

    def clean(self):
        super().clean()
        if self.pk or not self.session_id:
            return
        if self.session.is_cancelled:
            raise ValidationError(_("This session was cancelled: there is nothing to note."))
        if not self.session.has_started():
            raise ValidationError(
                _("Notes can be written once the session has started (%(when)s).")
                % {"when": _local(self.session.starts_at)}
            )


class ScoreEntry(models.Model):
    """A team's public leaderboard score (and rank) on a day, entered by the team."""

    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, related_name="scores", verbose_name=_("team")
    )
    recorded_on = models.DateField(_("date"))
    score = models.DecimalField(_("score"), max_digits=12, decimal_places=5)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("leaderboard score")
        verbose_name_plural = _("leaderboard scores")
        ordering = ["team", "recorded_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "recorded_on"],
                name="score_one_per_team_per_day",
                violation_error_message=_("This team already has a score for that day."),
            ),
        ]

    def __str__(self):
        return f"{self.team.name} · {self.recorded_on} · {self.score}"


def _new_token():
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """A user's private calendar feed: whoever has the URL reads it, so it can be revoked."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feed",
        verbose_name=_("user"),
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=_new_token)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return str(self.user)

    def get_absolute_url(self):
        return reverse("competitions:calendar_feed", kwargs={"token": self.token})
