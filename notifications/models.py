"""The outbox: one Delivery per (user, kind, period), the in-app notification and its email.

A delivery's row is written before anything is sent, under a unique key, so a fan-out that runs
twice, a retry or a killed worker can never make a second one. `status` is the email's: queued
until the mail server accepted it (or there is no email to send), then sent; failed once the
retries are spent. `read_at` is the in-app side.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Frequency(models.TextChoices):
    DAILY = "daily", _("Every day")
    WEEKLY = "weekly", _("A weekly digest")


class DeliveryQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)

    def unread(self):
        return self.filter(read_at__isnull=True)

    def stale(self, older_than):
        """Queued rows nobody has claimed for a while: their task was lost (Redis restarted,
        a worker died) or their retry is due."""
        return self.filter(status=Status.QUEUED, queued_at__lt=older_than)


class Content(models.Model):
    """A rendered message (one language): shared by every delivery that reads the same, so a
    fan-out renders and stores it once per language and batch, not once per recipient."""

    subject = models.CharField(_("subject"), max_length=300)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self):
        return self.subject


class Delivery(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=64)
    period = models.CharField(
        _("period"), max_length=64, help_text=_("At most one delivery of a kind per period.")
    )
    category = models.CharField(_("category"), max_length=32)
    content = models.ForeignKey(
        Content, on_delete=models.PROTECT, related_name="deliveries", verbose_name=_("message")
    )
    url = models.CharField(_("link"), max_length=500, blank=True)
    email = models.BooleanField(
        _("by email"), default=True, help_text=_("Off when the recipient opted out of emails.")
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    queued_at = models.DateTimeField(_("queued"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "period"], name="delivery_once_per_period"
            ),
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="delivery_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.SENT) | Q(sent_at__isnull=False),
                name="delivery_sent_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["user", "read_at"], name="delivery_user_unread"),
            models.Index(fields=["status", "queued_at"], name="delivery_status_queued"),
        ]

    def __str__(self):
        return f"{self.user} · {self.kind} · {self.period}"

    @property
    def subject(self):
        return self.content.subject

    @property
    def body_text(self):
        return self.content.body_text


class CategoryPreference(models.Model):
    """A user's choice for one category; no row means the defaults (email on, every day)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        verbose_name=_("user"),
    )
    category = models.CharField(_("category"), max_length=32)
    email = models.BooleanField(_("by email"), default=True)
    frequency = models.CharField(
        _("how often"), max_length=8, choices=Frequency.choices, default=Frequency.DAILY
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "category"], name="preference_unique"),
            models.CheckConstraint(
                condition=Q(frequency__in=Frequency.values), name="preference_frequency_valid"
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.category}"


class FanOutQuerySet(models.QuerySet):
    def stalled(self, older_than):
        """Runs that stopped before their last batch (a worker died, Redis lost the task)."""
        return self.filter(finished_at__isnull=True, heartbeat_at__lt=older_than)


class FanOut(models.Model):
    """One run of a kind's fan-out, written before its first batch and touched after each, so
    the sweeper can resume a run whose task was lost. Resuming re-reads the recipients at the
    same moment (`run_at`): what was already delivered is skipped by the deliveries' key."""

    kind = models.CharField(_("kind"), max_length=64)
    cohort = models.CharField(_("cohort"), max_length=60, blank=True)
    run_at = models.DateTimeField(_("for the moment"))
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    heartbeat_at = models.DateTimeField(_("last progress"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)
    created = models.PositiveIntegerField(_("deliveries created"), default=0)

    objects = FanOutQuerySet.as_manager()

    class Meta:
        verbose_name = _("fan-out run")
        verbose_name_plural = _("fan-out runs")
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["finished_at", "heartbeat_at"], name="fanout_unfinished")]

    def __str__(self):
        return f"{self.kind} · {self.run_at:%Y-%m-%d %H:%M}"
