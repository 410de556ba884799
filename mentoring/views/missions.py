from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.navigation import back_to

from ..models import Mission
from ..permissions import require_student
from ..services import mission_set_status
from .dashboard import missions_counter


@login_required
@require_POST
def mission_status(request, pk):
    """One click sets a mission's status; htmx swaps the mission in place, a plain form post
    (JavaScript off) comes back to the page it was sent from."""
    mission = get_object_or_404(Mission.objects.select_related("week__cohort"), pk=pk)
    require_student(request.user, mission.week.cohort_id)
    error = None
    try:
        mission_set_status(
            mission=mission,
            student=request.user,
            status=request.POST.get("status", ""),
            link=request.POST.get("link", ""),
        )
    except ValidationError as exc:
        error = " ".join(exc.messages) or _("That did not work.")
    if request.htmx:
        mission = Mission.objects.select_related("week").with_progress_of(request.user).get(pk=pk)
        context = {
            "mission": mission,
            "error": error,
            "next": back_to(request, "/"),
            "is_student": True,
        }
        response = render(request, "mentoring/mission_item.html", context)
        from_dashboard = urlsplit(request.headers.get("HX-Current-URL", "")).path == "/"
        if from_dashboard and mission.week.is_current():
            response.content += _done_counter(request, mission.week_id)
        return response
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Mission status saved."))
    return redirect(back_to(request, "/"))


def _done_counter(request, week_id):
    """The dashboard's "N of M done", swapped out of band so it follows the click."""
    missions = Mission.objects.filter(week_id=week_id).with_progress_of(request.user)
    context = {**missions_counter(list(missions)), "oob": True}
    return render_to_string("mentoring/missions_done.html", context, request=request).encode()
