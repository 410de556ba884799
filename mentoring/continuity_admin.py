"""The continuity models in the admin. Handoff notes follow the week scoping of mentor content
(a theme mentor sees and writes notes for their own weeks only, as themselves); private notes,
the lead's cohort notes and sessions are scoped to the cohorts where the user is the lead
instructor or staff, so no other role ever reaches them, whatever its permissions."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.admin_base import AdminInputMixin
from curriculum.models import Cohort, Membership

from .admin import WeekScopedAdmin
from .continuity_models import CohortNote, HandoffNote, LeadSession, StudentNote
from .permissions import TEACHING_ROLES


@admin.register(HandoffNote)
class HandoffNoteAdmin(WeekScopedAdmin):
    list_display = ["week", "mentor", "updated_at"]
    list_filter = [("week__cohort", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["week__cohort", "week__phase", "mentor"]
    search_fields = ["mentor__email", "mentor__name", "week__theme", "struggled", "pick_up"]
    readonly_fields = ["created_at", "updated_at"]
    autocomplete_fields = ["mentor"]

    def get_fields(self, request, obj=None):
        fields = ["week", "mentor", "went_well", "struggled", "pick_up", "about_students"]
        if not request.user.is_superuser and not _teaches_any(request.user):
            fields.remove("mentor")  # a theme mentor writes as themselves
        return [*fields, "created_at", "updated_at"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if "mentor" in form.base_fields:
            return form

        class OwnNoteForm(form):
            """Written as the user: one note per week, checked before the database says so."""

            def clean(self):
                cleaned = super().clean()
                week = cleaned.get("week")
                taken = HandoffNote.objects.filter(week=week, mentor=request.user)
                if week is not None and taken.exclude(pk=self.instance.pk).exists():
                    raise ValidationError(_("You already wrote your note for this week."))
                return cleaned

        return OwnNoteForm

    def save_model(self, request, obj, form, change):
        if "mentor" not in form.cleaned_data:
            obj.mentor = request.user
        super().save_model(request, obj, form, change)


def _teaches_any(user):
    return Membership.objects.filter(user=user, role__in=TEACHING_ROLES).exists()


def _lead_cohorts(request):
    if request.user.is_superuser:
        return Cohort.objects.all()
    held = Membership.objects.filter(user=request.user, role__in=TEACHING_ROLES)
    return Cohort.objects.filter(pk__in=held.values("cohort_id"))


class LeadScopedAdmin(AdminInputMixin, admin.ModelAdmin):
    def get_queryset(self, request):
        return super().get_queryset(request).filter(cohort__in=_lead_cohorts(request))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "cohort":
            kwargs["queryset"] = _lead_cohorts(request)
        if db_field.name in ("student", "lead", "author"):
            kwargs["queryset"] = User.objects.filter(
                memberships__cohort__in=_lead_cohorts(request)
            ).distinct()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(StudentNote)
class StudentNoteAdmin(LeadScopedAdmin):
    list_display = ["student", "topic", "author", "created_at"]
    list_filter = ["topic", ("cohort", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["student", "author", "cohort"]
    search_fields = ["student__email", "student__name", "body"]
    fields = ["cohort", "student", "topic", "body", "author", "created_at"]
    readonly_fields = ["author", "created_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.author = request.user
        super().save_model(request, obj, form, change)


@admin.register(CohortNote)
class CohortNoteAdmin(LeadScopedAdmin):
    list_display = ["cohort", "author", "created_at"]
    list_select_related = ["cohort", "author"]
    fields = ["cohort", "body", "author", "created_at"]
    readonly_fields = ["author"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.author = request.user
        super().save_model(request, obj, form, change)


@admin.register(LeadSession)
class LeadSessionAdmin(LeadScopedAdmin):
    list_display = ["topic", "kind", "student", "starts_at", "duration_minutes", "lead"]
    list_filter = ["kind", ("cohort", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["student", "lead", "cohort"]
    search_fields = ["topic", "summary", "student__email", "student__name"]
    date_hierarchy = "starts_at"
