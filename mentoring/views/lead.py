"""The lead instructor's pages: the cohort radar, a student's timeline with private notes, the
lead's note on the cohort, and the lead's own mentoring sessions. Lead instructor and staff only."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from curriculum.caching import cached_body
from curriculum.models import Role
from curriculum.permissions import roles_in

from ..continuity_forms import (
    CohortNoteForm,
    LeadSessionForm,
    LeadSessionSummaryForm,
    RadarFilterForm,
    StudentNoteForm,
)
from ..continuity_models import CohortNote, LeadSession
from ..continuity_services import (
    cohort_note_add,
    lead_session_record,
    lead_session_schedule,
    student_note_add,
)
from ..levels import MEASURE
from ..permissions import get_cohort_for_lead, get_student_for_lead
from ..radar import build_radar
from ..student_timeline import build_student_timeline


@login_required
@require_GET
def radar(request, slug):
    cohort = get_cohort_for_lead(request.user, slug)
    context = {"cohort": cohort, "radar": radar_pieces(request, cohort)}
    return render(request, "mentoring/radar.html", context)


# What no fingerprint covers: the students' own activity, whose figures the page dates ("as of"),
# and the passing of time (who has gone quiet).
RADAR_CACHE_SECONDS = 300


def radar_pieces(request, cohort):
    """The radar for the filters asked (the form as typed, the table it gives), the lead's
    notes and the note form: the same for the lead and staff, so computed once, then cached
    until a row of the cohort changes (a note...), the day turns, or five minutes pass."""
    filters = RadarFilterForm(request.GET or None)
    asked = [(name, request.GET.getlist(name)) for name in filters.fields]

    def build():
        values = filters.cleaned_data if filters.is_valid() else {}
        context = {
            "cohort": cohort,
            "filters": filters,
            "radar": build_radar(
                cohort,
                q=values.get("q", ""),
                band=values.get("band", ""),
                inactive=values.get("inactive", False),
                sort=values.get("sort") or "name",
            ),
            "lead_notes": CohortNote.objects.filter(cohort=cohort).select_related("author")[:5],
            "note_form": CohortNoteForm(),
            **MEASURE,
        }
        return {
            piece: render_to_string(f"mentoring/radar_{piece}.html", context, request=request)
            for piece in ("summary", "body")
        }

    return cached_body(
        request,
        name="radar",
        cohorts=[cohort],
        render=build,
        seconds=RADAR_CACHE_SECONDS,
        parts=asked,
    )


@login_required
@require_POST
def cohort_note(request, slug):
    cohort = get_cohort_for_lead(request.user, slug)
    form = CohortNoteForm(request.POST)
    if form.is_valid():
        cohort_note_add(cohort=cohort, author=request.user, body=form.cleaned_data["body"])
        messages.success(
            request, _("Your note on the cohort is saved; mentors see it in their briefs.")
        )
    else:
        messages.error(request, _("The note is empty: nothing was saved."))
    return redirect("mentoring:radar", slug=cohort.slug)


@login_required
@require_http_methods(["GET", "POST"])
def student_timeline(request, slug, student_pk):
    cohort, student = get_student_for_lead(request.user, slug, student_pk)
    form = StudentNoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        student_note_add(cohort=cohort, student=student, author=request.user, **form.cleaned_data)
        messages.success(request, _("Your private note is saved."))
        return redirect("mentoring:student_timeline", slug=cohort.slug, student_pk=student.pk)
    context = {
        "cohort": cohort,
        "timeline": build_student_timeline(cohort, student),
        "note_form": form,
        **MEASURE,
    }
    return render(
        request,
        "mentoring/student_timeline.html",
        context,
        status=400 if request.method == "POST" else 200,
    )


def _is_lead(user, cohort):
    return Role.LEAD_INSTRUCTOR in roles_in(user, cohort.pk)


@login_required
@require_http_methods(["GET", "POST"])
def lead_sessions(request, slug):
    """The lead's sessions: staff read them; only the lead instructor schedules."""
    cohort = get_cohort_for_lead(request.user, slug)
    is_lead = _is_lead(request.user, cohort)
    form = LeadSessionForm(request.POST or None, cohort=cohort)
    if request.method == "POST":
        if not is_lead:
            raise PermissionDenied
        if form.is_valid():
            try:
                lead_session_schedule(cohort=cohort, lead=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error("starts_at", exc)
            else:
                messages.success(request, _("The session is scheduled."))
                return redirect("mentoring:lead_sessions", slug=cohort.slug)
    now = timezone.now()
    sessions = list(
        LeadSession.objects.filter(cohort=cohort)
        .select_related("student", "lead")
        .order_by("starts_at")
    )
    context = {
        "cohort": cohort,
        "form": form,
        "is_lead": is_lead,
        "upcoming": [s for s in sessions if s.starts_at >= now],
        "past": [s for s in reversed(sessions) if s.starts_at < now],
    }
    return render(
        request,
        "mentoring/lead_sessions.html",
        context,
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def lead_session_detail(request, slug, pk):
    cohort = get_cohort_for_lead(request.user, slug)
    session = get_object_or_404(
        LeadSession.objects.select_related("student", "lead"), cohort=cohort, pk=pk
    )
    may_record = session.lead_id == request.user.pk
    form = LeadSessionSummaryForm(request.POST or None, instance=session)
    if request.method == "POST":
        if not may_record:
            raise PermissionDenied
        if form.is_valid():
            lead_session_record(session=session, summary=form.cleaned_data["summary"])
            messages.success(request, _("The session is recorded."))
            return redirect("mentoring:lead_sessions", slug=cohort.slug)
    context = {"cohort": cohort, "session": session, "form": form, "may_record": may_record}
    return render(
        request,
        "mentoring/lead_session.html",
        context,
        status=400 if request.method == "POST" else 200,
    )
