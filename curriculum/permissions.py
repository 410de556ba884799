"""Who may see which cohort. Outsiders get 404, never a hint that the cohort exists."""

from django.shortcuts import get_object_or_404

from .models import Cohort, Membership, Role


def cohorts_for_user(user):
    return Cohort.objects.for_user(user)


def get_cohort_for_user(user, slug):
    return get_object_or_404(cohorts_for_user(user), slug=slug)


def roles_in(user, cohort):
    """The user's roles in a cohort (a Cohort or its id)."""
    if not user.is_authenticated:
        return set()
    return set(Membership.objects.filter(user=user, cohort=cohort).values_list("role", flat=True))


def can_manage_cohort(user, cohort):
    return user.is_superuser or Role.STAFF in roles_in(user, cohort)
