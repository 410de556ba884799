from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from curriculum.admin_scope import COHORT_PATHS, CohortScopedAdmin

from .models import Competition, Team, TeamMember

# Teams' forms point to competitions; reach their cohort too.
COMPETITION_PATHS = {**COHORT_PATHS, Competition: "cohort"}


class TeamInline(admin.TabularInline):
    model = Team
    extra = 0
    fields = ["name"]
    show_change_link = True


@admin.register(Competition)
class CompetitionAdmin(CohortScopedAdmin):
    list_display = ["title", "cohort", "track", "starts_at", "deadline_at", "package"]
    list_filter = ["track", ("cohort", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["cohort"]
    search_fields = ["title", "cohort__name", "baseline_model"]
    autocomplete_fields = ["cohort"]
    date_hierarchy = "starts_at"
    inlines = [TeamInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class TeamMemberInline(admin.TabularInline):
    model = TeamMember
    extra = 1
    autocomplete_fields = ["user"]
    verbose_name = _("member")
    verbose_name_plural = _("members")


@admin.register(Team)
class TeamAdmin(CohortScopedAdmin):
    cohort_path = "competition__cohort"

    def related_cohort_paths(self):
        return COMPETITION_PATHS

    list_display = ["name", "competition"]
    list_filter = [
        ("competition__cohort", admin.RelatedOnlyFieldListFilter),
        ("competition", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["competition"]
    search_fields = ["name", "competition__title", "members__email", "members__name"]
    autocomplete_fields = ["competition", "mentors"]
    inlines = [TeamMemberInline]
