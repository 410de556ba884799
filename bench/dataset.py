"""The benchmark's data set: cohorts shaped like the demo cohort, built with bulk_create.

Every cohort has the demo's 26 weeks in five phases (with the demo's themes, ~4 lectures a week and
some weeks without a theme), a theme mentor per themed week taken from a shared pool, a lead
instructor, two competition mentors, a staff member, and four competitions with teams of five,
two of them overlapping. "Today" falls mid-course in every cohort, in a themed week, inside a
running competition. Every themed week up to today has its mentoring content and the students'
activity on it (bench/mentoring_data.py).
"""

import dataclasses
import datetime
import random
import zoneinfo

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from competitions.models import Competition, Package, Team, TeamMember
from curriculum.models import Cohort, Lecture, Membership, Phase, Role, Week, WeekMentor
from demo import data as demo

from .competitions_data import CompetitionsBuilder
from .mentoring_data import MentoringBuilder

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")

# The course week containing today, cycling over the cohorts: all three have a theme (week 15 has
# none, so no missions). The NLP competition runs in all of them; in weeks 12 and 13 the CV
# competition runs too, so those dashboards show two.
CURRENT_WEEKS = (14, 12, 13)

# (track, title, first week, last week, baseline, metric): opens on the first week's Monday,
# closes on the last week's Friday at 19:00 Seoul time.
COMPETITIONS = [
    ("ml", "ML 경진대회: 아파트 실거래가 예측", 6, 8, "LightGBM", "RMSE"),
    ("cv", "CV 경진대회: 문서 타입 분류", 10, 13, "ResNet-50", "Macro F1"),
    ("nlp", "NLP 경진대회: 일상 대화 요약", 12, 16, "KoBART", "ROUGE-F1"),
    ("other", "Document AI 경진대회: 영수증 정보 추출", 19, 21, "LayoutLMv3", "F1"),
]
TEAM_SIZE = 5
THEME_MENTOR_POOL = 30
LECTURE_MINUTES = (50, 60, 75, 90, 120)


@dataclasses.dataclass
class Dataset:
    cohorts: list
    students: list  # one list of students per cohort, in the order of `cohorts`
    current_weeks: list  # the number of the week containing today, in the order of `cohorts`
    counts: dict
    # The competition running today that opened last, in the order of `cohorts` (staff's board)
    running_competitions: list = dataclasses.field(default_factory=list)


def _monday(day):
    return day - datetime.timedelta(days=day.weekday())


def _at(day, hour):
    return datetime.datetime.combine(day, datetime.time(hour), SEOUL)


class _Builder:
    def __init__(self, *, label, today, seed):
        self.label = label
        self.today = today
        self.random = random.Random(seed)
        # One hash for everyone: hashing thousands of passwords would take minutes.
        self.password = make_password(f"bench-{label}-{seed}")
        self.memberships = []
        self.week_mentor = {}  # week pk -> its theme mentor
        self.leads = {}  # cohort pk -> its lead instructor
        self.team_mentor = {}  # team pk -> its competition mentor
        self.competition_list = []

    def email(self, local):
        return f"bench-{self.label}-{local}@example.com"

    def users(self, specs, *, staff=False):
        users = User.objects.bulk_create(
            User(email=self.email(local), name=name, password=self.password, is_staff=staff)
            for local, name in specs
        )
        EmailAddress.objects.bulk_create(
            EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users
        )
        return users

    def member(self, user, cohort, role):
        self.memberships.append(Membership(user=user, cohort=cohort, role=role))

    def cohorts(self, count):
        course_weeks = sum(len(weeks) for _phase, weeks in demo.PHASES)
        cohorts = []
        for index in range(count):
            current = CURRENT_WEEKS[index % len(CURRENT_WEEKS)]
            start = _monday(self.today) - datetime.timedelta(weeks=current - 1)
            cohorts.append(
                Cohort(
                    name=f"Bench {self.label.upper()} {index + 1}기",
                    slug=f"bench-{self.label}-{index + 1}",
                    starts_on=start,
                    ends_on=start + datetime.timedelta(weeks=course_weeks, days=-1),
                )
            )
        return Cohort.objects.bulk_create(cohorts)

    def weeks(self, cohorts):
        phases = Phase.objects.bulk_create(
            Phase(cohort=cohort, order=order, name=name)
            for cohort in cohorts
            for order, (name, _weeks) in enumerate(demo.PHASES, start=1)
        )
        phase_of = {(phase.cohort_id, phase.order): phase for phase in phases}
        weeks = []
        for cohort in cohorts:
            number = 0
            for order, (_name, phase_weeks) in enumerate(demo.PHASES, start=1):
                for in_phase, (theme, level) in enumerate(phase_weeks, start=1):
                    number += 1
                    starts_on = cohort.starts_on + datetime.timedelta(weeks=number - 1)
                    weeks.append(
                        Week(
                            cohort=cohort,
                            phase=phase_of[cohort.pk, order],
                            number=number,
                            number_in_phase=in_phase,
                            starts_on=starts_on,
                            ends_on=starts_on + datetime.timedelta(days=6),
                            theme=theme,
                            level=level,
                        )
                    )
        return Week.objects.bulk_create(weeks)

    def lectures(self, weeks):
        return Lecture.objects.bulk_create(
            Lecture(
                week=week,
                order=order,
                title=title,
                duration_minutes=self.random.choice(LECTURE_MINUTES),
            )
            for week in weeks
            for order, title in enumerate(demo.LECTURES.get(week.theme, demo.LECTURES[""]), 1)
        )

    def theme_mentors(self, cohorts, weeks):
        pool = self.users(
            [(f"mentor{n:02d}", f"테마 멘토 {n:02d}") for n in range(THEME_MENTOR_POOL)],
            staff=True,
        )
        index_of = {cohort.pk: index for index, cohort in enumerate(cohorts)}
        # Mentors change every week, and each mentors several cohorts over the course.
        assignments = [
            WeekMentor(
                week=week, user=pool[(week.number + 7 * index_of[week.cohort_id]) % len(pool)]
            )
            for week in weeks
            if week.theme
        ]
        WeekMentor.objects.bulk_create(assignments)
        self.week_mentor = {assignment.week.pk: assignment.user for assignment in assignments}
        cohort_of = {cohort.pk: cohort for cohort in cohorts}
        pairs = {(a.user, a.week.cohort_id) for a in assignments}
        for user, cohort_id in sorted(pairs, key=lambda pair: (pair[0].pk, pair[1])):
            self.member(user, cohort_of[cohort_id], Role.THEME_MENTOR)

    def students(self, cohorts, per_cohort):
        surnames, given = demo.SURNAMES, demo.GIVEN_NAMES
        students = []
        for index, cohort in enumerate(cohorts):
            specs = [
                (f"c{index + 1:02d}-s{n:03d}", surnames[n % len(surnames)] + given[n % len(given)])
                for n in range(per_cohort)
            ]
            users = self.users(specs)
            for user in users:
                self.member(user, cohort, Role.STUDENT)
            students.append(users)
        return students

    def staff(self, cohorts):
        [staff] = self.users([("staff", "운영팀")], staff=True)
        for index, cohort in enumerate(cohorts):
            [lead] = self.users([(f"c{index + 1:02d}-lead", f"전속 강사 {index + 1}")], staff=True)
            self.member(lead, cohort, Role.LEAD_INSTRUCTOR)
            self.leads[cohort.pk] = lead
            self.member(staff, cohort, Role.STAFF)

    def competitions(self, cohorts, weeks, students):
        week_of = {(week.cohort_id, week.number): week for week in weeks}
        teams, rosters, mentor_links = [], [], []
        for index, (cohort, cohort_students) in enumerate(zip(cohorts, students, strict=True)):
            mentors = self.users(
                [(f"c{index + 1:02d}-comp{n}", f"경진대회 멘토 {index + 1}-{n}") for n in (1, 2)],
                staff=True,
            )
            for mentor in mentors:
                self.member(mentor, cohort, Role.COMPETITION_MENTOR)
            for competition in self.cohort_competitions(cohort, week_of):
                self.competition_list.append(competition)
                shuffled = list(cohort_students)
                self.random.shuffle(shuffled)
                for number, start in enumerate(range(0, len(shuffled), TEAM_SIZE), start=1):
                    team = Team(competition=competition, name=f"{number}조")
                    teams.append(team)
                    rosters.append(shuffled[start : start + TEAM_SIZE])
                    mentor_links.append(mentors[number % 2])
        Team.objects.bulk_create(teams)
        TeamMember.objects.bulk_create(
            TeamMember(team=team, user=user, competition_id=team.competition_id)
            for team, roster in zip(teams, rosters, strict=True)
            for user in roster
        )
        Team.mentors.through.objects.bulk_create(
            Team.mentors.through(team_id=team.pk, user_id=mentor.pk)
            for team, mentor in zip(teams, mentor_links, strict=True)
        )
        self.team_mentor = {
            team.pk: mentor for team, mentor in zip(teams, mentor_links, strict=True)
        }
        return teams

    def cohort_competitions(self, cohort, week_of):
        return Competition.objects.bulk_create(
            Competition(
                cohort=cohort,
                title=title,
                track=track,
                starts_at=_at(week_of[cohort.pk, first].starts_on, 0),
                deadline_at=_at(week_of[cohort.pk, last].starts_on + datetime.timedelta(4), 19),
                package=Package.TWO_BY_THIRTY,
                baseline_model=baseline,
                metric=metric,
            )
            for track, title, first, last, baseline, metric in COMPETITIONS
        )


def current_week_number(cohort, today):
    return (today - cohort.starts_on).days // 7 + 1


@transaction.atomic
def dataset_build(*, label, cohorts, students_per_cohort, today, seed=7):
    """Build `cohorts` cohorts of `students_per_cohort` students; `label` keeps names unique."""
    builder = _Builder(label=label, today=today, seed=seed)
    cohort_list = builder.cohorts(cohorts)
    weeks = builder.weeks(cohort_list)
    lectures = builder.lectures(weeks)
    builder.theme_mentors(cohort_list, weeks)
    students = builder.students(cohort_list, students_per_cohort)
    builder.staff(cohort_list)
    teams = builder.competitions(cohort_list, weeks, students)
    Membership.objects.bulk_create(builder.memberships)
    current = {cohort.pk: current_week_number(cohort, today) for cohort in cohort_list}
    mentoring = MentoringBuilder(
        rng=builder.random, today=today, week_mentor=builder.week_mentor, leads=builder.leads
    ).build(cohort_list, weeks, lectures, students, current)
    sessions = CompetitionsBuilder(now=timezone.now(), mentors_of_team=builder.team_mentor).build(
        cohort_list, builder.competition_list, teams
    )
    counts = {
        "cohorts": len(cohort_list),
        "students": sum(len(group) for group in students),
        "weeks": len(weeks),
        "lectures": len(lectures),
        "teams": len(teams),
        "memberships": len(builder.memberships),
        **mentoring,
        **sessions,
    }
    return Dataset(
        cohorts=cohort_list,
        students=students,
        current_weeks=[current[cohort.pk] for cohort in cohort_list],
        counts=counts,
        running_competitions=running_competitions(cohort_list),
    )


def running_competitions(cohorts):
    """Per cohort, the pk of the competition running now that opened last."""
    now = timezone.now()
    running = {}
    for competition in Competition.objects.filter(
        cohort__in=cohorts, starts_at__lte=now, deadline_at__gt=now
    ).order_by("starts_at"):
        running[competition.cohort_id] = competition.pk
    return [running[cohort.pk] for cohort in cohorts]


def database_analyze():
    """The planner's statistics of the new rows, as autovacuum would gather them on a server
    that runs it (these machines' PostgreSQL does not): without them, plans are guesses."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def dataset_load(*, label):
    """A data set built earlier (and kept with BENCH_KEEP_DB=1), read back from the database."""
    cohorts = list(Cohort.objects.filter(slug__startswith=f"bench-{label}-").order_by("pk"))
    students = [
        list(
            User.objects.filter(
                memberships__cohort=cohort, memberships__role=Role.STUDENT
            ).order_by("pk")
        )
        for cohort in cohorts
    ]
    today = timezone.localdate()
    return Dataset(
        cohorts=cohorts,
        students=students,
        current_weeks=[current_week_number(cohort, today) for cohort in cohorts],
        counts={"cohorts": len(cohorts), "students": sum(len(group) for group in students)},
        running_competitions=running_competitions(cohorts),
    )
