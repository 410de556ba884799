"""The handoff brief of a week, and the handoff note its mentors leave for the next one."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from curriculum.caching import cached_body
from curriculum.extensions import COHORT, WEEK_PAGE

from ..brief import build_brief
from ..continuity_forms import HandoffNoteForm
from ..continuity_services import handoff_note_save
from ..levels import MEASURE
from ..models import HandoffNote
from ..permissions import get_week_for_brief, get_week_for_note, is_week_mentor
from ..stats import TOO_EASY_ABOVE, TOO_HARD_BELOW


@login_required
@require_GET
def brief(request, week_pk):
    week, _roles = get_week_for_brief(request.user, week_pk)
    return _brief_page(request, week)


@login_required
@require_GET
def brief_by_number(request, slug, number):
    """The same page at a readable address: /cohorts/<cohort>/weeks/<number>/brief/."""
    week, _roles = get_week_for_brief(request.user, number=number, slug=slug)
    return _brief_page(request, week)


def _brief_page(request, week):
    is_mentor = is_week_mentor(request.user, week)
    context = {
        "brief": brief_pieces(request, week),
        "week": week,
        "cohort": week.cohort,
        "my_note": HandoffNote.objects.filter(week=week, mentor=request.user).first()
        if is_mentor
        else None,
        "is_week_mentor": is_mentor,
    }
    return render(request, "mentoring/brief.html", context)


# What no fingerprint covers: the students' own activity (a mission done, a quiz taken), whose
# figures the page dates ("as of"), and the passing of time (who has gone quiet).
BRIEF_CACHE_SECONDS = 300


def brief_pieces(request, week):
    """The brief's student count and body, the same for every mentor, lead and staff member who
    reads it: computed once, then cached until a row of the cohort changes (a note, an answer,
    a mission posted...), the day turns, or five minutes pass."""

    def build():
        context = {
            "brief": build_brief(week),
            "week": week,
            **MEASURE,
            "too_easy_above": TOO_EASY_ABOVE,
            "too_hard_below": TOO_HARD_BELOW,
            "min_attempts": settings.QUIZ_CALIBRATION_MIN_ATTEMPTS,
        }
        return {
            "students": render_to_string("mentoring/brief_students.txt", context),
            "body": render_to_string("mentoring/brief_body.html", context, request=request),
        }

    return cached_body(
        request,
        name="brief",
        cohorts=[week.cohort],
        render=build,
        seconds=BRIEF_CACHE_SECONDS,
        scopes=(COHORT, WEEK_PAGE),
        parts=week.pk,
    )


@login_required
@require_http_methods(["GET", "POST"])
def handoff_note(request, week_pk):
    week = get_week_for_note(request.user, week_pk)
    note = HandoffNote.objects.filter(week=week, mentor=request.user).first()
    form = HandoffNoteForm(request.POST or None, instance=note)
    if request.method == "POST" and form.is_valid():
        try:
            handoff_note_save(week=week, mentor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("Your handoff note is saved. The next mentors will see it in their brief."),
            )
            return redirect("mentoring:brief", week_pk=week.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "mentoring/handoff_note.html",
        {"form": form, "week": week, "cohort": week.cohort, "note": note},
        status=status,
    )
