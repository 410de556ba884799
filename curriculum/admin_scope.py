"""Roles are per cohort, Django's admin permissions are global: this mixin keeps each person to
the cohorts where they hold an admin role. Lists and autocompletes show only those cohorts'
rows, foreign-key choices offer only them, and a forged POST naming another cohort's row fails
the form's validation. A superuser sees everything."""

from django.contrib import admin

from core.admin_base import AdminInputMixin

from .models import Cohort, Membership, Phase, Week
from .roles import ADMIN_ROLES


def admin_cohorts(request):
    if not hasattr(request, "_baton_admin_cohorts"):
        if request.user.is_superuser:
            cohorts = Cohort.objects.all()
        else:
            held = Membership.objects.filter(user=request.user, role__in=ADMIN_ROLES)
            cohorts = Cohort.objects.filter(pk__in=held.values("cohort_id"))
        request._baton_admin_cohorts = cohorts
    return request._baton_admin_cohorts


# How to reach the cohort from each model a form may point to.
COHORT_PATHS = {Cohort: "pk", Phase: "cohort", Week: "cohort"}


class CohortScopedAdmin(AdminInputMixin, admin.ModelAdmin):
    cohort_path = "cohort"  # the lookup from this admin's model to its cohort

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{f"{self.cohort_path}__in": admin_cohorts(request)})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        path = self.related_cohort_paths().get(db_field.related_model)
        if path is not None and not request.user.is_superuser:
            kwargs["queryset"] = db_field.related_model._default_manager.filter(
                **{f"{path}__in": admin_cohorts(request)}
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def related_cohort_paths(self):
        return COHORT_PATHS


class PhaseNameFilter(admin.AllValuesFieldListFilter):
    """Filter by a phase's name ("CV" in every cohort), titled "phase" rather than after the
    field it reads ("name")."""

    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        self.title = Phase._meta.verbose_name
