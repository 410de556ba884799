"""Data sets for the query-count tests of every page (STYLE.md rule 11).

A page's query count must not depend on how much data there is, so each page is measured twice:
on a small course and on a large one. `build_dataset` writes either with `bulk_create` (a few
queries per table, whatever the size) so the large one stays fast to build.
"""

import dataclasses
import datetime

from django.contrib.auth.hashers import make_password
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from competitions.models import Competition, Team, TeamMember
from curriculum.models import Cohort, Lecture, Membership, Phase, Role, Week, WeekMentor

SMALL = {"cohorts": 1, "students": 30, "weeks": 6, "phases": 2, "competitions": 1}
LARGE = {
    "cohorts": 5,
    "students": 300,
    "weeks": 26,
    "phases": 5,
    "competitions": 4,
    "mentors_per_week": 3,
    "lectures_per_week": 5,
}
CURRENT_WEEK = 3

# Opening and deadline, in days from now: running, finished, opening later.
COMPETITION_WINDOWS = [(-3, 10), (-40, -20), (20, 40)]


@dataclasses.dataclass
class DataSet:
    cohort: Cohort  # the first cohort: the one the viewers below look at
    student: User  # a student of `cohort`, on a team in each of its competitions
    mentor: User  # a theme mentor of `cohort`, assigned to every other week
    staff: User  # staff of every cohort of the set


def build_dataset(
    *,
    tag,
    cohorts,
    students,
    weeks,
    phases,
    competitions,
    mentors_per_week=1,
    lectures_per_week=3,
    team_size=5,
):
    """Cohorts `<tag>-1` ... `<tag>-N`, each with its people, course and competitions."""
    today = timezone.localdate()
    first_monday = today - datetime.timedelta(days=today.weekday(), weeks=CURRENT_WEEK - 1)
    staff = _users(tag, "staff", 1, is_staff=True)[0]
    made = []
    for index in range(1, cohorts + 1):
        cohort = Cohort.objects.create(
            name=f"{tag} {index}기",
            slug=f"{tag}-{index}",
            starts_on=first_monday,
            ends_on=first_monday + datetime.timedelta(weeks=weeks, days=-1),
        )
        people = _people(cohort, tag, students, mentors_per_week)
        Membership.objects.create(user=staff, cohort=cohort, role=Role.STAFF)
        _course(cohort, first_monday, weeks, phases, lectures_per_week, people, mentors_per_week)
        _competitions(cohort, competitions, people, team_size)
        made.append((cohort, people))
    cohort, people = made[0]
    return DataSet(
        cohort=cohort,
        student=people["students"][0],
        mentor=people["theme_mentors"][0],
        staff=staff,
    )


def count_queries(client, user, url):
    """The queries one GET of `url` by `user` runs, as a list of SQL strings."""
    client.force_login(user)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return [query["sql"] for query in context.captured_queries]


_PASSWORD = make_password(None)  # unusable; the tests log in with force_login


def _users(tag, kind, count, **fields):
    return User.objects.bulk_create(
        User(
            email=f"{tag}-{kind}-{n}@example.com", name=f"{kind} {n}", password=_PASSWORD, **fields
        )
        for n in range(count)
    )


def _people(cohort, tag, students, mentors_per_week):
    prefix = f"{cohort.slug}-"
    people = {
        "students": _users(prefix + tag, "student", students),
        "theme_mentors": _users(prefix + tag, "mentor", 2 * mentors_per_week, is_staff=True),
        "competition_mentors": _users(prefix + tag, "compmentor", 3, is_staff=True),
        "lead": _users(prefix + tag, "lead", 1, is_staff=True),
    }
    roles = {
        "students": Role.STUDENT,
        "theme_mentors": Role.THEME_MENTOR,
        "competition_mentors": Role.COMPETITION_MENTOR,
        "lead": Role.LEAD_INSTRUCTOR,
    }
    Membership.objects.bulk_create(
        Membership(user=user, cohort=cohort, role=roles[kind])
        for kind, users in people.items()
        for user in users
    )
    return people


def _course(cohort, first_monday, weeks, phases, lectures_per_week, people, mentors_per_week):
    phase_objs = Phase.objects.bulk_create(
        Phase(cohort=cohort, order=n + 1, name=f"Phase {n + 1}") for n in range(phases)
    )
    per_phase = -(-weeks // phases)
    week_objs = Week.objects.bulk_create(
        Week(
            cohort=cohort,
            phase=phase_objs[n // per_phase],
            number=n + 1,
            number_in_phase=n % per_phase + 1,
            starts_on=first_monday + datetime.timedelta(weeks=n),
            ends_on=first_monday + datetime.timedelta(weeks=n, days=6),
            theme="" if n % 7 == 6 else f"Theme {n + 1}",
            level=["basic", "advanced", "applied"][n % 3],
        )
        for n in range(weeks)
    )
    Lecture.objects.bulk_create(
        Lecture(week=week, order=n + 1, title=f"Lecture {week.number}.{n + 1}", duration_minutes=45)
        for week in week_objs
        for n in range(lectures_per_week)
    )
    pool = people["theme_mentors"]
    WeekMentor.objects.bulk_create(
        WeekMentor(week=week, user=pool[(week.number % 2) * mentors_per_week + n])
        for week in week_objs
        for n in range(mentors_per_week)
    )


def _competitions(cohort, count, people, team_size):
    now = timezone.now()
    made = Competition.objects.bulk_create(
        Competition(
            cohort=cohort,
            title=f"{cohort.slug} competition {n + 1}",
            track="cv",
            starts_at=now + datetime.timedelta(days=COMPETITION_WINDOWS[n % 3][0] + n),
            deadline_at=now + datetime.timedelta(days=COMPETITION_WINDOWS[n % 3][1] + n),
        )
        for n in range(count)
    )
    students = people["students"]
    groups = [students[i : i + team_size] for i in range(0, len(students), team_size)]
    for competition in made:
        teams = Team.objects.bulk_create(
            Team(competition=competition, name=f"Team {n + 1}") for n in range(len(groups))
        )
        TeamMember.objects.bulk_create(
            TeamMember(team=team, user=user, competition=competition)
            for team, group in zip(teams, groups, strict=True)
            for user in group
        )
        mentors = people["competition_mentors"]
        Team.mentors.through.objects.bulk_create(
            Team.mentors.through(team=team, user=mentors[n % len(mentors)])
            for n, team in enumerate(teams)
        )
