from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from curriculum.permissions import cohorts_for_user

from .models import Competition


@login_required
@require_GET
def competition_list(request):
    """Running, upcoming and past competitions of the user's cohorts, with the user's team."""
    now = timezone.now()
    competitions = list(
        Competition.objects.filter(cohort__in=cohorts_for_user(request.user))
        .select_related("cohort")
        .with_team_of(request.user, members=True)
        .order_by("-starts_at")
    )
    context = {
        "running": [c for c in competitions if c.is_running(now)],
        "upcoming": [c for c in competitions if c.starts_at > now],
        "past": [c for c in competitions if c.has_ended(now)],
        "now": now,
    }
    return render(request, "competitions/list.html", context)
