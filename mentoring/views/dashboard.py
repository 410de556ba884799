from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from competitions.models import Competition
from competitions.timeline import spans_of
from curriculum.models import Role, Week
from curriculum.permissions import cohorts_for_user, get_cohort_for_user, roles_in

from ..dashboard_continuity import dashboard_continuity
from ..models import Article, Mission, MissionStatus, Quiz
from ..workload import load_of, week_loads

FINISHED = {MissionStatus.DONE, MissionStatus.SKIPPED}


def _current_and_next(weeks, today):
    """From the weeks not yet over (soonest first), this week (if any) and the one after it."""
    if weeks and weeks[0].is_current(today):
        return weeks[0], (weeks[1] if len(weeks) > 1 else None)
    return None, (weeks[0] if weeks else None)


def _group_by_tier(missions):
    groups = {}
    for mission in missions:
        label = mission.get_difficulty_display()
        groups.setdefault(mission.difficulty, (label, []))[1].append(mission)
    return list(groups.values())


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
        "mission_groups": _group_by_tier(missions),
        "mission_count": len(missions),
        "missions_done": sum(1 for mission in missions if mission.status_of_viewer == "done"),
        "leftover_missions": leftovers,
        "articles_today": [article for article in articles if article.day == today],
        "quizzes": list(
            Quiz.objects.filter(week=week).with_attempt_of(user).select_related("lecture")
        ),
        "load": load_of(week, missions=missions, articles=articles, spans=spans),
    }


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
    weeks = list(Week.objects.for_cohort(cohort).from_day(today).with_lectures().with_mentors()[:2])
    current_week, next_week = _current_and_next(weeks, today)
    roles = roles_in(request.user, cohort)
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
    competitions = list(Competition.objects.filter(cohort=cohort).with_team_of(request.user))
    context["competitions"] = [c for c in competitions if c.is_running()]
    if Role.THEME_MENTOR in roles or request.user.is_staff:  # the weeks they mentor, anywhere
        context["mentored_weeks"] = (
            Week.objects.filter(mentors=request.user, ends_on__gte=today)
            .select_related("cohort", "phase")
            .order_by("starts_on")[:5]
        )
    if current_week is not None:
        spans = spans_of(competitions)
        if Role.STUDENT in roles:
            context.update(_student_week(request.user, cohort, current_week, today, spans))
        else:
            context["load"] = week_loads([current_week], spans)[current_week.pk]
    context["continuity"] = dashboard_continuity(request.user, cohort, roles, weeks[:2])
    return render(request, "mentoring/dashboard.html", context)
