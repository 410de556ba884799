from allauth.account.admin import EmailAddressAdmin
from allauth.account.models import EmailAddress
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, Sum
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.admin import UserAdmin
from accounts.models import User
from core.admin_base import TabularInline

from .admin_scope import CohortScopedAdmin, PhaseNameFilter, admin_cohorts
from .forms import InviteManyForm
from .models import Cohort, Invitation, Lecture, Membership, Phase, Role, Week, WeekMentor
from .services import (
    invitation_url,
    invitations_create,
    invitations_send,
    membership_add,
    membership_remove,
)


class PhaseInline(TabularInline):
    model = Phase
    extra = 0


@admin.register(Cohort)
class CohortAdmin(CohortScopedAdmin):
    cohort_path = "pk"

    list_display = ["name", "slug", "starts_on", "ends_on", "student_count"]
    search_fields = ["name", "slug"]
    ordering = ["-starts_on", "name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PhaseInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(student_total=Count("memberships", filter=Q(memberships__role=Role.STUDENT)))
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change and not request.user.is_superuser:
            # Whoever opens a cohort runs it: without the role they could not see it again.
            membership_add(user=request.user, cohort=obj, role=Role.STAFF)

    @admin.display(description=_("students"), ordering="student_total")
    def student_count(self, cohort):
        return cohort.student_total


@admin.register(Membership)
class MembershipAdmin(CohortScopedAdmin):
    list_display = ["user", "cohort", "role", "created_at"]
    list_filter = ["role", ("cohort", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["user", "cohort"]
    search_fields = ["user__email", "user__name", "cohort__name"]
    autocomplete_fields = ["user", "cohort"]
    readonly_fields = ["created_at"]

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            membership_add(user=obj.user, cohort=obj.cohort, role=obj.role)
            return
        saved = membership_add(user=obj.user, cohort=obj.cohort, role=obj.role)
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        membership_remove(membership=obj)

    def delete_queryset(self, request, queryset):
        for membership in queryset.select_related("user"):
            membership_remove(membership=membership)


@admin.register(Phase)
class PhaseAdmin(CohortScopedAdmin):
    list_display = ["name", "cohort", "order"]
    list_filter = [("cohort", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["cohort"]
    search_fields = ["name", "cohort__name"]


class LectureInline(TabularInline):
    model = Lecture
    extra = 1


class WeekMentorInline(TabularInline):
    model = WeekMentor
    extra = 1
    autocomplete_fields = ["user"]
    verbose_name = _("theme mentor")
    verbose_name_plural = _("theme mentors")


@admin.register(Week)
class WeekAdmin(CohortScopedAdmin):
    list_display = ["__str__", "phase", "starts_on", "ends_on", "level", "lecture_minutes"]
    list_filter = [
        ("cohort", admin.RelatedOnlyFieldListFilter),
        "level",
        ("phase__name", PhaseNameFilter),
    ]
    list_select_related = ["cohort", "phase"]
    search_fields = ["theme", "phase__name", "cohort__name", "lectures__title"]
    autocomplete_fields = ["cohort"]
    date_hierarchy = "starts_on"
    ordering = ["cohort", "number"]
    inlines = [WeekMentorInline, LectureInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(minutes=Sum("lectures__duration_minutes"))

    @admin.display(description=_("lecture minutes"), ordering="minutes")
    def lecture_minutes(self, week):
        return week.minutes or 0


@admin.register(Lecture)
class LectureAdmin(CohortScopedAdmin):
    cohort_path = "week__cohort"

    list_display = ["title", "week", "order", "duration_minutes"]
    list_select_related = ["week__cohort", "week__phase"]
    search_fields = ["title", "week__theme"]
    list_filter = [("week__cohort", admin.RelatedOnlyFieldListFilter)]
    autocomplete_fields = ["week"]


@admin.register(Invitation)
class InvitationAdmin(CohortScopedAdmin):
    list_display = ["email", "cohort", "role", "status", "created_at", "expires_at", "invited_by"]
    list_filter = ["role", ("cohort", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["cohort", "invited_by"]
    search_fields = ["email", "cohort__name"]
    fields = [
        "cohort",
        "email",
        "role",
        "link",
        "invited_by",
        "created_at",
        "expires_at",
        "accepted_at",
        "accepted_by",
    ]
    readonly_fields = [
        "link",
        "invited_by",
        "created_at",
        "expires_at",
        "accepted_at",
        "accepted_by",
    ]
    actions = ["resend"]
    change_list_template = "admin/curriculum/invitation/change_list.html"

    @admin.display(description=_("status"))
    def status(self, invitation):
        if invitation.is_accepted:
            return _("accepted")
        if invitation.is_expired:
            return _("expired")
        return _("pending")

    @admin.display(description=_("link"))
    def link(self, invitation):
        return invitation_url(invitation) if invitation.pk else "—"

    def has_change_permission(self, request, obj=None):
        # An invitation is sent as it is; to change one, invite again (which renews it).
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        [created] = invitations_create(
            cohort=obj.cohort, role=obj.role, emails=[obj.email], invited_by=request.user
        )
        obj.pk = created.pk
        obj.token = created.token

    @admin.action(description=_("Send the selected invitations again"))
    def resend(self, request, queryset):
        sent = invitations_send(
            invitation_ids=list(queryset.pending().values_list("pk", flat=True))
        )
        self.message_user(
            request, ngettext("%d invitation sent.", "%d invitations sent.", sent) % sent
        )

    def get_urls(self):
        custom = [
            path(
                "invite-many/",
                self.admin_site.admin_view(self.invite_many_view),
                name="curriculum_invitation_invite_many",
            )
        ]
        return custom + super().get_urls()

    def invite_many_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = InviteManyForm(request.POST or None)
        form.fields["cohort"].queryset = admin_cohorts(request)
        if request.method == "POST" and form.is_valid():
            invitations = invitations_create(
                cohort=form.cleaned_data["cohort"],
                role=form.cleaned_data["role"],
                emails=form.cleaned_data["emails"],
                invited_by=request.user,
            )
            count = len(invitations)
            self.message_user(
                request,
                ngettext("%d invitation sent.", "%d invitations sent.", count) % count,
                messages.SUCCESS,
            )
            return redirect(reverse("admin:curriculum_invitation_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "form": form,
            "title": _("Invite several people"),
        }
        return TemplateResponse(request, "admin/curriculum/invitation/invite_many.html", context)


# --- People: the user and email-address admins of accounts and allauth, kept to one's cohorts ---


def admin_people(request):
    """The people an admin user may see and edit: members of the cohorts where they hold an
    admin role, and accounts in no cohort yet; never a superuser (unless they are one). Without
    this, staff of one cohort could set the password or the login address of anyone, a
    superuser included."""
    users = User.objects.all()
    if request.user.is_superuser:
        return users
    in_my_cohorts = Membership.objects.filter(cohort__in=admin_cohorts(request)).values("user_id")
    return users.filter(is_superuser=False).filter(
        Q(pk__in=in_my_cohorts) | ~Q(pk__in=Membership.objects.values("user_id"))
    )


class CohortUserAdmin(UserAdmin):
    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(pk__in=admin_people(request).values("pk"))


class CohortEmailAddressAdmin(EmailAddressAdmin):
    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(user__in=admin_people(request).values("pk"))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user" and not request.user.is_superuser:
            kwargs["queryset"] = admin_people(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


admin.site.unregister(User)
admin.site.register(User, CohortUserAdmin)
admin.site.unregister(EmailAddress)
admin.site.register(EmailAddress, CohortEmailAddressAdmin)
