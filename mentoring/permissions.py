"""Who may do what in the weekly mentoring track.

Outsiders (no role in the week's cohort) get 404; members whose role does not allow an action get
403; anonymous users never reach here (login_required).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.models import User
from curriculum.models import Cohort, Membership, Role, Week
from curriculum.permissions import roles_in

TEACHING_ROLES = {Role.LEAD_INSTRUCTOR, Role.STAFF}


def require_member(user, cohort_id) -> set[str]:
    roles = roles_in(user, cohort_id)
    if not roles and not user.is_superuser:
        raise Http404("Not a member of this cohort")
    return roles


def require_student(user, cohort_id) -> None:
    if Role.STUDENT not in require_member(user, cohort_id):
        raise PermissionDenied


def is_week_mentor(user, week) -> bool:
    return week.mentors.filter(pk=user.pk).exists()


def can_answer_questions(user, week, roles) -> bool:
    """The week's own mentors, later weeks' mentors (unanswered questions carry over), the lead
    instructor and staff answer questions."""
    if user.is_superuser or roles & TEACHING_ROLES:
        return True
    return Role.THEME_MENTOR in roles


def can_see_statistics(user, roles) -> bool:
    return user.is_superuser or bool(roles & (TEACHING_ROLES | {Role.THEME_MENTOR}))


def weeks_authored_by(user):
    """The weeks whose content the user reaches in the admin: their own weeks as a theme mentor;
    every week of their cohorts as staff or lead instructor (what they may do there is their
    role's permissions); every week for a superuser."""
    if user.is_superuser:
        return Week.objects.all()
    cohorts = Membership.objects.filter(user=user, role__in=TEACHING_ROLES).values("cohort_id")
    return Week.objects.filter(Q(mentors=user) | Q(cohort_id__in=cohorts)).distinct()


# --- Continuity: the brief, the radar, private notes ---------------------------------------------


def is_lead_or_staff(user, roles) -> bool:
    return user.is_superuser or bool(roles & TEACHING_ROLES)


def get_week_for_brief(user, week_pk=None, *, slug=None, number=None):
    """The week (by pk, or by cohort slug and number) whose brief the user may read: its own
    theme mentors, the cohort's lead instructor and staff. Everyone else (students, other
    weeks' mentors, outsiders) gets 404."""
    weeks = Week.objects.select_related("cohort", "phase")
    if week_pk is not None:
        week = get_object_or_404(weeks, pk=week_pk)
    else:
        week = get_object_or_404(weeks, cohort__slug=slug, number=number)
    roles = roles_in(user, week.cohort_id)
    if not (is_lead_or_staff(user, roles) or is_week_mentor(user, week)):
        raise Http404("Not a reader of this brief")
    return week, roles


def get_week_for_note(user, week_pk):
    """The week a mentor writes their handoff note for: only its own theme mentors. Readers of
    the brief (lead instructor, staff) get 403; everyone else 404."""
    week, _roles = get_week_for_brief(user, week_pk)
    if not is_week_mentor(user, week):
        raise PermissionDenied
    return week


def get_cohort_for_lead(user, slug):
    """A cohort whose radar, timelines, private notes and sessions the user may see: its lead
    instructor and staff only; 404 for everyone else, so nobody learns what is there."""
    cohort = get_object_or_404(Cohort, slug=slug)
    if not is_lead_or_staff(user, roles_in(user, cohort.pk)):
        raise Http404("Not the lead instructor or staff of this cohort")
    return cohort


def get_student_for_lead(user, slug, student_pk):
    cohort = get_cohort_for_lead(user, slug)
    student = get_object_or_404(
        User.objects.filter(memberships__cohort=cohort, memberships__role=Role.STUDENT).distinct(),
        pk=student_pk,
    )
    return cohort, student
