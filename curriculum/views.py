from allauth.account.adapter import get_adapter
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import User

from .adapters import SESSION_KEY
from .caching import cached_body
from .extensions import COHORT, USER, WEEK_PAGE, render_week_panels, week_loads
from .models import Invitation, Week
from .permissions import cohorts_with_roles, viewer_cohort
from .services import InvitationError, invitation_accept
from .timeline import lane_cells, spans_for_cohorts

TIMELINE_CACHE_SECONDS = 300


@login_required
@require_GET
def timeline(request, cohort_slug=None):
    cohorts = cohorts_with_roles(request.user, timezone.localdate())
    try:
        cohort = viewer_cohort(request.user, cohorts, cohort_slug)
    except Http404:
        if cohort_slug:
            raise
        return render(request, "curriculum/no_cohort.html")
    context = {
        "cohort": cohort,
        "body": timeline_body(request, cohort),
        "other_cohorts": sorted(
            (c for c in cohorts if c.pk != cohort.pk), key=lambda c: c.starts_on, reverse=True
        ),
    }
    return render(request, "curriculum/timeline.html", context)


def timeline_body(request, cohort):
    """The cohort's weeks, the same for everyone who may see them, so rendered once and cached
    until a row it shows changes (the cohort's fingerprint), the day turns, or five minutes pass
    (a mentor's renamed account, which no fingerprint covers)."""

    def build():
        context = timeline_context(cohort, timezone.localdate())
        return render_to_string("curriculum/timeline_body.html", context, request=request)

    return cached_body(
        request, name="timeline", cohorts=[cohort], render=build, seconds=TIMELINE_CACHE_SECONDS
    )


def timeline_context(cohort, today):
    weeks = list(Week.objects.for_cohort(cohort).with_lecture_load().with_mentors())
    spans = spans_for_cohorts([cohort.pk])
    grid = lane_cells(weeks, spans)
    loads = week_loads(weeks, spans)
    phases = []
    for week in weeks:
        week.lanes = grid[week.pk]
        week.load = loads.get(week.pk)
        week.is_now = week.is_current(today)
        if not phases or phases[-1]["phase"].pk != week.phase_id:
            phases.append({"phase": week.phase, "weeks": []})
        phases[-1]["weeks"].append(week)
    return {
        "phases": phases,
        "spans": spans,
        "lane_count": len(grid[weeks[0].pk]) if weeks else 0,
        "has_current": any(week.is_now for week in weeks),
    }


WEEK_CACHE_SECONDS = 60  # what no fingerprint covers: a renamed account, an edited question


@login_required
@require_GET
def week_detail(request, cohort_slug, number):
    """One week: its card, its competitions, and the panels other apps add (missions, articles,
    quizzes, the question board), cached per viewer until a row it shows changes."""
    cohorts = cohorts_with_roles(request.user, timezone.localdate())
    cohort = viewer_cohort(request.user, cohorts, cohort_slug)

    def build():
        context = week_context(request, cohort, number)
        return {
            "title": render_to_string("curriculum/week_title.txt", context),
            "body": render_to_string("curriculum/week_body.html", context, request=request),
        }

    page = cached_body(
        request,
        name="week",
        cohorts=[cohort],
        render=build,
        seconds=WEEK_CACHE_SECONDS,
        scopes=(COHORT, WEEK_PAGE, USER),
        parts=(number, sorted(cohort.viewer_roles), request.user.is_staff),
    )
    return render(request, "curriculum/week.html", {"cohort": cohort, "page": page})


def week_context(request, cohort, number):
    week = get_object_or_404(
        Week.objects.for_cohort(cohort).select_related("phase").with_lectures().with_mentors(),
        number=number,
    )
    neighbours = {
        w.number: w
        for w in Week.objects.for_cohort(cohort).filter(number__in=[number - 1, number + 1])
    }
    spans = [
        span
        for span in spans_for_cohorts([cohort.pk])
        if span.overlaps(week.starts_on, week.ends_on)
    ]
    context = {
        "cohort": cohort,
        "week": week,
        "lectures": week.lectures.all(),
        "lecture_minutes": sum(lecture.duration_minutes for lecture in week.lectures.all()),
        "previous_week": neighbours.get(number - 1),
        "next_week": neighbours.get(number + 1),
        "spans": spans,
        "is_now": week.is_current(),
        "next": week.get_absolute_url(),
    }
    context["panels"] = render_week_panels(request, week, context)
    return context


def _invitation_page(request, invitation, status=200, **extra):
    return render(
        request, "curriculum/invitation.html", {"invitation": invitation, **extra}, status=status
    )


@require_http_methods(["GET", "POST"])
def invitation(request, token):
    """Where an invitation link lands: sign up, or (for an existing account) join the cohort."""
    invitation = Invitation.objects.select_related("cohort").filter(token=token).first()
    if invitation is None:
        return _invitation_page(request, None, status=404)
    problem = invitation.problem()
    if problem:
        return _invitation_page(request, invitation, status=410, problem=problem)
    user = request.user
    has_account = User.objects.filter(email__iexact=invitation.email).exists()
    if user.is_authenticated and user.email.lower() != invitation.email.lower():
        return _invitation_page(request, invitation, status=403, wrong_account=True)
    if request.method == "GET":
        return _invitation_page(request, invitation, has_account=has_account)
    if user.is_authenticated:
        try:
            invitation_accept(invitation=invitation, user=user)
        except InvitationError as error:
            messages.error(request, str(error))
            return redirect(invitation.get_absolute_url())
        return redirect("dashboard")
    if has_account:
        query = urlencode({"next": invitation.get_absolute_url()})
        return redirect(f"{reverse('account_login')}?{query}")
    request.session[SESSION_KEY] = invitation.token
    get_adapter(request).stash_verified_email(request, invitation.email)
    return redirect(f"{reverse('account_signup')}?{urlencode({'email': invitation.email})}")
