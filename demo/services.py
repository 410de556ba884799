"""Builds the demo cohort. Every row is found by its natural key before it is created, so a
second run finds everything and changes nothing."""

import datetime
import random
import zoneinfo

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from competitions.models import Competition, Team, TeamMember
from curriculum.models import Cohort, Lecture, Membership, Phase, Role, Week, WeekMentor
from curriculum.roles import role_groups_sync
from curriculum.services import user_sync_admin_access

from . import data
from .competitions import CompetitionsDemo
from .continuity import ContinuityDemo
from .mentoring import MentoringDemo
from .notifications import seed_notifications

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")


def _monday(day):
    return day - datetime.timedelta(days=day.weekday())


class DemoBuilder:
    def __init__(self, today):
        self.today = today
        self.start = _monday(today) - datetime.timedelta(weeks=data.CURRENT_WEEK - 1)
        self.password = make_password(data.PASSWORD)
        self.random = random.Random(2)
        self.created = {"users": 0, "weeks": 0, "lectures": 0, "teams": 0}

    def user(self, email, name, *, staff=False):
        user, created = User.objects.get_or_create(
            email=email, defaults={"name": name, "password": self.password, "is_staff": staff}
        )
        if created:
            self.created["users"] += 1
            EmailAddress.objects.get_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
        return user

    def member(self, user, cohort, role):
        Membership.objects.get_or_create(user=user, cohort=cohort, role=role)

    def cohort(self):
        weeks = sum(len(weeks) for _phase, weeks in data.PHASES)
        cohort, _created = Cohort.objects.get_or_create(
            slug=data.COHORT_SLUG,
            defaults={
                "name": data.COHORT_NAME,
                "starts_on": self.start,
                "ends_on": self.start + datetime.timedelta(weeks=weeks, days=-1),
            },
        )
        return cohort

    def weeks(self, cohort):
        number = 0
        weeks = {}
        for order, (phase_name, phase_weeks) in enumerate(data.PHASES, start=1):
            phase, _created = Phase.objects.get_or_create(
                cohort=cohort, order=order, defaults={"name": phase_name}
            )
            for in_phase, (theme, level) in enumerate(phase_weeks, start=1):
                number += 1
                weeks[number] = self.week(cohort, phase, number, in_phase, theme, level)
        return weeks

    def week(self, cohort, phase, number, in_phase, theme, level):
        starts_on = cohort.starts_on + datetime.timedelta(weeks=number - 1)
        week, created = Week.objects.get_or_create(
            cohort=cohort,
            number=number,
            defaults={
                "phase": phase,
                "number_in_phase": in_phase,
                "starts_on": starts_on,
                "ends_on": starts_on + datetime.timedelta(days=6),
                "theme": theme,
                "level": level,
            },
        )
        if created:
            self.created["weeks"] += 1
            for order, title in enumerate(data.LECTURES.get(theme, data.LECTURES[""]), start=1):
                minutes = self.random.choice([50, 60, 75, 90, 120])
                Lecture.objects.create(
                    week=week, order=order, title=title, duration_minutes=minutes
                )
                self.created["lectures"] += 1
        return week

    def students(self, cohort):
        named = [data.STUDENT, data.STUDENT2]
        students = [self.user(email, name) for email, name in named]
        for index in range(len(named), 30):
            name = data.SURNAMES[index % len(data.SURNAMES)] + data.GIVEN_NAMES[index]
            students.append(self.user(f"student{index + 1:02d}@example.com", name))
        for student in students:
            self.member(student, cohort, Role.STUDENT)
        return students

    def mentors(self, cohort, weeks):
        mentor = self.user(*data.MENTOR)
        mentor2 = self.user(*data.MENTOR2)
        current = data.CURRENT_WEEK
        themed = [number for number, week in weeks.items() if week.theme]
        for number in themed:
            if number == current:
                assigned = mentor
            elif number in (current - 4, current + 3):
                assigned = mentor2
            else:
                assigned = self.user(f"mentor{number:02d}@example.com", f"주차 멘토 {number:02d}")
            self.member(assigned, cohort, Role.THEME_MENTOR)
            WeekMentor.objects.get_or_create(week=weeks[number], user=assigned)

    def competitions(self, cohort, weeks, students):
        compmentor = self.user(*data.COMPMENTOR)
        other_mentor = self.user("compmentor2@example.com", "오세린 멘토")
        for mentor in (compmentor, other_mentor):
            self.member(mentor, cohort, Role.COMPETITION_MENTOR)
        for track, title, first, last, (
            weekday,
            hour,
        ), package, baseline, metric in data.COMPETITIONS:
            opens = datetime.datetime.combine(weeks[first].starts_on, datetime.time(0), SEOUL)
            deadline = datetime.datetime.combine(
                weeks[last].starts_on + datetime.timedelta(days=weekday), datetime.time(hour), SEOUL
            )
            competition, _created = Competition.objects.get_or_create(
                cohort=cohort,
                title=title,
                defaults={
                    "track": track,
                    "starts_at": opens,
                    "deadline_at": deadline,
                    "package": package,
                    "baseline_model": baseline,
                    "metric": metric,
                },
            )
            self.teams(competition, students, [compmentor, other_mentor])

    def teams(self, competition, students, mentors):
        # student@ is always on team 1 and student2@ on team 2; the others rotate per competition.
        named, others = students[:2], students[2:]
        self.random.shuffle(others)
        for index in range(data.TEAMS_PER_COMPETITION):
            team, created = Team.objects.get_or_create(
                competition=competition, name=f"{index + 1}조"
            )
            if not created:
                continue
            self.created["teams"] += 1
            members = others[index * (data.TEAM_SIZE - 1) : (index + 1) * (data.TEAM_SIZE - 1)]
            if index < len(named):
                members = [named[index], *members]
            for student in members[: data.TEAM_SIZE]:
                TeamMember.objects.create(team=team, user=student)
            team.mentors.add(mentors[0] if index < data.TEAMS_PER_COMPETITION // 2 else mentors[1])

    def staff(self, cohort):
        lead = self.user(*data.LEAD)
        self.member(lead, cohort, Role.LEAD_INSTRUCTOR)
        staff = self.user(*data.STAFF)
        self.member(staff, cohort, Role.STAFF)


@transaction.atomic
def demo_seed(*, today=None):
    builder = DemoBuilder(today or timezone.localdate())
    role_groups_sync()
    cohort = builder.cohort()
    weeks = builder.weeks(cohort)
    students = builder.students(cohort)
    builder.mentors(cohort, weeks)
    builder.competitions(cohort, weeks, students)
    builder.staff(cohort)
    builder.created["competition sessions"] = CompetitionsDemo().build(cohort)
    builder.created["mentoring weeks"] = MentoringDemo(
        today=builder.today, weeks=weeks, students=students, current_number=data.CURRENT_WEEK
    ).build()
    builder.created["handoff notes"] = ContinuityDemo(
        today=builder.today,
        cohort=cohort,
        weeks=weeks,
        students=students,
        current_number=data.CURRENT_WEEK,
    ).build()
    for user in (
        User.objects.filter(memberships__cohort=cohort)
        .exclude(memberships__role=Role.STUDENT)
        .distinct()
    ):
        user_sync_admin_access(user=user)
    builder.created["notifications"] = seed_notifications(cohort)
    return [f"{key}: {count} created" for key, count in builder.created.items()]
