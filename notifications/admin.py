from celery import schedules
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_celery_beat import admin as beat_admin
from django_celery_beat.models import ClockedSchedule, CrontabSchedule, PeriodicTask

from core.admin_base import AdminInputMixin

from .models import Delivery, FanOut, Status
from .services import delivery_resend


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = [
        "user",
        "kind",
        "period",
        "status",
        "email",
        "attempts",
        "short_error",
        "created_at",
        "sent_at",
        "read_at",
    ]
    list_filter = ["status", "kind", "category", "email"]
    search_fields = ["user__email", "user__name", "kind", "period", "content__subject"]
    list_select_related = ["user", "content"]
    date_hierarchy = "created_at"
    actions = ["resend"]
    fields = [
        ("user", "kind", "period", "category"),
        ("status", "email", "attempts"),
        "error",
        ("created_at", "queued_at", "sent_at", "read_at"),
        "subject",
        "url",
        "body_text",
    ]
    readonly_fields = [*[field.name for field in Delivery._meta.fields], "subject", "body_text"]

    @admin.display(description=_("last error"))
    def short_error(self, delivery):
        return delivery.error[:80]

    def get_queryset(self, request):
        """Only the deliveries of people the admin user may see (settings.NOTIFICATIONS_ADMIN_PEOPLE
        names the function that says who: the cohorts they run), so staff of one cohort never
        read another cohort's messages."""
        queryset = super().get_queryset(request)
        scope = getattr(settings, "NOTIFICATIONS_ADMIN_PEOPLE", "")
        if request.user.is_superuser or not scope:
            return queryset
        return queryset.filter(user__in=import_string(scope)(request).values("pk"))

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Resend the selected failed deliveries"), permissions=["change"])
    def resend(self, request, queryset):
        failed = list(queryset.filter(status=Status.FAILED))
        resent = sum(delivery_resend(delivery=delivery) for delivery in failed)
        self.message_user(
            request,
            ngettext(
                "%(count)d failed delivery queued again.",
                "%(count)d failed deliveries queued again.",
                resent,
            )
            % {"count": resent},
            messages.SUCCESS if resent else messages.WARNING,
        )


@admin.register(FanOut)
class FanOutAdmin(admin.ModelAdmin):
    list_display = [
        "kind",
        "cohort",
        "run_at",
        "started_at",
        "finished_at",
        "recipients",
        "created",
    ]
    list_filter = ["kind"]
    readonly_fields = [field.name for field in FanOut._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# --- Periodic tasks (django-celery-beat's admin, with the project's admin input rules) ----------


class PeriodicTaskForm(beat_admin.PeriodicTaskForm):
    """django-celery-beat's form answered two inputs with a server error: a task name that
    failed its own check (over 200 characters), which its clean() reads anyway; and empty
    headers, which the model's save() turns into NULL for a column that refuses NULL."""

    def clean(self):
        if self.has_error("task"):
            return forms.ModelForm.clean(self)  # the field's own error says what is wrong
        return super().clean()

    def clean_headers(self):
        self.cleaned_data["headers"] = self.cleaned_data["headers"].strip() or "{}"  # no headers
        return self._clean_json("headers")


class ReminderTimeForm(forms.ModelForm):
    """What staff change of a reminder: when it runs, and whether it runs."""

    class Meta:
        model = PeriodicTask
        fields = ["enabled", "crontab"]


admin.site.unregister(PeriodicTask)


@admin.register(PeriodicTask)
class ReminderScheduleAdmin(AdminInputMixin, beat_admin.PeriodicTaskAdmin):
    """django-celery-beat's Periodic tasks, where staff change when a reminder runs (a time
    they pick or add) and whether it runs; what it runs and with which arguments stays as the
    code declared it (notifications/schedules.py), for superusers only. Staff see the reminders
    (the tasks on a time of day), not the sweeper, whose interval keeps nothing from being lost.
    The same times serve every cohort."""

    form = PeriodicTaskForm
    # django-celery-beat's own template adds an inline script, which the site's CSP refuses.
    change_form_template = None
    staff_fieldsets = (
        (None, {"fields": ("name", "description", "enabled")}),
        (_("When"), {"fields": ("crontab", "crontab_translation", "last_run_at")}),
    )

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(crontab__isnull=False)

    def get_list_display(self, request):
        if request.user.is_superuser:
            return super().get_list_display(request)
        return ("name", "enabled", "scheduler", "last_run_at")

    def get_list_filter(self, request):
        if request.user.is_superuser:
            return super().get_list_filter(request)
        return ("enabled",)

    def get_fieldsets(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_fieldsets(request, obj)
        return self.staff_fieldsets

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if request.user.is_superuser:
            return readonly
        return (*readonly, "name", "description")

    def get_form(self, request, obj=None, **kwargs):
        if not request.user.is_superuser:
            kwargs["form"] = ReminderTimeForm
        return super().get_form(request, obj, **kwargs)


admin.site.unregister(ClockedSchedule)


@admin.register(ClockedSchedule)
class ClockedScheduleAdmin(AdminInputMixin, beat_admin.ClockedScheduleAdmin):
    pass


admin.site.unregister(CrontabSchedule)


@admin.register(CrontabSchedule)
class CrontabScheduleAdmin(beat_admin.CrontabScheduleAdmin):
    fields = ("in_words", *beat_admin.CrontabScheduleAdmin.fields[1:])
    readonly_fields = ("in_words",)

    @admin.display(description=_("in words"))
    def in_words(self, crontab):
        # A refused form is shown again with what was typed, which Celery cannot parse: the
        # model's human_readable lets Celery's ParseException out (a server error).
        try:
            return crontab.human_readable
        except (ValueError, schedules.ParseException):
            return "—"
