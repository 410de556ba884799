from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from .models import Competition, Team, TeamMember


class TeamInline(admin.TabularInline):
    model = Team
    extra = 0
    fields = ["name"]
    show_change_link = True


@admin.register(Competition)
class CompetitionAdmin(admin.ModelAdmin):
    list_display = ["title", "cohort", "track", "starts_at", "deadline_at", "package"]
    list_filter = ["track", "cohort"]
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
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "competition"]
    list_filter = ["competition__cohort", "competition"]
    list_select_related = ["competition"]
    search_fields = ["name", "competition__title", "members__email", "members__name"]
    autocomplete_fields = ["competition", "mentors"]
    inlines = [TeamMemberInline]
