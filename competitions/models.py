from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone
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
