from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from competitions.models import Competition
from curriculum.models import Week
from curriculum.permissions import cohorts_for_user, get_cohort_for_user, roles_in


def _current_and_next(weeks, today):
    """From the weeks not yet over (soonest first), this week (if any) and the one after it."""
    if weeks and weeks[0].is_current(today):
        return weeks[0], (weeks[1] if len(weeks) > 1 else None)
    return None, (weeks[0] if weeks else None)


@login_required
@require_GET
def dashboard(request):
    """The student's week: what runs now in their cohort, what comes next, the competition."""
    today = timezone.localdate()
    slug = request.GET.get("cohort")
    cohorts = list(cohorts_for_user(request.user).home_first(today)[:50])
    if not cohorts:
        return render(request, "curriculum/no_cohort.html")
    cohort = get_cohort_for_user(request.user, slug) if slug else cohorts[0]
    weeks = list(
        Week.objects.for_cohort(cohort)
        .from_day(today)
        .select_related("phase")
        .with_lectures()
        .with_mentors()[:2]
    )
    current_week, next_week = _current_and_next(weeks, today)
    competitions = list(
        Competition.objects.filter(cohort=cohort).running().with_team_of(request.user)
    )
    context = {
        "cohort": cohort,
        "cohorts": cohorts,
        "roles": roles_in(request.user, cohort),
        "current_week": current_week,
        "week_total": Week.objects.for_cohort(cohort).count() if current_week else 0,
        "next_week": next_week,
        "course_over": not weeks and today > cohort.starts_on,
        "competitions": competitions,
        "mentored_weeks": Week.objects.filter(mentors=request.user, ends_on__gte=today)
        .select_related("cohort")
        .order_by("starts_on")[:5],
        "today": today,
    }
    return render(request, "mentoring/dashboard.html", context)
