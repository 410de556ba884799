"""factory_boy factories for every model; personas in conftest.py are built from these."""

import datetime
import zoneinfo

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.models import User
from competitions.models import Competition, Team, TeamMember
from curriculum.models import Cohort, Invitation, Lecture, Membership, Phase, Role, Week, WeekMentor

PASSWORD = "test-pass-1234"
SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    name = factory.Sequence(lambda n: f"사용자 {n}")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified(user, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort

    name = factory.Sequence(lambda n: f"AI Lab {n}기")
    slug = factory.Sequence(lambda n: f"ai-lab-{n}")
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(weeks=4))
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + datetime.timedelta(weeks=26))


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    cohort = factory.SubFactory(CohortFactory)
    role = Role.STUDENT


class PhaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Phase

    cohort = factory.SubFactory(CohortFactory)
    order = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Phase {n}")


class WeekFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Week

    cohort = factory.SubFactory(CohortFactory)
    phase = factory.SubFactory(PhaseFactory, cohort=factory.SelfAttribute("..cohort"))
    number = factory.Sequence(lambda n: n + 1)
    number_in_phase = 1
    starts_on = factory.LazyFunction(timezone.localdate)
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + datetime.timedelta(days=6))
    theme = "CV Basic"
    level = "basic"


class LectureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lecture

    week = factory.SubFactory(WeekFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"강의 {n}")
    duration_minutes = 60


class WeekMentorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WeekMentor

    week = factory.SubFactory(WeekFactory)
    user = factory.SubFactory(UserFactory)


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    cohort = factory.SubFactory(CohortFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.com")
    role = Role.STUDENT
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))


class CompetitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Competition

    cohort = factory.SubFactory(CohortFactory)
    title = factory.Sequence(lambda n: f"경진대회 {n}")
    track = "cv"
    starts_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=3))
    deadline_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=10))


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    competition = factory.SubFactory(CompetitionFactory)
    name = factory.Sequence(lambda n: f"{n}조")


class TeamMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamMember

    team = factory.SubFactory(TeamFactory)
    user = factory.SubFactory(UserFactory)


def build_course(cohort, *, weeks=6, current=3, lectures_per_week=3, phases=2):
    """A cohort's phases and weeks (Monday to Sunday), week `current` containing today."""
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    first = monday - datetime.timedelta(weeks=current - 1)
    phase_objs = [
        PhaseFactory(cohort=cohort, order=i + 1, name=f"단계 {i + 1}") for i in range(phases)
    ]
    per_phase = -(-weeks // phases)
    made = []
    for index in range(weeks):
        start = first + datetime.timedelta(weeks=index)
        week = WeekFactory(
            cohort=cohort,
            phase=phase_objs[index // per_phase],
            number=index + 1,
            number_in_phase=index % per_phase + 1,
            starts_on=start,
            ends_on=start + datetime.timedelta(days=6),
            theme=f"Theme {index + 1}",
        )
        LectureFactory.create_batch(lectures_per_week, week=week)
        made.append(week)
    return made
