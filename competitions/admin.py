from django import forms
from django.conf import settings
from django.contrib import admin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.admin_base import StackedInline, TabularInline
from curriculum.admin_scope import COHORT_PATHS, CohortScopedAdmin
from curriculum.models import Membership, Role

from . import services
from .models import (
    AvailabilityWindow,
    Competition,
    LiveLectureHours,
    NoteTag,
    ScoreEntry,
    Session,
    SessionChange,
    SessionNote,
    SessionStatus,
    Team,
    TeamMember,
)

# Teams' forms point to competitions; reach their cohort too.
COMPETITION_PATHS = {**COHORT_PATHS, Competition: "cohort"}


class TeamInline(TabularInline):
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


class TeamMemberInline(TabularInline):
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


# --- Mentoring sessions ---------------------------------------------------------------------------


def _minutes(starts_at, ends_at):
    return int((ends_at - starts_at).total_seconds() // 60)


def is_scheduling_staff(request):
    """Staff of some cohort (or a superuser) schedule for everyone; a competition mentor sees and
    writes only their own sessions, notes and availability."""
    if request.user.is_superuser:
        return True
    if not hasattr(request, "_baton_scheduling_staff"):
        held = Membership.objects.filter(user=request.user, role=Role.STAFF)
        request._baton_scheduling_staff = held.exists()
    return request._baton_scheduling_staff


class OwnRowsForMentorsMixin:
    """Non-staff see only the rows `mentor_filter` names as theirs."""

    mentor_filter = None

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if is_scheduling_staff(request):
            return queryset
        return queryset.filter(self.mentor_filter(request.user)).distinct()


class SessionAdminForm(forms.ModelForm):
    """The admin books, moves and cancels through the same rules as the board: the form checks
    them (clear errors on the form), save_model() then writes through competitions.services.

    The check runs under the locks the services take (the team, then the mentor), inside the
    transaction Django's admin saves in, so the locks are held until the write: a concurrent
    booking cannot slip in between, and the loser of a race gets this form's error."""

    confirm_late = forms.BooleanField(
        label=_("I know this is close to the deadline and book it anyway"), required=False
    )
    meeting_url = Session._meta.get_field("meeting_url").formfield(assume_scheme="https")

    class Meta:
        model = Session
        fields = ["team", "mentor", "starts_at", "ends_at", "meeting_url", "status", "late_reason"]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        self.now = timezone.now()
        session = self.instance
        # On a change, team and mentor are read-only and come from the instance.
        team = data.get("team") or session.team
        mentor = data.get("mentor") or session.mentor
        starts_at = data.get("starts_at", session.starts_at)
        ends_at = data.get("ends_at", session.ends_at)
        services._lock([team.pk], [mentor.pk])
        moved = session.pk is None or (starts_at, ends_at) != (session.starts_at, session.ends_at)
        if session.pk and data.get("status") == SessionStatus.CANCELLED:
            self._cancel_errors(moved)
        elif moved:
            slot = services.Slot(team, mentor, starts_at, ends_at)
            errors = services.slot_errors(
                slot, competition=team.competition, now=self.now, exclude_pk=session.pk
            )
            self._add_errors(errors)
        self._reason_errors(team.competition, starts_at, moved)
        return data

    def _cancel_errors(self, moved):
        if moved:
            self.add_error("starts_at", _("A cancelled session cannot be moved."))
        if self.instance.is_past(self.now):
            self.add_error("status", _("This session has already taken place."))

    def _reason_errors(self, competition, starts_at, moved):
        """A late session is booked or moved with a confirmed reason, and keeps one; a session
        that is not late takes none (it would not be kept)."""
        reason = self.cleaned_data.get("late_reason", "")
        if starts_at < services.late_cutoff(competition):
            if reason.strip():
                self.add_error(
                    "late_reason",
                    _(
                        "Only a session in the last %(hours)s hours before the deadline takes "
                        "a reason."
                    )
                    % {"hours": settings.SESSION_LATE_HOURS},
                )
            return
        confirmed = self.cleaned_data.get("confirm_late") or not moved
        self._add_errors(services._late_errors(starts_at, competition, confirmed, reason))

    def _add_errors(self, errors):
        for field, problems in errors.items():
            for problem in problems:
                self.add_error(field if field in self.fields else None, problem)


class SessionChangeInline(TabularInline):
    model = SessionChange
    extra = 0
    can_delete = False
    fields = ["at", "kind", "old_starts_at", "new_starts_at", "reason", "by"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class SessionNoteInline(StackedInline):
    model = SessionNote
    extra = 0
    fields = ["body", "tags", "is_tip", "author"]
    readonly_fields = ["author"]
    autocomplete_fields = ["tags"]


@admin.register(Session)
class SessionAdmin(OwnRowsForMentorsMixin, CohortScopedAdmin):
    mentor_filter = staticmethod(lambda user: Q(mentor=user) | Q(team__mentors=user))
    cohort_path = "competition__cohort"
    form = SessionAdminForm
    list_display = ["starts_at", "team", "mentor", "competition", "status", "is_late_display"]
    list_filter = ["status", ("competition", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["team", "mentor", "competition"]
    search_fields = ["team__name", "mentor__email", "mentor__name", "competition__title"]
    autocomplete_fields = ["team", "mentor"]
    date_hierarchy = "starts_at"
    readonly_fields = ["created_by", "created_at"]
    inlines = [SessionNoteInline, SessionChangeInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def related_cohort_paths(self):
        return {**COMPETITION_PATHS, Team: "competition__cohort"}

    @admin.display(boolean=True, description=_("late"))
    def is_late_display(self, obj):
        return obj.is_late()

    def has_delete_permission(self, request, obj=None):
        return False  # cancel instead: the history and the participants must know

    def save_model(self, request, obj, form, change):
        data, now = form.cleaned_data, form.now
        if not change:
            booked = services.session_book(
                team=data["team"],
                mentor=data["mentor"],
                starts_at=data["starts_at"],
                minutes=_minutes(data["starts_at"], data["ends_at"]),
                meeting_url=data["meeting_url"],
                confirm_late=data["confirm_late"],
                late_reason=data["late_reason"],
                by=request.user,
                now=now,
            )
            obj.pk, obj.competition_id = booked.pk, booked.competition_id
            obj.created_at, obj.created_by = booked.created_at, booked.created_by
            return
        self._save_change(request, Session.objects.get(pk=obj.pk), data, now)

    def _save_change(self, request, current, data, now):
        times = (data.get("starts_at", current.starts_at), data.get("ends_at", current.ends_at))
        moved = times != (current.starts_at, current.ends_at)
        if moved:
            services.session_reschedule(
                session=current,
                starts_at=times[0],
                minutes=_minutes(*times),
                confirm_late=data["confirm_late"],
                late_reason=data["late_reason"],
                by=request.user,
                now=now,
            )
        if data.get("status") == SessionStatus.CANCELLED and not current.is_cancelled:
            services.session_cancel(session=current, by=request.user, now=now)
        current.refresh_from_db()
        current.meeting_url = data["meeting_url"]
        current.late_reason = current.late_reason if moved else data["late_reason"].strip()
        current.save(update_fields=["meeting_url", "late_reason", "updated_at"])

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        # A session is booked as scheduled; cancelling is a change of a booked one.
        return fields if obj is not None else [name for name in fields if name != "status"]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            fields += ["team", "mentor"]
            if obj.is_cancelled:  # as it was: a cancelled session is not moved or restored
                fields += ["starts_at", "ends_at", "status"]
        return fields

    def save_related(self, request, form, formsets, change):
        for formset in formsets:
            if formset.model is not SessionNote:
                continue  # the history inline (a superuser sees its rows) has no author
            for note_form in formset.forms:
                if note_form.instance.author_id is None:
                    note_form.instance.author = request.user
        super().save_related(request, form, formsets, change)


@admin.register(AvailabilityWindow)
class AvailabilityWindowAdmin(OwnRowsForMentorsMixin, CohortScopedAdmin):
    mentor_filter = staticmethod(lambda user: Q(mentor=user))
    cohort_path = "competition__cohort"
    list_display = ["mentor", "competition", "starts_at", "ends_at"]
    list_filter = [("competition", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["mentor", "competition"]
    autocomplete_fields = ["competition", "mentor"]

    def related_cohort_paths(self):
        return COMPETITION_PATHS

    def get_readonly_fields(self, request, obj=None):
        # A mentor enters their own availability, never someone else's.
        return [] if is_scheduling_staff(request) else ["mentor"]

    def save_model(self, request, obj, form, change):
        if not is_scheduling_staff(request):
            obj.mentor = request.user
        super().save_model(request, obj, form, change)


@admin.register(LiveLectureHours)
class LiveLectureHoursAdmin(CohortScopedAdmin):
    list_display = ["cohort", "weekday", "starts", "ends"]
    list_filter = [("cohort", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["cohort"]
    autocomplete_fields = ["cohort"]


@admin.register(NoteTag)
class NoteTagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


class SessionNoteAdminForm(forms.ModelForm):
    def clean_session(self):
        session = self.cleaned_data["session"]
        user = self.request.user
        if is_scheduling_staff(self.request) or session.mentor_id == user.pk:
            return session
        if not session.team.mentors.filter(pk=user.pk).exists():
            raise forms.ValidationError(_("You can write notes only for your own teams' sessions."))
        return session


@admin.register(SessionNote)
class SessionNoteAdmin(OwnRowsForMentorsMixin, CohortScopedAdmin):
    mentor_filter = staticmethod(
        lambda user: Q(session__mentor=user) | Q(session__team__mentors=user)
    )
    form = SessionNoteAdminForm
    cohort_path = "session__competition__cohort"
    list_display = ["__str__", "session", "author", "is_tip", "created_at"]
    list_filter = ["is_tip", "tags"]
    list_select_related = ["session__team", "author"]
    search_fields = ["body", "session__team__name"]
    autocomplete_fields = ["tags"]
    raw_id_fields = ["session"]
    readonly_fields = ["author"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.request = request
        return form

    def save_model(self, request, obj, form, change):
        if obj.author_id is None:
            obj.author = request.user
        super().save_model(request, obj, form, change)


@admin.register(ScoreEntry)
class ScoreEntryAdmin(CohortScopedAdmin):
    cohort_path = "team__competition__cohort"
    list_display = ["team", "recorded_on", "score", "rank"]
    list_select_related = ["team"]
    autocomplete_fields = ["team"]
