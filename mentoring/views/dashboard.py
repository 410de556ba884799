from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from competitions.models import Competition
from competitions.timeline import spans_of
from curriculum.caching import cached_body
from curriculum.extensions import COHORT, USER
from curriculum.models import Role, Week
from curriculum.permissions import cohorts_with_roles, viewer_cohort

from ..dashboard_continuity import dashboard_continuity
from ..models import Article, Mission, MissionStatus, Quiz
from ..workload import load_of, week_loads

FINISHED = {MissionStatus.DONE, MissionStatus.SKIPPED}


def _current_and_next(weeks, today):
    """From the weeks not yet over (soonest first), this week (if any) and the one after it."""
    if weeks and weeks[0].is_current(today):
        return weeks[0], (weeks[1] if len(weeks) > 1 else None)
    return None, (weeks[0] if weeks else None)


def missions_counter(missions):
    """The "N of M done" beside this week's missions, from the week's missions annotated with
    the viewer's progress (`with_progress_of`): the page and the fragment a click swaps in."""
    done = sum(1 for mission in missions if mission.status_of_viewer == MissionStatus.DONE)
    return {"mission_count": len(missions), "missions_done": done}


def _student_week(user, cohort, week, today, spans):
    """The student's part of the dashboard: missions by tier, last week's unfinished ones,
    today's articles, the week's quizzes, and the week's load from the same rows."""
    both_weeks = list(
        Mission.objects.filter(week__cohort=cohort, week__number__in=[week.number, week.number - 1])
        .by_tier()
        .with_progress_of(user)
    )
    missions = [mission for mission in both_weeks if mission.week_id == week.pk]
    leftovers = [
        mission
        for mission in both_weeks
        if mission.week_id != week.pk and mission.status_of_viewer not in FINISHED
    ]
    articles = list(Article.objects.filter(week=week).with_save_of(user).order_by("day", "pk"))
    return {
        **missions_counter(missions),
        "missions": missions,
        "leftover_missions": leftovers,
        "articles_today": [article for article in articles if article.day == today],
        "quizzes": list(
            Quiz.objects.filter(week=week).with_attempt_of(user).select_related("lecture")
        ),
        "load": load_of(week, missions=missions, articles=articles, spans=spans),
    }


DASHBOARD_CACHE_SECONDS = 60  # how stale a competition's countdown may get


@login_required
@require_GET
def dashboard(request):
    """The student's week: what runs now in their cohort, what comes next, the competition."""
    today = timezone.localdate()
    slug = request.GET.get("cohort")
    cohorts = cohorts_with_roles(request.user, today)
    if not cohorts:
        return render(request, "curriculum/no_cohort.html")
    cohort = viewer_cohort(request.user, cohorts, slug)
    body = dashboard_body(request, cohort, cohorts, today, slug)
    return render(request, "mentoring/dashboard.html", {"cohort": cohort, "body": body})


def dashboard_body(request, cohort, cohorts, today, slug):
    """The page below the header, cached per viewer until a row it shows changes (the cohort's
    and the viewer's fingerprint), the day turns, or a minute passes (a competition's
    countdown, a renamed team or mentor, which no fingerprint covers)."""
    user = request.user

    def build():
        context = dashboard_context(user, cohort, cohorts, today)
        context["next"] = reverse("dashboard") + (f"?{urlencode({'cohort': slug})}" if slug else "")
        return render_to_string("mentoring/dashboard_body.html", context, request=request)

    shown = (
        [(c.pk, c.slug, c.name, c.starts_on, c.ends_on) for c in cohorts],
        sorted(cohort.viewer_roles),
        user.is_staff,
        slug,
    )
    return cached_body(
        request,
        name="dashboard",
        cohorts=[cohort],
        render=build,
        seconds=DASHBOARD_CACHE_SECONDS,
        scopes=(COHORT, USER),
        parts=shown,
    )


def dashboard_context(user, cohort, cohorts, today):
    weeks = list(Week.objects.for_cohort(cohort).from_day(today).with_lectures().with_mentors()[:2])
    current_week, next_week = _current_and_next(weeks, today)
    roles = cohort.viewer_roles
    context = {
        "cohort": cohort,
        "cohorts": cohorts,
        "roles": roles,
        "current_week": current_week,
        "next_week": next_week,
        "course_over": not weeks and today > cohort.starts_on,
        "today": today,
    }
    # Every competition of the cohort in one go: the running ones are shown, and all of them
    # weigh on the week's load.
    competitions = list(Competition.objects.filter(cohort=cohort).with_team_of(user))
    context["competitions"] = [c for c in competitions if c.is_running()]
    if Role.THEME_MENTOR in roles or user.is_staff:  # the weeks they mentor, anywhere
        context["mentored_weeks"] = (
            Week.objects.filter(mentors=user, ends_on__gte=today)
            .select_related("cohort", "phase")
            .order_by("starts_on")[:5]
        )
    if current_week is not None:
        spans = spans_of(competitions)
        if Role.STUDENT in roles:
            context.update(_student_week(user, cohort, current_week, today, spans))
        else:
            context["load"] = week_loads([current_week], spans)[current_week.pk]
    context["continuity"] = dashboard_continuity(user, cohort, roles, weeks[:2])
    return context
