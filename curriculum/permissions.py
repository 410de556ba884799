"""Who may see which cohort. Outsiders get 404, never a hint that the cohort exists."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import Cohort, Membership, Role


def cohorts_for_user(user):
    return Cohort.objects.for_user(user)


def cohorts_with_roles(user, today, limit=50):
    """The cohorts the user may see, in the order of CohortQuerySet.home_first (running first,
    then the most recent), each carrying `viewer_roles`: the user's roles in it. One query for
    everyone but a superuser, who sees every cohort."""
    if not user.is_authenticated:
        return []
    if user.is_superuser:
        cohorts = list(Cohort.objects.home_first(today)[:limit])
        roles = {}
        for cohort_id, role in Membership.objects.filter(user=user).values_list("cohort", "role"):
            roles.setdefault(cohort_id, set()).add(role)
        for cohort in cohorts:
            cohort.viewer_roles = roles.get(cohort.pk, set())
        return cohorts
    cohorts = {}
    for membership in Membership.objects.filter(user=user).select_related("cohort").order_by():
        cohort = cohorts.setdefault(membership.cohort_id, membership.cohort)
        cohort.__dict__.setdefault("viewer_roles", set()).add(membership.role)
    home_first = sorted(
        cohorts.values(),
        key=lambda c: (not c.starts_on <= today <= c.ends_on, -c.starts_on.toordinal(), c.pk),
    )
    return home_first[:limit]


def viewer_cohort(user, cohorts, slug=None):
    """The cohort a page is about, from the viewer's cohorts (see cohorts_with_roles): the one
    named (404 if it is not theirs), else the first, their running or latest one."""
    if slug:
        cohort = next((c for c in cohorts if c.slug == slug), None)
        if cohort is None:  # beyond the first fifty, or not theirs (404)
            cohort = get_cohort_for_user(user, slug)
            cohort.viewer_roles = roles_in(user, cohort)
        return cohort
    if not cohorts:
        raise Http404("No cohort")
    return cohorts[0]


def get_cohort_for_user(user, slug):
    return get_object_or_404(cohorts_for_user(user), slug=slug)


def roles_held(user):
    """The roles the user holds in any cohort."""
    return set(Membership.objects.filter(user=user).values_list("role", flat=True).distinct())


def roles_in(user, cohort):
    """The user's roles in a cohort (a Cohort or its id)."""
    if not user.is_authenticated:
        return set()
    return set(Membership.objects.filter(user=user, cohort=cohort).values_list("role", flat=True))


def can_manage_cohort(user, cohort):
    return user.is_superuser or Role.STAFF in roles_in(user, cohort)
