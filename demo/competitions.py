"""Demo content of the competition mentoring track: note tags, the cohort's live lecture hours,
sessions for every competition (finished ones fully mentored, the running one half way, one team
with only a late session so the board flags it, and a cancelled one), the mentors' notes that
fill the tips library,
availability for the suggestion, and a leaderboard history for student@'s team. A competition
that already has sessions is left alone, so a second run changes nothing."""

import datetime
import zoneinfo

from django.utils import timezone

from accounts.models import User
from competitions.models import (
    AvailabilityWindow,
    LiveLectureHours,
    NoteTag,
    Package,
    ScoreEntry,
    Session,
    SessionChange,
    SessionChangeKind,
    SessionNote,
    SessionStatus,
)

from . import data

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")

TAGS = {
    "ensembling": "앙상블",
    "lr-scheduler": "LR 스케줄러",
    "optimizer": "옵티마이저",
    "augmentation": "데이터 증강",
    "validation": "검증",
    "tooling": "도구",
    "baseline": "베이스라인",
    "data": "데이터",
}

# What the seed's competition mentors said, as (note, tags).
ADVICE = [
    (
        "팀원들이 만든 모델의 **로짓을 평균**내서 앙상블해 보세요. "
        "단일 모델보다 거의 항상 낫습니다.",
        ["ensembling"],
    ),
    (
        "학습률을 고정하지 말고 **LR 스케줄러**(CosineAnnealing, OneCycle)를 써 보세요.",
        ["lr-scheduler"],
    ),
    (
        "Adam만 쓰지 말고 **SGD + momentum**도 비교해 보세요. 일반화가 더 좋은 경우가 많아요.",
        ["optimizer"],
    ),
    ("실험 기록은 **wandb**로 남기고, 서버에서는 **tmux**로 학습을 띄워 두세요.", ["tooling"]),
    ("막히면 GitHub에서 **awesome <주제>**를 검색해 보세요. 정리된 자료가 많습니다.", ["tooling"]),
    (
        "검증 세트를 리더보드와 비슷하게 나누세요. **K-fold**로 점수 흔들림을 확인하세요.",
        ["validation"],
    ),
    ("베이스라인부터 제출해 점수를 확인한 뒤 하나씩 바꾸세요.", ["baseline"]),
    ("데이터 증강은 과하면 오히려 떨어집니다. 한 번에 하나씩 실험하세요.", ["augmentation"]),
]

LATE_REASON = "멘토 해외 출장으로 이때만 가능"
CANCEL_REASON = "멘토 일정 변경: 다른 시간으로 다시 잡을 예정"

LECTURE_HOURS = [(weekday, datetime.time(9), datetime.time(12)) for weekday in range(5)]


class CompetitionsDemo:
    def __init__(self):
        self.staff = User.objects.filter(email=data.STAFF[0]).first()
        self.now = timezone.now()
        self.created = 0

    def build(self, cohort):
        tags = self.tags()
        for weekday, starts, ends in LECTURE_HOURS:
            LiveLectureHours.objects.get_or_create(
                cohort=cohort, weekday=weekday, starts=starts, defaults={"ends": ends}
            )
        for competition in cohort.competitions.order_by("starts_at"):
            if competition.sessions.exists():
                continue
            self.sessions(competition, tags)
            self.availability(competition)
            self.scores(competition)
        return self.created

    def tags(self):
        return {
            slug: NoteTag.objects.get_or_create(slug=slug, defaults={"name": name})[0]
            for slug, name in TAGS.items()
        }

    def sessions(self, competition, tags):
        length = competition.deadline_at - competition.starts_at
        one_hour = competition.package == Package.ONE_BY_SIXTY
        minutes = 60 if one_hour else 30
        aims = [0.15] if one_hour else [0.15, 0.5]
        teams = list(competition.teams.prefetch_related("mentors").order_by("name"))
        running = competition.starts_at <= self.now <= competition.deadline_at
        for index, team in enumerate(teams):
            if running and index == len(teams) - 1:
                self.late_and_cancelled(competition, team, teams[index - 1], minutes, tags)
                continue  # the board flags this team: no session by 60% of the competition
            mentor = team.mentors.all()[0]
            place = index % (len(teams) // 2)
            for number, aim in enumerate(aims):
                if running and index == len(teams) - 2 and number == 1:
                    continue  # one session left for "Suggest a schedule"
                day = timezone.localtime(competition.starts_at + length * aim, SEOUL).date()
                while day.weekday() >= 5:
                    day += datetime.timedelta(days=1)
                start = datetime.datetime.combine(day, datetime.time(19), SEOUL)
                start += datetime.timedelta(minutes=minutes * place)
                self.session(competition, team, mentor, start, minutes, tags, index + number)

    def late_and_cancelled(self, competition, late_team, other_team, minutes, tags):
        """What the board must also show: a team whose only session came late (two days before
        the deadline, with its reason), and a session that was booked and then cancelled."""
        day = timezone.localtime(competition.deadline_at, SEOUL).date() - datetime.timedelta(days=2)
        start = datetime.datetime.combine(day, datetime.time(20), SEOUL)
        mentor = late_team.mentors.all()[0]
        self.session(
            competition, late_team, mentor, start, minutes, tags, 0, late_reason=LATE_REASON
        )
        day = timezone.localtime(competition.starts_at, SEOUL).date() + datetime.timedelta(days=4)
        start = datetime.datetime.combine(day, datetime.time(21), SEOUL)
        mentor = other_team.mentors.all()[0]
        cancelled = self.session(
            competition, other_team, mentor, start, minutes, tags, 0, status=SessionStatus.CANCELLED
        )
        SessionChange.objects.create(
            session=cancelled,
            kind=SessionChangeKind.CANCELLED,
            old_starts_at=start,
            reason=CANCEL_REASON,
            by=self.staff,
        )

    def session(self, competition, team, mentor, start, minutes, tags, seed, **fields):
        session = Session.objects.create(
            competition=competition,
            team=team,
            mentor=mentor,
            starts_at=start,
            ends_at=start + datetime.timedelta(minutes=minutes),
            package=competition.package,
            slot=Session.objects.first_free_slot(team),
            meeting_url=f"https://meet.example.com/baton-{competition.pk}-{team.pk}",
            created_by=self.staff,
            **fields,
        )
        change = SessionChange.objects.create(
            session=session, kind=SessionChangeKind.BOOKED, new_starts_at=start, by=self.staff
        )
        booked_at = min(self.now, competition.starts_at + datetime.timedelta(hours=2))
        SessionChange.objects.filter(pk=change.pk).update(at=booked_at)
        self.created += 1
        if session.ends_at > self.now or session.is_cancelled:
            return session
            return
        for offset in (0, 3):
            body, slugs = ADVICE[(seed + offset) % len(ADVICE)]
            note = SessionNote.objects.create(session=session, author=mentor, body=body)
            note.tags.set([tags[slug] for slug in slugs])
            # Written right after the session, not when the demo was seeded.
            SessionNote.objects.filter(pk=note.pk).update(created_at=session.ends_at)
        return session

    def availability(self, competition):
        """Weekday evenings (19:00-22:00) of every mentor, for the suggestion to draw on."""
        if not competition.starts_at <= self.now <= competition.deadline_at:
            return
        mentors = {
            m for team in competition.teams.prefetch_related("mentors") for m in team.mentors.all()
        }
        day = timezone.localtime(competition.starts_at, SEOUL).date()
        last = timezone.localtime(competition.deadline_at, SEOUL).date()
        while day <= last:
            if day.weekday() < 5:
                start = datetime.datetime.combine(day, datetime.time(19), SEOUL)
                for mentor in mentors:
                    AvailabilityWindow.objects.get_or_create(
                        competition=competition,
                        mentor=mentor,
                        starts_at=start,
                        defaults={"ends_at": start + datetime.timedelta(hours=3)},
                    )
            day += datetime.timedelta(days=1)

    def scores(self, competition):
        """A rising public leaderboard score for team 1 (student@'s), one entry per day so far."""
        team = competition.teams.filter(name="1조").first()
        if team is None:
            return
        first = timezone.localtime(competition.starts_at, SEOUL).date() + datetime.timedelta(days=1)
        last = min(timezone.localdate(self.now), timezone.localtime(competition.deadline_at).date())
        day, score, rank = first, 0.30, 18
        while day <= last:
            ScoreEntry.objects.get_or_create(
                team=team, recorded_on=day, defaults={"score": round(score, 4), "rank": rank}
            )
            score += 0.012 if day.weekday() % 2 else 0.004
            rank = max(rank - 1, 2)
            day += datetime.timedelta(days=2)
