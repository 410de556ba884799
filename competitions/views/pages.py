from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from curriculum.caching import cached_body
from curriculum.models import Membership, Role
from curriculum.permissions import cohorts_with_roles

from ..chart import score_chart
from ..fingerprints import COMPETITIONS, TEAMS
from ..forms import ScoreForm, TipsFilterForm
from ..models import Competition, NoteTag, ScoreEntry, Session, SessionNote, Team
from ..permissions import get_own_team
from ..services import score_record


def _team_details():
    """What a team's card shows: its sessions (with mentor and notes) and its scores."""
    notes = SessionNote.objects.prefetch_related("tags").select_related("author")
    sessions = Session.objects.select_related("mentor").prefetch_related(
        Prefetch("notes", queryset=notes)
    )
    return [
        "mentors",
        Prefetch("sessions", queryset=sessions.order_by("starts_at")),
        Prefetch("scores", queryset=ScoreEntry.objects.order_by("recorded_on")),
    ]


COMPETITIONS_CACHE_SECONDS = 60  # a session turning "done", a deadline passing: the clock


@login_required
@require_GET
def competition_list(request):
    """Running, upcoming and past competitions of the user's cohorts, with the user's team, its
    sessions, notes and scores; the teams a competition mentor coaches; the board for staff.
    Cached per viewer until a row it shows changes (a competition of those cohorts, a session or
    a score of the viewer's teams...), or a minute passes."""
    user = request.user
    cohorts = cohorts_with_roles(user, timezone.localdate(), limit=None)
    staff_of = sorted(c.pk for c in cohorts if Role.STAFF in c.viewer_roles)

    def build():
        context = competition_list_context(user, cohorts, staff_of)
        return render_to_string("competitions/list_body.html", context, request=request)

    if not cohorts:  # nothing to show, nothing to cache
        return render(request, "competitions/list.html", {"body": build()})
    body = cached_body(
        request,
        name="competitions",
        cohorts=cohorts,
        render=build,
        seconds=COMPETITIONS_CACHE_SECONDS,
        scopes=(COMPETITIONS, TEAMS),
        parts=(user.is_superuser, staff_of),
    )
    return render(request, "competitions/list.html", {"body": body})


def competition_list_context(user, cohorts, staff_of):
    now = timezone.now()
    mentored = Team.objects.filter(mentors=user).prefetch_related("members", *_team_details())
    mine = Team.objects.filter(members=user).prefetch_related("members", *_team_details())
    competitions = list(
        Competition.objects.filter(cohort__in=cohorts)
        .select_related("cohort")
        .prefetch_related(
            Prefetch("teams", queryset=mine, to_attr="my_teams"),
            Prefetch("teams", queryset=mentored, to_attr="mentored_teams"),
        )
        .order_by("-starts_at")
    )
    for competition in competitions:
        competition.can_manage = user.is_superuser or competition.cohort_id in staff_of
        for team in competition.my_teams + competition.mentored_teams:
            team.chart = score_chart(team.scores.all())
    return {
        "running": [c for c in competitions if c.is_running(now)],
        "upcoming": [c for c in competitions if c.starts_at > now],
        "past": [c for c in competitions if c.has_ended(now)],
        "now": now,
        "score_form": ScoreForm(initial={"recorded_on": timezone.localdate(now)}),
    }


@login_required
@require_POST
def score_add(request, pk):
    team = get_own_team(request.user, pk)
    form = ScoreForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        score_record(
            team=team,
            recorded_on=data["recorded_on"],
            score=data["score"],
            rank=data["rank"],
            by=request.user,
        )
        messages.success(request, _("Score saved."))
    else:
        problems = " ".join(str(e) for errors in form.errors.values() for e in errors)
        messages.error(request, _("The score was not saved: %(problems)s") % {"problems": problems})
    return redirect(team.competition.get_absolute_url())


@login_required
@require_GET
def tips(request):
    """Every shared session note across competitions and cohorts, searchable and filterable.
    Anyone who belongs to a cohort may read it (advice given once should not be lost); no team's
    name is shown."""
    if not (request.user.is_superuser or Membership.objects.filter(user=request.user).exists()):
        raise Http404("No cohort")
    form = TipsFilterForm(request.GET or None)
    notes = (
        SessionNote.objects.tips()
        .select_related("session__competition__cohort", "author")
        .prefetch_related("tags")
        .order_by("-created_at", "-pk")
    )
    if form.is_valid():
        notes = _filter_tips(notes, form.cleaned_data)
    elif form.is_bound:
        notes = notes.none()  # an unknown tag or track: say so on the form, show nothing
    page = Paginator(notes, 20).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "competitions/tips.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


def _filter_tips(notes, data):
    if data["q"]:
        notes = notes.filter(
            Q(body__icontains=data["q"])
            | Q(session__competition__title__icontains=data["q"])
            | Q(tags__in=NoteTag.objects.named(data["q"]))
        ).distinct()
    if data["tag"]:
        notes = notes.filter(tags=data["tag"])
    if data["track"]:
        notes = notes.filter(session__competition__track=data["track"])
    return notes
